"""The task set: each task's queue, retry policy and queueing lock, defined once.

Retries follow the settings on both runners: ``job_max_attempts`` runs, waits growing from
``job_retry_base`` seconds; then the job is parked (job table) or failed (procrastinate),
with its error, for ``steppe jobs`` to show and retry.

The functions that run the tasks are the handlers of ``steppe.watch.WatchContext`` (slow part
outside any transaction, then an ``apply`` holding the writes). Two runners call them:

* the store's own job table and ``steppe.workers.Worker``: the in-process runner of the
  embedded default (SQLite; ``steppe watch``), no server needed;
* procrastinate (``steppe.tasks.app``) on PostgreSQL: ``steppe worker`` on any number of
  machines.

A handler queues follow-up work through a ``Defer`` function, which each runner supplies:
``local_defer`` writes the job table, ``procrastinate_defer`` procrastinate's, both inside
the transaction of the write that causes the job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from steppe.errors import quoted
from steppe.store import procrastinate_sql
from steppe.store.base import Store

Defer = Callable[..., int]   # (jobs: [(kind, payload, key)], now, run_after=None) -> queued


@dataclass(frozen=True)
class TaskSpec:
    """What a runner needs to know about a task besides its function."""

    name: str
    queue: str               # "fetch": I/O-bound, run concurrently; "enrich": CPU-bound
    doc: str

    @property
    def task_name(self) -> str:
        return f"steppe.{self.name}"


SPECS: dict[str, TaskSpec] = {s.name: s for s in (
    TaskSpec("fetch_source", "fetch",
             "poll one source's feed; queue a page task per new item (lock: source:NAME)"),
    TaskSpec("fetch_page", "fetch",
             "fetch, extract, date, deduplicate and store one page (lock: page:URL)"),
    TaskSpec("enrich_batch", "enrich",
             "move the articles waiting for enrichment into enrich jobs of a batch each"),
    TaskSpec("enrich", "enrich",
             "enrich a batch of articles through one loaded pipeline; store what changed"),
    TaskSpec("reannotate", "reannotate",
             "re-enrich a batch of stored articles after a pipeline or KB change"),
    TaskSpec("evaluate_alerts", "deliver",
             "match the changes clustered since each alert's cursor; record the deliveries "
             "due and queue them (lock: alerts:evaluate)"),
    TaskSpec("deliver_alert", "deliver",
             "send one alert delivery (webhook or e-mail) and mark it sent (lock: delivery:ID)"),
)}
QUEUES = ("fetch", "enrich", "reannotate", "deliver")
BATCHER_KEY = "enrich_batch"   # at most one batcher waiting at a time


def spec(kind: str) -> TaskSpec:
    try:
        return SPECS[kind]
    except KeyError:
        raise ValueError(f"tâche inconnue {quoted(kind)} ; tâches connues : {', '.join(SPECS)}") from None


def kind_of(task_name: str) -> str:
    """``steppe.fetch_page`` → ``fetch_page``."""
    return task_name.removeprefix("steppe.")


def local_defer(store: Store) -> Defer:
    """Defer into the store's own job table (the in-process runner's queue)."""
    return store.enqueue_jobs


def procrastinate_defer(store: Any) -> Defer:
    """Defer into procrastinate's job table on the store's own connection: the job commits
    or rolls back with the caller's writes. The job key is procrastinate's queueing lock."""
    def defer(jobs: list[tuple[str, dict[str, Any], str | None]], now: float,
              run_after: float | None = None) -> int:
        calls = [procrastinate_sql.TaskCall(spec(kind).task_name, spec(kind).queue, payload,
                                            queueing_lock=key, scheduled_at=run_after)
                 for kind, payload, key in jobs]
        return procrastinate_sql.defer(store, calls)
    return defer


def uses_procrastinate(url: str) -> bool:
    """PostgreSQL bases run their jobs on procrastinate; SQLite on the in-process runner."""
    return url.startswith(("postgresql://", "postgres://"))
