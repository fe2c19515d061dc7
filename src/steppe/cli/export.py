"""``steppe export``: the archive as tables (``--what``) or co-mention networks (``--graph``).

Without ``--what`` or ``--graph`` it writes what ``steppe export`` always wrote (every article
with its whole annotation, JSON Lines or the CSV of ``write_csv``), with the same options, so
scripts and the README keep working.

A file (``-o``) is written to a temporary file beside it and renamed into place when complete:
an error (a bad argument, a lost database, a full disk) never leaves half a file.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterator, TextIO

import click

from steppe.cli.root import cli, settings_of
from steppe.errors import InputError, quoted
from steppe.flows import export_records
from steppe.reports.comention import (PER_ARTICLE, check_graph_format, check_kind,
                                      comention_graph, write_graph)
from steppe.reports.digest_text import plural
from steppe.reports.events import check_day
from steppe.reports.exports import check_format, check_what, export_rows, render_lines
from steppe.store import open_store

_REASONS = {errno.ENOENT: "dossier introuvable", errno.EACCES: "permission refusée",
            errno.EPERM: "permission refusée", errno.EISDIR: "c’est un dossier",
            errno.ENOTDIR: "un élément du chemin n’est pas un dossier",
            errno.ENOSPC: "disque plein", errno.EROFS: "système de fichiers en lecture seule"}


def _unwritable(path: str, exc: OSError) -> InputError:
    reason = _REASONS.get(exc.errno or 0, exc.strerror or "erreur d’écriture")
    return InputError(f"-o {quoted(path)} : écriture impossible ({reason})")


class AtomicFile:
    """A temporary file beside ``path``, renamed onto it by ``commit``; removed otherwise.
    Opened before any work is done, so an unwritable path fails at once."""

    def __init__(self, path: str) -> None:
        self.path = path
        target = Path(path)
        if target.is_dir():
            raise _unwritable(path, IsADirectoryError(errno.EISDIR, "is a directory"))
        try:
            fd, self.tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                            dir=target.parent)
            os.close(fd)
        except OSError as exc:
            raise _unwritable(path, exc) from None

    def commit(self) -> None:
        try:
            os.replace(self.tmp, self.path)
        except OSError as exc:
            raise _unwritable(self.path, exc) from None

    def discard(self) -> None:
        if os.path.exists(self.tmp):
            os.unlink(self.tmp)


def _write_text(output: str | None, lines: Callable[[], Iterator[str]]) -> None:
    """Stream ``lines()`` to standard output, or atomically to the file ``output``."""
    if not output or output == "-":
        out: TextIO = sys.stdout
        for line in lines():
            out.write(line)
        out.flush()
        return
    _to_file(output, lambda tmp: _write_lines(tmp, lines()))


def _write_lines(path: str, lines: Iterator[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        for line in lines:
            f.write(line)


def _to_file(output: str, write: Callable[[str], None]) -> None:
    target = AtomicFile(output)
    try:
        write(target.tmp)
        target.commit()
    except OSError as exc:
        raise _unwritable(output, exc) from None
    finally:
        target.discard()


def _open(ctx: click.Context) -> Any:
    """The store, read as it is: an export writes nothing, not even pending story clustering
    (ingestion clusters as it writes; a store never clustered exports article counts)."""
    return open_store(settings_of(ctx).db, create=False)


@cli.command("export")
@click.option("--what", default=None, metavar="TABLE",
              help="A table: articles, entities, mentions or stories (one row each).")
@click.option("--graph", "kind", default=None, metavar="NETWORK",
              help="A co-mention network instead: entities or countries.")
@click.option("--format", "fmt", default=None, metavar="FORMAT",
              help="csv or jsonl for a table (default jsonl); gexf or graphml for a network "
                   "(default gexf).")
@click.option("--since", default=None, metavar="DATE|7d",
              help="Only articles published on or after this day (YYYY-MM-DD, YYYY-MM, YYYY) "
                   "or within this window back from today (7d, 4w, 3m, 1y); stories still "
                   "running then. Articles without a date are left out.")
@click.option("--min-weight", default=1, show_default=True, type=int,
              help="Network: drop edges seen in fewer stories (or articles) than this.")
@click.option("--max-per-article", default=PER_ARTICLE, show_default=True, type=int,
              help="Network: an article contributes only its N most mentioned entities "
                   "(countries), and a story keeps the N most of its articles name, which "
                   "bounds the work on big archives.")
@click.option("--excel", is_flag=True,
              help="CSV for French spreadsheets (Excel, LibreOffice): UTF-8 with a BOM, ';' "
                   "between columns.")
@click.option("-o", "--output", default=None, metavar="FILE",
              help="Output file, written whole or not at all (default: standard output).")
@click.pass_context
def export_cmd(ctx: click.Context, what: str | None, kind: str | None, fmt: str | None,
               since: str | None, min_weight: int, max_per_article: int, excel: bool,
               output: str | None) -> None:
    """Export the archive: every article with its annotations (the default), a table for
    analysis (--what), or a co-mention network for Gephi (--graph).

    Tables (CSV with a header row, or JSON Lines; list cells joined by '; ' in CSV):
    articles (metadata, countries, 10 most mentioned entities, story), entities (type,
    country, articles, stories and mentions naming them, first and last day), mentions
    (article, entity, words as written, field, offsets), stories (label, first and last day,
    articles, outlets, countries).

    Networks: nodes are entities (or countries) with type, country, articles and stories;
    an edge's weight is the number of stories in which both appear (an unclustered article
    counts as its own story), or of articles when the archive has no stories yet (the
    graph's weight_unit says which). Nodes without an edge are left out.

    \b
    Examples:
      steppe export --format csv -o articles.csv
      steppe export --what entities --format csv -o entities.csv
      steppe export --what mentions --since 30d > mentions.jsonl
      steppe export --graph countries -o countries.gexf
      steppe export --graph entities --format graphml --min-weight 2 -o entities.graphml
    """
    if what is not None and kind is not None:
        raise InputError("--what et --graph s’excluent : une table ou un réseau, pas les deux")
    if kind is not None:
        return _export_graph(ctx, kind, fmt or "gexf", since, min_weight, max_per_article,
                             output)
    if what is not None:
        return _export_table(ctx, what, fmt or ("csv" if excel else "jsonl"), since, excel,
                             output)
    return _export_records(ctx, fmt, since, excel, output)


def _export_table(ctx: click.Context, what: str, fmt: str, since: str | None, excel: bool,
                  output: str | None) -> None:
    check_what(what)
    check_format(fmt)
    if excel and fmt != "csv":
        raise InputError("--excel écrit du CSV ; retirez --format jsonl")
    check_day(since)
    with _open(ctx) as store:
        _write_text(output, lambda: render_lines(export_rows(store, what, since), what, fmt,
                                                 excel))


def _export_graph(ctx: click.Context, kind: str, fmt: str, since: str | None,
                  min_weight: int, per_article: int, output: str | None) -> None:
    check_kind(kind)
    check_graph_format(fmt)
    check_day(since)
    if not output or output == "-":
        raise InputError(f"--graph écrit un fichier : ajoutez -o FICHIER.{fmt}")
    target = AtomicFile(output)
    try:
        with _open(ctx) as store:
            graph = comention_graph(store, kind, since, min_weight, per_article)
        write_graph(graph, fmt, target.tmp)
        target.commit()
    except OSError as exc:
        raise _unwritable(output, exc) from None
    finally:
        target.discard()
    unit = "histoires" if graph.graph["weight_unit"] == "stories" else "articles"
    click.echo(f"{output} : {plural(graph.number_of_nodes(), 'nœud')}, "
               f"{plural(graph.number_of_edges(), 'lien')} (poids : {unit} en commun)",
               err=True)


def _export_records(ctx: click.Context, fmt: str | None, since: str | None, excel: bool,
                    output: str | None) -> None:
    """What ``steppe export`` wrote before tables existed: SCHEMA records, whole."""
    if since:
        raise InputError("--since s’emploie avec --what ou --graph")
    if fmt not in (None, "jsonl", "csv"):
        raise InputError(f"--format {quoted(fmt)} : attendu jsonl ou csv (gexf et graphml "
                         "avec --graph)")
    if excel and fmt == "jsonl":
        raise InputError("--excel écrit du CSV ; retirez --format jsonl")
    fmt = "csv" if excel else (fmt or "jsonl")
    store = open_store(settings_of(ctx).db, create=False)
    try:
        def write(out: TextIO) -> None:
            records = export_records(store)
            if fmt == "jsonl":
                for record in records:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                write_csv(out, records, excel)

        if not output or output == "-":
            write(sys.stdout)
        else:
            def to_path(tmp: str) -> None:
                with open(tmp, "w", encoding="utf-8", newline="") as f:
                    write(f)
            _to_file(output, to_path)
    finally:
        store.close()


CSV_COLUMNS = ("id", "published", "source", "url", "lang", "title", "text", "truncated",
               "countries", "persons", "organizations", "places", "topics", "topic_labels",
               "amounts", "dates")


def write_csv(out: Any, records: Any, excel: bool = False) -> None:
    """Articles as CSV; ``excel``: a BOM (so Excel reads UTF-8) and ';' (the list separator
    of French locales, where ',' is the decimal comma)."""
    if excel:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=";" if excel else ",")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        names = {t: "; ".join(e["name"] for e in r["entities"] if e["type"] == t)
                 for t in ("person", "organization", "place")}
        writer.writerow([r["id"], r["published"] or "", r["source"] or "", r["url"] or "",
                         r["lang"] or "", r["title"] or "", r["text"], int(r["truncated"]),
                         "; ".join(c["code"] for c in r["countries"]), names["person"],
                         names["organization"], names["place"],
                         "; ".join(t["id"] for t in r["topics"]),
                         "; ".join(t["label"] for t in r["topics"]),
                         "; ".join(_amount(m, excel) for m in r.get("money") or []),
                         "; ".join(dict.fromkeys(d["value"] for d in r.get("dates") or []))])


def _amount(money: dict, excel: bool) -> str:
    """« 5900000000 KZT »: the amount in units, a decimal comma for French spreadsheets."""
    value = money["amount"]
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',') if excel else text} {money['currency']}"
