"""Enrichment in several processes: every core works, the caller still sees one ordered stream.

Why processes: the pipeline is CPU-bound Python and Cython under the GIL, so threads would not
help. Why ``spawn``: the enricher holds a loaded spaCy pipeline (about 450 MB, numpy buffers,
possibly BLAS thread pools); forking a process that holds it is unsafe and, through reference
counts touching every page, saves no memory anyway. So each worker process is started fresh,
loads the pipeline once and keeps it for every batch it is given.

The caller's process keeps everything that has an order or a transaction: reading the input,
storing, clustering. It sends batches of ``per_task`` articles (a multiple of the spaCy batch
size, so each worker runs ``nlp.pipe`` on exactly the mini-batches one process would: the
annotations are the same whatever the number of processes) and yields the results in input
order, keeping ``DEPTH`` batches queued per worker so no worker waits for the next one.

Faults: a worker that dies (killed, out of memory) ends the stream with an
``EnrichmentError`` naming the process and its signal; nothing it was doing reaches the
store, since the caller commits only what it received. Workers ignore Ctrl-C (the caller
stops them) and die with their parent (``PR_SET_PDEATHSIG``, and a parent check each second).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import queue
import resource
import signal
import threading
from collections import deque
from itertools import chain, islice
from multiprocessing.connection import Connection, wait
from typing import Any, Iterable, Iterator

from steppe.enrich.kb_access import install_overlay, overlay_state
from steppe.enrich.pipeline import Enricher
from steppe.errors import EnrichmentError
from steppe.model import Annotation, Article

DEPTH = 2             # batches queued per worker: the next one is there when one ends
START_TIMEOUT = 600   # seconds a worker may take to load the pipeline (a busy machine)


def default_processes() -> int:
    """The cores this process may run on (a container or ``taskset`` may allow fewer)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _peak_rss_mb() -> float:
    """This process's own peak memory: VmHWM, since ``ru_maxrss`` carries over the parent's
    peak through fork and exec (a worker of a 1 GB parent would report 1 GB)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _warm_up_articles() -> list[Article]:
    """Twenty real articles: a first batch pays lazy set-ups (seconds) that one short sentence
    does not trigger, and the workers should pay them before their first real batch."""
    import json
    from importlib.resources import files

    lines = files("steppe.resources").joinpath("demo_corpus.jsonl").read_text("utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()][:20]
    return [Article(id=f"warm-up-{i}", title=r.get("title"), text=r["text"], lang=r.get("lang"))
            for i, r in enumerate(records)]


class ParallelEnricher(Enricher):
    """An ``Enricher`` whose ``annotate_pairs`` runs in ``processes`` worker processes.

    An input of at most one batch is enriched in this process instead (starting workers that
    each load the pipeline costs more than enriching a few articles); so does everything when
    ``processes`` is 1. Use as a context manager, or call ``close``, to stop the workers."""

    def __init__(self, processes: int, batch_size: int = 64, kb_file: str = "",
                 per_task: int | None = None, events: bool = True) -> None:
        super().__init__(batch_size=batch_size, kb_file=kb_file, events=events)
        self.processes = processes
        self.per_task = per_task or 2 * batch_size
        self._pool: _Pool | None = None
        self._seq = itertools.count()

    def __enter__(self) -> "ParallelEnricher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the workers and wait until each has loaded the pipeline (benchmarks start
        them before the clock; ingestion starts them when an input needs them)."""
        if self._pool is None:
            self._pool = _Pool(self.processes, self.batch_size, self.kb_file, self.events)

    def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.close()

    def memory_mb(self) -> dict[int, float]:
        """Peak resident memory of each worker process (pid → MB), as last reported."""
        return dict(self._pool.rss_mb) if self._pool else {}

    def annotate_pairs(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Annotation]]:
        """(article, annotation) pairs in input order, the articles being the caller's own
        objects (with ``lang`` filled in as ``Enricher`` does)."""
        items = iter(articles)
        if self._pool is None:
            if self.processes <= 1:  # no workers to start: everything here, in this process
                yield from super().annotate_pairs(items)
                return
            first, error = _take(items, self.per_task + 1)
            if len(first) <= self.per_task:
                yield from super().annotate_pairs(first)
                if error is not None:
                    raise error
                return
            items = chain(first, items)  # (an error while reading would have ended ``first``)
            self.start()
        try:
            yield from self._parallel(items)
        except (EnrichmentError, KeyboardInterrupt):
            self.close()  # a dead or interrupted pool is not reused; the next call starts anew
            raise

    def _parallel(self, items: Iterator[Article]) -> Iterator[tuple[Article, Annotation]]:
        """Keep the workers fed, yield in order; an input error is raised after the batches
        read before it are yielded (as one process would have stored them)."""
        pool = self._pool
        assert pool is not None
        sent: deque[tuple[int, list[Article]]] = deque()
        done: dict[int, Any] = {}
        error: Exception | None = None
        ended = False
        while True:
            while not ended and pool.in_flight < DEPTH * pool.size:
                batch, error = _take(items, self.per_task)
                ended = error is not None or len(batch) < self.per_task
                if batch:
                    sent.append((next(self._seq), batch))
                    pool.submit(*sent[-1])
            if not sent:
                break
            seq, batch = sent.popleft()
            while seq not in done:
                got, payload = pool.receive()
                if any(got == s for s, _ in sent) or got == seq:
                    done[got] = payload  # results of an abandoned stream are dropped
            payload = done.pop(seq)
            if isinstance(payload, str):
                raise EnrichmentError(f"enrichment failed in a worker process: {payload} "
                                      "(run with --processes 1 --debug for the traceback)")
            for article, (lang, annotation) in zip(batch, payload):
                article.lang = lang
                yield article, annotation
        if error is not None:
            raise error


