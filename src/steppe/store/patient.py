"""A store that waits for another writer's lock, for loops that must not die of it.

``steppe watch`` shares its database with ``steppe ingest`` and other workers. When another
writer holds the lock longer than SQLite's busy timeout (an ingest writes a whole file in one
transaction) or PostgreSQL's lock timeout, or when PostgreSQL reports a serialization failure
or a deadlock, the call fails — but the same call a moment later will not. ``PatientStore``
forwards every call to the real store and, on such a failure, waits (0.5 s, doubling up to
30 s) and calls again, for as long as the lock is held: an ingest may hold it for minutes, and
a watcher has nothing better to do (Ctrl-C still stops it). Other errors pass through unchanged, a lost connection included: the
worker reconnects the real store in place (``steppe.store.reconnect``), so this wrapper is
transparent: attribute reads and writes reach the real store.

Retrying a whole call is safe because every store method is one transaction or a read: a
call that failed left nothing behind. Entering ``transaction()`` is retried the same way;
a failure *inside* a transaction is not (the work done in it is lost with it) and goes to
the caller, as any error does — for the worker, that is the job's failure and its retry.
"""

from __future__ import annotations

import inspect
import sqlite3
import sys
import time
from contextlib import ExitStack, contextmanager
from typing import Any, Callable, Iterator, TypeVar

T = TypeVar("T")
FIRST_DELAY_S = 0.5
MAX_DELAY_S = 30.0
# PostgreSQL states worth waiting out: serialization failure, deadlock, lock timeout
_PG_STATES = ("40001", "40P01", "55P03")
_OWN = frozenset({"inner", "first_delay", "max_delay", "sleep", "on_wait", "_patient_depth"})


def transient_reason(exc: BaseException) -> str | None:
    """Why ``exc`` is worth waiting out ("database is locked"), or None for a real error.

    Our StoreErrors hide the driver's exception (``raise … from None``), which still rides
    along as ``__context__``; the chain is walked so the driver's own code decides."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        reason = _driver_reason(current)
        if reason:
            return reason
        current = current.__cause__ or current.__context__
    return None


def _driver_reason(exc: BaseException) -> str | None:
    if isinstance(exc, sqlite3.OperationalError):
        name = str(getattr(exc, "sqlite_errorname", "") or "")
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or (not name and str(exc).startswith(
                ("database is locked", "database table is locked"))):
            return " ".join(str(exc).split())
        return None
    psycopg = sys.modules.get("psycopg")  # never imported → no PostgreSQL error to look at
    if psycopg is not None and isinstance(exc, psycopg.Error):
        if str(getattr(exc, "sqlstate", None) or "") in _PG_STATES:
            return " ".join(str(exc).split()) or type(exc).__name__
    return None


class PatientStore:
    """The store as a long-running loop sees it (module docstring).

    ``on_wait(reason, first)`` hears of every retry, ``first`` for the first of a series, so
    the caller can count them and say once why it waits."""

    def __init__(self, store: Any, first_delay: float = FIRST_DELAY_S,
                 max_delay: float = MAX_DELAY_S,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        own = object.__setattr__
        own(self, "inner", store.inner if isinstance(store, PatientStore) else store)
        own(self, "first_delay", first_delay)
        own(self, "max_delay", max_delay)
        own(self, "sleep", sleep)
        own(self, "on_wait", None)
        own(self, "_patient_depth", 0)

    def __getattr__(self, name: str) -> Any:
        if name in _OWN:  # not set yet (copy, pickle): never recurse
            raise AttributeError(name)
        attr = getattr(self.inner, name)
        if not inspect.ismethod(attr) or name.startswith("_"):
            return attr  # data (url, conn…) and private hooks go through as they are

        def call(*args: Any, **kwargs: Any) -> Any:
            if self._patient_depth:  # inside our transaction: joins it, nothing to retry alone
                return getattr(self.inner, name)(*args, **kwargs)
            return self.retrying(lambda: getattr(self.inner, name)(*args, **kwargs))
        call.__name__ = name
        return call

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value) if name in _OWN else setattr(self.inner, name, value)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """The store's transaction, its start retried until the lock is ours."""
        if self._patient_depth:
            self._patient_depth += 1
            try:
                yield
            finally:
                self._patient_depth -= 1
            return
        stack = self.retrying(self._begin)
        self._patient_depth = 1
        try:
            with stack:
                yield
        finally:
            self._patient_depth = 0

    def _begin(self) -> ExitStack:
        stack = ExitStack()
        stack.enter_context(self.inner.transaction())
        return stack

    def retrying(self, call: Callable[[], T]) -> T:
        """``call()``, called again after each transient failure, with a growing pause."""
        delay, first = self.first_delay, True
        while True:
            try:
                return call()
            except Exception as exc:
                reason = transient_reason(exc)
                if reason is None:
                    raise
            if self.on_wait is not None:
                self.on_wait(reason, first)
            self.sleep(delay)
            delay, first = min(delay * 2, self.max_delay), False

    def close(self) -> None:
        self.inner.close()
