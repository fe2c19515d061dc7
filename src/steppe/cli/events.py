"""Events and relations (issue 15): ``steppe events`` and ``steppe relations``."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import click
import networkx as nx
from rich.console import Console
from rich.table import Table

from steppe.cli.root import cli, settings_of
from steppe.errors import InputError, quoted
from steppe.reports.digest_text import plural
from steppe.reports.events import LIMIT, events as build_events, flat_rows, side_text
from steppe.reports.relations import partners, relation_network, relations as build_relations
from steppe.store import open_store
from steppe.stories import cluster_new

FORMATS = ("table", "json", "jsonl", "csv")


def _open(ctx: click.Context) -> Any:
    store = open_store(settings_of(ctx).db, create=False)
    cluster_new(store)  # articles written by a process that did not cluster yet
    return store


def _width() -> int:
    """The terminal's width on a terminal; wide otherwise, so that a table piped or written
    to a file keeps its sentences on few lines."""
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else 200


def write_atomic(path: str, write: Any, option: str = "--output") -> None:
    """Write a file through ``write(temporary_path)`` then rename it into place: a reader
    never sees half a file, and a failure leaves the old one."""
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
        os.close(fd)
    except OSError as exc:
        raise InputError(f"{option} {quoted(path)} : écriture impossible ({exc.strerror})") from None
    try:
        write(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        raise InputError(f"{option} {quoted(path)} : écriture impossible ({exc.strerror})") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _emit(text: str, output: str | None) -> None:
    if not output or output == "-":
        click.echo(text, nl=False)
        return

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    write_atomic(output, write)


def _event_table(items: list[dict[str, Any]]) -> Table:
    table = Table()
    table.add_column("Date", no_wrap=True)
    table.add_column("Type / mode")
    table.add_column("Source → destinataire")
    table.add_column("Articles / médias", justify="right", no_wrap=True)
    table.add_column("Phrase")
    for e in items:
        kind = e["type_label"] or e["type"]
        if e["mode_label"]:
            kind += f" / {e['mode_label']}"
        if e["status"] != "occurred":
            kind += f" ({e['status_label']})"
        table.add_row(e["date"], kind, f"{side_text(e['source'])} → {side_text(e['recipient'])}",
                      f"{e['reports']} / {e['outlets']}", e["sentence"])
    return table


def _render(items: list[Table | str]) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=_width())
    for item in items:
        console.print(item)
    return buffer.getvalue()


@cli.command("events")
@click.option("--since", default=None, metavar="DATE|7d",
              help="Only events on or after this day (YYYY-MM-DD, YYYY-MM, YYYY) or within "
              "this window back from today (7d, 4w, 3m, 1y).")
@click.option("--country", default=None, help="Only events with this country on either side (ISO code).")
@click.option("--type", "kind", default=None, help="Only events of this PLOVER type (SANCTION, CONSULT…).")
@click.option("--limit", default=LIMIT, show_default=True, type=click.IntRange(1, 10_000),
              help="How many events (the latest).")
@click.option("--json", "as_json", is_flag=True, help="Print {total, events} as JSON (as --format json).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="table (default), json, or one line per event: jsonl, csv.")
@click.option("-o", "--output", default=None, metavar="FILE",
              help="Write to this file (default: standard output).")
@click.pass_context
def events_cmd(ctx: click.Context, since: str | None, country: str | None, kind: str | None,
               limit: int, as_json: bool, fmt: str | None, output: str | None) -> None:
    """Events (who did what to whom), latest first, one per story: the same type between the
    same parties in the articles of one story is one event, its reports counted.

    \b
    Examples:
      steppe events
      steppe events --since 2025-09-01 --country KZ --type SANCTION
      steppe events --format csv -o events.csv
      steppe events --country KG --json
    """
    if as_json and fmt not in (None, "json"):
        raise InputError(f"--json et --format {fmt} : choisissez l’un des deux")
    fmt = "json" if as_json else (fmt or "table")
    with _open(ctx) as store:
        data = build_events(store, since=since, country=country, type=kind, limit=limit)
    _emit(_events_text(data, fmt), output)
    if output and output != "-":
        click.echo(f"{output} : {plural(len(data['events']), 'événement')}", err=True)


def _events_text(data: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in flat_rows(data))
    if fmt == "csv":
        buffer = io.StringIO()
        rows = flat_rows(data)
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["date"])
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()
    head = f"{plural(data['total'], 'événement')}"
    if data["total"] > len(data["events"]):
        head += f" ({len(data['events'])} affichés : --limit pour plus)"
    return _render([head, _event_table(data["events"])])


@cli.command("relations")
@click.argument("countries", nargs=-1, metavar="[A [B]]")
@click.option("--since", default=None, metavar="DATE|7d",
              help="Only events on or after this day (YYYY-MM-DD, YYYY-MM, YYYY) or within "
              "this window back from today (7d, 4w, 3m, 1y).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 200),
              help="With one country: how many partners.")
@click.option("--network", default=None, metavar="FILE.gexf",
              help="Write the network of all countries' relations as GEXF (Gephi) instead.")
@click.option("--json", "as_json", is_flag=True, help="Print the relations as JSON.")
@click.pass_context
def relations_cmd(ctx: click.Context, countries: tuple[str, ...], since: str | None, limit: int,
                  network: str | None, as_json: bool) -> None:
    """Relations between two countries (A B, both ways): events per month by quad class
    (verbal / material cooperation and conflict), the cooperation–conflict balance (1 all
    cooperation, -1 all conflict) and the latest events. With one country: its partners.
    With --network: every pair as a GEXF graph (edges count events per quad class).

    \b
    Examples:
      steppe relations KZ US
      steppe relations KZ CN --since 2025-01-01 --json
      steppe relations KZ
      steppe relations --network relations.gexf
    """
    if network:
        if countries:
            raise InputError("--network exporte tous les pays : retirez les codes de pays")
        return _write_network(ctx, network, since)
    if len(countries) not in (1, 2):
        raise InputError("relations : un ou deux codes de pays sont attendus (A [B]), "
                         "ou --network FICHIER.gexf")
    with _open(ctx) as store:
        if len(countries) == 1:
            data = partners(store, countries[0], limit=limit, since=since,
                            names=("A", "--since"))
        else:
            data = build_relations(store, countries[0], countries[1], since=since)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    click.echo(_partners_text(data) if len(countries) == 1 else _relations_text(data), nl=False)


def _balance(value: float | None) -> str:
    return "—" if value is None else f"{value:+.2f}"


def _relations_text(data: dict[str, Any]) -> str:
    a, b = data["a"], data["b"]
    since = f" depuis le {data['since']}" if data["since"] else ""
    head = (f"{a['name']} ({a['code']}) — {b['name']} ({b['code']}) : "
            f"{plural(data['total'], 'événement')}{since}\n"
            f"{a['code']} → {b['code']} : {data['directions']['a_to_b']} · "
            f"{b['code']} → {a['code']} : {data['directions']['b_to_a']} · "
            f"équilibre coopération–conflit : {_balance(data['balance'])}")
    if data["by_type"]:
        head += "\nTypes : " + ", ".join(f"{k} {v}" for k, v in data["by_type"].items())
    parts: list[Table | str] = [head]
    if data["months"]:
        parts += ["\nPar mois", _months_table(data), "\nDerniers événements",
                  _event_table(data["latest"])]
    return _render(parts)


def _months_table(data: dict[str, Any]) -> Table:
    """Months (oldest first) by quad class, with their balance when the data has one."""
    months = Table()
    months.add_column("Mois", no_wrap=True)
    for quad in data["quads"]:
        months.add_column(quad["label"], justify="right")
    months.add_column("Total", justify="right")
    with_balance = all("balance" in m for m in data["months"])
    if with_balance:
        months.add_column("Équilibre", justify="right")
    for m in data["months"]:
        months.add_row(m["month"], *[str(m["by_quad"][q["name"]]) for q in data["quads"]],
                       str(m["total"]), *([_balance(m["balance"])] if with_balance else []))
    return months


def _partners_text(data: dict[str, Any]) -> str:
    c = data["country"]
    since = f" depuis le {data['since']}" if data["since"] else ""
    table = Table()
    table.add_column("Pays")
    table.add_column("Événements", justify="right")
    for quad in data["quads"]:
        table.add_column(quad["label"], justify="right")
    table.add_column("Équilibre", justify="right")
    table.add_column("Dernier événement")
    for p in data["partners"]:
        last = p["latest"][0] if p["latest"] else None
        table.add_row(f"{p['name']} ({p['code']})", str(p["total"]),
                      *[str(p["by_quad"][q["name"]]) for q in data["quads"]], _balance(p["balance"]),
                      f"{last['date']} {last['sentence']}" if last else "")
    head = f"{c['name']} ({c['code']}) : {plural(data['total'], 'événement')}{since}"
    parts: list[Table | str] = [head, f"\nPartenaires ({len(data['partners'])})", table]
    if data["months"]:
        parts += ["\nÉvénements avec d’autres pays, par mois", _months_table(data),
                  "\nDerniers événements avec d’autres pays", _event_table(data["latest"])]
    return _render(parts)


def _write_network(ctx: click.Context, path: str, since: str | None) -> None:
    with _open(ctx) as store:
        graph = relation_network(store, since=since)
    write_atomic(path, lambda tmp: nx.write_gexf(graph, tmp), "--network")
    click.echo(f"{path} : {plural(graph.number_of_nodes(), 'pays', 'pays')}, "
               f"{plural(graph.number_of_edges(), 'relation')}", err=True)
