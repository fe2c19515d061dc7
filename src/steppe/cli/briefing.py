"""Briefing commands: the agenda (dates the press announces) and timelines (a subject's facts)."""

from __future__ import annotations

import json
from typing import Any

import click

from steppe.reports.digest_text import plural
from steppe.cli.root import cli, settings_of
from steppe.enrich.kb_access import get_kb
from steppe.errors import InputError
from steppe.reports.agenda import agenda as build_agenda, parse_day
from steppe.reports.agenda_events import marker_text
from steppe.reports.chronology import LIMIT, timeline as build_timeline
from steppe.reports.subject import timeline_subject
from steppe.store import open_store


def _day_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Checked while parsing, so a bad date is a one-line error naming the option."""
    return parse_day(value, "/".join(param.opts))


def _marked(item: dict[str, Any]) -> str:
    """The sentence with its date in bold (plain text when not printed to a terminal)."""
    sentence, mark = item["sentence"], item.get("mark")
    if not mark:
        return sentence
    return sentence[:mark[0]] + click.style(sentence[mark[0]:mark[1]], bold=True) + \
        sentence[mark[1]:]


@cli.command()
@click.option("--from", "start", default=None, callback=_day_option, metavar="YYYY-MM-DD",
              help="First day of the window (default: today).")
@click.option("--to", "end", default=None, callback=_day_option, metavar="YYYY-MM-DD",
              help="Last day of the window (default: no end).")
@click.option("--country", default=None, help="Only articles about this country (ISO code).")
@click.option("--entity", default=None, help="Only articles naming this entity (id).")
@click.option("--json", "as_json", is_flag=True, help="Print the agenda as JSON (as /api/agenda).")
@click.pass_context
def agenda(ctx: click.Context, start: str | None, end: str | None, country: str | None,
           entity: str | None, as_json: bool) -> None:
    """Dates mentioned in articles within a window, in date order: one line per event and
    story, with its sentence, article and outlets; *annoncé* when said beforehand; an
    announced event between actors on that date adds « événement : Aide · Chine → Kazakhstan ».

    \b
    Examples:
      steppe agenda
      steppe agenda --from 2025-09-26 --to 2025-12-31 --country KG
      steppe agenda --entity person:kassym-jomart-tokaiev --json
    """
    with open_store(settings_of(ctx).db, create=False) as store:
        data = build_agenda(store, start, end, country=country, entity=entity)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    span = f"du {data['from_label']} au {data['to_label']}" if data["to"] else \
        f"à partir du {data['from_label']}"
    click.echo(f"Agenda {span} : {plural(data['total'], 'événement')}")
    day = None
    for line in data["lines"]:
        if line["label"] != day:
            day = line["label"]
            click.echo(f"\n{line['date']}  {day}")
        click.echo("  " + _marked(line))
        said = f"annoncé {line['said_label']}" if line["announced"] else \
            f"dit {line['said_label']}"
        where = f"{line['article']['source'] or '—'} · {line['article']['id']}"
        story = f" · histoire {line['story']['id']}" if line["story"] else ""
        click.echo(f"    {said} · {plural(line['outlets'], 'média')} · {where}{story}")
        if line.get("event"):
            click.echo(f"    événement : {marker_text(line['event'])}")
    if data["total"] > len(data["lines"]):
        click.echo(f"\n… et {data['total'] - len(data['lines'])} de plus (resserrez la fenêtre)")


@cli.command()
@click.argument("subject")
@click.option("--year", type=click.IntRange(1, 9999), default=None, help="Only this year.")
@click.option("--month", type=click.IntRange(1, 12), default=None,
              help="Only this month of --year.")
@click.option("--limit", type=click.IntRange(1, 1000), default=LIMIT, show_default=True,
              help="At most this many facts (the latest).")
@click.option("--json", "as_json", is_flag=True,
              help="Print the timeline as JSON (as /api/entities/ID/timeline).")
@click.pass_context
def timeline(ctx: click.Context, subject: str, year: int | None, month: int | None,
             limit: int, as_json: bool) -> None:
    """A person's, organisation's or country's stories and dated facts, in order: articles
    naming it and the dates they mention beside it, each with its sentence.

    SUBJECT is an entity id, a knowledge-base name or a country code or name.

    \b
    Examples:
      steppe timeline KG
      steppe timeline Tokaïev --year 2025 --month 9
      steppe timeline person:kassym-jomart-tokaiev --json
    """
    if month is not None and year is None:
        raise InputError("--month demande --year")
    settings = settings_of(ctx)
    with open_store(settings.db, create=False) as store:
        found = timeline_subject(store, get_kb(settings.kb_file), subject)
        data = build_timeline(store, found, year=year, month=month, limit=limit)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    kind = "pays" if found["kind"] == "country" else found["type"]
    click.echo(f"{found['name']} ({kind}, {found['id']}) — {data['period']} : "
               f"{plural(data['total'], 'fait')}, {plural(len(data['stories']), 'histoire')}")
    if data["more"]:
        click.echo(f"({plural(data['more'], 'fait plus ancien', 'faits plus anciens')} non "
                   f"{'affiché' if data['more'] < 2 else 'affichés'} : --year/--month ou --limit)")
    for fact in data["facts"]:
        what = "article" if fact["kind"] == "published" else \
            ("annoncé" if fact["announced"] else "date citée")
        click.echo(f"\n{fact['date']}  {fact['label']}  [{what}]")
        click.echo("  " + _marked(fact))
        story = f" · histoire {fact['story']['id']}" if fact.get("story") else ""
        click.echo(f"    {fact['article']['source'] or '—'} · {fact['article']['id']}{story}"
                   + (f" · dit {fact['said_label']}" if fact["kind"] == "mentioned" else ""))
