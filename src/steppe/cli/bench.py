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


@bench.command("enrich")
@click.option("--docs", default=500, show_default=True, help="Articles to annotate.")
@click.option("--json", "as_json", is_flag=True, help="End with one JSON line of figures.")
def bench_enrich(docs: int, as_json: bool) -> None:
    """Throughput of Steppe's full pipeline and of spaCy's full fr_core_news_md, same texts.

    \b
    Example:
      steppe bench enrich --docs 1000 --json
    """
    from steppe.bench.enrich import run_enrich_bench

    figures = run_enrich_bench(docs)
    table = Table(title="steppe bench enrich", show_header=False)
    for key, value in figures.items():
        table.add_row(key, str(value))
    Console(stderr=as_json).print(table)
    if as_json:
        click.echo(json.dumps(figures))



@bench.command("ingest")
@click.option("--items", default=5000, show_default=True, help="Items in the local feed.")
@click.option("--no-enrich", is_flag=True, help="Skip the run with enrichment.")
@click.option("--json", "as_json", is_flag=True, help="End with one JSON line of figures.")
@click.pass_context
def bench_ingest(ctx: click.Context, items: int, no_enrich: bool, as_json: bool) -> None:
    """Items/s for parse + dedup + store of a local feed, without and with enrichment.

    The feed (news-like texts, 4 % near-duplicates, 4 % tracking-URL duplicates) is written to
    a temporary folder and never fetched; each run stores into a fresh SQLite file.

    \b
    Example:
      steppe bench ingest --items 5000 --json
    """
    from steppe.bench.ingest import run_ingest_bench

    settings = ctx.find_root().obj
    with progress_bar() as progress:
        progress.add_task(f"bench ingest: {items} items", total=None)
        figures = run_ingest_bench(items, enrich=not no_enrich, batch_size=settings.batch_size)
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
@click.option("--backend", default=None,
              help="Database to fill and reuse: a SQLite path (default "
                   "./bench-stories-DOCS.db) or a postgresql:// URL (use ?schema=NAME).")
@click.option("--json", "as_json", is_flag=True, help="End with one JSON line of figures.")
def bench_stories(docs: int, backend: str | None, as_json: bool) -> None:
    """Story assignment: articles/s and p95 ms per article on a base of DOCS clustered articles.

    Fills (or reuses) a base of synthetic, pre-annotated articles with story structure, then
    stores and clusters 1,500 more; the baseline, in the same process, stores 1,500 without
    clustering. The last line with --json is {"docs", "backend", "articles_per_s", "p95_ms",
    "stories", …}.

    \b
    Examples:
      steppe bench stories --docs 100000 --json
      steppe bench stories --docs 1000000 --backend 'postgresql://postgres@127.0.0.1/test?schema=bench' --json
    """
    from steppe.bench.stories import run_stories_bench

    target = backend or f"bench-stories-{docs}.db"
    with progress_bar() as progress:
        task = progress.add_task(f"bench stories: filling {docs:,}", total=docs)
        figures = run_stories_bench(docs, target, tick=lambda n: progress.update(task, completed=n))
    table = Table(title="steppe bench stories", show_header=False)
    for key, value in figures.items():
        table.add_row(key, str(value))
    Console(stderr=as_json).print(table)
    if as_json:
        click.echo(json.dumps(figures))