def _take(items: Iterator[Article], n: int) -> tuple[list[Article], Exception | None]:
    """Up to ``n`` items, and the error that stopped the reading early, if any."""
    batch: list[Article] = []
    try:
        batch.extend(islice(items, n))
    except Exception as exc:  # an input error: raised once what was read is enriched
        return batch, exc
    return batch, None


class _Pool:
    """The worker processes, each with a task pipe and a result pipe.

    Why pipes and not one shared ``multiprocessing.Queue``: a queue carries named semaphores,
    which the resource tracker reports as leaked (two lines of warnings after « interrompu »)
    when Ctrl-C or a killed worker ends the pool while one of them is held. A batch goes to the
    worker with the fewest batches in hand, which balances as well for batches of one size."""

    def __init__(self, size: int, batch_size: int, kb_file: str, events: bool = True) -> None:
        context = multiprocessing.get_context("spawn")
        self.size = size
        self.in_flight = 0
        self.rss_mb: dict[int, float] = {}
        self._workers: list[tuple[Any, Connection, Connection]] = []
        self._load: dict[int, int] = {}
        self._owner: dict[int, int] = {}
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # inherited: Ctrl-C is ours
        try:
            for _ in range(size):
                task_reader, task_writer = context.Pipe(duplex=False)
                reader, writer = context.Pipe(duplex=False)
                process = context.Process(target=_serve, name="steppe-enrich", daemon=True,
                                          args=(task_reader, writer, batch_size, kb_file,
                                                os.getpid(), events, overlay_state()))
                process.start()
                writer.close()
                task_reader.close()
                self._workers.append((process, reader, task_writer))
                self._load[process.pid] = 0
        finally:
            signal.signal(signal.SIGINT, previous)
        try:
            self._await_ready()
        except BaseException:
            self.close()
            raise

    def _await_ready(self) -> None:
        waiting = {process.pid for process, _, _ in self._workers}
        while waiting:
            pid, _, payload = self._next_message(START_TIMEOUT)
            if isinstance(payload, str):
                raise EnrichmentError(f"an enrichment process could not start: {payload}")
            waiting.discard(pid)

    def submit(self, seq: int, batch: list[Article]) -> None:
        process, _, tasks = min(self._workers, key=lambda w: self._load[w[0].pid])
        try:
            tasks.send((seq, batch))  # the worker's inbox thread drains its pipe at once
        except OSError:  # the worker is gone: its exit says why
            process.join(1)
            raise EnrichmentError(_death(process)) from None
        self._load[process.pid] += 1
        self._owner[seq] = process.pid
        self.in_flight += 1

    def receive(self) -> tuple[int, Any]:
        """The next result of any worker: (batch number, [(lang, annotation)] or an error)."""
        pid, seq, payload = self._next_message(None)
        self._load[pid] -= 1
        self._owner.pop(seq, None)
        self.in_flight -= 1
        return seq, payload

    def _next_message(self, timeout: float | None) -> tuple[int, Any, Any]:
        """(worker pid, batch number or None, payload) of the next message of any worker."""
        readers = {reader: process for process, reader, _ in self._workers}
        sentinels = {process.sentinel: process for process, _, _ in self._workers}
        while True:
            ready = wait(list(readers) + list(sentinels), timeout)
            if not ready:
                raise EnrichmentError(f"the enrichment processes did not start in {timeout} s")
            for reader in (r for r in ready if r in readers):  # messages before deaths
                try:
                    kind, key, payload, rss = reader.recv()
                except (EOFError, OSError):
                    del readers[reader]  # the worker is gone: its sentinel says why
                    continue
                pid = readers[reader].pid
                self.rss_mb[pid] = rss
                return pid, key, payload
            for sentinel in ready:
                if sentinel in sentinels:
                    sentinels[sentinel].join(1)
                    raise EnrichmentError(_death(sentinels[sentinel]))

    def close(self) -> None:
        """Stop every worker now: their work in hand is of no use to anyone."""
        for process, _, _ in self._workers:
            if process.is_alive():
                process.kill()
        for process, reader, tasks in self._workers:
            process.join(5)
            reader.close()
            tasks.close()
        self._workers = []


