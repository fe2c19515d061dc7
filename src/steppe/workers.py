"""A worker: claims jobs from the store's job table, runs them, and finishes them exactly once.

Any number of workers may share one PostgreSQL job table, on any number of machines (claims
use ``FOR UPDATE SKIP LOCKED``); with SQLite, run one. A job runs in two phases:

1. ``handler(jobs)`` does the slow part (HTTP, parsing, enrichment) outside any transaction
   and returns an ``apply`` function holding the writes;
2. ``apply()`` and the completion of the jobs commit in ONE transaction, and completion
   succeeds only while this worker still holds the claim. A worker that lost its lease (it
   was too slow, or presumed dead) rolls back, so a job's effects are committed once.

A worker killed mid-job leaves its job ``running``; once the lease expires another worker
takes it again. A job that raises is retried after an exponential back-off, and parked with
its error after ``max_attempts`` (``steppe jobs`` shows it; ``steppe jobs --retry`` requeues).

A worker killed outright on this machine need not wait for its lease, though: a worker
starting, or idle, looks at the claims of running jobs, and a claim made by a process of this
host that no longer exists (worker ids are ``host:pid:token``) ends at once, so
``steppe watch`` restarted after a crash goes on with the job it was doing. The attempt stays
spent: a job that kills its worker each time is still parked after ``max_attempts``.

A worker outlives its database server: when the connection is lost (PostgreSQL restarted,
backends terminated), it waits and reconnects with a back-off, then hands the jobs it held
back to the queue at once, without spending an attempt — unless their completion had already
committed, which the claim check tells apart. Nothing is lost, nothing runs twice.
"""

from __future__ import annotations

import os
import secrets
import socket
import time
from collections import Counter
from typing import Callable

from steppe.errors import SteppeError
from steppe.model import Job
from steppe.store.base import Store
from steppe.store.reconnect import Link
from steppe.stories import cluster_new

Apply = Callable[[], "dict[str, int] | None"]
Handler = Callable[[list[Job]], "Apply | None"]
MAX_RETRY_DELAY = 3600.0
RECONNECT_FIRST_S = 0.5     # first wait before reconnecting; doubles up to RECONNECT_MAX_S
RECONNECT_MAX_S = 30.0
RELEASE_EVERY_S = 30.0      # how often an idle worker looks for dead workers' claims
CONNECTION_LOST = "database connection lost while the job ran; requeued"


class LeaseLost(Exception):
    """The claim moved on to another worker before this one finished: roll back."""


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def dead_here(worker: str) -> bool:
    """Whether ``worker`` (an id of ``worker_id()``) was a process of this host that is gone.

    False whenever unsure (another host, a name of another form, a process of another user):
    that claim then ends with its lease, as before."""
    host, _, rest = worker.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def describe(exc: BaseException) -> str:
    """One line for a job's ``last_error``."""
    if isinstance(exc, SteppeError):
        return str(exc)
    return " ".join(f"{type(exc).__name__}: {exc}".split())


