"""Commands on articles: annotate, ingest, stats, demo (``steppe export`` is in cli/export.py)."""

from __future__ import annotations

import json
import sys
from importlib.resources import files

import click
from rich.console import Console
from rich.progress import (BarColumn, DownloadColumn, Progress, SpinnerColumn, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.table import Table

from steppe.alerts.work import after_ingest
from steppe.cli.root import cli, err_console, error_line, note_line, settings_of
from steppe.enrich.parallel import ParallelEnricher, default_processes
from steppe.enrich.pipeline import Enricher
from steppe.errors import SteppeError, quoted
from steppe.flows import (CHUNK, CHUNK_SECONDS, IngestProgress, annotate_paths,
                          ingest_paths)
from steppe.sources.inputs import FORMATS
from steppe.sources.records import normalise_published
from steppe.settings import Settings
from steppe.store import Store, open_store


@cli.command()
@click.argument("files", nargs=-1)
@click.option("--input-format", "fmt", type=click.Choice(["auto", "jsonl", "dump", "text"]),
              default="auto", show_default=True,
              help="Input format; auto reads *.jsonl as JSONL and other files as dumps.")
@click.option("--published", default=None, metavar="YYYY-MM-DD",
              help="Publication date for articles that have none (resolves years).")
@click.option("--events/--no-events", default=True, show_default=True,
              help="Extract events (who did what to whom, PLOVER types; French text only).")
@click.pass_context
def annotate(ctx: click.Context, files: tuple[str, ...], fmt: str, published: str | None,
             events: bool) -> None:
    """Print one JSON annotation per article (shared/SCHEMA.md); stores nothing.

    Reads FILES, or standard input when none or '-'. Bad records are reported on standard
    error with their line number; the others are still annotated (exit code 1).

    \b
    Examples:
      steppe annotate --input-format dump ../shared/data/seed.txt
      steppe annotate ../shared/data/seed_gold.jsonl > out.jsonl
      echo "Tokaïev reçoit Macron à Astana." | steppe annotate --input-format text -
    """
    settings = settings_of(ctx)
    published = _checked_date(published)
    failures = []

    def on_error(exc: SteppeError) -> None:
        failures.append(exc)
        error_line(exc)

    enricher = Enricher(batch_size=settings.batch_size, kb_file=settings.kb_file, events=events)
    out = sys.stdout
    for annotated in annotate_paths(list(files) or ["-"], enricher, fmt, published, on_error,
                                    settings.max_record_bytes):
        out.write(json.dumps(annotated.record(), ensure_ascii=False) + "\n")
    out.flush()
    if failures:
        ctx.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--input-format", "fmt", type=click.Choice(list(FORMATS)), default="auto",
              show_default=True, help="Input format (auto: *.jsonl → jsonl, else dump).")
@click.option("--source", default=None, help="Source name for these articles (default: file name).")
@click.option("--published", default=None, metavar="YYYY-MM-DD",
              help="Publication date for the articles that have none of their own (without it, "
                   "a dump article opening on its date, « Le 24 juin 2025, … », gets that date).")
@click.option("--skip-invalid", is_flag=True,
              help="Store the valid records of a file that has bad ones (default: stop the file "
                   "at the first bad record).")
@click.option("--chunk", default=CHUNK, show_default=True, type=click.IntRange(1, 100_000),
              help=f"Articles per transaction (a chunk also ends after {CHUNK_SECONDS:g} s).")
@click.option("--processes", type=click.IntRange(1, 256), default=None,
              help="Enrichment processes, each loading the pipeline once (about 0.5 GB each; "
                   "default: one per core); 1 enriches in this process.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], fmt: str, source: str | None,
           skip_invalid: bool, chunk: int, processes: int | None, as_json: bool,
           published: str | None = None) -> None:
    """Enrich and store articles; re-ingesting the same content reports duplicates.

    Files are read as a stream and stored in chunks, each chunk one transaction (articles with
    their annotations, links and stories), so memory stays flat whatever the file's size and
    other writers get in between chunks. A bad record stops its file there (the error names
    the line) unless --skip-invalid; the chunks before it stay stored and the other files are
    still ingested. An interrupted file (crash, kill, error) resumes after its last committed
    chunk when ingested again.

    Enrichment runs in --processes worker processes fed batches in file order; this process
    reads, stores and clusters, so the result is the same as with one process. A worker that
    dies stops its file with one error line; nothing of the chunk in hand is stored.

    \b
    Examples:
      steppe ingest ../shared/data/seed.txt
      steppe --db news.db ingest --source lemonde items.jsonl
      steppe ingest --processes 1 items.jsonl
      steppe ingest --published 2025-09-25 listing.txt
    """
    settings = settings_of(ctx)
    published = _checked_date(published)
    processes = processes or settings.processes or default_processes()
    store = open_store(settings.db)
    enricher = _enricher(processes, settings.batch_size, settings.kb_file)
    resumed: dict[str, int] = {}
    with _ingest_progress() as progress:
        task = progress.add_task("ingest", total=None)

        def tick(p: IngestProgress) -> None:
            if p.resumed_from:
                resumed[p.path] = p.resumed_from
            progress.update(task, description=f"{p.path} : {_n(p.articles)} articles"
                            f"{_workers_memory(enricher)}",
                            completed=p.done_bytes, total=p.total_bytes)

        try:
            result = ingest_paths(list(paths), store, enricher, fmt, source, skip_invalid, tick,
                                  settings.max_record_bytes, chunk=chunk, published=published)
            alert_lines = _alerts_after_ingest(store, settings)
        finally:
            if isinstance(enricher, ParallelEnricher):
                enricher.close()
            store.close()
    for path, count in resumed.items():
        note_line(f"{path} : reprise après {_n(count)} articles enregistrés par une exécution "
                  "précédente")
    for message in result.errors or []:
        error_line(message)
    for line in alert_lines:
        click.echo(line, err=True)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        click.echo(f"nouveaux : {result.new}  doublons : {result.duplicate}  "
                   f"mis à jour : {result.updated}  échecs : {result.failed}")
    if result.failed:
        ctx.exit(1)


