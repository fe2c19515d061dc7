"""Benchmarks: bench enrich (and the other benches as they come)."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from steppe.cli.root import cli


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


