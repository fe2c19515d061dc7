"""Commands for collecting from the web: sources add/list/remove/import, watch, fetch."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from steppe.cli.root import cli, error_line, progress_bar, settings_of, warning_line
from steppe.cli.words import SOURCE_STATUSES, ago, counts_line
from steppe.settings import Settings
from steppe.sources.fetch import Fetcher
from steppe.sources.registry import format_every, new_source, read_source_list
from steppe.store import open_store
from steppe.store.base import Store
from steppe.enrich.parallel import default_processes
from steppe.tasks.registry import uses_procrastinate
from steppe.watch import WatchContext, enricher_annotate, fetch_one, run_watch, sources_health


def _context(settings: Settings, store: Store, enrich: bool) -> WatchContext:
    fetcher = Fetcher(settings.user_agent, settings.fetch_timeout, settings.max_fetch_bytes,
                      settings.host_delay, settings.fetch_allow)
    annotate = enricher_annotate(settings.batch_size, settings.kb_file) if enrich else None
    return WatchContext(store, fetcher, annotate, settings.near_duplicate_threshold,
                        settings.max_future_hours, settings=settings)


@cli.group()
def sources() -> None:
    """The outlets Steppe watches: add, list (with health), remove, import a list.

    \b
    Examples:
      steppe sources add https://novastan.org/fr/feed/ --name novastan --every 1h
      steppe sources import            # the bundled French-language outlets
      steppe sources list
    """


@sources.command("add")
@click.argument("url")
@click.option("--name", default=None, help="Short name (default: the URL's host).")
@click.option("--every", default="15m", show_default=True, help="Poll interval: 90s, 15m, 2h, 1d.")
@click.option("--lang", default=None, help="Language of the outlet (ISO 639-1), e.g. fr.")
@click.pass_context
def sources_add(ctx: click.Context, url: str, name: str | None, every: str,
                lang: str | None) -> None:
    """Add a feed (RSS or Atom) or a page that names its feed; nothing is fetched now.

    \b
    Examples:
      steppe sources add https://www.rfi.fr/fr/asie-pacifique/rss --name rfi --lang fr
      steppe sources add https://novastan.org/fr/ --every 1h
    """
    source = new_source(url, name, every, lang, time.time())
    store = open_store(settings_of(ctx).db)
    try:
        store.add_source(source)
    finally:
        store.close()
    click.echo(f"source ajoutée : {source.name} ({source.url}), toutes les "
               f"{format_every(source.every_s)}")


@sources.command("import")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def sources_import(ctx: click.Context, path: Path | None) -> None:
    """Add the sources of a JSON Lines list (default: the bundled French-language outlets).

    One object per line: "url", optional "name", "every", "lang". Names already present are
    skipped. The bundled list is steppe/resources/bundled_sources.jsonl: copy it, edit it,
    import your copy.

    \b
    Examples:
      steppe sources import
      steppe sources import my-outlets.jsonl
    """
    listed = read_source_list(path, time.time())
    store = open_store(settings_of(ctx).db)
    added = 0
    try:
        known = {s.name for s in store.list_sources()}
        for source in listed:
            if source.name not in known:
                store.add_source(source)
                added += 1
    finally:
        store.close()
    click.echo(f"sources ajoutées : {added}, déjà présentes : {len(listed) - added}")


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source.")
@click.pass_context
def sources_list(ctx: click.Context, as_json: bool) -> None:
    """Sources with their health: last success, last error, items in the last 7 days against
    the usual weekly count, and a status (new, ok, late, silent, failing).

    \b
    Example:
      steppe sources list --json
    """
    store = open_store(settings_of(ctx).db, create=False)
    now = time.time()
    try:
        rows = sources_health(store, now)
    finally:
        store.close()
    if as_json:
        for source, health in rows:
            click.echo(json.dumps({**source.to_dict(), **health.__dict__}, ensure_ascii=False))
        return
    table = Table("nom", "état", "dernier succès", "dernière erreur", "7 jours",
                  "habituel/semaine", "fréquence", "url", box=None)
    for s, h in rows:
        error = f"{ago(s.last_error_at, now)} : {s.last_error}" if s.last_error else "-"
        table.add_row(s.name, SOURCE_STATUSES.get(h.status, h.status), ago(s.last_success, now),
                      error, str(h.last_7_days),
                      "-" if h.usual_per_week is None else f"{h.usual_per_week:g}",
                      format_every(s.every_s), s.feed_url or s.url)
    Console(width=200).print(table)


@sources.command("remove")
@click.argument("name")
@click.pass_context
def sources_remove(ctx: click.Context, name: str) -> None:
    """Stop watching a source (its stored articles stay).

    \b
    Example:
      steppe sources remove rfi
    """
    store = open_store(settings_of(ctx).db, create=False)
    try:
        store.remove_source(name)
    finally:
        store.close()
    click.echo(f"source retirée : {name}")


def _summary(counts: dict[str, int]) -> str:
    return counts_line(counts)


def run_local(ctx: click.Context, *, once: bool, until_idle: bool, kinds: list[str] | None,
              enrich: bool, idle: float) -> None:
    """The in-process runner (the store's job table): ``steppe watch`` on SQLite."""
    settings = settings_of(ctx)
    store = open_store(settings.db)
    watch_ctx = _context(settings, store, enrich)
    with progress_bar() as progress:
        task = progress.add_task("veille", total=None)

        def on_step(worker) -> None:
            progress.update(task, description=_summary(worker.counts))

        try:
            worker = run_watch(watch_ctx, once=once, until_idle=until_idle, kinds=kinds,
                               lease_s=settings.job_lease, max_attempts=settings.job_max_attempts,
                               retry_base_s=settings.job_retry_base,
                               batch_size=settings.batch_size, idle_sleep=idle, on_step=on_step)
            counts = worker.counts
        except KeyboardInterrupt:
            counts = {}
        finally:
            watch_ctx.fetcher.close()
            store.close()
    for warning in watch_ctx.warnings:
        warning_line(warning)
    click.echo(_summary(dict(counts)))


@cli.command()
@click.option("--once", is_flag=True, help="Poll every due source once, finish the work, exit.")
@click.option("--no-enrich", is_flag=True, help="Store articles without enriching them.")
@click.pass_context
def watch(ctx: click.Context, once: bool, no_enrich: bool) -> None:
    """Poll due sources, fetch new items' pages, deduplicate, enrich and store — continuously.

    SQLite: one process, jobs in the base's own table. PostgreSQL: procrastinate worker
    processes, one per core (as 'steppe worker', which adds more on any machine).
    Ctrl-C stops (a job cut short is retried later).

    \b
    Examples:
      steppe watch --once
      steppe --db postgresql://steppe@db/news watch
    """
    settings = settings_of(ctx)
    started = time.time()
    if uses_procrastinate(settings.db):
        from steppe.cli.jobs import _pool_summary, run_pool

        status = run_pool(settings, processes=settings.processes or default_processes(), concurrency=4, queues=[],
                          until_idle=once, enrich=not no_enrich, schedule_now=once)
        click.echo(_pool_summary(status))
    else:
        run_local(ctx, once=once, until_idle=False, kinds=None, enrich=not no_enrich, idle=2.0)
    if once:
        _fail_when_every_source_failed(ctx, settings, started)


def _fail_when_every_source_failed(ctx: click.Context, settings: Settings, since: float) -> None:
    """``watch --once`` in cron or CI: a run where every polled source failed (network down,
    proxy, every URL wrong) must not look like a quiet success. One source failing among others
    is the sources list's business (status ``failing``), not the exit code's."""
    with open_store(settings.db, create=False) as store:
        polled = [s for s in store.list_sources()
                  if max(s.last_success or 0, s.last_error_at or 0) >= since]
    failed = [s for s in polled if (s.last_error_at or 0) >= since
              and (s.last_success or 0) < since]
    if polled and len(failed) == len(polled):
        error_line(f"toutes les sources interrogées ont échoué ({len(failed)}) ; "
                   "« steppe sources list » montre leurs erreurs")
        ctx.exit(1)


@cli.command()
@click.argument("url")
@click.option("--source", default=None, help="Source name to record (default: none).")
@click.option("--lang", default=None, help="Language, when the page does not declare it.")
@click.option("--no-enrich", is_flag=True, help="Store without enriching.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@click.pass_context
def fetch(ctx: click.Context, url: str, source: str | None, lang: str | None, no_enrich: bool,
          as_json: bool) -> None:
    """Fetch one page, extract and date its article, deduplicate, enrich and store it.

    \b
    Examples:
      steppe fetch https://novastan.org/fr/kazakhstan/un-article/
      steppe fetch --no-enrich --json https://example.org/a
    """
    settings = settings_of(ctx)
    store = open_store(settings.db)
    watch_ctx = _context(settings, store, not no_enrich)
    try:
        outcome, article_id = fetch_one(watch_ctx, url, source, lang)
        article, _ = store.get_article(article_id)
        provenance = store.get_provenance(article_id)
    finally:
        watch_ctx.fetcher.close()
        store.close()
    record = {"outcome": outcome, "id": article_id, "title": article.title,
              "published": article.published, "url": article.url,
              "published_source": provenance.published_source if provenance else None,
              "date_flag": provenance.date_flag if provenance else None,
              "near_duplicate_of": provenance.near_duplicate_of if provenance else None}
    if as_json:
        click.echo(json.dumps(record, ensure_ascii=False))
        return
    click.echo(f"{_OUTCOMES.get(outcome, outcome)} : {article_id} {article.title or ''}".rstrip())
    origin = _ORIGINS.get(record["published_source"] or "", "-")
    click.echo(f"publié : {article.published or '-'} (source de la date : {origin})"
               + (f"  signalement : {record['date_flag']}" if record["date_flag"] else ""))
    if record["near_duplicate_of"]:
        click.echo(f"même histoire que : {record['near_duplicate_of']}")


_OUTCOMES = {"new": "nouveau", "linked": "nouveau, lié", "updated": "mis à jour",
             "duplicate": "doublon"}
_ORIGINS = {"feed": "flux", "page": "page", "url": "URL", "text": "texte"}