def _checked_date(value: str | None) -> str | None:
    """``--published`` normalised, or a usage error naming the option (exit 2)."""
    try:
        return normalise_published(value)
    except ValueError:
        raise click.BadParameter(f"{quoted(value)} n’est pas une date (AAAA-MM-JJ, AAAA-MM ou AAAA)",
                                 param_hint="'--published'") from None


def _alerts_after_ingest(store: Store, settings: Settings) -> list[str]:
    """Alerts are evaluated once per ingest run (and delivered at once on SQLite); a failure
    there is reported, never the ingest's."""
    try:
        done = after_ingest(store, settings)
    except Exception as exc:  # noqa: BLE001 - the articles are stored: say so, exit as ingest
        reason = str(exc) if isinstance(exc, SteppeError) else f"{type(exc).__name__}: {exc}"
        return [f"avertissement : alertes non évaluées ({reason}) ; 'steppe alerts run' "
                "réessaie"]
    counts: dict[str, int] = {}
    lines = []
    for d in done:
        channel = d.get("channel") or "+".join(d.get("channels", []))
        state = d.get("state", "queued")
        counts[f"{channel} {state}"] = counts.get(f"{channel} {state}", 0) + 1
        if d.get("error"):
            lines.append(f"alerte {d['alert']} : {d['reason']} {d['story']} "
                         f"({channel} : {d['error']})")
    if counts:
        lines.append("alertes : " + ", ".join(f"{k} : {v}" for k, v in sorted(counts.items())))
    return lines


def _enricher(processes: int, batch_size: int, kb_file: str) -> Enricher:
    """One process keeps the in-process path exactly; more start workers when needed."""
    if processes == 1:
        return Enricher(batch_size=batch_size, kb_file=kb_file)
    return ParallelEnricher(processes, batch_size=batch_size, kb_file=kb_file)


def _workers_memory(enricher: Enricher) -> str:
    """' · 2 processes, 520 MB each at most' while workers run (they hold the pipeline)."""
    memory = enricher.memory_mb() if isinstance(enricher, ParallelEnricher) else {}
    if not memory:
        return ""
    return f" · {len(memory)} processus, {_n(round(max(memory.values())))} Mo au plus chacun"


def _n(value: int) -> str:
    """An integer with French digit grouping (a narrow no-break space)."""
    return f"{value:,}".replace(",", "\u202f")


def _ingest_progress() -> Progress:
    """Bytes read of the current file, with an ETA: long ingests take hours."""
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                     DownloadColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
                     console=err_console, transient=True, disable=not err_console.is_terminal)


STAT_LABELS = {
    "database": "base", "schema_version": "version du schéma", "articles": "articles",
    "annotated": "annotés", "truncated": "tronqués", "first_published": "première parution",
    "last_published": "dernière parution", "sources": "sources", "languages": "langues",
    "entities": "entités", "countries": "pays", "last_seq": "dernière modification",
    "stories": "histoires",
}


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Show what the database holds: articles, sources, languages, dates, countries.

    \b
    Examples:
      steppe stats
      steppe --db news.db stats --json
    """
    with open_store(settings_of(ctx).db, create=False) as store:
        figures = store.stats()
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False))
        return
    table = Table(show_header=False, box=None)
    for key, value in figures.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
        table.add_row(STAT_LABELS.get(key, key.replace("_", " ")),
                      str(value if value is not None else "-"))
    Console().print(table)


@cli.command()
@click.option("--no-serve", is_flag=True, help="Stop after ingesting; do not start the web app.")
@click.option("--port", default=None, type=click.IntRange(1, 65535),
              help="Port of the web app (default 8000; env STEPPE_WEB_PORT).")
@click.pass_context
def demo(ctx: click.Context, no_serve: bool, port: int | None) -> None:
    """Ingest the bundled demo corpus (130 news items in French, English and Russian; 13
    events told by several outlets), show the figures, then serve the web app on it until
    Ctrl-C (http://127.0.0.1:8000/).

    \b
    Examples:
      steppe demo                      # into ./steppe.db, then serve it
      steppe --db /tmp/demo.db demo --no-serve
    """
    from steppe.cli.web import serve_app

    corpus = files("steppe.resources").joinpath("demo_corpus.jsonl")
    ctx.invoke(ingest, paths=(str(corpus),), fmt="jsonl", source=None,
               skip_invalid=False, chunk=CHUNK, as_json=False)
    ctx.invoke(stats, as_json=False)
    if not no_serve:
        serve_app(settings_of(ctx), port=port)


