"""``steppe bench ingest --backend postgresql://…``: the enriched ingest through procrastinate.

The same local feed as ``bench.ingest``; this process parses it and stores each chunk of
``CHUNK`` candidates as a page task's ``apply`` does (articles, their enrichment waiting, a
batcher deferred, one transaction: pages arrive a few at a time, and a long transaction would
hold the writers' lock the workers' batches need), while procrastinate worker processes (``steppe.tasks.pool``) run
the ``enrich_batch`` and ``enrich`` tasks. The clock runs from the first item to the last
annotation stored. Each run uses a fresh schema of the given database, dropped afterwards;
the workers are started, and their pipeline loaded, before the clock.
"""

from __future__ import annotations

import secrets
import time
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import sql

from steppe.bench.ingest import _candidates
from steppe.collect import store_candidate
from steppe.settings import Settings
from steppe.store import open_store, procrastinate_sql
from steppe.store.pg_url import split_url
from steppe.tasks.app import DEFAULT_ANNOTATE, WorkerOptions
from steppe.tasks.pool import WorkerPool
from steppe.tasks.registry import BATCHER_KEY, procrastinate_defer

ANNOTATE = DEFAULT_ANNOTATE   # the workers' pipeline ("module:factory"; tests swap it)
CHUNK = 20            # items per transaction, as pages that land together
READY_S = 300.0
DRAIN_TIMEOUT_S = 3600.0


def run_queue(feed: Path, backend: str, processes: int, batch_size: int,
              annotate: str | None = None, backlog: bool = False) -> dict[str, Any]:
    """Items/s of the enriched ingest through ``processes`` procrastinate worker processes;
    with ``backlog``, of the enrichment queue alone: the items are stored first (untimed),
    then queued for enrichment at once, and the clock runs until the workers drained it."""
    annotate = annotate or ANNOTATE
    conn_url, _, _ = split_url(backend)
    schema = "steppe_bench_" + secrets.token_hex(4)
    url = _with_schema(backend, schema)
    try:
        if backlog:
            return _measure_backlog(feed, url, processes, batch_size, annotate)
        return _measure(feed, url, processes, batch_size, annotate)
    finally:
        with psycopg.connect(conn_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                sql.Identifier(schema)))


def _with_schema(url: str, schema: str) -> str:
    """``url`` naming ``schema`` (a schema the URL named already is replaced)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "schema"] + [("schema", schema)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _measure(feed: Path, url: str, processes: int, batch_size: int,
             annotate: str) -> dict[str, Any]:
    settings = Settings.from_env(db=url, batch_size=batch_size)
    store = open_store(url)
    pool = WorkerPool(WorkerOptions(url, settings, annotate, batch_delay_s=0.5, preload=True),
                      processes, concurrency=1, queues=["enrich"])
    counts: dict[str, int] = {}
    try:
        loading = time.perf_counter()
        pool.start(wait_ready_s=READY_S)
        ready_s = time.perf_counter() - loading
        defer = procrastinate_defer(store)
        now = time.time()
        start = time.perf_counter()
        candidates = _candidates(feed, now, counts)
        while chunk := list(islice(candidates, CHUNK)):
            with store.transaction():
                stored = []
                for candidate in chunk:
                    outcome, article_id = store_candidate(store, candidate, None, now=now)
                    counts[outcome] = counts.get(outcome, 0) + 1
                    if outcome in ("new", "linked", "updated"):
                        stored.append(article_id)
                store.add_pending(stored, now)
                defer([("enrich_batch", {}, BATCHER_KEY)], now, time.time() + 0.5)
        stored_s = time.perf_counter() - start
        _drain(store, pool)
        seconds = time.perf_counter() - start
        pool.supervise()
        memory = sorted(pool.status.memory_mb.values())
        jobs = {f"{t.removeprefix('steppe.')} {s}": n
                for _, t, s, n in procrastinate_sql.counts(store)}
        annotated = int(store._q("SELECT count(*) FROM articles WHERE annotation IS NOT NULL")
                        .fetchone()[0])
    finally:
        pool.stop()
        store.close()
    total = sum(counts.values())
    return {"items": total, "seconds": round(seconds, 2), "items_per_s": round(total / seconds, 1),
            "stored_after_s": round(stored_s, 2), "annotated": annotated, **counts,
            "workers_ready_s": round(ready_s, 1), "worker_rss_mb": memory, "jobs": jobs}


def _measure_backlog(feed: Path, url: str, processes: int, batch_size: int,
                     annotate: str) -> dict[str, Any]:
    settings = Settings.from_env(db=url, batch_size=batch_size)
    store = open_store(url)
    counts: dict[str, int] = {}
    stored: list[str] = []
    now = time.time()
    candidates = _candidates(feed, now, counts)
    while chunk := list(islice(candidates, 500)):
        with store.transaction():
            for candidate in chunk:
                outcome, article_id = store_candidate(store, candidate, None, now=now)
                if outcome in ("new", "linked", "updated"):
                    stored.append(article_id)
    pool = WorkerPool(WorkerOptions(url, settings, annotate, batch_delay_s=0.0, preload=True),
                      processes, concurrency=1, queues=["enrich"])
    try:
        pool.start(wait_ready_s=READY_S)
        start = time.perf_counter()
        with store.transaction():
            store.add_pending(stored, now)
            procrastinate_defer(store)([("enrich_batch", {}, BATCHER_KEY)], now)
        _drain(store, pool)
        seconds = time.perf_counter() - start
        pool.supervise()
        memory = sorted(pool.status.memory_mb.values())
    finally:
        pool.stop()
        store.close()
    return {"articles": len(stored), "seconds": round(seconds, 2),
            "articles_per_s": round(len(stored) / seconds, 1), "worker_rss_mb": memory}


def _drain(store: Any, pool: WorkerPool) -> None:
    """Wait until no article waits for enrichment and no enrich job is left."""
    deadline = time.monotonic() + DRAIN_TIMEOUT_S
    while store.count_pending() or procrastinate_sql.pending(store, ["enrich"]):
        if time.monotonic() > deadline:
            raise TimeoutError("the workers did not drain the queue")
        time.sleep(0.05)
