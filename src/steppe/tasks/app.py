"""procrastinate on PostgreSQL: the task set of ``registry`` run by worker processes.

Every task of the registry is a procrastinate task named ``steppe.<kind>`` whose body is the
same handler the in-process runner calls (``steppe.watch.WatchContext``): the slow part, then
``apply()`` in one transaction of our store, with follow-up jobs deferred on our connection
inside it (``procrastinate_defer``). procrastinate records the job as done afterwards, on its
own connection: a worker killed in between runs the job again, and the effects, keyed by URL
and article (``steppe.tasks.effects``), make that second run a no-op.

Besides the registry's tasks, three periodic tasks run, deduplicated by procrastinate across
all workers (one job per period whatever the number of machines):

* ``steppe.schedule`` every 15 s: queue a ``fetch_source`` for each due source (queueing lock
  ``source:NAME``) and a batcher when articles wait for enrichment;
* ``steppe.retry_stalled`` every half of ``worker_stalled_after`` (15 s by default): jobs
  left running by a worker whose heartbeat stopped (killed, cut off) go back to the queue;
* ``steppe.prune`` hourly: finished jobs older than ``jobs_keep_hours`` are deleted.

Threads: a worker process runs up to ``concurrency`` sync tasks at once in threads (I/O for
fetching); each thread has its own store connection and HTTP client, and the enrichment
pipeline, loaded once per process, is used by one thread at a time (it is CPU-bound: one
process per core is what uses the machine).
"""

from __future__ import annotations

import importlib
import threading
import time
from dataclasses import dataclass, replace
from typing import Any, Callable

import procrastinate
from procrastinate.psycopg_connector import PsycopgConnector

from steppe.alerts.work import EVALUATE_DELAY_S, queue_evaluation
from steppe.model import Job
from steppe.settings import Settings
from steppe.sources.fetch import Fetcher
from steppe.store import open_store, procrastinate_sql
from steppe.store.patient import PatientStore
from steppe.store.pg_url import split_url
from steppe.stories import cluster_new
from steppe.tasks.registry import SPECS, procrastinate_defer
from steppe.watch import Annotate, WatchContext, schedule_due
from steppe.workers import describe

SCHEDULE_CRON = "* * * * * */15"      # croniter's sixth field: seconds
PRUNE_CRON = "7 * * * *"
BATCH_DELAY_S = 2.0  # parallel workers: let a poll's pages land before forming their batch
DEFAULT_ANNOTATE = "steppe.watch:enricher_annotate"


@dataclass(frozen=True)
class WorkerOptions:
    """What every worker process of one ``steppe worker`` needs (picklable: spawned)."""

    url: str
    settings: Settings
    annotate: str | None = DEFAULT_ANNOTATE   # "module:factory(batch_size, kb_file)"; None: no enrichment
    batch_delay_s: float = BATCH_DELAY_S
    preload: bool = False    # load the pipeline before taking jobs (else on the first batch)


class Runtime:
    """The state tasks share inside one worker process."""

    def __init__(self, options: WorkerOptions) -> None:
        self.options = options
        self._local = threading.local()
        self._pipeline_lock = threading.Lock()
        self._annotate: Annotate | None = None

    def annotate(self, articles: list) -> list:
        """The process's one pipeline, loaded on first use, one thread at a time."""
        with self._pipeline_lock:
            if self._annotate is None:
                module, _, name = (self.options.annotate or "").partition(":")
                factory = getattr(importlib.import_module(module), name)
                self._annotate = factory(self.options.settings.batch_size,
                                         self.options.settings.kb_file)
            return list(self._annotate(articles))

    def context(self) -> WatchContext:
        """This thread's context: its own store connection and HTTP client."""
        ctx: WatchContext | None = getattr(self._local, "ctx", None)
        if ctx is None or getattr(ctx.store, "closed", False):
            s = self.options.settings
            store = PatientStore(open_store(self.options.url))
            fetcher = Fetcher(s.user_agent, s.fetch_timeout, s.max_fetch_bytes, s.host_delay,
                              s.fetch_allow)
            ctx = WatchContext(store, fetcher, self.annotate if self.options.annotate else None,
                               s.near_duplicate_threshold, s.max_future_hours,
                               defer=procrastinate_defer(store), batch_size=s.batch_size,
                               batch_delay_s=self.options.batch_delay_s, settings=s)
            self._local.ctx = ctx
        return ctx

    def drop_context(self) -> None:
        """Forget this thread's connection after a failure that may have broken it; the next
        job opens a new one (a restarted database is reconnected to this way)."""
        ctx: WatchContext | None = getattr(self._local, "ctx", None)
        self._local.ctx = None
        if ctx is not None:
            for closing in (ctx.fetcher.close, ctx.store.close):
                try:
                    closing()
                except Exception:  # noqa: BLE001 - it is being thrown away anyway
                    pass


def connector(url: str) -> PsycopgConnector:
    """procrastinate's own pool, on the base's schema (``?schema=`` is ours, not libpq's)."""
    conn_url, schema, _ = split_url(url)
    kwargs: dict[str, Any] = {"conninfo": conn_url, "min_size": 1, "max_size": 4}
    if schema:
        kwargs["kwargs"] = {"options": f"-c search_path={schema}"}
    return PsycopgConnector(**kwargs)


