"""``kill -9`` at random points of ``steppe db copy``, SQLite → PostgreSQL and PostgreSQL →
SQLite: nothing half-written in the target, and re-running the copy completes it.

A base of pre-annotated articles is copied by the real CLI in a child process, which is
SIGKILLed at random moments: during start-up (before or while the target is created and
migrated), or once the target has passed a random article count plus a random delay — so
kills land while a batch is read, written or committed. After every kill: the target's
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

import pytest

from steppe.store import open_store
from tests.crash import KILLS, child, count, exists, finish, kill_when, seeded, show, tail
from tests.store.faults import synthetic_pairs
from tests.test_ingest_chunks import problems

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
ARTICLES = int(os.environ.get("STEPPE_CRASH_COPY_ARTICLES", "3000"))


def fill(url: str, n: int) -> None:
    with open_store(url) as store:
        pairs = synthetic_pairs(n)
        for start in range(0, n, 2000):
            store.put_articles(pairs[start:start + 2000])


def contents(url: str) -> dict[str, tuple[str, str | None]]:
    """id → (content hash, annotation as stored) of every article."""
    with open_store(url, create=False) as store:
        return {article.id: (article.content_hash, json.dumps(
                    annotation.to_dict() if annotation else None, sort_keys=True))
                for article, annotation in store.iter_articles()}


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


@pytest.mark.parametrize("direction", ["sqlite-to-postgres", "postgres-to-sqlite"])
def test_kill_9_during_db_copy(direction, pg_url, tmp_path, run, monkeypatch):
    monkeypatch.setenv("STEPPE_INDEX_DIR", str(tmp_path / "index"))
    sqlite = str(tmp_path / "copy.db")
    source, target = (sqlite, pg_url) if direction == "sqlite-to-postgres" else (pg_url, sqlite)
    fill(source, ARTICLES)
    expected = contents(source)
    seed, rng = seeded(f"db copy {direction}")
    log = tmp_path / "copy.log"
    args = ["db", "copy", "--from", source, "--to", target]
    targets = [0] + sorted(rng.sample(range(1, ARTICLES), KILLS - 1))
    table = []
    for n, goal in enumerate(targets, 1):
        process = child(args, log)
        if goal == 0:  # before or while the target is created
            ready, delay, where = (lambda: True), rng.uniform(0.2, 1.6), "start-up"
        else:
            ready, delay = (lambda: count(target) >= goal), rng.uniform(0.0, 0.2)
            where = f"≥{goal} copied"
        killed = kill_when(process, ready, delay, time.monotonic() + 120,
                           "the copy made no progress\n" + tail(log))
        found = copy_problems(target, expected) if exists(target) else []
        table.append((n, where, killed, count(target), found or "ok"))
        assert found == [], table
    final = child(args, log)
    assert finish(final, 300) == 0, tail(log)
    written, there = map(int, re.findall(r"copied: (\d+)\s+already there: (\d+)",
                                         tail(log, 300))[-1])
    assert written + there == ARTICLES, tail(log)
    assert contents(target) == expected and copy_problems(target, expected) == []
    again = run("db", "copy", "--from", source, "--to", target)
    assert again.code == 0 and again.out.strip() == f"copied: 0  already there: {ARTICLES}"
    assert run("--db", target, "search", "Astana", "--json").code == 0  # catches up
    status = json.loads(run("--db", target, "index", "status", "--json").out)
    show(f"{direction}: {ARTICLES} articles, {len(table)} kills")
    for n, where, killed, got, found in table:
        show(f"  kill {n:3}: {where:>15}, killed={killed}, in the target {got:5}, check {found}")
    show(f"  re-run: copied {written}, already there {there}; target {count(target)} articles; "
          f"index {status['docs']} docs, store {status['store_articles']}")
    assert status["docs"] == status["store_articles"] == ARTICLES and not status["behind"]
