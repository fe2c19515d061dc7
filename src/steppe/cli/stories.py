"""Stories: list, show, rebuild, export."""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

import click

from steppe.cli.root import cli, progress_bar, settings_of
from steppe.errors import InputError
from steppe.reports.stories import export_rows, list_stories, story_detail, why_text
from steppe.store import open_store
from steppe.stories import cluster_new, rebuild as rebuild_stories
from steppe.stories.cluster import rebuild_since


@cli.group()
def stories() -> None:
    """Stories: one event across outlets, days and languages.

    Articles are clustered into stories as they are stored (ingest, watch, workers); these
    commands read them, explain them and re-cluster the archive.

    \b
    Examples:
      steppe stories list --since 7d --country KG
      steppe stories show s1a2b3c4d5e6
      steppe stories export --format csv -o stories.csv
    """


def _open(ctx: click.Context) -> Any:
    store = open_store(settings_of(ctx).db, create=False)
    cluster_new(store)  # articles written by a process that did not cluster yet
    return store


@stories.command("list")
@click.option("--since", default=None, help="Only stories with news since: 7d, 2w or YYYY-MM-DD.")
@click.option("--country", default=None, help="Only stories about this country (ISO code).")
@click.option("--topic", default=None, help="Only stories with this IPTC topic code.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000),
              help="How many stories.")
@click.option("--json", "as_json", is_flag=True, help="Print {total, stories} as JSON.")
@click.pass_context
def list_(ctx: click.Context, since: str | None, country: str | None, topic: str | None,
          limit: int, as_json: bool) -> None:
    """Every story, latest first (undated articles count by the day they were ingested).

    \b
    Examples:
      steppe stories list
      steppe stories list --since 7d --country KZ --json
    """
    with _open(ctx) as store:
        data = list_stories(store, since=since, country=country, topic=topic, limit=limit)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    click.echo(f"{data['total']} histoire(s)")
    for s in data["stories"]:
        span = s["first_seen"] if s["first_seen"] == s["last_seen"] else \
            f"{s['first_seen']} → {s['last_seen']}"
        click.echo(f"\n{s['id']}  {s['articles']} article(s), {s['outlets']} média(s)  {span}")
        click.echo(f"  {s['label']}")
        if s["entities"]:
            click.echo("  " + ", ".join(e["name"] for e in s["entities"][:5]))


@stories.command()
@click.argument("story_id")
@click.option("--json", "as_json", is_flag=True, help="Print the story as JSON (as /api/stories/ID).")
@click.pass_context
def show(ctx: click.Context, story_id: str, as_json: bool) -> None:
    """One story: its articles by day and outlet, each with its score and why it is there.

    \b
    Examples:
      steppe stories show s1a2b3c4d5e6
      steppe stories show s1a2b3c4d5e6 --json
    """
    with _open(ctx) as store:
        data = story_detail(store, story_id)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    for line in explain_lines(data):
        click.echo(line)


def explain_lines(data: dict[str, Any]) -> list[str]:
    """The CLI's text view of a story."""
    lines = [f"{data['id']}  {data['label']}",
             f"{data['articles']} article(s), {data['outlets']} média(s), "
             f"{data['first_seen']} → {data['last_seen']}, langues : {', '.join(data['languages'])}"]
    if data.get("redirected_from"):
        lines.append(f"(fusionnée : {data['redirected_from']} redirige ici)")
    if data["entities"]:
        lines.append("Entités : " + ", ".join(e["name"] for e in data["entities"][:10]))
    if data["figures"]:
        lines.append("Chiffres : " + ", ".join(f["text"] for f in data["figures"][:8]))
    for m in data["members"]:
        lines.append(f"\n  {m['day']}  {m['source'] or '—'}  [{m['lang'] or '?'}]  {m['id']}")
        lines.append(f"    {m['title'] or '(sans titre)'}")
        lines.append("    " + why_text(m))
    return lines


@stories.command("rebuild")
@click.option("--since", default=None,
              help="Re-cluster only stories with news since this date (7d, 2w, YYYY-MM-DD).")
@click.pass_context
def rebuild_cmd(ctx: click.Context, since: str | None) -> None:
    """Re-cluster the archive in arrival order (how changed weights are applied).

    \b
    Examples:
      steppe stories rebuild
      steppe stories rebuild --since 2025-09-01
    """
    with open_store(settings_of(ctx).db, create=False) as store, progress_bar() as bar:
        task = bar.add_task("regroupement", total=None)

        def tick(n: int) -> None:
            bar.update(task, completed=n, description=f"regroupement : {n:,} articles"
                       .replace(",", "\u202f"))
        done = rebuild_since(store, since, tick=tick) if since else rebuild_stories(store, tick=tick)
        total = store.count_stories()
    click.echo(f"{done} article(s) regroupé(s) à nouveau ; {total} histoire(s)")


@stories.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default=None,
              help="One line per clustered article: id, story, score (default jsonl).")
@click.option("--excel", is_flag=True,
              help="CSV for French spreadsheets: UTF-8 with a BOM, ';' between columns, "
                   "decimal comma.")
@click.option("-o", "--output", default="-", help="Output file (default: standard output).")
@click.pass_context
def export_cmd(ctx: click.Context, fmt: str | None, excel: bool, output: str) -> None:
    """Every clustered article with its story: {"id", "story", "score"} per line.

    \b
    Examples:
      steppe stories export
      steppe stories export --format csv -o stories.csv
      steppe stories export --excel -o stories.csv
    """
    if excel and fmt == "jsonl":
        raise click.BadParameter("--excel écrit du CSV ; retirez --format jsonl",
                                 param_hint="'--excel'")
    fmt = "csv" if excel else (fmt or "jsonl")
    try:
        out = sys.stdout if output == "-" else open(output, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(f"{output} : écriture impossible ({exc.strerror})") from None
    with _open(ctx) as store:
        writer = csv.writer(out, delimiter=";" if excel else ",") if fmt == "csv" else None
        if writer:
            if excel:
                out.write("\ufeff")
            writer.writerow(["id", "story", "score"])
        for row in export_rows(store):
            if writer:
                score = "" if row["score"] is None else str(row["score"])
                writer.writerow([row["id"], row["story"], score.replace(".", ",") if excel else score])
            else:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    if out is not sys.stdout:
        out.close()