def _death(process: Any) -> str:
    """One line on why a worker ended."""
    code = process.exitcode
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        hint = " (out of memory? try fewer --processes)" if name == "SIGKILL" else ""
        how = f"was killed by {name}{hint}"
    else:
        how = f"exited with code {code}"
    return (f"enrichment process {process.pid} {how}; the articles it was enriching "
            "were not stored")


# -- the worker process ----------------------------------------------------------------------

def _serve(tasks: Connection, results: Connection, batch_size: int, kb_file: str,
           parent: int, events: bool = True, overlay: Any = None) -> None:
    """A worker's life: load the pipeline once, then enrich batch after batch until told to
    stop or the parent is gone. A batch that raises is reported, not fatal."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    outbox = _Outbox(results)
    install_overlay(overlay)  # the parent's KB curation (steppe.curate), as it started us
    try:
        enricher = Enricher(batch_size=batch_size, kb_file=kb_file, events=events)
        list(enricher.annotate_pairs(_warm_up_articles()))
    except Exception as exc:
        outbox.send(("ready", None, f"{type(exc).__name__}: {exc}", _peak_rss_mb()))
        outbox.flush()
        return
    outbox.send(("ready", None, None, _peak_rss_mb()))
    inbox = _Inbox(tasks)
    while os.getppid() == parent:
        try:
            task = inbox.get(timeout=1.0)
        except queue.Empty:
            continue
        if task is None:
            break
        seq, batch = task
        try:
            payload: Any = [(a.lang, ann) for a, ann in enricher.annotate_pairs(batch)]
        except Exception as exc:
            payload = f"{type(exc).__name__}: {exc}"
        outbox.send(("done", seq, payload, _peak_rss_mb()))
    outbox.flush()


class _Inbox(queue.Queue):
    """Tasks read by a thread as soon as they arrive, so the parent's send of a large batch
    never waits for the batch in hand to end; ``None`` once the parent closes the pipe."""

    def __init__(self, conn: Connection) -> None:
        super().__init__()
        threading.Thread(target=self._run, args=(conn,), daemon=True).start()

    def _run(self, conn: Connection) -> None:
        while True:
            try:
                self.put(conn.recv())
            except (EOFError, OSError):  # the parent closed its end or is gone
                self.put(None)
                return


class _Outbox:
    """Results sent by a thread, so the worker goes on with its next batch while the parent
    is busy committing and not reading yet."""

    def __init__(self, conn: Connection) -> None:
        self._queue: queue.Queue[bytes | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, args=(conn,), daemon=True)
        self._thread.start()

    def send(self, message: tuple) -> None:
        from multiprocessing.reduction import ForkingPickler

        self._queue.put(bytes(ForkingPickler.dumps(message)))

    def flush(self) -> None:
        self._queue.put(None)
        self._thread.join()

    def _run(self, conn: Connection) -> None:
        while (data := self._queue.get()) is not None:
            try:
                conn.send_bytes(data)
            except OSError:  # the parent is gone
                os._exit(0)


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (a killed ``steppe ingest`` must not
    leave 450 MB workers behind); elsewhere the once-a-second parent check does it."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
