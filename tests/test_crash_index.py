"""``kill -9`` at random points of the search index's catch-up (``steppe search``) and of
``steppe index rebuild``, on SQLite and PostgreSQL: search is served from the old index or a
complete new one, never a partial one, and the next search catches up to exactly the store.

Each round writes new articles and updates some old ones, then runs the real CLI in a child
process — a catch-up (``steppe search``, committing every few hundred changes so kills land
between commits) or a rebuild — and SIGKILLs it at a random moment of its run (start-up,
reading the store, indexing, committing, switching generations): mostly once its work is
under way (its folder being built, its first commit made) plus a random delay, else anywhere,
timed from an uninterrupted run of each. After every kill: ``steppe-index.json`` names a generation that opens, either the
one before (with no more documents than the store has articles) or a new one holding exactly
the store's articles. Then, in most rounds, a search in this process catches up: exactly the
store's count of documents, nothing behind, and nothing left in the index folder but the lock,
the JSON file and the current generation (no half-built generation, old generation or
temporary file of the killed run). In the other rounds the next child starts from what the
kill left.

    STEPPE_CRASH_KILLS=50 STEPPE_CRASH_INDEX_ARTICLES=20000 pytest -s tests/test_crash_index.py
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Callable

import pytest
import tantivy

from steppe.index.writer import BUILDING, META, IndexMeta
from steppe.model import Article
from steppe.store import open_store
from tests.crash import KILLS, child, count, finish, kill_when, seeded, show, tail
from tests.store.faults import synthetic_pairs
from tests.test_ingest_chunks import POSTGRES, url_for

pytestmark = pytest.mark.slow
ARTICLES = int(os.environ.get("STEPPE_CRASH_INDEX_ARTICLES", "2500"))
CHANGES = max(ARTICLES // 5, 10)  # per round: a fifth new articles, the rest updates
CHILD = {"STEPPE_CRASH_INDEX_BATCH": str(max(CHANGES // 16, 10))}  # commits per catch-up: 16
OPS = {"catch-up": ["search", "Astana"], "rebuild": ["index", "rebuild"]}


class Writes:
    """The store's side: articles added and updated between rounds."""

    def __init__(self, url: str) -> None:
        self.url, self.next, self.rounds = url, 0, 0
        self.add(ARTICLES)

    def round(self) -> None:
        self.rounds += 1
        self.add(CHANGES // 5, updates=CHANGES - CHANGES // 5)

    def add(self, n: int, updates: int = 0) -> None:
        with open_store(self.url) as store:
            pairs = synthetic_pairs(n, start=self.next)
            for start in range(0, n, 2000):
                store.put_articles(pairs[start:start + 2000])
            first = self.rounds * updates % max(self.next - updates, 1)
            edited = [(Article(id=old.id, title=old.title,
                               text=f"{old.text} Mise à jour {self.rounds}.",
                               published=old.published, source=old.source, lang=old.lang),
                       annotation) for old, annotation in synthetic_pairs(updates, start=first)]
            assert set(store.put_articles(edited)) <= {"updated"}
        self.next += n


def state(index_dir: Path) -> dict:
    """What is on disk: the generation named, its documents, and anything else there."""
    meta = IndexMeta.read(index_dir)
    docs = twice = None
    if meta is not None:
        index = tantivy.Index.open(str(index_dir / meta.generation))
        index.reload()
        searcher = index.searcher()
        docs = searcher.num_docs
        ids = [searcher.doc(address)["id"][0] for _, address in
               searcher.search(tantivy.Query.all_query(), limit=max(docs, 1)).hits]
        twice = len(ids) - len(set(ids))
    keep = {".lock", META} | ({meta.generation} if meta else set())
    others = sorted(p.name for p in index_dir.iterdir() if p.name not in keep) \
        if index_dir.exists() else []
    return {"generation": meta.generation if meta else None, "docs": docs,
            "last_seq": meta.last_seq if meta else 0, "indexed twice": twice, "others": others}


def started(op: str, index_dir: Path, before: dict) -> tuple[Callable[[], bool], str]:
    """When the child's work is under way: a folder of its own being built, or its first commit
    of the catch-up recorded in the JSON file."""
    if op == "rebuild":
        old = {p.stat().st_ino for p in index_dir.glob(f"{BUILDING}*")}

        def building() -> bool:
            try:
                return any(p.stat().st_ino not in old for p in index_dir.glob(f"{BUILDING}*"))
            except OSError:  # renamed while we looked: built
                return True
        return building, "the build began"
    def committed() -> bool:
        meta = IndexMeta.read(index_dir)
        return meta is not None and meta.last_seq > before["last_seq"]
    return committed, "the first commit"


def timed(args: list[str], log: Path) -> float:
    """Seconds an uninterrupted run takes (the kills are spread over that much)."""
    started = time.monotonic()
    assert finish(child(args, log, CHILD), 300) == 0, tail(log)
    return time.monotonic() - started


@pytest.mark.parametrize("backend", ["sqlite", POSTGRES])
def test_kill_9_during_index_catch_up_and_rebuild(backend, request, tmp_path, run, monkeypatch):
    url = url_for(backend, request, tmp_path)
    index_dir = tmp_path / "index"
    monkeypatch.setenv("STEPPE_INDEX_DIR", str(index_dir))
    writes = Writes(url)
    log = tmp_path / "index.log"
    seconds = {"rebuild": timed(["--db", url, *OPS["rebuild"]], log)}
    startup = timed(["--db", url, *OPS["catch-up"]], log)  # nothing to catch up
    writes.round()
    seconds["catch-up"] = timed(["--db", url, *OPS["catch-up"]], log)
    seed, rng = seeded(f"index on {backend}")
    show(f"{backend}: {ARTICLES} articles, {CHANGES} changes per round; uninterrupted: start-up "
         f"{startup:.1f} s, rebuild {seconds['rebuild']:.1f} s, catch-up "
         f"{seconds['catch-up']:.1f} s; {KILLS} kills")
    for n in range(1, KILLS + 1):
        writes.round()
        op = rng.choice(sorted(OPS))
        before, articles = state(index_dir), count(url)
        # the work after start-up (a rebuild's grows with the base: ARTICLES when timed)
        work = max((seconds[op] - startup) * (articles / ARTICLES if op == "rebuild" else 1), .05)
        ready, where = started(op, index_dir, before)
        process = child(["--db", url, *OPS[op]], log, CHILD)
        if n == 1 or rng.random() < 0.3:  # any moment: start-up, reading, the end
            ready, delay = (lambda: True), rng.uniform(0.1, startup + work * 1.1)
            where = f"{delay:.2f} s after start"
        else:  # inside the work: the build (and the switch), or between catch-up commits
            delay = rng.uniform(0.0, work * 1.5 if op == "rebuild" else work / 3)
            where = f"{delay:.2f} s after {where}"
        killed = kill_when(process, ready, delay, time.monotonic() + 60, tail(log))
        after = state(index_dir)
        new = after["generation"] != before["generation"]
        healed = n == KILLS or rng.random() < 0.7
        show(f"  kill {n:3}: {op:>8} {where:>26}, killed={killed}, "
             f"{'new' if new else 'old'} index: {after['docs']:5} docs / {articles:5} articles, "
             f"also there: {','.join(after['others']) or '-'}; next search: "
             f"{'catches up' if healed else 'left to the next kill'}")
        assert after["generation"] is not None, (op, before, after)  # never without an index
        assert after["indexed twice"] == 0, (op, before, after)
        if new:  # complete
            assert op == "rebuild" and after["docs"] == articles, (op, before, after)
        else:  # the old one, caught up or not
            assert before["docs"] <= after["docs"] <= articles, (op, before, after)
        if healed:
            caught_up(run, url, index_dir)


def caught_up(run, url: str, index_dir: Path) -> None:
    """The next search catches up to exactly the store, and the folder holds nothing else."""
    assert run("--db", url, "search", "Astana", "--json").code == 0
    status = json.loads(run("--db", url, "index", "status", "--json").out)
    now = state(index_dir)
    assert status["docs"] == status["store_articles"] == now["docs"], status
    assert now["indexed twice"] == 0, now
    assert not status["behind"] and now["others"] == [], (status, now)
