"""Keep the search index in step with the store: apply its changes in sequence order.

The index lives in ``index_dir``: one tantivy folder per *generation* (``g000001`` …) and a small
``steppe-index.json`` naming the current generation, the last change sequence number applied,
and the identity of the store it was built from. The JSON file is replaced atomically after each
tantivy commit, so a crash leaves either the old state or the new one; re-applying a change is
harmless (a document is deleted by its id before it is added again).

A rebuild writes a new generation beside the old one and switches the JSON file at the end, so
searches keep working on the old generation meanwhile. One writer at a time, across processes,
is ensured by an ``flock`` on ``index_dir/.lock``.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
import time
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterator, Mapping

import tantivy

from steppe.index.schema import SCHEMA_VERSION, build_schema, make_document, register_analyzers
from steppe.model import Annotation, Article
from steppe.store import Store

META = "steppe-index.json"
BATCH = 5_000             # changes read from the store at a time
COMMIT_EVERY = 100_000    # documents between commits during a long catch-up
HEAP = 256_000_000        # tantivy writer memory budget, split among its threads

Progress = Callable[[int], None]
Pair = tuple[Article, "Annotation | None"]
_thread_locks: dict[str, threading.Lock] = {}
_verified: dict[tuple[str, str], str] = {}   # (index dir, store url) → store identity


@dataclass
class IndexMeta:
    """What ``steppe-index.json`` records about the index beside it."""

    schema: int
    generation: str
    last_seq: int
    store: str
    updated_at: float = 0.0

    @classmethod
    def read(cls, index_dir: Path) -> "IndexMeta | None":
        try:
            data = json.loads((index_dir / META).read_text(encoding="utf-8"))
            meta = cls(**{k: data[k] for k in ("schema", "generation", "last_seq", "store")},
                       updated_at=float(data.get("updated_at", 0)))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return meta if (index_dir / meta.generation).is_dir() else None

    def write(self, index_dir: Path) -> None:
        self.updated_at = time.time()
        tmp = index_dir / f".{META}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(asdict(self)), encoding="utf-8")
        os.replace(tmp, index_dir / META)


def store_identity(store: Store) -> str:
    """Which database an index was built from: its first change, which a new database lacks."""
    first = store.changes_since(0, limit=1)
    return f"{first[0][0]}:{first[0][1]}" if first else "empty"


def needs_rebuild(meta: IndexMeta | None, store: Store, store_seq: int) -> str | None:
    """Why the index cannot simply catch up (missing, other schema, other or older database)."""
    if meta is None:
        return "missing"
    if meta.schema != SCHEMA_VERSION:
        return "schema changed"
    if meta.last_seq > store_seq or meta.store != store_identity(store):
        return "built from another database"
    return None


@contextmanager
def writing(index_dir: Path) -> Iterator[None]:
    """Exclusive right to write ``index_dir``: a thread lock here, an flock across processes."""
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = _thread_locks.setdefault(str(index_dir.resolve()), threading.Lock())
    with lock, open(index_dir / ".lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def rebuild(store: Store, index_dir: str | Path, progress: Progress | None = None) -> int:
    """Build a fresh index of every article in the store; returns the number indexed."""
    with Indexer(store, index_dir, progress=progress, fresh=True) as indexer:
        return indexer.rebuilt + indexer.sync()


def catch_up(store: Store, index_dir: str | Path, progress: Progress | None = None,
             known: Mapping[str, Pair] | None = None) -> int:
    """Apply the store's changes the index has not seen, in order; rebuild if it cannot.

    Returns the number of articles (re)indexed or removed; 0 when already up to date, which
    costs two small reads (the JSON file and the store's last sequence number). ``known`` may
    hold articles exactly as the caller just wrote them, to spare reading them back.
    """
    index_dir = Path(index_dir)
    meta = IndexMeta.read(index_dir)
    if meta is not None and meta.schema == SCHEMA_VERSION and meta.last_seq == store.last_seq() \
            and _same_store(meta, store, index_dir):
        return 0
    with Indexer(store, index_dir, progress=progress) as indexer:
        applied = indexer.rebuilt + indexer.sync(known)
    _verified[(str(index_dir), store.url)] = indexer.meta.store
    return applied


def _same_store(meta: IndexMeta, store: Store, index_dir: Path) -> bool:
    """Whether the index was built from this database: checked once per process and index."""
    key = (str(index_dir), store.url)
    if _verified.get(key) != meta.store:
        if store_identity(store) != meta.store:
            return False
        _verified[key] = meta.store
    return True


class Indexer:
    """One open tantivy writer applying store changes; for a long ingestion, keep it open.

        with Indexer(store, index_dir) as indexer:
            for batch in batches:
                ...write the batch to the store...
                indexer.sync(known={a.id: (a, ann) for a, ann in batch})

    Documents are handed to tantivy's indexing threads as soon as they are synced, so the
    index works while the store writes the next batch; a commit (and the JSON file recording
    its sequence number) happens every ``commit_every`` documents and on leaving the block.
    Entering takes the index's write lock and rebuilds the index if it cannot catch up.
    """

    def __init__(self, store: Store, index_dir: str | Path, progress: Progress | None = None,
                 commit_every: int = COMMIT_EVERY, fresh: bool = False) -> None:
        self.store, self.index_dir, self.progress = store, Path(index_dir), progress
        self.commit_every, self.fresh = commit_every, fresh
        self.rebuilt = 0
        self._stack = ExitStack()
        self._pending = 0

    def __enter__(self) -> "Indexer":
        self._stack.enter_context(writing(self.index_dir))
        try:
            meta = IndexMeta.read(self.index_dir)
            if self.fresh or needs_rebuild(meta, self.store, self.store.last_seq()):
                self.rebuilt = self._rebuild()
            else:
                assert meta is not None
                self.meta = meta
                self.writer = _open_writer(self.index_dir / meta.generation, create=False)
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, kind: object, error: object, tb: object) -> None:
        try:
            if error is None:
                self.commit()
            else:
                self.writer.rollback()
            self.writer.wait_merging_threads()
        finally:
            self._stack.close()

    def sync(self, known: Mapping[str, Pair] | None = None) -> int:
        """Hand tantivy every change after the last one applied; returns how many articles."""
        applied = 0
        while True:
            changes = self.store.changes_since(self.meta.last_seq, limit=BATCH)
            if not changes:
                return applied
            latest: dict[str, str] = {}
            for _, article_id, op in changes:      # the last change of an article wins
                latest.pop(article_id, None)
                latest[article_id] = op
            records = self._records(latest, known or {})
            for article_id in latest:
                # delete first, always: after a crash a change may be applied a second time
                self.writer.delete_documents_by_term("id", article_id)
                if article_id in records:
                    self.writer.add_document(make_document(*records[article_id]))
            self.meta.last_seq = changes[-1][0]
            applied += len(latest)
            self._pending += len(latest)
            if self._pending >= self.commit_every:
                self.commit()
            if self.progress:
                self.progress(applied)

    def _records(self, latest: dict[str, str], known: Mapping[str, Pair]) -> dict[str, Pair]:
        wanted = [i for i, op in latest.items() if op != "delete"]
        records = {i: known[i] for i in wanted if i in known}
        missing = [i for i in wanted if i not in records]
        if missing:
            records.update(self.store.get_articles(missing))
        return records

    def commit(self) -> None:
        """Make everything synced so far durable and visible, then record its sequence number."""
        self.writer.commit()
        self.meta.write(self.index_dir)
        self._pending = 0

    def _rebuild(self) -> int:
        store_seq, identity = self.store.last_seq(), store_identity(self.store)
        generation = _next_generation(self.index_dir)
        self.writer = _open_writer(self.index_dir / generation, create=True)
        count = 0
        for article, annotation in self.store.iter_articles():
            self.writer.add_document(make_document(article, annotation))
            count += 1
            if self.progress and count % 10_000 == 0:
                self.progress(count)
        # changes made while we read are applied by the next sync(), in order
        self.meta = IndexMeta(SCHEMA_VERSION, generation, store_seq, identity)
        self.commit()
        _remove_other_generations(self.index_dir, keep=generation)
        return count


def _open_writer(path: Path, create: bool) -> tantivy.IndexWriter:
    if create:
        path.mkdir(parents=True)
    index = tantivy.Index(build_schema(), path=str(path), reuse=not create)
    register_analyzers(index)
    return index.writer(heap_size=HEAP, num_threads=0)


def _next_generation(index_dir: Path) -> str:
    numbers = [int(p.name[1:]) for p in index_dir.glob("g[0-9]*") if p.name[1:].isdigit()]
    return f"g{max(numbers, default=0) + 1:06d}"


def _remove_other_generations(index_dir: Path, keep: str) -> None:
    # open readers elsewhere keep their files (mmaps stay valid after unlink on POSIX)
    for path in index_dir.glob("g[0-9]*"):
        if path.name != keep and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


