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
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator

import psycopg
import pytest

from steppe.model import Annotation, Article, CountryRef, Entity, Mention
from steppe.store.postgres import split_url
from tests.test_ingest_chunks import POSTGRES, problems, url_for, write_jsonl

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]
KILLS = int(os.environ.get("STEPPE_CRASH_KILLS", "10"))
ARTICLES = int(os.environ.get("STEPPE_CRASH_ARTICLES", "3000"))
REAL = os.environ.get("STEPPE_CRASH_ENRICH", "") == "real"

NAMES = {  # enough for links, countries and story keys
    "Astana": ("place:astana", "place", "KZ"),
    "Tokaïev": ("person:kassym-jomart-tokaiev", "person", "KZ"),
    "Tachkent": ("place:tachkent", "place", "UZ"),
    "Mirzioïev": ("person:chavkat-mirzioiev", "person", "UZ"),
    "Bichkek": ("place:bichkek", "place", "KG"),
    "Douchanbé": ("place:douchanbe", "place", "TJ"),
    "Achgabat": ("place:achgabat", "place", "TM"),
    "Gazprom": ("organization:gazprom", "organization", "RU"),
}
COUNTRIES = {"KZ": "Kazakhstan", "UZ": "Ouzbékistan", "KG": "Kirghizstan", "TJ": "Tadjikistan",
             "TM": "Turkménistan", "RU": "Russie"}


class LightEnricher:
    """Stands in for ``steppe.enrich.pipeline.Enricher`` in the child: same interface, a few
    name rules instead of spaCy, so a start-up takes a second, not five."""

    def __init__(self, batch_size: int = 64, kb_file: str = "") -> None:
        self.batch_size = batch_size

    def annotate_pairs(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Annotation]]:
        for article in articles:
            article.lang = article.lang or "fr"
            yield article, light_annotation(article)


def light_annotation(article: Article) -> Annotation:
    entities, countries = [], {}
    for name, (eid, kind, country) in NAMES.items():
        at = article.text.find(name)
        if at >= 0:
            entities.append(Entity(eid, name, kind, country,
                                   [Mention("text", at, at + len(name), name)]))
            countries[country] = countries.get(country, 0) + 1
    return Annotation(id=article.id, lang=article.lang, title=article.title, text=article.text,
                      published=article.published, entities=entities,
                      countries=[CountryRef(c, COUNTRIES[c], n) for c, n in countries.items()])


def start(url: str, path: Path, env: dict[str, str], log: Path) -> subprocess.Popen:
    args = ["--db", url, "ingest", "--chunk", "50", str(path)]
    cmd = ([str(Path(sys.executable).with_name("steppe"))] if REAL
           else [sys.executable, "-m", "tests.test_crash_safety"]) + args
    return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=open(log, "ab"),
                            stderr=subprocess.STDOUT)


def stored(url: str) -> int:
    """Articles committed, read beside the running ingest (0 before the table exists)."""
    try:
        if url.startswith("postgresql://"):
            conn_url, schema, _ = split_url(url)
            with psycopg.connect(conn_url, autocommit=True) as conn:
                return int(conn.execute(f'SELECT count(*) FROM "{schema}".articles').fetchone()[0])
        with sqlite3.connect(f"file:{url}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except (sqlite3.Error, psycopg.Error):
        return 0


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


def _exists(url: str) -> bool:
    from steppe.errors import StoreError
    from steppe.store import open_store

    if not url.startswith("postgresql://") and not Path(url).exists():
        return False
    try:
        open_store(url, create=False).close()
        return True
    except StoreError:
        return False


def kill_at(process: subprocess.Popen, url: str, target: int, delay: float,
            deadline: float) -> bool:
    """SIGKILL once ``target`` articles are stored and ``delay`` more seconds passed; False
    when the process ended first."""
    while stored(url) < target:
        if process.poll() is not None:
            return False
        assert time.monotonic() < deadline, "the ingest made no progress"
        time.sleep(0.02)
    time.sleep(delay)
    if process.poll() is not None:
        return False
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return True


@pytest.mark.parametrize("backend", ["sqlite", POSTGRES])
def test_kill_9_at_random_points(backend, request, tmp_path, run, monkeypatch):
    url = url_for(backend, request, tmp_path)
    monkeypatch.setenv("STEPPE_INDEX_DIR", str(tmp_path / "index"))
    path = write_jsonl(tmp_path / "crash.jsonl", ARTICLES, sentences=2)
    seed = int(os.environ.get("STEPPE_CRASH_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    log = tmp_path / "ingest.log"
    targets = [0] + sorted(rng.sample(range(1, ARTICLES - 50), KILLS - 1))
    table = []
    for n, target in enumerate(targets, 1):
        process = start(url, path, env, log)
        delay = rng.uniform(0.05, 1.5) if target == 0 else rng.uniform(0.0, 0.3)
        killed = kill_at(process, url, target, delay, time.monotonic() + 300)
        if not _exists(url):  # killed before it created the base
            table.append((n, target, killed, 0, "ok", "none"))
            continue
        found = problems(url)
        table.append((n, target, killed, stored(url), found or "ok", position_matches(url)))
        assert found == [] and table[-1][-1] in ("ok", "none"), table
        if n == len(targets) // 2:  # the index catches up from a half-done base too
            assert run("--db", url, "search", "Astana", "--json").code == 0
    final = start(url, path, env, log)
    assert final.wait(timeout=600) == 0, log.read_text(errors="replace")[-2000:]
    assert stored(url) == ARTICLES and problems(url) == [] and position_matches(url) == "none"
    assert run("--db", url, "search", "Astana", "--json").code == 0  # catches up
    status = json.loads(run("--db", url, "index", "status", "--json").out)
    print(f"\n{backend}: seed {seed}, {ARTICLES} articles, {len(targets)} kills")
    for n, target, killed, count, found, position in table:
        print(f"  kill {n:3}: after ≥{target:5} stored, killed={killed}, stored {count:5}, "
              f"integrity {found}, position {position}")
    print(f"  re-run: {stored(url)} articles (file {ARTICLES}); index {status['docs']} docs, "
          f"store {status['store_articles']}")
    assert status["docs"] == status["store_articles"] == ARTICLES and not status["behind"]


if __name__ == "__main__":
    import steppe.cli.articles as articles_cli
    from steppe.cli import main

    articles_cli.Enricher = LightEnricher  # type: ignore[misc, assignment]
    sys.exit(main(sys.argv[1:]))