def build_app(options: WorkerOptions) -> procrastinate.App:
    """The procrastinate app with Steppe's tasks and periodic chores registered."""
    app = procrastinate.App(connector=connector(options.url))
    runtime = Runtime(options)
    s = options.settings
    retry = procrastinate.RetryStrategy(max_attempts=max(0, s.job_max_attempts - 1),
                                        wait=s.job_retry_base,
                                        exponential_wait=2 if s.job_retry_base else 0)
    for spec in SPECS.values():
        app.task(name=spec.task_name, queue=spec.queue, retry=retry,
                 pass_context=True)(_task_body(runtime, spec.name))
    _chores(app, runtime, options)
    if options.preload and options.annotate:
        runtime.annotate([])
    return app


def _task_body(runtime: Runtime, kind: str) -> Callable[..., dict[str, int]]:
    def run(context: procrastinate.JobContext, **payload: Any) -> dict[str, int]:
        job = context.job
        ctx = runtime.context()
        handler = ctx.handlers().get(kind)
        if handler is None:
            raise RuntimeError(f"ce worker n’exécute pas les tâches {kind} (lancé sans "
                               "l’enrichissement ?)")
        try:
            apply = handler([Job(id=job.id or 0, kind=kind, payload=payload,
                                 attempts=job.attempts + 1)])
            result: dict[str, int] = {}
            if apply is not None:
                with ctx.store.transaction():
                    result = apply() or {}
        except Exception as exc:
            _keep_error(runtime, job.id, kind, exc)
            raise
        if result:
            try:
                cluster_new(ctx.store)
                queue_evaluation(ctx.store, ctx._defer, time.time(), EVALUATE_DELAY_S)
            except Exception:  # noqa: BLE001 - the story cursor did not move: next job retries
                pass
        return result
    run.__name__ = kind
    return run


def _keep_error(runtime: Runtime, job_id: int | None, kind: str, exc: BaseException) -> None:
    """Record the error for ``steppe jobs``; a broken connection is dropped (and reopened)."""
    try:
        procrastinate_sql.record_error(runtime.context().store, job_id or 0, kind,
                                       describe(exc), time.time())
    except Exception:  # noqa: BLE001 - the database itself may be what failed
        runtime.drop_context()


def _chores(app: procrastinate.App, runtime: Runtime, options: WorkerOptions) -> None:
    settings = options.settings

    @app.periodic(cron=SCHEDULE_CRON, periodic_id="schedule")
    @app.task(name="steppe.schedule", queue="fetch", queueing_lock="steppe.schedule")
    def schedule(timestamp: int) -> int:
        ctx = runtime.context()
        try:
            # a worker killed between a job's commit and its clustering left articles in no
            # story; with no further job they would wait for ever: catch up at each tick
            cluster_new(ctx.store)
            return schedule_due(ctx.store, time.time(), ctx.defer)
        except Exception:
            runtime.drop_context()
            raise

    @app.periodic(cron=retry_stalled_cron(settings.worker_stalled_after),
                  periodic_id="retry_stalled")
    @app.task(name="steppe.retry_stalled", queue="fetch", queueing_lock="steppe.retry_stalled",
              pass_context=True)
    async def retry_stalled(context: procrastinate.JobContext, timestamp: int) -> int:
        return await requeue_stalled(context.app.job_manager, settings.worker_stalled_after)

    @app.periodic(cron=PRUNE_CRON, periodic_id="prune")
    @app.task(name="steppe.prune", queue="fetch", queueing_lock="steppe.prune",
              pass_context=True)
    async def prune(context: procrastinate.JobContext, timestamp: int) -> None:
        await context.app.job_manager.delete_old_jobs(nb_hours=settings.jobs_keep_hours,
                                                      include_failed=False)


async def requeue_stalled(manager: Any, stalled_after: float) -> int:
    """Put the jobs of workers whose heartbeat stopped back in the queue; how many.

    Two cases are not errors. A job whose twin (same queueing lock) was queued meanwhile
    (the scheduler queued the source's next poll while the killed worker still "held" this
    one) cannot go back to ``todo`` beside it: it is deleted, and the twin does its work.
    A job that is no longer ``doing`` (another worker's chore requeued it first, or its
    worker came back and finished it) is left as it is."""
    requeued = 0
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after):
        try:
            await manager.retry_job(job)
            requeued += 1
        except procrastinate.exceptions.UniqueViolation:
            try:
                await manager.finish_job_by_id_async(job.id, procrastinate.jobs.Status.FAILED,
                                                     delete_job=True)
            except procrastinate.exceptions.ConnectorException:
                pass  # finished meanwhile
        except procrastinate.exceptions.ConnectorException:
            pass  # no longer doing: nothing to requeue
    return requeued


def retry_stalled_cron(stalled_after: float) -> str:
    """Every half of the stalled delay, in whole seconds from 1 to 30 (croniter's sixth
    field is seconds)."""
    return f"* * * * * */{min(30, max(1, int(stalled_after / 2)))}"


def with_settings(options: WorkerOptions, **changes: Any) -> WorkerOptions:
    return replace(options, settings=options.settings.with_(**changes))
