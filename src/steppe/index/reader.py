"""Open the current index generation once per process and keep its searcher fresh.

``current_index`` is what a search calls: it catches the index up with the store first (cheap
when nothing changed), then returns a handle whose searcher sees the latest commit. When the
index cannot be written (disk full, read-only file system) the last good index of the same
database keeps serving, stale but intact, and a ``StaleIndexWarning`` says how far behind it
is; an index of another database is never served.
"""

from __future__ import annotations

import errno
import hashlib
import re
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import tantivy

from steppe.index.schema import register_analyzers
from steppe.errors import StoreError
from steppe.index.writer import IndexMeta, catch_up, needs_rebuild, rebuild
from steppe.store import Store

_handles: dict[str, "IndexHandle"] = {}
_lock = threading.Lock()
_failed: dict[str, tuple[float, str]] = {}  # index dir → when and why catching up found no room
RETRY_AFTER = 30.0                          # seconds before a search tries to catch up again
_NO_ROOM = {errno.ENOSPC: "disk full", errno.EDQUOT: "disk quota exceeded",
            errno.EROFS: "read-only file system", errno.EACCES: "permission denied",
            errno.EPERM: "permission denied"}


class StaleIndexWarning(UserWarning):
    """Search is served from the last good index: it cannot catch up (disk full, read-only)."""


_REASONS_FR = {"disk full": "disque plein", "disk quota exceeded": "quota disque dépassé",
               "read-only file system": "système de fichiers en lecture seule",
               "permission denied": "écriture refusée"}


@dataclass(frozen=True)
class Staleness:
    """Why and how far the index served lags behind the database (``changes`` > 0)."""

    index_dir: Path
    reason: str       # "disk full", "read-only file system"… (English, as the OS says it)
    changes: int      # changes of the database the index does not reflect yet

    def message(self) -> str:
        """For operators (the CLI's warning line, logs): names the index folder."""
        reason = _REASONS_FR.get(self.reason, self.reason)
        plural = "s" if self.changes != 1 else ""
        count = f"{self.changes:,}".replace(",", "\u202f")
        return (f"{self.index_dir} : l’index de recherche ne peut pas se mettre à jour ({reason}) ; "
                f"le dernier index valide est servi, en retard de {count} modification{plural} "
                "sur la base")

    def french(self) -> str:
        """For readers (web pages, the API): no server folder, nothing but the facts."""
        reason = _REASONS_FR.get(self.reason, "écriture impossible")
        plural = "s" if self.changes != 1 else ""
        count = f"{self.changes:,}".replace(",", "\u202f")
        return (f"L’index de recherche ne peut pas se mettre à jour ({reason}) : ces résultats "
                f"viennent du dernier index valide, en retard de {count} modification{plural} "
                "sur la base.")


@dataclass
class IndexHandle:
    """One opened generation of the index and the sequence number its searcher reflects."""

    path: Path
    generation: str
    last_seq: int
    index: tantivy.Index

    @property
    def schema(self) -> tantivy.Schema:
        return self.index.schema

    def searcher(self) -> tantivy.Searcher:
        return self.index.searcher()


def open_index(index_dir: str | Path) -> IndexHandle | None:
    """The handle of the index in ``index_dir`` as of its last commit; None if there is none."""
    index_dir = Path(index_dir)
    meta = IndexMeta.read(index_dir)
    if meta is None:
        return None
    key = str(index_dir.resolve())
    with _lock:
        handle = _handles.get(key)
        if handle is None or handle.generation != meta.generation:
            index = tantivy.Index.open(str(index_dir / meta.generation))
            register_analyzers(index)
            index.config_reader(reload_policy="manual")
            handle = IndexHandle(index_dir, meta.generation, meta.last_seq, index)
            _handles[key] = handle
        elif handle.last_seq != meta.last_seq:
            handle.index.reload()
            handle.last_seq = meta.last_seq
    return handle


