"""A connection lost inside a transaction: everything commits, or the caller hears of it.

``test_pg_restart`` once found a ``fetch_page`` job ``succeeded`` whose page was never
stored. psycopg ends a transaction block whose connection broke *without raising* when no
exception crosses the block's end: it finds the connection closed and skips the COMMIT. Any
error swallowed inside the block then turns a lost connection into lost writes and a normal
return — and a job that returns normally is recorded as done. One such swallow is real:
``procrastinate_sql.defer`` skips a job whose queueing lock is taken (every page defers the
one batcher), and psycopg ignores the failure of the ``ROLLBACK TO SAVEPOINT`` that follows
when the server has just gone.

These tests kill the store's backend for real (``pg_terminate_backend`` from a second
connection) at a chosen point between a write and the commit, and require either the write
committed or an error raised (the job fails and is retried; its writes are idempotent).
"""

from __future__ import annotations

import time
from typing import Iterator

import psycopg
import pytest

from steppe.errors import StoreError
from steppe.model import Article
from steppe.store import open_store
from steppe.store.patient import PatientStore
from steppe.store.reconnect import Link
from steppe.tasks.registry import BATCHER_KEY, procrastinate_defer

pytestmark = pytest.mark.postgres


@pytest.fixture
def store(pg_url: str) -> Iterator[PatientStore]:
    """The store as a procrastinate worker's thread holds it (``tasks.app.Runtime``)."""
    s = PatientStore(open_store(pg_url))
    yield s
    try:
        s.close()
    except Exception:  # noqa: BLE001 - its connection was killed on purpose
        pass


def kill(store: PatientStore, server: str) -> None:
    """Terminate the store's session from another one, and wait until it is gone."""
    pid = store.conn.info.backend_pid
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        deadline = time.monotonic() + 5
        while admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone():
            assert time.monotonic() < deadline, "the backend outlived its termination"
            time.sleep(0.02)


def stored(pg_url: str, article_id: str) -> bool:
    """Whether the article is in the base, seen from a new session."""
    with open_store(pg_url) as fresh:
        return bool(fresh.get_articles([article_id]))


def test_a_deferral_whose_savepoint_rollback_meets_a_dead_server_does_not_lose_the_writes(
        store: PatientStore, pg_url: str, pg_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """fetch_page's apply in little: store the page, defer the batcher whose lock is taken.
    The server goes away right after the refused deferral, before psycopg rolls its savepoint
    back (the point is chosen by wrapping psycopg's rollback; the kill is real)."""
    defer = procrastinate_defer(store)
    assert defer([("enrich_batch", {}, BATCHER_KEY)], time.time()) == 1   # the lock is taken
    original = psycopg.Transaction._rollback_gen
    killed: list[bool] = []

    def rollback_after_the_server_left(tx, exc_val):
        if isinstance(exc_val, psycopg.errors.UniqueViolation) and not killed:
            killed.append(True)
            kill(store, pg_server)
        return (yield from original(tx, exc_val))

    monkeypatch.setattr(psycopg.Transaction, "_rollback_gen", rollback_after_the_server_left)
    returned = False
    try:
        with store.transaction():
            store.put_article(Article(id="page-1", text="une dépêche de la steppe"), None)
            store.add_pending(["page-1"], time.time())
            defer([("enrich_batch", {}, BATCHER_KEY)], time.time())
        returned = True
    except StoreError:
        pass
    assert killed, "the deferral was not refused: the kill never happened"
    assert not returned or stored(pg_url, "page-1"), \
        "the transaction returned normally but its writes were lost"
    assert not returned, "a connection lost before COMMIT must be reported"


def test_an_error_swallowed_inside_the_transaction_still_fails_it(
        store: PatientStore, pg_url: str, pg_server: str) -> None:
    """Whatever swallowed the error of the lost connection, the transaction's end raises."""
    returned = False
    try:
        with store.transaction():
            store.put_article(Article(id="page-2", text="une autre dépêche"), None)
            kill(store, pg_server)
            with pytest.raises(StoreError):
                store.article_for_url("https://example.org/a")   # a caller that carries on
        returned = True
    except StoreError as exc:
        assert "Traceback" not in str(exc) and "\n" not in str(exc)
    assert not returned and not stored(pg_url, "page-2")


def test_the_store_is_reconnected_between_transactions_never_inside_one(
        store: PatientStore, pg_url: str, pg_server: str) -> None:
    """The worker's reconnection (``Link``) refuses to swap the connection under an open
    transaction, whose first writes would be lost and later ones committed alone; once the
    transaction has failed, it reconnects and the next transaction commits."""
    link = Link(store)
    with pytest.raises(StoreError):
        with store.transaction():
            store.put_article(Article(id="page-3", text="dépêche trois"), None)
            kill(store, pg_server)
            with pytest.raises(StoreError):
                link.reconnect()                  # inside the transaction: refused
            store.put_article(Article(id="page-4", text="dépêche quatre"), None)
    assert link.lost()
    link.reconnect()                              # between transactions: done
    with store.transaction():
        store.put_article(Article(id="page-3", text="dépêche trois"), None)
    assert stored(pg_url, "page-3") and not stored(pg_url, "page-4")
