"""What every route needs, built once per app: settings, a small pool of store connections,
the index folder, the knowledge base (cached; reloaded when the user's file changes), and the
operator's token for writes."""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import AsyncIterator, Callable, Iterator, TypeVar

import anyio.to_thread

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from steppe.accounts.sessions import SECRET_KEY, new_secret
from steppe.accounts.throttle import LoginThrottle
from steppe.enrich.kb_access import get_kb
from steppe.errors import (Forbidden, InputError, ReadOnlyStorage, SteppeError, StoreError,
                           Unauthorized)
from steppe.index import default_index_dir
from steppe.kb import KnowledgeBase
from steppe.settings import Settings
from steppe.store import Store, open_store
from steppe.store.reconnect import Link
from steppe.accounts.roles import LABELS
from steppe.accounts.sessions import csrf_ok
from steppe.web.guard import SAFE_METHODS, check_bearer
from steppe.web.identity import CSRF_HEADER, CSRF_REFUSED, EXPIRED, identity_of

log = logging.getLogger("steppe.web")

POOL_SIZE = 4  # connections; requests beyond wait for one (2 cores: more would only queue)
RECONNECT_FIRST_S = 0.5  # after a failed connection attempt, the next waits this long,
RECONNECT_MAX_S = 2.0    # doubling up to this: the web answers again soon after the database
POOL_WAIT_S = 30.0       # a request waits this long for a store, then answers 503 (busy)
T = TypeVar("T")


class Gate:
    """``size`` permits handed out first come, first served, to waiters in an event loop
    (``await acquire``: no thread is held while waiting) or in a thread (``acquire_blocking``).

    Thread-safe and bound to no event loop: a permit is granted under the lock by taking the
    waiter out of the queue, and the waiter is then woken in its own loop or thread. A waiter
    that gives up (timeout, cancellation) after it was granted passes the permit on.
    """

    def __init__(self, size: int) -> None:
        self._free = size
        self._waiters: deque[_Waiter] = deque()
        self._lock = threading.Lock()

    def waiting(self) -> int:
        return len(self._waiters)

    async def acquire(self, timeout: float) -> bool:
        """True with a permit; False after ``timeout`` seconds without one."""
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._free and not self._waiters:
                self._free -= 1
                return True
            waiter = _Waiter(loop=loop, future=loop.create_future())
            self._waiters.append(waiter)
        try:
            await asyncio.wait_for(asyncio.shield(waiter.future), timeout)
            return True
        except asyncio.TimeoutError:
            return not self._withdraw(waiter)       # granted at the last moment: keep it
        except BaseException:                       # cancelled (the client went away)
            if not self._withdraw(waiter):
                self.release()
            raise

    def acquire_blocking(self, timeout: float) -> bool:
        with self._lock:
            if self._free and not self._waiters:
                self._free -= 1
                return True
            waiter = _Waiter(event=threading.Event())
            self._waiters.append(waiter)
        assert waiter.event is not None
        if waiter.event.wait(timeout):
            return True
        return not self._withdraw(waiter)

    def release(self) -> None:
        with self._lock:
            if not self._waiters:
                self._free += 1
                return
            waiter = self._waiters.popleft()        # the permit passes straight to it
        if waiter.event is not None:
            waiter.event.set()
        else:
            assert waiter.loop is not None and waiter.future is not None
            try:
                waiter.loop.call_soon_threadsafe(_wake, waiter.future)
            except RuntimeError:                    # its loop is closed: nobody to hand it to
                self.release()

    def _withdraw(self, waiter: _Waiter) -> bool:
        """Take ``waiter`` out of the queue; False if it was already granted a permit."""
        with self._lock:
            try:
                self._waiters.remove(waiter)
            except ValueError:
                return False
            return True


@dataclass(eq=False)
class _Waiter:
    loop: asyncio.AbstractEventLoop | None = None
    future: asyncio.Future[None] | None = None
    event: threading.Event | None = None


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


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
                 clock: Callable[[], float] = time.monotonic, wait_s: float = POOL_WAIT_S) -> None:
        self.url = url
        self.size = size
        self.clock = clock
        self.wait_s = wait_s
        self._gate = Gate(size)         # one permit per store: holding one, a store is there
        self._idle: queue.LifoQueue[_Pooled] = queue.LifoQueue()
        self._opened: list[_Pooled] = []
        self._lock = threading.Lock()   # held while connecting: one attempt at a time
        self._losses = 0                # connection losses seen; a session older is suspect
        self._retry_at = 0.0            # no connection attempt before this (clock)
        self._delay = RECONNECT_FIRST_S

    @contextmanager
    def borrow(self) -> Iterator[Store]:
        """A store for this thread (start-up, tests): waits in the thread for one."""
        if not self._gate.acquire_blocking(self.wait_s):
            raise self._busy()
        pooled = self._checkout()
        try:
            yield pooled.store
        finally:
            self._give_back(pooled)

    async def borrow_async(self) -> _Pooled:
        """A store for a request: waits in the event loop (no worker thread held, first come
        first served), then opens or readies it in a worker thread. Give it back with
        ``give_back``, even if the request failed."""
        if not await self._gate.acquire(self.wait_s):
            raise self._busy()
        try:
            return await anyio.to_thread.run_sync(self._checkout)
        except BaseException:
            self._gate.release()
            raise

    def give_back(self, pooled: _Pooled) -> None:
        self._give_back(pooled)

    def _busy(self) -> Busy:
        return Busy(f"no store free after {self.wait_s:g} s "
                    f"({self._gate.waiting()} more requests waiting)")

    def _checkout(self) -> _Pooled:
        """With a permit held: an idle store, or a new one; readied. On error, the permit is
        given back (and the store, if any)."""
        try:
            pooled = self._take()
        except BaseException:
            self._gate.release()
            raise
        try:
            self._ready(pooled)
        except BaseException:
            self._give_back(pooled)
            raise
        return pooled

    def _give_back(self, pooled: _Pooled) -> None:
        try:
            if pooled.link.lost():
                self._losses += 1
            if pooled in self._opened:      # not closed meanwhile (shutdown)
                self._idle.put(pooled)
        finally:
            self._gate.release()

    def _take(self) -> _Pooled:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        pooled = self._open_one()
        if pooled is None:              # cannot happen with a permit held; never block here
            raise Busy(f"{self.url}: no idle store although a permit was held")
        return pooled

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


