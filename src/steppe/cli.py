"""The ``steppe`` command line: parse arguments, call one library function, print.

Errors are translated once, in ``main``: a one-line message on standard error and the
error's exit code; a traceback only with ``--debug``.
"""

from __future__ import annotations

import csv
import json
import sys
from importlib.resources import files
from typing import Any

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from steppe.enrich.pipeline import Enricher
from steppe.enrich.kb_access import get_kb
from steppe.errors import NotFound, SteppeError
from steppe.kb.user import append_record, new_record
from steppe.flows import annotate_paths, export_records, ingest_paths
from steppe.settings import Settings
from steppe.sources.inputs import FORMATS
from steppe.store import open_store
from steppe.store.admin import migrate_store
from steppe.store.copy import copy_store

err_console = Console(stderr=True)


def _error(message: object) -> None:
    """One plain line on standard error (never wrapped, never styled)."""
    click.echo(f"error: {message}", err=True)


def _settings(ctx: click.Context) -> Settings:
    return ctx.find_root().obj


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="STEPPE_DB", default=None,
              help="Database: a SQLite file path (default ./steppe.db) or a postgresql:// URL "
                   "(env STEPPE_DB).")
@click.option("--kb-file", default=None, metavar="PATH",
              help="Your knowledge-base additions (default ./steppe-kb.jsonl; env STEPPE_KB_FILE).")
@click.option("--debug", is_flag=True, default=None, help="Show tracebacks on errors.")
@click.version_option(package_name="steppe")
@click.pass_context
def cli(ctx: click.Context, db: str | None, kb_file: str | None, debug: bool | None) -> None:
    """Steppe: news intelligence for Central Asia, French first.

    \b
    Examples:
      steppe ingest ../shared/data/seed.txt
      steppe annotate --input-format dump ../shared/data/seed.txt
      steppe stats
    """
    ctx.obj = Settings.from_env(db=db, debug=debug, kb_file=kb_file)


@cli.command()
@click.argument("files", nargs=-1)
@click.option("--input-format", "fmt", type=click.Choice(["auto", "jsonl", "dump", "text"]),
              default="auto", show_default=True,
              help="Input format; auto reads *.jsonl as JSONL and other files as dumps.")
@click.option("--published", default=None, metavar="YYYY-MM-DD",
              help="Publication date for articles that have none (resolves years).")
@click.pass_context
def annotate(ctx: click.Context, files: tuple[str, ...], fmt: str, published: str | None) -> None:
    """Print one JSON annotation per article (shared/SCHEMA.md); stores nothing.

    Reads FILES, or standard input when none or '-'. Bad records are reported on standard
    error with their line number; the others are still annotated (exit code 1).

    \b
    Examples:
      steppe annotate --input-format dump ../shared/data/seed.txt
      steppe annotate ../shared/data/seed_gold.jsonl > out.jsonl
      echo "Tokaïev reçoit Macron à Astana." | steppe annotate --input-format text -
    """
    settings = _settings(ctx)
    failures = []

    def on_error(exc: SteppeError) -> None:
        failures.append(exc)
        _error(exc)

    enricher = Enricher(batch_size=settings.batch_size, kb_file=settings.kb_file)
    out = sys.stdout
    for annotation in annotate_paths(list(files) or ["-"], enricher, fmt, published, on_error,
                                     settings.max_record_bytes):
        out.write(json.dumps(annotation.to_dict(), ensure_ascii=False) + "\n")
    out.flush()
    if failures:
        ctx.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--input-format", "fmt", type=click.Choice(list(FORMATS)), default="auto",
              show_default=True, help="Input format (auto: *.jsonl → jsonl, else dump).")
@click.option("--source", default=None, help="Source name for these articles (default: file name).")
@click.option("--skip-invalid", is_flag=True,
              help="Store the valid records of a file that has bad ones (default: reject the file).")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], fmt: str, source: str | None,
           skip_invalid: bool, as_json: bool) -> None:
    """Enrich and store articles; re-ingesting the same content reports duplicates.

    Each file is one transaction: a file with a bad record is rejected whole (the error names
    the line) unless --skip-invalid; the other files are still ingested.

    \b
    Examples:
      steppe ingest ../shared/data/seed.txt
      steppe --db news.db ingest --source lemonde items.jsonl
    """
    settings = _settings(ctx)
    store = open_store(settings.db)
    enricher = Enricher(batch_size=settings.batch_size, kb_file=settings.kb_file)
    with _progress() as progress:
        task = progress.add_task("ingest", total=None)

        def tick(path: str, n: int) -> None:
            progress.update(task, description=f"{path}: {n} articles")

        result = ingest_paths(list(paths), store, enricher, fmt, source, skip_invalid, tick,
                              settings.max_record_bytes)
    store.close()
    for message in result.errors or []:
        _error(message)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        click.echo(f"new: {result.new}  duplicate: {result.duplicate}  "
                   f"updated: {result.updated}  failed: {result.failed}")
    if result.failed:
        ctx.exit(1)


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                    console=err_console, transient=True, disable=not err_console.is_terminal)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="-",
              help="Output file (default: standard output).")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: str) -> None:
    """Write every stored article with its annotations.

    \b
    Examples:
      steppe export > articles.jsonl
      steppe export --format csv -o articles.csv
    """
    store = open_store(_settings(ctx).db, create=False)
    with click.open_file(output, "w", encoding="utf-8") as out:
        records = export_records(store)
        if fmt == "jsonl":
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            _write_csv(out, records)
    store.close()


CSV_COLUMNS = ("id", "published", "source", "url", "lang", "title", "text", "truncated",
               "countries", "persons", "organizations", "places", "topics")


