"""Search and the search index: search, index rebuild, index status, bench search."""

from __future__ import annotations

import html
import json
import re
import warnings
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import click

from steppe.cli.bench import bench
from steppe.cli.root import cli, progress_bar, settings_of, warning_line
from steppe.enrich.kb_access import get_kb, refresh_overlay
from steppe.index import StaleIndexWarning, default_index_dir, index_status, rebuild
from steppe.search import Hit, SearchResult
from steppe.search import search as run_search
from steppe.search.stories import WINDOW
from steppe.settings import Settings
from steppe.store import open_store

_TAGS = re.compile(r"</?mark>")


def index_dir_for(settings: Settings) -> Path:
    return Path(settings.index_dir) if settings.index_dir else default_index_dir(settings.db)


@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True, help="Results per page (1–500).")
@click.option("--offset", default=0, show_default=True, help="Results to skip (0–10,000).")
@click.option("--json", "as_json", is_flag=True,
              help="Print {total, groups, results, facets} as JSON (the same as /api/search).")
@click.pass_context
def search(ctx: click.Context, query: tuple[str, ...], limit: int, offset: int,
           as_json: bool) -> None:
    """Search the stored articles with Steppe's query language (docs/query-language.md).

    Words are ANDed; "exact phrases", OR, -exclusion and prefix* work; filters: country:KZ,
    entity:"Kassym-Jomart Tokaïev" (any spelling), type:person, topic:économie, source:NAME,
    lang:fr, from:2025-06-01, to:2025-09-30, sort:date|relevance. A name the knowledge base
    knows matches all its spellings: Tokayev finds Tokaïev, Bishkek finds Bichkek.

    Stories: story:ID keeps the articles of one story (a merged id leads to the story it joined;
    ids are in `steppe stories list`); group:story shows one result per story, its best-ranked
    article, with the story's size (grouping looks at the first 1,000 matches; --limit and
    --offset count groups). Each result names its story when it has one.

    \b
    Examples:
      steppe search Tokayev
      steppe search 'élection country:KG from:2025-01-01 sort:date'
      steppe search '"droits de douane" OR tarifs -Chine' --json
      steppe search 'Tokayev group:story'
      steppe search 'story:s1a2b3c4d5e6 sort:date'
    """
    settings = settings_of(ctx)
    with open_store(settings.db, create=False) as store, stale_warnings():
        refresh_overlay(store)  # the KB as curated in this base: a merged id finds its survivor
        result = run_search(store, index_dir_for(settings), " ".join(query), limit=limit,
                            offset=offset, kb=get_kb(settings.kb_file))
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    click.echo(_summary(result))
    for hit in result.results:
        click.echo(f"\n{hit.published or '—':10}  {hit.title or '(sans titre)'}  [{hit.id}]")
        if hit.story:
            click.echo("            " + _story_line(hit))
        click.echo("            " + html.unescape(_TAGS.sub("", hit.snippet)))


@contextmanager
def stale_warnings() -> Iterator[None]:
    """Print a stale index's warning as one line on standard error (results still follow)."""
    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", StaleIndexWarning)
            yield
    finally:
        for item in caught:
            if issubclass(item.category, StaleIndexWarning):
                warning_line(item.message)
            else:
                warnings.showwarning(item.message, item.category, item.filename, item.lineno)


def _story_line(hit: Hit) -> str:
    size = hit.story_size or 0
    line = f"histoire {hit.story} · {size} article{'s' if size > 1 else ''}"
    if hit.story_matches and size > 1:
        line += f" · {hit.story_matches} dans ces résultats"
    return line


def _summary(result: SearchResult) -> str:
    line = f"{result.total} résultat(s)"
    if result.groups is not None:
        line += f" en {result.groups} histoire(s)"
        if result.groups_partial:
            line += f" (parmi les {WINDOW:,} premiers)".replace(",", " ")
    if result.story:
        line += f" · histoire {result.story}"
    return f"{line} · tri : {result.sort}"


@cli.group()
def index() -> None:
    """The search index: derived from the database, rebuildable at any time.

    \b
    Examples:
      steppe index status
      steppe index rebuild
    """


