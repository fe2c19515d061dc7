"""Keep the search index in step with the store: apply its changes in sequence order.

The index lives in ``index_dir``: one tantivy folder per *generation* (``g000001`` …) and a small
``steppe-index.json`` naming the current generation, the last change sequence number applied,
and the identity of the store it was built from (a random id the store writes once, at its
creation). The JSON file is replaced atomically after each tantivy commit, so a crash leaves
either the old state or the new one; re-applying a change is harmless (a document is deleted
by its id before it is added again).

A rebuild fills a hidden ``.building-gNNNNNN`` folder and renames it to its generation only once
it is complete and committed, then switches the JSON file: searches keep using the old
generation meanwhile, and a rebuild that fails (full disk, interruption) removes its folder
and changes nothing. What runs killed outright leave (a half-built folder, a generation built
but never switched to, the one switched from, a temporary JSON file) is removed by the next
writer, and by a search that finds the index up to date and no writer at work. One writer at
a time, across processes, is ensured by an ``flock`` on ``index_dir/.lock``.
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
BUILDING = ".building-"   # prefix of a generation being built; renamed when complete
BATCH = 5_000             # changes read from the store at a time
COMMIT_EVERY = 100_000    # documents between commits during a long catch-up
HEAP = 256_000_000        # tantivy writer memory budget, split among its threads
PROGRESS_EVERY = 10_000   # articles between progress calls during a rebuild
CLEANER_HEAP = 20_000_000  # a writer that only collects garbage (tantivy's minimum is 15 MB)

Progress = Callable[[int], None]
Pair = tuple[Article, "Annotation | None"]
_thread_locks: dict[str, threading.Lock] = {}


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
        try:
            tmp.write_text(json.dumps(asdict(self)), encoding="utf-8")
            os.replace(tmp, index_dir / META)
        except BaseException:
            tmp.unlink(missing_ok=True)   # a half-written file on a full disk: never keep it
            raise


def needs_rebuild(meta: IndexMeta | None, store: Store, store_seq: int) -> str | None:
    """Why the index cannot simply catch up (missing, other schema, other or older database)."""
    if meta is None:
        return "missing"
    if meta.schema != SCHEMA_VERSION:
        return "schema changed"
    if meta.store != store.identity():
        return "built from another database"
    if meta.last_seq > store_seq:
        return "ahead of the database (restored from a backup?)"
    return None


@contextmanager
def writing(index_dir: Path, wait: bool = True) -> Iterator[bool]:
    """Exclusive right to write ``index_dir``: a thread lock here, an flock across processes.
    With ``wait=False`` it yields False at once when another writer holds it."""
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = _thread_locks.setdefault(str(index_dir.resolve()), threading.Lock())
    if not lock.acquire(blocking=wait):
        yield False
        return
    try:
        with open(index_dir / ".lock", "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        lock.release()


def rebuild(store: Store, index_dir: str | Path, progress: Progress | None = None) -> int:
    """Build a fresh index of every article in the store; returns the number indexed."""
    with Indexer(store, index_dir, progress=progress, fresh=True) as indexer:
        return indexer.rebuilt + indexer.sync()


def catch_up(store: Store, index_dir: str | Path, progress: Progress | None = None,
             known: Mapping[str, Pair] | None = None) -> int:
    """Apply the store's changes the index has not seen, in order; rebuild if it cannot.

    Returns the number of articles (re)indexed or removed; 0 when already up to date, which
    costs three small reads (the JSON file, the store's last sequence number and its
    identity: a database re-created at the same place starts its sequence anew). ``known`` may
    hold articles exactly as the caller just wrote them, to spare reading them back.
    """
    index_dir = Path(index_dir)
    meta = IndexMeta.read(index_dir)
    if meta is not None and meta.schema == SCHEMA_VERSION and meta.last_seq == store.last_seq() \
            and meta.store == store.identity():
        if _leftovers(index_dir, meta.generation):
            _tidy(index_dir)
        return 0
    with Indexer(store, index_dir, progress=progress) as indexer:
        return indexer.rebuilt + indexer.sync(known)


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
                 commit_every: int | None = None, fresh: bool = False) -> None:
        self.store, self.index_dir, self.progress = store, Path(index_dir), progress
        self.commit_every, self.fresh = commit_every or COMMIT_EVERY, fresh
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
                _remove_leftovers(self.index_dir, keep=meta.generation)
                self.writer = _open_writer(self.index_dir / meta.generation, create=False)
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, kind: object, error: object, tb: object) -> None:
        try:
            if error is not None:
                self._discard()
                return
            try:
                self.commit()
            except BaseException:
                self._discard()
                raise
            self.writer.wait_merging_threads()
        finally:
            self._stack.close()

    def _discard(self) -> None:
        """Drop what was not committed, with the segment files it had written: after a failed
        commit on a full disk they would otherwise keep the disk full. A writer of its own
        collects them once every thread of this one has stopped writing; the index keeps
        its last commit whatever fails here."""
        for step in (self.writer.rollback, self.writer.wait_merging_threads):
            try:
                step()
            except ValueError:
                pass
        try:
            cleaner = _open_writer(self.index_dir / self.meta.generation, create=False,
                                   heap=CLEANER_HEAP, threads=1)
            cleaner.garbage_collect_files()
            cleaner.wait_merging_threads()
        except (OSError, ValueError):
            pass

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
        _spend_commit_opstamp(self.writer)
        self.meta.write(self.index_dir)
        self._pending = 0

    def _rebuild(self) -> int:
        """Build a new generation aside, rename it into place once complete, then switch."""
        current = IndexMeta.read(self.index_dir)
        _remove_leftovers(self.index_dir, keep=current.generation if current else None)
        store_seq, identity = self.store.last_seq(), self.store.identity()
        generation = _next_generation(self.index_dir)
        final = self.index_dir / generation
        count = _build(self.store, self.index_dir / f"{BUILDING}{generation}", final,
                       self.progress)
        # changes made while we read are applied by the next sync(), in order
        self.meta = IndexMeta(SCHEMA_VERSION, generation, store_seq, identity)
        try:
            self.meta.write(self.index_dir)          # the switch: searches move to it now
        except BaseException:
            shutil.rmtree(final, ignore_errors=True)
            raise
        self.writer = _open_writer(final, create=False)
        _remove_leftovers(self.index_dir, keep=generation)
        return count


def _build(store: Store, building: Path, final: Path, progress: Progress | None) -> int:
    """Index every article into ``building`` and rename it ``final`` once committed; on any
    failure remove ``building``, so a failed rebuild leaves nothing behind."""
    writer = None
    try:
        writer = _open_writer(building, create=True)
        count = 0
        for article, annotation in store.iter_articles():
            writer.add_document(make_document(article, annotation))
            count += 1
            if progress and count % PROGRESS_EVERY == 0:
                progress(count)
        writer.commit()
        writer.wait_merging_threads()
        writer = None
        os.rename(building, final)
    except BaseException:
        if writer is not None:
            try:
                writer.rollback()
                writer.wait_merging_threads()    # its threads must stop writing in there
            except ValueError:
                pass
        shutil.rmtree(building, ignore_errors=True)
        raise
    return count


def _open_writer(path: Path, create: bool, heap: int = HEAP,
                 threads: int = 0) -> tantivy.IndexWriter:
    if create:
        path.mkdir(parents=True)
    index = tantivy.Index(build_schema(), path=str(path), reuse=not create)
    register_analyzers(index)
    writer = index.writer(heap_size=heap, num_threads=threads)
    _spend_commit_opstamp(writer)
    return writer


def _spend_commit_opstamp(writer: tantivy.IndexWriter) -> None:
    """Give the operation number of the last commit to a delete that matches nothing.

    Tantivy numbers the first operation after a commit (the last commit of the index, for a
    writer just opened) with the commit's own number; a merge that starts before it is
    applied skips it for the segments whose deletes carry that number, and the article it
    deleted stays indexed beside its new version. After a ``kill -9`` it happened at the
    next catch-up (the killed run's unmerged segments are merged then): an updated article
    indexed twice. A no-op delete takes that number instead."""
    writer.delete_documents_by_term("id", "")


def _next_generation(index_dir: Path) -> str:
    numbers = [int(p.name[1:]) for p in index_dir.glob("g[0-9]*") if p.name[1:].isdigit()]
    return f"g{max(numbers, default=0) + 1:06d}"


def _leftovers(index_dir: Path, keep: str | None) -> list[Path]:
    """Every generation but ``keep`` (older ones; half-built ones, or built but never switched
    to, of runs killed before they could clean up) and temporary JSON files; call it holding
    the write lock, or only to look: a folder being built is never ``keep``."""
    return [path for path in [*index_dir.glob("g[0-9]*"), *index_dir.glob(f"{BUILDING}*"),
                              *index_dir.glob(f".{META}.*.tmp")] if path.name != keep]


def _remove_leftovers(index_dir: Path, keep: str | None) -> None:
    # open readers elsewhere keep their files (mmaps stay valid after unlink on POSIX)
    for path in _leftovers(index_dir, keep):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _tidy(index_dir: Path) -> None:
    """Remove leftovers unless a writer is at work (its folder is not a leftover): a search
    never waits for a rebuild, nor fails for want of tidying (a read-only folder)."""
    try:
        with writing(index_dir, wait=False) as mine:
            meta = IndexMeta.read(index_dir)
            if mine and meta is not None:
                _remove_leftovers(index_dir, keep=meta.generation)
    except OSError:
        pass