def _write_csv(out: Any, records: Any) -> None:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for r in records:
        names = {t: "; ".join(e["name"] for e in r["entities"] if e["type"] == t)
                 for t in ("person", "organization", "place")}
        writer.writerow([r["id"], r["published"] or "", r["source"] or "", r["url"] or "",
                         r["lang"] or "", r["title"] or "", r["text"], int(r["truncated"]),
                         "; ".join(c["code"] for c in r["countries"]), names["person"],
                         names["organization"], names["place"],
                         "; ".join(t["id"] for t in r["topics"])])


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
    store = open_store(_settings(ctx).db, create=False)
    figures = store.stats()
    store.close()
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False))
        return
    table = Table(show_header=False, box=None)
    for key, value in figures.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
        table.add_row(key.replace("_", " "), str(value if value is not None else "-"))
    Console().print(table)


@cli.command()
@click.pass_context
def demo(ctx: click.Context) -> None:
    """Ingest the bundled demo corpus (100 French news items) and show the figures.

    \b
    Example:
      steppe demo            # into ./steppe.db
      steppe --db /tmp/demo.db demo
    """
    corpus = files("steppe.resources").joinpath("demo_corpus.jsonl")
    ctx.invoke(ingest, paths=(str(corpus),), fmt="jsonl", source=None,
               skip_invalid=False, as_json=False)
    ctx.invoke(stats, as_json=False)


@cli.group()
def kb() -> None:
    """Inspect and extend the knowledge base (persons, organisations, places, countries).

    \b
    Examples:
      steppe kb show Tokayev
      steppe kb add --type person --name "Aïgerim Seitkali" --country KZ --alias Seitkali
    """


@kb.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the records as JSON.")
@click.pass_context
def kb_show(ctx: click.Context, name: str, as_json: bool) -> None:
    """Show the entities one of whose names (any spelling, any script) is NAME.

    \b
    Examples:
      steppe kb show Tokayev
      steppe kb show Бишкек --json
    """
    found = get_kb(_settings(ctx).kb_file).lookup(name)
    if not found:
        raise NotFound(f"no knowledge-base entity is called {name!r}")
    if as_json:
        for entity in found:
            click.echo(json.dumps(entity.raw, ensure_ascii=False))
        return
    for entity in found:
        click.echo(f"{entity.name}  [{entity.type}{', ' + entity.country if entity.country else ''}]"
                   f"  {entity.id}")
        if entity.role:
            click.echo(f"  role: {entity.role}")
        click.echo(f"  names: {', '.join(entity.all_names())}")
        if entity.demonyms:
            click.echo(f"  demonyms: {', '.join(entity.demonyms)}")


@kb.command("add")
@click.option("--type", "etype", required=True,
              type=click.Choice(["person", "organization", "place", "country", "region", "other"]),
              help="Entity type.")
@click.option("--name", required=True, help="Canonical name (as the French press writes it).")
@click.option("--country", default=None, help="ISO 3166-1 alpha-2 code, e.g. KZ.")
@click.option("--alias", "aliases", multiple=True, help="Another spelling (repeatable).")
@click.option("--id", "entity_id", default=None, help="Id (default: type:slug-of-name).")
@click.option("--role", default=None, help="Role or description, e.g. 'akim d’Almaty'.")
@click.pass_context
def kb_add(ctx: click.Context, etype: str, name: str, country: str | None,
           aliases: tuple[str, ...], entity_id: str | None, role: str | None) -> None:
    """Add an entity to your knowledge-base file (overrides a bundled one with the same id).

    \b
    Examples:
      steppe kb add --type person --name "Aïgerim Seitkali" --country KZ --alias Seitkali
      steppe kb add --type organization --name "Qazaq Green" --country KZ
    """
    path = _settings(ctx).kb_file
    entity = append_record(path, new_record(name, etype, country, list(aliases), entity_id, role))
    click.echo(f"added {entity.id} to {path}")


@cli.group()
def db() -> None:
    """Database administration: migrations and moving a base between backends.

    \b
    Examples:
      steppe --db postgresql://postgres@127.0.0.1/steppe db migrate
      steppe db copy --from steppe.db --to postgresql://postgres@127.0.0.1/steppe
    """


@db.command("migrate")
@click.pass_context
def db_migrate(ctx: click.Context) -> None:
    """Apply pending schema migrations to the database (SQLite or PostgreSQL).

    \b
    Example:
      steppe --db postgresql://postgres@127.0.0.1/steppe db migrate
    """
    applied = migrate_store(_settings(ctx).db)
    click.echo(f"applied migrations: {', '.join(map(str, applied))}" if applied
               else "database is up to date")


@db.command("copy")
@click.option("--from", "source", required=True, help="Source database (path or URL).")
@click.option("--to", "target", required=True, help="Target database (path or URL).")
def db_copy(source: str, target: str) -> None:
    """Copy a whole base (articles and annotations) from one database to another.

    Ids and content are kept; re-running copies nothing new.

    \b
    Example:
      steppe db copy --from steppe.db --to postgresql://postgres@127.0.0.1/steppe
    """
    src = open_store(source, create=False)
    dst = open_store(target)
    try:
        counts = copy_store(src, dst)
    finally:
        src.close()
        dst.close()
    click.echo(f"copied: {counts['articles']}  already there: {counts['duplicates']}")


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


def main(argv: list[str] | None = None) -> int:
    """Console entry point: run the CLI, turning errors into one line and an exit code."""
    debug = "--debug" in (argv if argv is not None else sys.argv)
    try:
        code = cli.main(args=argv, prog_name="steppe", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        _error("aborted")
        return 130
    except SteppeError as exc:
        if debug:
            raise
        _error(exc)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so in one line unless debugging
        if debug:
            raise
        _error(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")
        return 70
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