@index.command("rebuild")
@click.pass_context
def index_rebuild(ctx: click.Context) -> None:
    """Rebuild the search index from the database (the old one serves until the new is ready).

    \b
    Example:
      steppe --db news.db index rebuild
    """
    settings = settings_of(ctx)
    with open_store(settings.db, create=False) as store, progress_bar() as bar:
        task = bar.add_task("reconstruction de l’index", total=None)

        def progress(done: int) -> None:
            bar.update(task, description=f"reconstruction de l’index : {done:,} articles"
                       .replace(",", "\u202f"))

        count = rebuild(store, index_dir_for(settings), progress=progress)
    click.echo(f"articles indexés : {count}")


@index.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_context
def index_status_cmd(ctx: click.Context, as_json: bool) -> None:
    """Is the index in step with the database? Sequence numbers, documents, size.

    \b
    Example:
      steppe index status --json
    """
    settings = settings_of(ctx)
    with open_store(settings.db, create=False) as store:
        figures = index_status(store, index_dir_for(settings))
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False, default=str))
        return
    for line in status_lines(figures):
        click.echo(line)


_REASONS = {"missing": "absent", "schema changed": "le format de l’index a changé",
            "built from another database": "construit pour une autre base",
            "ahead of the database (restored from a backup?)":
                "en avance sur la base (restaurée d’une sauvegarde ?)"}


def _number(value: float) -> str:
    """French digit grouping (narrow no-break space) and decimal comma."""
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"
    return text.replace(",", "\u202f").replace(".", ",")


def status_lines(f: dict) -> list[str]:
    """``steppe index status`` in words: where the index is, whether it is in step, and what
    happens next (a search catches up or rebuilds on its own)."""
    where = f"Index : {f['index_dir']}"
    if not f["exists"]:
        return [where, "État : pas encore construit ; la première recherche le construit "
                       "(ou 'steppe index rebuild')",
                f"Base : {_number(f['store_articles'])} articles"]
    lines = [where + f" (génération {f['generation']}, schéma {f['schema_version']})"]
    lag = f["store_last_seq"] - f["index_last_seq"]
    if f["needs_rebuild"]:
        reason = _REASONS.get(f["needs_rebuild"], f["needs_rebuild"])
        lines.append(f"État : à reconstruire ({reason}) ; la prochaine recherche le reconstruit "
                     "(ou 'steppe index rebuild')")
    elif f["behind"]:
        lines.append(f"État : en retard de {_number(lag)} modification{'s' if lag > 1 else ''} ; "
                     "la prochaine recherche le met à jour")
    else:
        lines.append("État : à jour")
    lines += [f"Contenu : {_number(f['docs'])} documents indexés pour "
              f"{_number(f['store_articles'])} articles dans la base",
              f"Modifications appliquées : {_number(f['index_last_seq'])} sur "
              f"{_number(f['store_last_seq'])}",
              f"Taille : {_number(f['size_mb'])} Mo · mis à jour : {_moment(f['updated_at'])}"]
    return lines


def _moment(value: object) -> str:
    """A Unix time as « 2026-12-04 16:40 UTC » (other values as they are)."""
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return str(value or "—")


@bench.command("search")
@click.option("--docs", default=100_000, show_default=True, help="Synthetic articles to index.")
@click.option("--backend", "backend_url", default=None,
              help="Empty database to fill (default: a temporary SQLite file).")
@click.option("--json", "as_json", is_flag=True, help="End with one JSON line of figures.")
def bench_search(docs: int, backend_url: str | None, as_json: bool) -> None:
    """Build time, index size and p50/p95/p99 per query type, beside raw tantivy.

    \b
    Example:
      steppe bench search --docs 100000 --json
    """
    from steppe.bench.search import run_search_bench

    figures = run_search_bench(docs, backend_url=backend_url,
                               progress=None if as_json else click.echo)
    if as_json:
        click.echo(json.dumps(figures))
        return
    click.echo(f"docs {figures['docs']}  backend {figures['backend']}  build {figures['build_s']} s"
               f"  index {figures['index_mb']} MB")
    for name, q in figures["queries"].items():
        b = q["baseline"]
        click.echo(f"{name:18} p50 {q['p50_ms']:7.2f}  p95 {q['p95_ms']:7.2f}  p99 {q['p99_ms']:7.2f} ms"
                   f"   raw tantivy p95 {b['p95_ms']:7.2f} ms")
