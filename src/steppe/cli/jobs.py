"""Commands for background work: watch, worker, jobs.

On SQLite (the embedded default) jobs live in the store's own job table and run in this
process (``steppe.workers``). On PostgreSQL they live in procrastinate's tables and run in
worker processes (``steppe.tasks.pool``) on any number of machines. The tasks are the same.
"""

from __future__ import annotations

import json
import signal
import time
from datetime import datetime, timezone
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from steppe.cli.root import cli, progress_bar, settings_of
from steppe.cli.words import STATES, counts_line
from steppe.enrich.parallel import default_processes
from steppe.errors import quoted
from steppe.settings import Settings
from steppe.store import open_store, procrastinate_sql
from steppe.tasks.app import DEFAULT_ANNOTATE, WorkerOptions
from steppe.tasks.pool import PoolStatus, WorkerPool
from steppe.tasks.registry import QUEUES, procrastinate_defer, uses_procrastinate
from steppe.watch import KINDS, schedule_due

ANNOTATE = DEFAULT_ANNOTATE   # the workers' pipeline factory ("module:function"; tests swap it)
_STATUSES = ("todo", "doing", "succeeded", "failed", "cancelled", "aborting", "aborted")


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _pool_summary(status: PoolStatus) -> str:
    counts = counts_line(status.counts, "aucune tâche")
    memory = " ".join(f"{mb:.0f}" for mb in status.memory_mb.values())
    restarts = f"  redémarrés : {status.restarts}" if status.restarts else ""
    return f"{counts}  |  mémoire par processus (Mo) : {memory or '-'}{restarts}"