class Worker:
    """Claims and runs jobs of the kinds it has handlers for.

    ``batch`` gives kinds that are claimed several at a time (enrichment runs in batches);
    other kinds are claimed one by one. Counts of what happened accumulate in ``counts``.
    """

    def __init__(self, store: Store, handlers: dict[str, Handler], *, lease_s: float = 300,
                 max_attempts: int = 5, retry_base_s: float = 30,
                 batch: dict[str, int] | None = None, name: str | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.store, self.handlers = store, handlers
        self.lease_s, self.max_attempts, self.retry_base_s = lease_s, max_attempts, retry_base_s
        self.batch = batch or {}
        self.id = name or worker_id()
        self.clock = clock
        self.counts: Counter[str] = Counter()
        self._singles_since_batch = 0
        self._link = Link(store)
        self._held: list[Job] = []      # claimed, outcome not yet recorded
        self._released_at = -RELEASE_EVERY_S  # when dead workers' claims were last looked for

    @property
    def kinds(self) -> list[str]:
        return list(self.handlers)

    def _plan(self) -> list[tuple[list[str], int]]:
        """Which claims to try, in order: batched kinds go first once a batch's worth of
        single jobs ran since the last batch (so enrichment keeps up with fetching)."""
        singles = [k for k in self.handlers if k not in self.batch]
        batched = [([k], n) for k, n in self.batch.items() if k in self.handlers]
        plan = ([(singles, 1)] if singles else []) + batched
        if batched and self._singles_since_batch >= max(n for _, n in batched):
            plan = batched + ([(singles, 1)] if singles else [])
        return plan

    def step(self) -> int:
        """Claim and run one job (or one batch); how many jobs were handled (0: none due)."""
        for kinds, limit in self._plan():
            jobs = self.store.claim_jobs(self.id, limit, self.lease_s, self.clock(), kinds,
                                         self.max_attempts)
            if jobs:
                self._singles_since_batch = 0 if jobs[0].kind in self.batch else \
                    self._singles_since_batch + len(jobs)
                self._run(jobs)
                return len(jobs)
        return 0

    def run(self, until_idle: bool = False, stop: Callable[[], bool] = lambda: False,
            idle_sleep: float = 1.0, between: Callable[[], None] | None = None) -> Counter[str]:
        """Work until ``stop()`` — or, with ``until_idle``, until no job of our kinds is
        queued or running anywhere. ``between`` runs before each claim (the scheduler)."""
        while not stop():
            try:
                if time.monotonic() - self._released_at >= RELEASE_EVERY_S:
                    self.release_dead_claims()
                if between is not None:
                    between()
                if self.step():
                    continue
                # idle: articles a killed worker stored but never put into stories (its
                # commit landed, its clustering did not) are clustered now, not after the
                # next job, which may never come (two small reads when nothing is behind)
                self._cluster()
                if until_idle and self.store.pending_jobs(self.kinds) == 0:
                    break
            except Exception:
                if not self._link.lost():
                    raise
                self._recover(stop)
                continue
            time.sleep(idle_sleep)
        return self.counts

    def release_dead_claims(self) -> int:
        """End the claims of this host's dead workers (see the module's docstring)."""
        self._released_at = time.monotonic()
        released = 0
        for job_id, worker, attempts in self.store.running_claims():
            if worker != self.id and dead_here(worker) and \
                    self.store.release_claim(job_id, worker, attempts, self.clock()):
                released += 1
        if released:
            self.counts["taken from dead workers"] += released
        return released

    def _recover(self, stop: Callable[[], bool]) -> None:
        """Wait for the database, reconnect, and requeue the jobs held when the link broke."""
        self.counts["connection lost"] += 1
        delay = RECONNECT_FIRST_S
        while not stop():
            time.sleep(delay)
            try:
                self._link.reconnect()
                self._requeue_held()
                self.counts["reconnected"] += 1
                return
            except Exception:
                if not self._link.lost():
                    raise
            delay = min(delay * 2, RECONNECT_MAX_S)

    def _requeue_held(self) -> None:
        """Back to the queue, due now, the attempt not counted against the job (a server
        restart is not the job's fault). A job whose completion committed before the link
        broke is done: ``fail_job`` finds it no longer running and leaves it alone."""
        now = self.clock()
        for job in self._held:
            if self.store.fail_job(job, self.id, CONNECTION_LOST, now, now,
                                   job.attempts + 1) == "queued":
                self.counts[f"{job.kind} requeued"] += 1
        self._held = []

    def _run(self, jobs: list[Job]) -> None:
        handler = self.handlers[jobs[0].kind]
        self._held = jobs
        try:
            apply = handler(jobs)
            with self.store.transaction():
                result = apply() if apply is not None else None
                now = self.clock()
                for job in jobs:
                    if not self.store.complete_job(job, self.id, now):
                        raise LeaseLost(f"tâche {job.id} reprise par un autre worker")
        except LeaseLost:
            self._held = []
            self.counts["lease lost"] += len(jobs)
            return
        except Exception as exc:  # a failing job must not stop the worker: record and go on
            if self._link.lost():
                raise                   # not the job's failure: run() reconnects, requeues
            self._fail(jobs, exc)
            self._held = []
            return
        self._held = []
        self.counts[f"{jobs[0].kind} done"] += len(jobs)
        self.counts.update(result or {})
        self._cluster()

    def _cluster(self) -> None:
        """Put what the job stored into stories (two small reads when it stored nothing).

        A failure here is counted, not raised: the job's effects are committed, and the next
        call picks the same articles up again, since the story cursor did not move."""
        try:
            clustered = cluster_new(self.store)
            if clustered:
                self.counts["clustered"] += clustered
        except Exception:  # noqa: BLE001 - retried by the next call, never lost
            self.counts["clustering failed"] += 1

    def _fail(self, jobs: list[Job], exc: BaseException) -> None:
        now, message = self.clock(), describe(exc)
        for job in jobs:
            delay = min(self.retry_base_s * 2 ** max(job.attempts - 1, 0), MAX_RETRY_DELAY)
            state = self.store.fail_job(job, self.id, message, now, now + delay,
                                        self.max_attempts)
            self.counts[f"{job.kind} {'parked' if state == 'parked' else 'failed'}"] += 1
