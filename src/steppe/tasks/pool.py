"""``steppe worker`` on PostgreSQL: N procrastinate worker processes, watched by a parent.

One process per core by default, because enrichment is CPU-bound and Python runs one
thread's bytecode at a time; inside each process, ``concurrency`` threads overlap fetching
(I/O). Any number of such pools may run on any number of machines against one database.

The parent starts the processes (spawned: a clean interpreter each, no forked connections),
reports what the queue holds and each process's memory, and stops them on Ctrl-C / SIGTERM
(procrastinate's graceful shutdown: running jobs finish). A process that dies is replaced;
the jobs it held are retried by ``steppe.retry_stalled`` once its heartbeat is stale.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from steppe.enrich.parallel import _die_with_parent as die_with_parent
from steppe.errors import StoreError
from steppe.store import open_store, procrastinate_sql
from steppe.tasks.app import WorkerOptions, build_app
from steppe.tasks.registry import BATCHER_KEY, QUEUES, procrastinate_defer
from steppe.workers import describe

STOP_GRACE_S = 30.0
RECONNECT_FIRST_S = 0.5   # first wait before a worker that lost its database starts again
RECONNECT_MAX_S = 30.0


@dataclass
class PoolStatus:
    """What the parent shows while the pool runs."""

    counts: dict[str, int] = field(default_factory=dict)   # status -> jobs
    memory_mb: dict[int, float] = field(default_factory=dict)   # pid -> resident MB
    restarts: int = 0


def serve(options: WorkerOptions, queues: list[str] | None, concurrency: int,
          ready: Any = None, stopping: Any = None) -> None:
    """One worker process: a procrastinate worker running Steppe's tasks until SIGTERM.

    It dies with its parent (a killed ``steppe worker`` leaves no orphans working on); the
    jobs it held are then retried once its heartbeat is stale."""
    die_with_parent()
    _one_line_logs(options.settings.debug)
    app = build_app(options)   # loads the pipeline now with ``options.preload``
    if ready is not None:
        ready.set()
    settings = options.settings

    async def main() -> None:
        async with app.open_async():
            await app.run_worker_async(
                queues=queues, concurrency=concurrency, name=f"steppe-{os.getpid()}",
                update_heartbeat_interval=settings.worker_heartbeat,
                stalled_worker_timeout=settings.worker_stalled_after,
                fetch_job_polling_interval=2.0, delete_jobs="never",
                install_signal_handlers=True, shutdown_graceful_timeout=STOP_GRACE_S)

    # procrastinate stops its worker when the database goes away (its listener fails); the
    # app, and the loaded pipeline, outlive that: start the worker again with a back-off
    # until the parent says we are stopping (``stopping``), as it does before SIGTERM.
    delay = RECONNECT_FIRST_S
    while True:
        started = time.monotonic()
        reason = "it stopped"
        try:
            asyncio.run(main())
        except KeyboardInterrupt:
            return
        except Exception as exc:  # noqa: BLE001 - the database went away: wait, start again
            reason = describe(exc)
        if stopping is None or stopping.is_set():
            return                      # asked to stop (SIGTERM, Ctrl-C): jobs finished
        if time.monotonic() - started > 60:
            delay = RECONNECT_FIRST_S   # it ran a while: a new outage, not the same one
        logging.getLogger("steppe.worker").warning(
            "worker lost the database (%s); starting again in %.1f s (jobs it held are "
            "retried once its heartbeat is stale)", reason, delay)
        time.sleep(delay)
        delay = min(delay * 2, RECONNECT_MAX_S)


class _OneLine(logging.Formatter):
    """Log records on one line: a failing job's exception as its type and message, not a
    traceback (``--debug`` keeps tracebacks)."""

    def format(self, record: logging.LogRecord) -> str:
        exc, record.exc_info, record.exc_text = record.exc_info, None, None
        line = super().format(record)
        if exc and exc[1] is not None:
            line += f" ({describe(exc[1])})"
        return " ".join(line.split())


def _one_line_logs(debug: bool) -> None:
    handler = logging.StreamHandler()
    fmt = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    handler.setFormatter(logging.Formatter(fmt) if debug else _OneLine(fmt))
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)


def resident_mb(pid: int) -> float | None:
    """A process's resident memory (VmRSS), in MB; None when it is gone or unreadable."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


