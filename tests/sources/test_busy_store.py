"""The watcher waits for another writer's lock instead of exiting with "database is locked".

Another connection really holds the write lock (SQLite ``BEGIN IMMEDIATE``, PostgreSQL the
writers' table lock) for longer than the store waits by itself, then lets go; the watch pass
must retry with back-off and finish its work.
"""

from __future__ import annotations

import sqlite3
import threading
import time

import psycopg
import pytest

from steppe.errors import StoreError
from steppe.model import Source
from steppe.sources.fetch import Fetcher
from steppe.store import open_store
from steppe.store.patient import PatientStore, transient_reason
from steppe.watch import WatchContext, run_watch
from tests.sources.conftest import ALLOW_LOCAL


def hold_for(seconds: float, take, release) -> threading.Thread:
    """Take a lock now, release it from a thread after ``seconds``."""
    take()
    thread = threading.Thread(target=lambda: (time.sleep(seconds), release()), daemon=True)
    thread.start()
    return thread


def test_sqlite_watch_waits_for_a_writer_holding_the_lock(tmp_path, web):
    path = tmp_path / "busy.db"
    store = open_store(str(path))
    store.add_source(Source("courrier", web.url("/f/rss2.xml"), next_due=0,
                            created=time.time() - 60))
    # what STEPPE's default 10 s busy timeout does, in a tenth of a second
    store.conn.execute("PRAGMA busy_timeout = 100")
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    start = time.monotonic()
    holder = hold_for(2.0, lambda: other.execute("BEGIN IMMEDIATE"),
                      lambda: other.execute("COMMIT"))
    fetcher = Fetcher("Steppe-tests", timeout=2, max_bytes=1_000_000, host_delay=0,
                      allow=ALLOW_LOCAL)
    ctx = WatchContext(store, fetcher)
    try:
        worker = run_watch(ctx, once=True, retry_base_s=0, idle_sleep=0.05)
        elapsed = time.monotonic() - start
        assert store.count_articles() == 3 and store.pending_jobs() == 0
        assert not store.list_jobs("parked")
    finally:
        holder.join()
        other.close()
        fetcher.close()
        store.close()
    assert worker.counts["database busy, retried"] >= 1 and worker.counts["new"] == 3
    assert elapsed >= 2.0, worker.counts
    busy = [w for w in ctx.warnings if w.startswith("base de données occupée")]
    assert busy == ["base de données occupée (database is locked) ; nouvel essai après une attente"]  # said once


@pytest.mark.postgres
def test_postgres_watch_waits_out_a_lock_timeout(pg_url, web):
    store = open_store(pg_url)
    store.add_source(Source("courrier", web.url("/f/rss2.xml"), next_due=0,
                            created=time.time() - 60))
    store.conn.execute("SET lock_timeout = '200ms'")  # the store's own is 10 s
    other = psycopg.connect(store.conn.info.dsn, password=store.conn.info.password,
                            autocommit=False)
    other.execute(f"SET search_path TO {store.schema}")
    holder = hold_for(2.0, lambda: other.execute("LOCK TABLE changes IN SHARE ROW EXCLUSIVE MODE"),
                      other.commit)
    fetcher = Fetcher("Steppe-tests", timeout=2, max_bytes=1_000_000, host_delay=0,
                      allow=ALLOW_LOCAL)
    try:
        worker = run_watch(WatchContext(store, fetcher), once=True, retry_base_s=0,
                           idle_sleep=0.05)
        assert store.count_articles() == 3 and not store.list_jobs("parked")
    finally:
        holder.join()
        other.close()
        fetcher.close()
        store.close()
    assert worker.counts["database busy, retried"] >= 1 and worker.counts["new"] == 3


@pytest.mark.slow
def test_steppe_watch_outlasts_the_default_busy_timeout(run, db, web, monkeypatch):
    """The real command and the store's real 10 s busy timeout: the lock is held for 12 s."""
    for key, value in {"STEPPE_HOST_DELAY": "0", "STEPPE_JOB_RETRY_BASE": "0",
                       "STEPPE_FETCH_ALLOW": ALLOW_LOCAL}.items():
        monkeypatch.setenv(key, value)
    run("--db", db, "sources", "add", web.url("/f/rss2.xml"), "--name", "courrier")
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder = hold_for(12.0, lambda: other.execute("BEGIN IMMEDIATE"),
                      lambda: other.execute("COMMIT"))
    try:
        result = run("--db", db, "watch", "--once", "--no-enrich")
    finally:
        holder.join()
        other.close()
    assert result.code == 0, result.err
    assert "nouveaux : 3" in result.out and "base occupée, réessais : " in result.out
    assert "avertissement : base de données occupée (database is locked) ; nouvel essai après une attente" in result.err


def test_only_lock_errors_are_waited_out(tmp_path):
    store = open_store(str(tmp_path / "plain.db"))
    other = sqlite3.connect(tmp_path / "plain.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    store.conn.execute("PRAGMA busy_timeout = 0")
    try:
        with pytest.raises(StoreError) as busy:
            with store.transaction():
                pass
        assert transient_reason(busy.value) == "database is locked"
        sleeps: list[float] = []
        patient = PatientStore(store, sleep=sleeps.append)
        with pytest.raises(sqlite3.OperationalError, match="no such table"):
            patient.conn.execute("SELECT * FROM no_such_table")  # a bug: not retried
        assert sleeps == [] and transient_reason(StoreError("x: disk full")) is None
        calls = iter([busy.value, busy.value, None])

        def flaky():
            error = next(calls)
            if error:
                raise error
            return "done"
        assert patient.retrying(flaky) == "done" and sleeps == [0.5, 1.0]
    finally:
        other.close()
        store.close()
