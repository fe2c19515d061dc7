"""Open the current index generation once per process and keep its searcher fresh.

``current_index`` is what a search calls: it catches the index up with the store first (cheap
when nothing changed), then returns a handle whose searcher sees the latest commit.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

import tantivy

from steppe.index.schema import register_analyzers
from steppe.errors import StoreError
from steppe.index.writer import IndexMeta, catch_up, rebuild
from steppe.store import Store

_handles: dict[str, "IndexHandle"] = {}
_lock = threading.Lock()


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
    """Catch the index up with the store (building it if missing), then open it.

    An index that cannot be opened (files deleted or damaged under us) is rebuilt once.
    """
    try:
        catch_up(store, index_dir)
        handle = open_index(index_dir)
    except (OSError, ValueError):
        handle = None
    if handle is None:
        forget(index_dir)
        try:
            rebuild(store, index_dir)
            handle = open_index(index_dir)
        except (OSError, ValueError) as exc:
            raise StoreError(f"{index_dir}: cannot build the search index there ({exc})") from None
    if handle is None:
        raise StoreError(f"{index_dir}: cannot build the search index there")
    return handle


def default_index_dir(db_url: str) -> Path:
    """Where the index of a database lives unless told: beside a SQLite file (``news.db`` →
    ``news.db.index/``); for PostgreSQL, under ``~/.cache/steppe/`` named after the URL."""
    if db_url.startswith(("postgresql://", "postgres://")):
        digest = hashlib.sha256(db_url.encode("utf-8")).hexdigest()[:12]
        return Path.home() / ".cache" / "steppe" / f"index-{digest}"
    return Path(f"{db_url}.index")


def forget(index_dir: str | Path) -> None:
    """Drop this process's handle (tests; after moving an index away)."""
    with _lock:
        _handles.pop(str(Path(index_dir).resolve()), None)
