"""``kill -9`` at random points of ``steppe db copy``, SQLite → PostgreSQL and PostgreSQL →
SQLite: nothing half-written in the target, and re-running the copy completes it.

A base of pre-annotated articles is copied by the real CLI in a child process, which is
SIGKILLed: once during start-up (before or while the target is created and migrated), then
at a random moment after the next batch of 1,000 this run commits (timed from an
uninterrupted copy into a scratch base), so kills land while a batch is read, written or
committed; once the target is complete, at any moment of a re-run (each run starts over,
counting what is there as duplicates). After every kill: the target's
integrity check passes, no article lacks its annotation, change row or links, there is no
duplicate, and every article there is its source's, id, content and annotation. Then the
copy is run again to the end: exactly the source's articles, each once; a third run copies
nothing; and the target's search index catches up to exactly its count.

    STEPPE_CRASH_KILLS=50 STEPPE_CRASH_COPY_ARTICLES=50000 pytest -s tests/test_crash_db_copy.py
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Iterator

import pytest

from steppe.store import open_store
from tests.conftest import fresh_schema
from tests.crash import KILLS, child, count, exists, finish, kill_when, seeded, show, tail
from tests.store.faults import synthetic_pairs
from tests.test_ingest_chunks import problems

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
ARTICLES = int(os.environ.get("STEPPE_CRASH_COPY_ARTICLES", "3000"))
BATCH = 1000  # articles per transaction of steppe db copy


def fill(url: str, n: int) -> None:
    with open_store(url) as store:
        pairs = synthetic_pairs(n)
        for start in range(0, n, 2000):
            store.put_articles(pairs[start:start + 2000])


def contents(url: str) -> dict[str, tuple[str, str | None]]:
    """id → (content hash, annotation as stored: the same JSON text on both backends)."""
    with open_store(url, create=False) as store:
        return {i: (h, a) for i, h, a in store._q(
            "SELECT id, content_hash, annotation FROM articles").fetchall()}


def copy_problems(target: str, source: dict[str, tuple[str, str | None]]) -> list[str]:
    found = problems(target, clustered=False)  # clustering is the target's to do
    copied = contents(target)
    strangers = [i for i in copied if i not in source]
    changed = [i for i in copied if i in source and copied[i] != source[i]]
    if strangers:
        found.append(f"{len(strangers)} articles not in the source, e.g. {strangers[0]}")
    if changed:
        found.append(f"{len(changed)} articles differ from the source's, e.g. {changed[0]}")
    return found


@pytest.fixture
def scratch_pg(pg_server: str) -> Iterator[str]:
    """A second schema, for timing a copy into PostgreSQL."""
    yield from fresh_schema(pg_server)


def timed_copy(source: str, scratch: str, log: Path) -> tuple[float, float]:
    """Seconds a whole copy takes, start-up included, and seconds per batch after the first
    (the kills are spread over those)."""
    started = time.monotonic()
    process = child(["db", "copy", "--from", source, "--to", scratch], log)
    first = None
    while process.poll() is None:
        if first is None and count(scratch) > 0:
            first = time.monotonic()
        time.sleep(0.02)
    assert process.returncode == 0, tail(log)
    span = time.monotonic() - started
    return span, (started + span - (first or started)) / max(-(-ARTICLES // BATCH) - 1, 1)


@pytest.mark.parametrize("direction", ["sqlite-to-postgres", "postgres-to-sqlite"])
def test_kill_9_during_db_copy(direction, pg_url, scratch_pg, tmp_path, run, monkeypatch):
    monkeypatch.setenv("STEPPE_INDEX_DIR", str(tmp_path / "index"))
    sqlite = str(tmp_path / "copy.db")
    source, target = (sqlite, pg_url) if direction == "sqlite-to-postgres" else (pg_url, sqlite)
    fill(source, ARTICLES)
    expected = contents(source)
    log = tmp_path / "copy.log"
    span, batch_s = timed_copy(source, scratch_pg if target == pg_url else str(tmp_path / "t.db"),
                               log)
    seed, rng = seeded(f"db copy {direction}")
    show(f"{direction}: {ARTICLES} articles; uninterrupted: {span:.1f} s, {batch_s:.2f} s a "
         f"batch; {KILLS} kills")
    args = ["db", "copy", "--from", source, "--to", target]
    table = []
    for n in range(1, KILLS + 1):
        before = count(target)
        process = child(args, log)
        if n == 1:  # before or while the target is created
            ready, delay, where = (lambda: True), rng.uniform(0.2, 1.2), "start-up"
        elif before < ARTICLES:  # inside the batch after the next one this run commits
            ready, delay = (lambda: count(target) > before), rng.uniform(0.0, batch_s * 1.2)
            where = f"+{delay:.2f} s after a commit"
        else:  # a run over a complete target: anywhere (all duplicates)
            ready, delay = (lambda: True), rng.uniform(0.2, span * 0.9)
            where = f"re-run at {delay:.2f} s"
        killed = kill_when(process, ready, delay, time.monotonic() + 120,
                           "the copy made no progress\n" + tail(log))
        found = copy_problems(target, expected) if exists(target) else []
        table.append((n, where, killed, count(target), found or "ok"))
        show(f"  kill {n:3}: {where:>24}, killed={killed}, in the target {count(target):5}, "
             f"check {found or 'ok'}")
        assert found == [], table
    final = child(args, log)
    assert finish(final, 300) == 0, tail(log)
    written, there = map(int, re.findall(r"copiés : (\d+)\s+déjà présents : (\d+)",
                                         tail(log, 300))[-1])
    assert written + there == ARTICLES, tail(log)
    assert contents(target) == expected and copy_problems(target, expected) == []
    again = run("db", "copy", "--from", source, "--to", target)
    assert again.code == 0 and again.out.strip() == f"copiés : 0  déjà présents : {ARTICLES}"
    assert run("--db", target, "search", "Astana", "--json").code == 0  # catches up
    status = json.loads(run("--db", target, "index", "status", "--json").out)
    show(f"  re-run: copied {written}, already there {there}; target {count(target)} articles; "
          f"index {status['docs']} docs, store {status['store_articles']}")
    assert status["docs"] == status["store_articles"] == ARTICLES and not status["behind"]
