"""Benchmarks: bench enrich (and the other benches as they come)."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from steppe.cli.root import cli, progress_bar


@cli.group()
def bench() -> None:
    """Benchmarks that print figures and ratios against a baseline run in the same process.

    \b
    Example:
      steppe bench enrich --docs 500 --json
    """


_PROCESSES = click.option(
    "--processes", default=1, show_default=True, type=click.IntRange(1, 256),
    help="Also run Steppe's enrichment in this many worker processes and report the speedup "
         "over one process (measured first, in the same run).")


@bench.command("enrich")
@click.option("--docs", default=500, show_default=True, help="Articles to annotate.")
@_PROCESSES
@click.option("--rounds", default=5, show_default=True, type=click.IntRange(1, 20),
              help="Interleaved timed rounds; each figure is the best of them.")
@click.option("--events/--no-events", default=True, show_default=True,
              help="Enrich with events (issue 15) or without them.")
@click.option("--json", "as_json", is_flag=True, help="End with one JSON line of figures.")
@click.pass_context
def bench_enrich(ctx: click.Context, docs: int, processes: int, rounds: int, events: bool,
                 as_json: bool) -> None:
    """Throughput of Steppe's full pipeline and of spaCy's full fr_core_news_md, same texts.

    With --processes N, the steppe_* figures are those of N processes; one_process_* and
    ratio (Steppe over spaCy) are per process; speedup is N processes over one.

    \b
    Examples:
      steppe bench enrich --docs 1000 --json
      steppe bench enrich --docs 1000 --processes 2 --json
    """
    from steppe.bench.enrich import run_enrich_bench

    figures = run_enrich_bench(docs, ctx.find_root().obj.batch_size, processes, rounds, events)
    table = Table(title="steppe bench enrich", show_header=False)
    for key, value in figures.items():
        table.add_row(key, str(value))
    Console(stderr=as_json).print(table)
    if as_json:
        click.echo(json.dumps(figures))



@bench.command("ingest")
@click.option("--items", default=5000, show_default=True, help="Items in the local feed.")
@click.option("--no-enrich", is_flag=True, help="Skip the run with enrichment.")
@_PROCESSES
@click.option("--backend", "backend_url", default=None,
              help="A PostgreSQL URL: store there (a fresh schema per run, dropped after) and "
                   "enrich through procrastinate worker processes (1, then --processes).")
@click.option("--json", "as_json", is_flag=True, help="End with one JSON line of figures.")
@click.pass_context
def bench_ingest(ctx: click.Context, items: int, no_enrich: bool, processes: int,
                 backend_url: str | None, as_json: bool) -> None:
    """Items/s for parse + dedup + store of a local feed, without and with enrichment.

    The feed (news-like texts, 4 % near-duplicates, 4 % tracking-URL duplicates) is written to
    a temporary folder and never fetched; each run stores into a fresh SQLite file. With
    --processes N, the enriched run is made in one process (enriched_one_process) then in N
    (enriched), with their speedup.

    \b
    Examples:
      steppe bench ingest --items 5000 --json
      steppe bench ingest --items 5000 --processes 2 --json
      steppe bench ingest --items 5000 --processes 2 --backend postgresql://127.0.0.1/test --json
    """
    from steppe.bench.ingest import run_ingest_bench

    settings = ctx.find_root().obj
    with progress_bar() as progress:
        progress.add_task(f"bench ingest: {items} items", total=None)
        if backend_url and not backend_url.startswith(("postgresql://", "postgres://")):
            raise click.BadParameter("une URL postgresql:// est attendue", param_hint="--backend")
        if backend_url and no_enrich:
            raise click.BadParameter("--backend mesure l’ingestion enrichie ; retirez --no-enrich",
                                     param_hint="--backend")
        figures = run_ingest_bench(items, enrich=not no_enrich, batch_size=settings.batch_size,
                                   processes=processes, backend=backend_url)
    table = Table(title="steppe bench ingest", show_header=False)
    for key, value in figures.items():
        table.add_row(key, ", ".join(f"{k} {v}" for k, v in value.items())
                      if isinstance(value, dict) else str(value))
    Console(stderr=as_json).print(table)
    if as_json:
        click.echo(json.dumps(figures))


@bench.command("stories")
@click.option("--docs", default=100_000, show_default=True, type=click.IntRange(1, 10_000_000),
              help="Articles already clustered before the measured sample.")
@click.option("--backend", "backend_url", default=None,
              help="Base to fill and reuse: a SQLite path or a postgresql:// URL (use "
                   "?schema=NAME); default: a SQLite cache file named after --docs.")
@click.option("--sample", default=3000, show_default=True, type=click.IntRange(10, 100_000),
              help="Articles stored then clustered in the measured run.")
@click.option("--json", "as_json", is_flag=True, help="End with one JSON line of figures.")
def bench_stories(docs: int, backend_url: str | None, sample: int, as_json: bool) -> None:
    """Story assignment: articles/s and p95 ms per article on a base of DOCS clustered articles.

    Fills (or reuses) a base of synthetic, pre-annotated articles with story structure, then
    stores and clusters SAMPLE more, timing each article's assignment; the baseline, in the
    same process, stores the same sample without clustering. The last line with --json is
    {"docs", "backend", "articles_per_s", "p95_ms", "stories", …}.

    \b
    Examples:
      steppe bench stories --docs 100000 --json
      steppe bench stories --docs 1000000 --backend 'postgresql://postgres@127.0.0.1/test?schema=bench' --json
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from steppe.bench.stories import run_stories_bench

    console = Console(stderr=True)
    bar = Progress(TextColumn("{task.description}"), BarColumn(), TimeRemainingColumn(),
                   console=console, transient=True, disable=not console.is_terminal)
    with bar:
        task = bar.add_task(f"bench stories: filling {docs:,} articles", total=docs)
        figures = run_stories_bench(docs, backend_url, sample, progress=console.print,
                                    advance=lambda done, total: bar.update(task, completed=done))
    table = Table(title=f"steppe bench stories: {figures['sample']:,} articles on "
                        f"{docs:,} clustered ({figures['backend']})", show_header=False)
    for key, value in figures.items():
        table.add_row(key, json.dumps(value) if isinstance(value, dict) else str(value))
    Console(stderr=as_json).print(table)
    if as_json:
        click.echo(json.dumps(figures))