def current_index(store: Store, index_dir: str | Path) -> IndexHandle:
    """Catch the index up with the store (building it if missing), then open it; a
    ``StaleIndexWarning`` when it is served stale (see ``checked_index``)."""
    handle, stale = checked_index(store, index_dir)
    if stale is not None:
        warnings.warn(StaleIndexWarning(stale.message()), stacklevel=2)
    return handle


def checked_index(store: Store, index_dir: str | Path) -> tuple[IndexHandle, Staleness | None]:
    """Catch the index up with the store (building it if missing), then open it; with it, how
    stale it is when it could not catch up (None when it reflects every change).

    An index that cannot be opened (files deleted or damaged under us) is rebuilt once. An
    index that cannot be written serves as it is (see the module's docstring); rebuilding is
    not even tried then, as it needs more room than catching up, and catching up is retried
    at most every ``RETRY_AFTER`` seconds so searches stay fast meanwhile.
    """
    index_dir = Path(index_dir)
    key = str(index_dir.resolve())
    when, why = _failed.get(key, (-RETRY_AFTER, ""))
    if time.monotonic() - when < RETRY_AFTER:
        return _last_good(store, index_dir, why)
    failure: Exception | None = None
    try:
        catch_up(store, index_dir)
        handle = open_index(index_dir)
    except (OSError, ValueError) as exc:
        handle, failure = None, exc
    if handle is None and no_room(failure) is None:
        forget(index_dir)                # a damaged or vanished index: build a new one
        try:
            rebuild(store, index_dir)
            handle = open_index(index_dir)
        except (OSError, ValueError) as exc:
            failure = exc
    if handle is not None:
        _failed.pop(key, None)
        return handle, None
    reason = no_room(failure)
    if reason is not None:
        _failed[key] = (time.monotonic(), reason)
    return _last_good(store, index_dir, reason or (_one_line(failure) if failure else
                                                   "it cannot be opened"))


def no_room(exc: BaseException | None) -> str | None:
    """"disk full", "read-only file system"… when ``exc`` says the index cannot be written;
    tantivy reports I/O errors as ValueError with the OS's "(os error N)" in the message."""
    code = getattr(exc, "errno", None)
    if code is None and exc is not None:
        found = re.search(r"os error (\d+)", str(exc))
        code = int(found.group(1)) if found else None
    return _NO_ROOM.get(code) if code is not None else None


def _last_good(store: Store, index_dir: Path,
               reason: str) -> tuple[IndexHandle, Staleness | None]:
    """The index as last committed, if it is of this database and schema (and how far behind
    it is); else a StoreError."""
    meta = IndexMeta.read(index_dir)
    store_seq = store.last_seq()
    handle = None
    if meta is not None and needs_rebuild(meta, store, store_seq) is None:
        try:
            handle = open_index(index_dir)
        except (OSError, ValueError):
            handle = None
    if meta is None or handle is None:
        raise StoreError(f"{index_dir} : impossible de construire l’index de recherche ici "
                         f"({_REASONS_FR.get(reason, reason)})")
    behind = store_seq - meta.last_seq
    return handle, Staleness(index_dir, reason, behind) if behind > 0 else None


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def default_index_dir(db_url: str) -> Path:
    """Where the index of a database lives unless told: beside a SQLite file (``news.db`` →
    ``news.db.index/``); for PostgreSQL, under ``~/.cache/steppe/`` named after the URL."""
    if db_url.startswith(("postgresql://", "postgres://")):
        digest = hashlib.sha256(db_url.encode("utf-8")).hexdigest()[:12]
        return Path.home() / ".cache" / "steppe" / f"index-{digest}"
    return Path(f"{db_url}.index")


def forget(index_dir: str | Path) -> None:
    """Drop this process's handle and memory of failures (tests; after moving an index away)."""
    key = str(Path(index_dir).resolve())
    with _lock:
        _handles.pop(key, None)
    _failed.pop(key, None)
