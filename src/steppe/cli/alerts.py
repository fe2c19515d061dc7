"""Alerts: saved searches that fire once per story (add, list, remove, test, run, log)."""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from typing import Any

import click

from steppe.reports.digest_text import plural
from steppe.alerts.manage import create_alert, describe_alert
from steppe.alerts.preview import preview
from steppe.alerts.work import index_dir_for, run_alerts
from steppe.cli.root import cli, settings_of
from steppe.store import open_store


# one delivery's state, in the singular (the library and --json say sent, queued…)
DELIVERY_STATES = {"sent": "envoyée", "queued": "en file", "failed": "en échec",
                   "parked": "mise de côté", "due": "à envoyer"}


def _when(moment: float | None) -> str:
    if moment is None:
        return "jamais"
    return datetime.fromtimestamp(moment, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


@cli.group()
def alerts() -> None:
    """Saved searches that fire once per new story (webhook, e-mail, Atom feed).

    After each ingest run and watch cycle (and 'steppe alerts run'), an alert fires once for
    each new story one of whose articles matches its query, never once per article.

    \b
    Examples:
      steppe alerts add kz-energie 'country:KZ AND gaz' --webhook https://hooks.example/x
      steppe alerts add tokaiev 'Tokaïev' --email desk@example.org --grow 5
      steppe alerts list
      steppe alerts run
    """


@alerts.command("add")
@click.argument("name")
@click.argument("query")
@click.option("--webhook", default=None, metavar="URL",
              help="POST each delivery here (JSON, signed).")
@click.option("--email", default=None, metavar="ADDR",
              help="E-mail each delivery here (SMTP settings).")
@click.option("--grow", default=None, type=int, metavar="N",
              help="Fire once more when a story it fired for reaches N outlets.")
@click.pass_context
def add(ctx: click.Context, name: str, query: str, webhook: str | None, email: str | None,
        grow: int | None) -> None:
    """Save a search as an alert; a malformed query is refused with its error.

    The webhook secret is printed once, here: keep it to check X-Steppe-Signature.

    \b
    Example:
      steppe alerts add kg-elections 'Kirghizstan AND élections' --webhook https://hooks.example/x
    """
    settings = settings_of(ctx)
    with open_store(settings.db) as store:
        alert = create_alert(store, name, query, webhook, email, grow, time.time())
        info = describe_alert(store, alert, settings.public_url)
    click.echo(f"alerte ajoutée : {alert.name} : {alert.query}")
    click.echo(f"flux : {info['feed']}")
    if alert.webhook:
        click.echo(f"secret du webhook (affiché une seule fois, gardez-le) : {alert.secret}")


@alerts.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the alerts as JSON.")
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """Every alert: query, channels, last delivery, failing and parked deliveries, feed URL."""
    settings = settings_of(ctx)
    with open_store(settings.db, create=False) as store:
        data = [describe_alert(store, a, settings.public_url) for a in store.list_alerts()]
    if as_json:
        click.echo(json.dumps({"alerts": data}, ensure_ascii=False))
        return
    if not data:
        click.echo("aucune alerte (ajoutez-en une avec 'steppe alerts add NOM REQUÊTE')")
    for a in data:
        click.echo(f"{a['name']}  {a['query']}")
        click.echo(f"  canaux : {', '.join(a['channels'])}"
                   f"{'  croissance : ' + str(a['grow']) if a['grow'] else ''}")
        click.echo(f"  dernier envoi : {_when(a['last_sent'])}  en échec : {a['failing']}  "
                   f"mis de côté : {a['parked']}")
        click.echo(f"  flux : {a['feed']}")


@alerts.command()
@click.argument("name")
@click.pass_context
def remove(ctx: click.Context, name: str) -> None:
    """Remove an alert and its delivery log.

    \b
    Example:
      steppe alerts remove kz-energie
    """
    with open_store(settings_of(ctx).db, create=False) as store:
        store.remove_alert(name)
    click.echo(f"alerte retirée : {name}")


@alerts.command()
@click.argument("name")
@click.option("--send", "send_one", is_flag=True,
              help="Really send one test delivery (reason 'test') per channel.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print the preview as JSON.")
@click.pass_context
def test(ctx: click.Context, name: str, send_one: bool, limit: int, as_json: bool) -> None:
    """Which current stories the alert matches and what a webhook would receive; sends
    nothing unless --send (one real delivery, not logged, not deduplicated).

    \b
    Example:
      steppe alerts test kz-energie --send
    """
    settings = settings_of(ctx)
    with open_store(settings.db, create=False) as store:
        alert = store.get_alert(name)
        data = preview(store, settings, index_dir_for(settings, store), alert, limit, send_one)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    click.echo(f"{plural(data['matching_stories'], 'histoire')}, "
               f"{plural(data['matching_articles'], 'article')}")
    for s in data["stories"]:
        click.echo(f"  {s['id']}  {plural(s['sources'], 'média')}  {s['label']}")
    if data["would_send"] is not None:
        click.echo("enverrait (corps du webhook) :")
        click.echo(json.dumps(data["would_send"], ensure_ascii=False, indent=2))
    for r in data["sent"]:
        click.echo(f"test {r['channel']} : {DELIVERY_STATES.get(r['state'], r['state'])}"
                   f"{' : ' + r['error'] if 'error' in r else ''}")


def _line(d: dict[str, Any]) -> str:
    problem = f"  ({d['error']})" if d.get("error") else ""
    return (f"{DELIVERY_STATES.get(d['state'], d['state']):<10} {d['channel']:<7} {d['alert']}  "
            f"{d['reason']:<4} {d['story']}  "
            f"{d.get('label') or ''}{problem}")


@alerts.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per delivery.")
@click.pass_context
def run(ctx: click.Context, as_json: bool) -> None:
    """Evaluate every alert and deliver what is due now: one line per delivery.

    \b
    Example:
      steppe alerts run --json
    """
    settings = settings_of(ctx)
    with open_store(settings.db, create=False) as store:
        done = run_alerts(store, settings)
    for d in done:
        click.echo(json.dumps(d, ensure_ascii=False) if as_json else _line(d))
    if any(d.get("error") for d in done):
        ctx.exit(1)


@alerts.command()
@click.argument("name", required=False)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per delivery.")
@click.pass_context
def log(ctx: click.Context, name: str | None, limit: int, as_json: bool) -> None:
    """Deliveries, newest first: state, attempts, last error (of one alert, or all).

    \b
    Example:
      steppe alerts log kz-energie
    """
    settings = settings_of(ctx)
    with open_store(settings.db, create=False) as store:
        alert = store.get_alert(name) if name else None
        names = {a.id: a.name for a in store.list_alerts()}
        rows = store.alert_deliveries(alert.id if alert else None, limit=limit)
    for r in rows:
        d = {"alert": names.get(r.alert_id, r.alert_id), "story": r.story, "reason": r.reason,
             "channel": r.channel, "state": r.state, "attempts": r.attempts,
             "created": r.created, "sent_at": r.sent_at, "error": r.last_error,
             "label": r.body.get("label")}
        if as_json:
            click.echo(json.dumps(d, ensure_ascii=False))
        else:
            click.echo(f"{_when(r.created)}  {_line(d)}  essais : {r.attempts}")