def run_pool(settings: Settings, *, processes: int, concurrency: int, queues: list[str],
             until_idle: bool, enrich: bool, schedule_now: bool = False) -> PoolStatus:
    """Run procrastinate workers on ``settings.db`` with a live status line; Ctrl-C stops."""
    preload = enrich and (not queues or bool({"enrich", "reannotate"} & set(queues)))
    options = WorkerOptions(settings.db, settings, ANNOTATE if enrich else None, preload=preload)
    try:
        pool = WorkerPool(options, processes, concurrency, queues)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--queues") from None
    if schedule_now:
        with open_store(settings.db) as store:
            procrastinate_sql.require(store)
            schedule_due(store, time.time(), procrastinate_defer(store))
    pool.start()
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill`: stop the workers gracefully
    with progress_bar() as progress:
        task = progress.add_task("démarrage des workers", total=None)

        def on_status(status: PoolStatus) -> None:
            progress.update(task, description=_pool_summary(status))
        try:
            pool.run(until_idle=until_idle, on_status=on_status)
        except KeyboardInterrupt:
            pool.stop()
        finally:
            signal.signal(signal.SIGTERM, previous)
    return pool.status


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


@cli.command()
@click.option("--queues", default=None,
              help=f"PostgreSQL: queues to take, comma-separated, among {', '.join(QUEUES)} "
                   "(default: all, and the periodic chores).")
@click.option("--processes", type=click.IntRange(1, 256), default=None,
              help="PostgreSQL: worker processes (default: one per core; each loads the "
                   "enrichment pipeline once, about 0.5 GB).")
@click.option("--concurrency", type=click.IntRange(1, 64), default=None,
              help="PostgreSQL: jobs one process runs at once (fetching overlaps; "
                   "enrichment takes turns). Default: 4, or 1 for enrichment-only workers "
                   "(a process holds no batch it cannot start).")
@click.option("--kinds", default=None,
              help=f"SQLite: job kinds to take, comma-separated, among {', '.join(KINDS)}.")
@click.option("--until-idle", is_flag=True, help="Exit once no job is waiting or running.")
@click.pass_context
def worker(ctx: click.Context, queues: str | None, processes: int | None,
           concurrency: int | None, kinds: str | None, until_idle: bool) -> None:
    """Run background jobs: fetch sources and pages, enrich, re-annotate.

    On PostgreSQL: procrastinate workers, one process per core, on as many machines as you
    like (all reach the same database); they also run the periodic chores (queue due sources
    every 15 s, retry jobs of dead workers, prune finished jobs). On SQLite: one worker in
    this process.

    \b
    Examples:
      steppe --db postgresql://steppe@db/news worker
      steppe --db postgresql://steppe@db/news worker --queues enrich,reannotate --processes 8
      steppe --db postgresql://steppe@db/news worker --queues fetch --processes 1 --concurrency 16
    """
    settings = settings_of(ctx)
    if uses_procrastinate(settings.db):
        if kinds:
            raise click.BadParameter("les workers PostgreSQL prennent des files, pas des sortes de "
                                     "tâches : utilisez --queues",
                                     param_hint="--kinds")
        chosen = _split(queues)
        cpu_only = bool(chosen) and set(chosen) <= {"enrich", "reannotate"}
        status = run_pool(settings, processes=processes or settings.processes or default_processes(),
                          concurrency=concurrency or (1 if cpu_only else 4), queues=chosen,
                          until_idle=until_idle, enrich=True)
        click.echo(_pool_summary(status))
        return
    if queues or processes or concurrency:
        raise click.BadParameter("--queues, --processes et --concurrency demandent PostgreSQL ; "
                                 "SQLite fait tourner un seul worker (utilisez --kinds)",
                                 param_hint="--queues")
    from steppe.cli.sources import run_local  # the in-process runner

    chosen = _split(kinds) or list(KINDS)
    unknown = sorted(set(chosen) - set(KINDS))
    if unknown:
        raise click.BadParameter(f"sortes de tâches inconnues : {', '.join(unknown)} ; au choix : "
                                 f"{', '.join(KINDS)}",
                                 param_hint="--kinds")
    run_local(ctx, once=False, until_idle=until_idle, kinds=chosen, enrich="enrich" in chosen,
              idle=2.0)


@cli.command()
@click.option("--state", type=click.Choice(["queued", "running", "done", "parked", "failed",
                                            "todo", "doing", "succeeded", "cancelled", "stalled"]),
              default=None, help="Jobs to list (default: parked on SQLite, failed on "
                                 "PostgreSQL); 'stalled': running on a worker gone silent.")
@click.option("--limit", default=20, show_default=True, help="Jobs listed.")
@click.option("--retry", is_flag=True,
              help="Requeue every failed job (parked, on SQLite) with fresh attempts.")
@click.option("--retry-ids", default=None,
              help="PostgreSQL: requeue these jobs (ids, comma-separated).")
@click.option("--cancel", "cancel_ids", default=None,
              help="PostgreSQL: cancel waiting jobs (abort running ones), ids comma-separated.")
@click.option("--json", "as_json", is_flag=True, help="Counts and jobs as JSON.")
@click.pass_context
def jobs(ctx: click.Context, state: str | None, limit: int, retry: bool,
         retry_ids: str | None, cancel_ids: str | None, as_json: bool) -> None:
    """The job queue: counts by queue and status, stalled and failed jobs with their errors.

    \b
    Examples:
      steppe jobs                         # counts, and the failed (parked) jobs and why
      steppe jobs --retry
      steppe jobs --state stalled --json
      steppe --db postgresql://steppe@db/news jobs --cancel 1234,1235
    """
    settings = settings_of(ctx)
    store = open_store(settings.db, create=False)
    try:
        if uses_procrastinate(settings.db):
            _jobs_procrastinate(store, settings, state or "failed", limit,
                                "all" if retry else retry_ids, cancel_ids, as_json)
        else:
            if cancel_ids or retry_ids:
                raise click.BadParameter("choisir des tâches par identifiant demande PostgreSQL "
                                         "(procrastinate)",
                                         param_hint="--cancel" if cancel_ids else "--retry-ids")
            _jobs_local(store, state or "parked", limit, retry, as_json)
    finally:
        store.close()


def _ids(value: str, option: str) -> list[int]:
    try:
        return [int(v) for v in _split(value)]
    except ValueError:
        raise click.BadParameter(f"des identifiants de tâches sont attendus (nombres séparés par "
                                 f"des virgules), reçu : {quoted(value)}",
                                 param_hint=option) from None


def _jobs_procrastinate(store: Any, settings: Settings, state: str, limit: int,
                        retry_ids: str | None, cancel_ids: str | None, as_json: bool) -> None:
    messages = []
    if retry_ids:
        chosen = None if retry_ids == "all" else _ids(retry_ids, "--retry-ids")
        messages.append(f"tâches remises en file : {procrastinate_sql.retry(store, chosen)}")
    if cancel_ids:
        messages.append("tâches annulées : "
                        f"{procrastinate_sql.cancel(store, _ids(cancel_ids, '--cancel'))}")
    counts = procrastinate_sql.counts(store)
    status = {"queued": "todo", "running": "doing", "done": "succeeded",
              "parked": "failed"}.get(state, state)
    listed = procrastinate_sql.stalled(store, settings.worker_stalled_after) \
        if status == "stalled" else procrastinate_sql.listed(store, status, limit)
    stalled = len(procrastinate_sql.stalled(store, settings.worker_stalled_after))
    if as_json:
        click.echo(json.dumps({"messages": messages, "stalled": stalled,
                               "counts": [{"queue": q, "task": t, "status": s, "count": n}
                                          for q, t, s, n in counts],
                               "jobs": listed}, ensure_ascii=False, default=str))
        return
    for message in messages:
        click.echo(message)
    by_queue: dict[str, dict[str, int]] = {}
    for queue, _, st, n in counts:
        by_queue.setdefault(queue, {}).setdefault(st, 0)
        by_queue[queue][st] += n
    table = Table("file", *(STATES[s] for s in _STATUSES), box=None)
    for queue, row in sorted(by_queue.items()):
        table.add_row(queue, *(str(row.get(s, 0)) for s in _STATUSES))
    console = Console(width=200)
    if by_queue:
        console.print(table)
    else:
        click.echo("aucune tâche")
    click.echo(f"bloquées (en cours sur un worker muet depuis {settings.worker_stalled_after:.0f} s)"
               f" : {stalled}")
    if listed:
        click.echo(f"tâches {STATES.get(state, state)} :")
        jobs_table = Table("id", "tâche", "état", "essais", "mise à jour", "erreur", "cible",
                           box=None)
        for j in listed:
            updated = datetime.fromtimestamp(j["updated"], tz=timezone.utc).strftime(
                "%Y-%m-%d %H:%M") if j["updated"] else "-"
            args = j["args"] or {}
            target = args.get("url") or args.get("source") or \
                (f"{len(args['ids'])} articles" if "ids" in args else "")
            jobs_table.add_row(str(j["id"]), j["task"], STATES.get(j["status"], j["status"]),
                               str(j["attempts"]),
                               updated, j["error"] or "-", str(target))
        console.print(jobs_table)


def _jobs_local(store: Any, state: str, limit: int, retry: bool, as_json: bool) -> None:
    if state not in ("queued", "running", "done", "parked"):
        raise click.BadParameter(f"les tâches SQLite sont queued, running, done ou parked, pas {state}",
                                 param_hint="--state")
    if retry:
        click.echo(f"tâches mises de côté remises en file : {store.requeue_parked(time.time())}")
    counts, listed = store.job_counts(), store.list_jobs(state, limit)
    if as_json:
        click.echo(json.dumps({"counts": counts, "jobs": [j.to_dict() for j in listed]},
                              ensure_ascii=False))
        return
    click.echo("  ".join(f"{STATES.get(s, s)} : {sum(k.values())}" for s, k in counts.items())
               or "aucune tâche")
    table = Table("id", "type", "essais", "mise à jour", "erreur", "cible", box=None)
    for j in listed:
        updated = datetime.fromtimestamp(j.updated, tz=timezone.utc).strftime("%Y-%m-%d %H:%M")
        target = j.payload.get("url") or j.payload.get("source") or j.payload.get("article_id") \
            or (f"{len(j.payload['ids'])} articles" if "ids" in j.payload else "")
        table.add_row(str(j.id), j.kind, str(j.attempts), updated, j.last_error or "-",
                      str(target or ""))
    if listed:
        Console(width=200).print(table)
