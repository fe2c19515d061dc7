"""``steppe serve`` answers while ``steppe ingest`` writes: no reader ever sees an error, and the
search index is never more than one catch-up behind the store once the writer has committed.

Real processes on both backends: a server, an ingest of a generated JSONL in chunks (the light
enricher of ``tests.test_crash_safety`` stands in for spaCy; storage, clustering, transactions
and the index are the real ones) and a reader thread cycling through pages and API routes.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.test_ingest_chunks import POSTGRES, url_for, write_jsonl
from tests.web.live import ServedProcess

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]
ROUTES = ["/api/search?q=", "/api/search?q=Astana", "/", "/api/status", "/stories",
          "/api/articles", "/search?q=gouvernement", "/countries/KZ"]


def ingest(url: str, path: Path, log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.test_crash_safety", "--db", url,
                             "ingest", "--chunk", "50", str(path)],
                            cwd=REPO, stdout=open(log, "ab"), stderr=subprocess.STDOUT)


class Reader(threading.Thread):
    """Cycles through ROUTES until stopped, keeping every answer that was not a 200."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.stop = base, threading.Event()
        self.answers = 0
        self.bad: list[str] = []
        self.totals: list[int] = []

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            while not self.stop.is_set():
                for route in ROUTES:
                    try:
                        r = client.get(route)
                    except httpx.HTTPError as exc:
                        self.bad.append(f"{route}: {type(exc).__name__} {exc}")
                        continue
                    self.answers += 1
                    if r.status_code != 200:
                        self.bad.append(f"{route}: {r.status_code} {r.text[:200]}")
                    elif route == "/api/search?q=":
                        self.totals.append(r.json()["total"])


@pytest.mark.parametrize("backend", ["sqlite", POSTGRES])
def test_readers_see_no_error_while_ingest_writes(backend, request, tmp_path):
    url = url_for(backend, request, tmp_path)
    first = write_jsonl(tmp_path / "first.jsonl", 100, seed=11, sentences=2)
    assert ingest(url, first, tmp_path / "first.log").wait(timeout=120) == 0
    server = ServedProcess(url, tmp_path)
    try:
        reader = Reader(server.url)
        reader.start()
        time.sleep(1.0)
        more = write_jsonl(tmp_path / "more.jsonl", 1500, seed=12, sentences=2)
        writer = ingest(url, more, tmp_path / "more.log")
        assert writer.wait(timeout=300) == 0, (tmp_path / "more.log").read_text()
        time.sleep(1.0)
        reader.stop.set()
        reader.join(timeout=60)
        assert reader.answers > 20
        assert reader.bad == [], reader.bad[:10]
        assert "Traceback" not in server.output()
        assert reader.totals == sorted(reader.totals)  # the index never goes back
        # once the writer has committed, the next search is caught up: one catch-up at most
        stored = httpx.get(server.url + "/api/status", timeout=30).json()["articles"]
        assert stored == 1600
        assert httpx.get(server.url + "/api/search?q=", timeout=30).json()["total"] == stored
    finally:
        server.stop()
