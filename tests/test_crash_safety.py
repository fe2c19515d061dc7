"""``kill -9`` at random points of ``steppe ingest``: nothing half-written, the re-run completes.

A generated JSONL file is ingested by the real CLI in a child process, which is SIGKILLed at
random moments: once during start-up (imports, migrations), then each time the base has
passed a random article count, plus a random delay — so kills land while a chunk is being
enriched, written, clustered or committed. After every kill: the engine's integrity check
passes, no article lacks its annotation, change row, links or story, the recorded position
matches what is stored exactly. Then a last run completes with exactly the file's articles,
no duplicate, and the search index catches up to exactly the store's count.

By default the child enriches with ``LightEnricher`` (a few keyword rules, no spaCy) so ten
kills fit in well under a minute; the storage, clustering and transaction code is the real
one. Longer campaigns:

    STEPPE_CRASH_KILLS=100 STEPPE_CRASH_ARTICLES=20000 pytest -s tests/test_crash_safety.py
    STEPPE_CRASH_ENRICH=real …   # the spaCy pipeline in the child (slower start-ups)
    STEPPE_CRASH_SEED=1234 …     # replay a campaign (the seed is printed)
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from tests.crash import KILLS, child, count, exists, kill_when, seeded, show
from tests.crash import main as child_main
from tests.test_ingest_chunks import POSTGRES, problems, url_for, write_jsonl

pytestmark = pytest.mark.slow
ARTICLES = int(os.environ.get("STEPPE_CRASH_ARTICLES", "3000"))


def start(url: str, path: Path, log: Path):
    return child(["--db", url, "ingest", "--chunk", "50", str(path)], log)


def stored(url: str) -> int:
    """Articles committed, read beside the running ingest (0 before the table exists)."""
    return count(url)


def position_matches(url: str) -> str:
    """The recorded position against what is stored: they commit together, so they agree."""
    from steppe.store import open_store

    with open_store(url, create=False) as store:
        rows = store._q("SELECT position, articles FROM ingest_progress").fetchall()
        n = store.count_articles()
    if not rows:
        return "none" if n in (0, ARTICLES) else f"no position but {n} articles"
    (raw, articles), = rows
    item = json.loads(raw)["item"]
    return "ok" if articles == n == item else f"position {item}/{articles} vs {n} stored"


@pytest.mark.parametrize("backend", ["sqlite", POSTGRES])
def test_kill_9_at_random_points(backend, request, tmp_path, run, monkeypatch):
    url = url_for(backend, request, tmp_path)
    monkeypatch.setenv("STEPPE_INDEX_DIR", str(tmp_path / "index"))
    path = write_jsonl(tmp_path / "crash.jsonl", ARTICLES, sentences=2)
    seed, rng = seeded(f"ingest on {backend}")
    log = tmp_path / "ingest.log"
    targets = [0] + sorted(rng.sample(range(1, ARTICLES - 50), KILLS - 1))
    table = []
    for n, target in enumerate(targets, 1):
        process = start(url, path, log)
        delay = rng.uniform(0.05, 1.5) if target == 0 else rng.uniform(0.0, 0.3)
        killed = kill_when(process, lambda: stored(url) >= target, delay,
                           time.monotonic() + 300, "the ingest made no progress")
        if not exists(url):  # killed before it created the base
            table.append((n, target, killed, 0, "ok", "none"))
            continue
        found = problems(url)
        table.append((n, target, killed, stored(url), found or "ok", position_matches(url)))
        assert found == [] and table[-1][-1] in ("ok", "none"), table
        if n == len(targets) // 2:  # the index catches up from a half-done base too
            assert run("--db", url, "search", "Astana", "--json").code == 0
    final = start(url, path, log)
    assert final.wait(timeout=600) == 0, log.read_text(errors="replace")[-2000:]
    assert stored(url) == ARTICLES and problems(url) == [] and position_matches(url) == "none"
    assert run("--db", url, "search", "Astana", "--json").code == 0  # catches up
    status = json.loads(run("--db", url, "index", "status", "--json").out)
    show(f"{backend}: seed {seed}, {ARTICLES} articles, {len(targets)} kills")
    for n, target, killed, got, found, position in table:
        show(f"  kill {n:3}: after ≥{target:5} stored, killed={killed}, stored {got:5}, "
              f"integrity {found}, position {position}")
    show(f"  re-run: {stored(url)} articles (file {ARTICLES}); index {status['docs']} docs, "
          f"store {status['store_articles']}")
    assert status["docs"] == status["store_articles"] == ARTICLES and not status["behind"]


if __name__ == "__main__":  # the child, as tests/test_serve_while_ingest.py starts it too
    sys.exit(child_main(sys.argv[1:]))
