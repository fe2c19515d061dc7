"""What every route needs, built once per app: settings, a small pool of store connections,
the index folder, the knowledge base (cached; reloaded when the user's file changes), and the
operator's token for writes."""

from __future__ import annotations

import logging
import queue
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from steppe.enrich.kb_access import get_kb
from steppe.errors import InputError, SteppeError
from steppe.index import default_index_dir
from steppe.kb import KnowledgeBase
from steppe.settings import Settings
from steppe.store import Store, open_store
from steppe.web.guard import check_bearer

log = logging.getLogger("steppe.web")

POOL_SIZE = 4  # connections; requests beyond wait for one (2 cores: more would only queue)


class StorePool:
    """Up to ``size`` open stores shared by the request threads, one request at a time each.

    A store object is not safe for two threads at once (its transaction depth, SQLite's one
    connection), so a request borrows one for its whole duration and gives it back.
    """

    def __init__(self, url: str, size: int = POOL_SIZE) -> None:
        self.url = url
        self.size = size
        self._idle: queue.LifoQueue[Store] = queue.LifoQueue()
        self._opened: list[Store] = []
        self._lock = threading.Lock()

    def _open_one(self) -> Store | None:
        with self._lock:
            if len(self._opened) >= self.size:
                return None
            store = open_store(self.url, create=False)
            self._opened.append(store)
            return store

    @contextmanager
    def borrow(self) -> Iterator[Store]:
        try:
            store = self._idle.get_nowait()
        except queue.Empty:
            store = self._open_one() or self._idle.get(timeout=60)
        try:
            yield store
        finally:
            self._idle.put(store)

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()
            self._idle = queue.LifoQueue()


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