class Busy(StoreError):
    """A 503 for a request that waited ``POOL_WAIT_S`` for a store: the server is overloaded,
    the database is not at fault (its own French message, and Retry-After)."""

    answer = ("serveur trop sollicité : réessayez dans quelques secondes",
              "Le serveur est trop sollicité en ce moment ; réessayez dans quelques secondes.")
    retry_after = 5


class Reconnecting(StoreError):
    """A 503 answered at once while the pool waits to try the database again. Not logged:
    the failed attempts are, and an outage under load would otherwise log every request."""

    quiet = True


@dataclass(eq=False)
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
    secret: str = ""                # signs session cookies and CSRF tokens (steppe_meta)
    throttle: LoginThrottle = field(default_factory=LoginThrottle)

    def kb(self) -> KnowledgeBase:
        return get_kb(self.settings.kb_file)

    def signing_secret(self) -> str:
        """The database's signing secret, written on first use and then cached: every server
        of one database signs and checks cookies with the same key. Blocking (a store)."""
        if not self.secret:        # a store of its own: the pool opens its stores on demand
            with open_store(self.pool.url, create=False) as store:
                try:
                    self.secret = store.meta_secret(SECRET_KEY, new_secret())
                except ReadOnlyStorage as exc:   # reading still works: sessions last a run
                    log.warning("signing secret kept in memory only: %s", exc.message)
                    self.secret = new_secret()
        return self.secret


def web_state(request: Request) -> WebState:
    return request.app.state.steppe


async def store_of(request: Request) -> AsyncIterator[Store]:
    """FastAPI dependency: a store borrowed from the pool for the request.

    Async on purpose: a sync dependency would wait for a store inside one of anyio's 40
    worker threads, and with more than ~36 requests at once the waiters held every thread
    while the requests holding a store waited for one to run their endpoint (a 60 s stall,
    then 500s). Here waiting costs no thread; only the ``POOL_SIZE`` borrowers use them.
    The store goes back when FastAPI exits the dependency (scope "request": after the
    response was sent; pages are rendered and JSON serialised before, no route streams from
    the store), so no request touches it after another borrowed it.
    """
    pool = web_state(request).pool
    pooled = await pool.borrow_async()
    try:
        yield pooled.store
    finally:
        pool.give_back(pooled)


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
                    description="Un jeton d’éditeur ou d’administrateur (steppe users token) ou celui "
                                "de l’opérateur (STEPPE_WEB_TOKEN), en Authorization: Bearer.")


def require_token(request: Request, _: HTTPAuthorizationCredentials | None = Depends(BEARER)) -> None:
    """The JSON write routes (sources, alerts, KB additions): an editor's rights, shown by
    ``Authorization: Bearer <token>`` (a user's API token, or STEPPE_WEB_TOKEN, which acts as
    an admin) or by a browser session with its CSRF token in the ``X-CSRF-Token`` header.

    The guard (web/guard.py) has already recognised the caller before the body was read;
    checking here keeps each write route safe on its own. Without any identity the operator's
    token is checked as before, so its messages (writes off, token needed, wrong) are kept.
    ``BEARER`` only declares the scheme in the OpenAPI document (it never refuses)."""
    ident = identity_of(request)
    if ident.user is None:
        if ident.expired:
            raise Unauthorized(EXPIRED)
        check_bearer(web_state(request).settings.web_token, request.headers.get("authorization", ""))
        raise Unauthorized("connexion ou jeton requis")     # not reached: no identity, no pass
    if not ident.may("editor"):
        raise Forbidden(f"action réservée aux éditeurs et administrateurs "
                        f"({ident.user.name} est {LABELS.get(ident.user.role, ident.user.role)})")
    if ident.via == "session" and request.method not in SAFE_METHODS and \
            not csrf_ok(ident.secret, ident.nonce, request.headers.get(CSRF_HEADER)):
        raise Forbidden(CSRF_REFUSED)
