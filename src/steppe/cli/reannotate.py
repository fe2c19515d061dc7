"""``steppe reannotate``: re-enrich the archive after a pipeline or knowledge-base change."""

from __future__ import annotations

import json
import time

import click
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)

from steppe.cli.root import cli, err_console, error_line, note_line, settings_of
from steppe.cli.words import STATES, number
from steppe.cli.search import index_dir_for, stale_warnings
from steppe.enrich.kb_access import get_kb
from steppe.enrich.parallel import ParallelEnricher, default_processes
from steppe.enrich.pipeline import Enricher
from steppe.reannotate import BATCH, ReannotateResult, reannotate as run_reannotate
from steppe.reannotate import defer_batches, select_targets, since_day
from steppe.store import open_store, procrastinate_sql
from steppe.tasks.registry import procrastinate_defer, uses_procrastinate


def _since(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A bad day stops the command before anything is opened, with one line and exit code 2
    (an InputError, as ``stories list --since`` reports one: click's BadParameter would add
    its usage block)."""
    return since_day(value) if value is not None else None


@cli.command()
@click.option("--since", default=None, metavar="YYYY-MM-DD", callback=_since,
              help="Only articles published on or after this day (undated ones are left out).")
@click.option("--where", default=None, metavar="QUERY",
              help="Only articles this search query matches (docs/query-language.md).")
@click.option("--batch", default=BATCH, show_default=True, type=click.IntRange(1, 100_000),
              help="Articles per transaction (and per recorded position).")
@click.option("--processes", type=click.IntRange(1, 256), default=None,
              help="Enrichment processes, each loading the pipeline once (default: one per "
                   "core); 1 enriches in this process.")
@click.option("--restart", is_flag=True,
              help="Start from the first target, not after an interrupted run's last batch.")
@click.option("--queue", is_flag=True,
              help="PostgreSQL: queue the batches as jobs for 'steppe worker' (any machine) "
                   "and follow them, instead of enriching here.")
@click.option("--no-wait", is_flag=True, help="With --queue: exit once the jobs are queued.")
@click.option("--json", "as_json", is_flag=True, help="End with the counts as one JSON line.")
@click.pass_context
def reannotate(ctx: click.Context, since: str | None, where: str | None, batch: int,
               processes: int | None, restart: bool, queue: bool, no_wait: bool,
               as_json: bool) -> None:
    """Re-enrich stored articles with the current pipeline and knowledge base.

    After a KB addition (steppe kb add) or an upgrade of Steppe, stored annotations lag
    behind: this re-annotates all articles, or those published since a day and/or matching a
    search query, in batches of --batch, each batch one transaction. Only changed annotations
    are written (the search index follows; unchanged ones are not touched), so a second run
    writes nothing.

    Interrupted (Ctrl-C, crash, kill -9), the same command resumes after the last committed
    batch; --restart starts over. Stories keep their memberships (steppe stories rebuild
    re-clusters).

    \b
    Examples:
      steppe reannotate
      steppe reannotate --since 2025-09-01
      steppe reannotate --where 'country:KZ' --processes 2 --json
      steppe --db postgresql://steppe@db/news reannotate --queue --since 2025-01-01
    """
    settings = settings_of(ctx)
    if queue and not uses_procrastinate(settings.db):
        raise click.BadParameter("mettre les lots en file demande PostgreSQL (des workers "
                                 "procrastinate) ; sur SQLite, lancez sans --queue",
                                 param_hint="--queue")
    with open_store(settings.db, create=False) as store:
        with stale_warnings():
            targets = select_targets(store, since, where, index_dir_for(settings),
                                     get_kb(settings.kb_file))
        if queue:
            _queue(ctx, store, targets, batch, restart, no_wait, as_json)
            return
        enricher = make_enricher(processes or settings.processes or default_processes(), settings.batch_size,
                                 settings.kb_file)
        state: dict[str, ReannotateResult] = {}
        try:
            with _progress() as bar:
                task = bar.add_task("réannotation", total=None)

                def on_batch(result: ReannotateResult) -> None:
                    if not state and result.resumed_after:
                        note_line(f"reprise après {number(result.resumed_after)} articles "
                                  "traités par une exécution précédente (--restart repart de "
                                  "zéro)")
                    state["result"] = result
                    bar.update(task, completed=result.done, total=result.targets,
                               description=f"réannotation : {number(result.reannotated)} "
                                           "modifiés")

                result = run_reannotate(store, enricher, targets, batch, restart, on_batch)
        except KeyboardInterrupt:
            done = state["result"].done if state else 0
            error_line(f"interrompu après {number(done)} articles ; la même commande reprend là")
            ctx.exit(130)
        finally:
            if isinstance(enricher, ParallelEnricher):
                enricher.close()
    if as_json:  # standard output stays one JSON object, for jq and scripts
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    click.echo(f"réannotés : {result.reannotated}, inchangés : {result.unchanged}, "
               f"absents : {result.missing}")


def make_enricher(processes: int, batch_size: int, kb_file: str) -> Enricher:
    """One process keeps enrichment in this process (as ``ingest`` does); more start workers
    when the targets are more than one batch of theirs. (Tests replace this function.)"""
    if processes == 1:
        return Enricher(batch_size=batch_size, kb_file=kb_file)
    return ParallelEnricher(processes, batch_size=batch_size, kb_file=kb_file)


def _progress() -> Progress:
    """Articles done of the targets, with an ETA: the whole archive takes hours."""
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
                    console=err_console, transient=True, disable=not err_console.is_terminal)


def _queue(ctx: click.Context, store, targets, batch: int, restart: bool, no_wait: bool,
           as_json: bool) -> None:
    """Queue the batches, then follow the workers doing them (bar with ETA) until done."""
    procrastinate_sql.require(store)
    result = defer_batches(store, targets, procrastinate_defer(store), batch, restart)
    prefix = f"{result.key}:"
    status = procrastinate_sql.progress_of(store, prefix)
    if not no_wait:
        try:
            with _progress() as bar:
                task = bar.add_task("réannotation : tâches", total=None)
                while True:
                    status = procrastinate_sql.progress_of(store, prefix)
                    total = sum(status.values())
                    finished = total - status.get("todo", 0) - status.get("doing", 0)
                    bar.update(task, completed=finished, total=total,
                               description=f"réannotation : tâches ({status.get('failed', 0)} "
                                           "en échec)")
                    if finished >= total:
                        break
                    time.sleep(1.0)
        except KeyboardInterrupt:
            error_line("suivi arrêté ; les tâches en file continuent (« steppe jobs » les montre)")
            ctx.exit(130)
    summary = {"key": result.key, "queued_articles": result.done, "queued_jobs": result.batches,
               "resumed_after": result.resumed_after, "jobs": status}
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False))
        return
    click.echo(f"{result.done} articles mis en file en {result.batches} tâches ; tâches : "
               + (", ".join(f"{STATES.get(k, k)} {v}" for k, v in sorted(status.items()))
                  or "aucune"))
