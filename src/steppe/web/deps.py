"""What every route needs, built once per app: settings, a small pool of store connections,
the index folder, the knowledge base (cached; reloaded when the user's file changes), and the
operator's token for writes."""

from __future__ import annotations

import logging
import queue
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from steppe.enrich.kb_access import get_kb
from steppe.errors import InputError, SteppeError, StoreError
from steppe.index import default_index_dir
from steppe.kb import KnowledgeBase
from steppe.settings import Settings
from steppe.store import Store, open_store
from steppe.store.reconnect import Link
from steppe.web.guard import check_bearer

log = logging.getLogger("steppe.web")

POOL_SIZE = 4  # connections; requests beyond wait for one (2 cores: more would only queue)
RECONNECT_FIRST_S = 0.5  # after a failed connection attempt, the next waits this long,
RECONNECT_MAX_S = 2.0    # doubling up to this: the web answers again soon after the database
T = TypeVar("T")


class StorePool:
    """Up to ``size`` open stores shared by the request threads, one request at a time each.

    A store object is not safe for two threads at once (its transaction depth, SQLite's one
    connection), so a request borrows one for its whole duration and gives it back.

    The pool outlives its database server. A store whose session was lost (PostgreSQL
    restarted, sessions terminated: the request that found out answered 503) gets a new
    session before its next request; so do the other stores, whose sessions opened before
    the loss are as dead but do not know it yet. While the server refuses connections, one
    attempt is made at a time, at most every ``RECONNECT_MAX_S`` once the first attempts
    failed, and requests in between answer 503 at once instead of queuing on a dead server.
    """

    def __init__(self, url: str, size: int = POOL_SIZE,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.url = url
        self.size = size
        self.clock = clock
        self._idle: queue.LifoQueue[_Pooled] = queue.LifoQueue()
        self._opened: list[_Pooled] = []
        self._lock = threading.Lock()   # held while connecting: one attempt at a time
        self._losses = 0                # connection losses seen; a session older is suspect
        self._retry_at = 0.0            # no connection attempt before this (clock)
        self._delay = RECONNECT_FIRST_S

    @contextmanager
    def borrow(self) -> Iterator[Store]:
        pooled = self._take()
        try:
            self._ready(pooled)
            yield pooled.store
        finally:
            if pooled.link.lost():
                self._losses += 1
            self._idle.put(pooled)

    def _take(self) -> _Pooled:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            return self._open_one() or self._idle.get(timeout=60)

    def _open_one(self) -> _Pooled | None:
        with self._lock:
            if len(self._opened) >= self.size:
                return None
            store = self._attempt(lambda: open_store(self.url, create=False))
            pooled = _Pooled(store, Link(store), self._losses)
            self._opened.append(pooled)
            return pooled

    def _ready(self, pooled: _Pooled) -> None:
        """A new session for a store whose own was lost, or opened before a loss."""
        if not pooled.link.can_be_lost or \
                (pooled.since == self._losses and not pooled.link.lost()):
            return
        with self._lock:
            since = self._losses
            self._attempt(pooled.link.reconnect)
            pooled.since = since

    def _attempt(self, connect: Callable[[], T]) -> T:
        """``connect()`` unless the last attempt failed too recently (StoreError: 503)."""
        wait = self._retry_at - self.clock()
        if wait > 0:
            raise Reconnecting(f"{self.url}: cannot reconnect yet (the last attempt failed; "
                               f"next one in {wait:.1f} s)")
        try:
            result = connect()
        except StoreError:
            self._retry_at = self.clock() + self._delay
            self._delay = min(self._delay * 2, RECONNECT_MAX_S)
            raise
        self._retry_at, self._delay = 0.0, RECONNECT_FIRST_S
        return result

    def close(self) -> None:
        with self._lock:
            for pooled in self._opened:
                pooled.store.close()
            self._opened.clear()
            self._idle = queue.LifoQueue()


class Reconnecting(StoreError):
    """A 503 answered at once while the pool waits to try the database again. Not logged:
    the failed attempts are, and an outage under load would otherwise log every request."""

    quiet = True


@dataclass
class _Pooled:
    store: Store
    link: Link
    since: int      # the pool's loss count when this store's session was opened


@dataclass
class WebState:
    """Built by ``create_app``; routes reach it through ``request.app.state.steppe``."""

    settings: Settings
    pool: StorePool
    index_dir: Path
    started: float = 0.0

    def kb(self) -> KnowledgeBase:
        return get_kb(self.settings.kb_file)


def web_state(request: Request) -> WebState:
    return request.app.state.steppe


def store_of(request: Request) -> Iterator[Store]:
    """FastAPI dependency: a store borrowed from the pool for the request."""
    with web_state(request).pool.borrow() as store:
        yield store


def kb_of(request: Request) -> KnowledgeBase:
    """The knowledge base; an unreadable operator's file is the server's fault (500, logged),
    not the visitor's, and its path and content stay out of the answer."""
    try:
        return web_state(request).kb()
    except InputError as exc:
        log.error("knowledge base unreadable: %s", exc.message)
        raise SteppeError("the knowledge base cannot be read") from None


def index_dir_of(settings: Settings) -> Path:
    """The index beside the database, unless the settings name one."""
    configured = getattr(settings, "index_dir", "") or ""
    return Path(configured) if configured else default_index_dir(settings.db)


BEARER = HTTPBearer(auto_error=False, scheme_name="operatorToken",
                    description="Le jeton de l'opérateur (STEPPE_WEB_TOKEN), en Authorization: Bearer.")


def require_token(request: Request, _: HTTPAuthorizationCredentials | None = Depends(BEARER)) -> None:
    """Writes need ``Authorization: Bearer <STEPPE_WEB_TOKEN>``; with no token set, none pass.

    The guard (web/guard.py) has already checked this before the body was read; checking again
    here keeps each write route safe on its own. ``BEARER`` only declares the scheme in the
    OpenAPI document (it never refuses: the messages and statuses are ours)."""
    check_bearer(web_state(request).settings.web_token, request.headers.get("authorization", ""))