class WorkerPool:
    """The parent of ``processes`` worker processes."""

    def __init__(self, options: WorkerOptions, processes: int, concurrency: int = 4,
                 queues: list[str] | None = None) -> None:
        unknown = sorted(set(queues or []) - set(QUEUES))
        if unknown:
            raise ValueError(f"files inconnues : {', '.join(unknown)} ; files connues : "
                             f"{', '.join(QUEUES)}")
        self.options, self.processes, self.concurrency = options, processes, concurrency
        self.queues = queues or None   # None: every queue, the periodic chores' included
        self.status = PoolStatus()
        self._children: list[Any] = []
        self._pending: int | None = None
        self._spawn = multiprocessing.get_context("spawn")
        self._stopping = self._spawn.Event()   # set before SIGTERM: children must not restart
        self._ready: list[Any] = []            # kept alive until the children have read them

    def check(self) -> None:
        """Refuse to start without procrastinate's tables (one line naming the fix); queue a
        batcher at once for articles left waiting for enrichment (rather than at the next
        periodic sweep)."""
        store = open_store(self.options.url, create=False)
        try:
            procrastinate_sql.require(store)
            if self._enriches() and store.count_pending():
                procrastinate_defer(store)([("enrich_batch", {}, BATCHER_KEY)], time.time())
        finally:
            store.close()

    def start(self, wait_ready_s: float | None = None) -> None:
        """Start the processes; with ``wait_ready_s``, wait until each has built its app
        (and, with ``options.preload``, loaded its pipeline): benchmarks start the clock then."""
        self.check()
        events = self._ready = [self._spawn.Event() for _ in range(self.processes)]
        for event in events:
            self._children.append(self._start_one(event))
        if wait_ready_s is not None:
            deadline = time.monotonic() + wait_ready_s
            for event in events:
                if not event.wait(max(0.0, deadline - time.monotonic())):
                    self.stop()
                    raise TimeoutError(f"processus de travail toujours pas prêts après {wait_ready_s:.0f} s")

    def _start_one(self, ready: Any = None) -> Any:
        child = self._spawn.Process(target=serve, args=(self.options, self.queues,
                                                        self.concurrency, ready, self._stopping),
                                    daemon=False)
        child.start()
        return child

    def _enriches(self) -> bool:
        """Whether this pool enriches: articles waiting for it are work left to do."""
        return bool(self.options.annotate) and (self.queues is None or "enrich" in self.queues)

    def pids(self) -> list[int]:
        return [c.pid for c in self._children if c.pid is not None]

    def supervise(self) -> None:
        """Replace dead children and refresh ``status`` (call every few seconds)."""
        for i, child in enumerate(self._children):
            if not child.is_alive():
                child.join(0)
                self._children[i] = self._start_one()
                self.status.restarts += 1
        self.status.memory_mb = {pid: mb for pid in self.pids()
                                 if (mb := resident_mb(pid)) is not None}
        self._pending = None
        try:
            store = open_store(self.options.url, create=False)
        except StoreError:   # the database is away: the workers wait for it, so do we
            self.status.counts = {"database unreachable": 1}
            return
        try:
            counts: dict[str, int] = {}
            for _, _, status, n in procrastinate_sql.counts(store):
                counts[status] = counts.get(status, 0) + n
            self.status.counts = counts
            self._pending = procrastinate_sql.pending(store, self.queues) + \
                (store.count_pending() if self._enriches() else 0)
        except StoreError:
            self.status.counts = {"database unreachable": 1}
        finally:
            store.close()

    def run(self, *, until_idle: bool = False, stop: Callable[[], bool] = lambda: False,
            every: float = 2.0, on_status: Callable[[PoolStatus], None] | None = None) -> None:
        """Supervise until ``stop()`` (or, with ``until_idle``, until no job waits or runs
        in our queues, twice in a row), then stop the children."""
        idle_checks = 0
        try:
            while not stop():
                self.supervise()
                if on_status is not None:
                    on_status(self.status)
                idle_checks = idle_checks + 1 if until_idle and self._pending == 0 else 0
                if idle_checks >= 2:
                    break
                time.sleep(every)
        finally:
            self.stop()

    def stop(self) -> None:
        """SIGTERM (graceful: running jobs finish), then SIGKILL after the grace period."""
        self._stopping.set()
        for child in self._children:
            if child.is_alive() and child.pid:
                os.kill(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_S + 5
        for child in self._children:
            child.join(max(0.1, deadline - time.monotonic()))
            if child.is_alive():
                child.kill()
                child.join(5)
        self._children = []
