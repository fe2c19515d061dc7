"""Enrichment in several processes (``steppe ingest --processes N``): the same articles,
annotations and stories as one process; a killed worker, Ctrl-C or a killed ingest leave
nothing half-written and no worker behind, and a re-run completes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from steppe.enrich.parallel import ParallelEnricher
from steppe.enrich.pipeline import Enricher
from steppe.flows import ingest_paths
from steppe.model import Article
from steppe.store import open_store
from tests.test_ingest_chunks import POSTGRES, count, problems, url_for, write_jsonl

STEPPE = str(Path(sys.executable).with_name("steppe"))


def _contents(url: str) -> dict[str, Any]:
    """Everything an ingest decides, without its clock (ingested_at)."""
    with open_store(url, create=False) as store:
        articles = {a.id: (a.title, a.text, a.lang, a.published, a.source,
                           ann.to_dict() if ann else None)
                    for a, ann in store.iter_articles()}
        members = sorted((a, s, round(x or 0, 4)) for a, s, x in store.iter_story_members())
        stories = store.stories_of_articles(sorted(articles))
    return {"articles": articles, "members": members, "stories": stories}


@pytest.mark.parametrize("backend", ["sqlite", POSTGRES])
def test_two_processes_store_exactly_what_one_process_stores(backend, request, tmp_path):
    path = write_jsonl(tmp_path / "items.jsonl", 90, seed=3)
    url = url_for(backend, request, tmp_path)
    with open_store(url) as store:  # one process, the reference
        one = ingest_paths([str(path)], store, Enricher(batch_size=8), chunk=30)
    reference = _contents(url)
    other = str(tmp_path / "two.db")
    with open_store(other) as store, ParallelEnricher(2, batch_size=8) as enricher:
        two = ingest_paths([str(path)], store, enricher, chunk=30)  # 6 tasks of 16, 3 chunks
        assert len(enricher.memory_mb()) == 2 and min(enricher.memory_mb().values()) > 100
    assert (two.new, two.failed) == (one.new, one.failed) == (90, 0)
    assert _contents(other) == reference
    assert problems(other) == []


def _children(pid: int) -> list[int]:
    """The enrichment workers of process ``pid`` (not multiprocessing's resource tracker)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db) as conn:
            row = conn.execute("SELECT sum(articles) FROM ingest_progress").fetchone()
    except sqlite3.Error:
        return 0
    return row[0] or 0


ITEMS = 200  # ten chunks of 20: a kill or Ctrl-C lands after the first, with work left


def _start(db: Path, path: Path, more_than: int = 0) -> tuple[subprocess.Popen, list[int]]:
    """An ingest in two processes, once it has committed a chunk (more than ``more_than``
    articles stored) and both workers run."""
    env = {**os.environ, "STEPPE_BATCH_SIZE": "8"}
    proc = subprocess.Popen([STEPPE, "--db", str(db), "ingest", "--processes", "2", "--chunk",
                             "20", str(path)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        if len(workers) == 2 and _stored(db) > more_than:
            return proc, workers
        time.sleep(0.2)
    proc.kill()
    raise AssertionError(f"no chunk committed with two workers: {proc.communicate()}")


def _gone(pids: list[int], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(_alive(p) for p in pids)


@pytest.mark.slow
def test_ctrl_c_a_killed_worker_and_a_killed_ingest_leave_nothing_half_written(tmp_path):
    """One file through every way an ingest in two processes can stop, then a re-run that
    completes it: Ctrl-C, a worker killed by SIGKILL, the ingest itself killed outright. One
    scenario, not three tests: each start costs two model loads, and one final re-run checks
    what three would."""
    path, db = write_jsonl(tmp_path / "items.jsonl", ITEMS, seed=6), tmp_path / "stop.db"
    proc, workers = _start(db, path)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole group
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and err.strip().endswith("erreur : interrompu"), err
    assert "Traceback" not in err, err
    assert _gone(workers), "a worker outlived Ctrl-C"
    assert count(str(db)) == _stored(db) and problems(str(db)) == []

    stored = _stored(db)
    proc, workers = _start(db, path, more_than=stored)  # resumes; one worker killed
    os.kill(workers[0], signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, err
    errors = [line for line in err.splitlines() if line.startswith(("error:", "erreur :"))]
    assert len(errors) == 1 and "Traceback" not in err, err
    assert f"enrichment process {workers[0]} was killed by SIGKILL" in errors[0]
    assert "earlier articles are stored: a re-run skips them" in errors[0]
    assert _gone(workers), "a worker outlived the ingest"
    assert stored < count(str(db)) == _stored(db) < ITEMS  # whole chunks only
    assert problems(str(db)) == []

    proc, workers = _start(db, path)  # killed outright: the workers die with it
    proc.kill()
    proc.communicate(timeout=60)
    assert _gone(workers), "a worker outlived its killed parent"
    assert count(str(db)) == _stored(db) and problems(str(db)) == []

    last = subprocess.run([STEPPE, "--db", str(db), "ingest", "--processes", "2", str(path)],
                          capture_output=True, text=True, timeout=600)
    assert last.returncode == 0 and ("resumed after" in last.stderr
                                     or "reprise après" in last.stderr), last.stderr
    assert count(str(db)) == ITEMS and problems(str(db)) == []


def test_one_process_annotates_every_article_in_this_process():
    """processes=1 starts no worker and drops nothing (it returned only the first task's
    worth of articles)."""
    articles = [Article(id=f"p{i}", text=f"Tokaïev a reçu Mirzioïev à Astana le {i} mars.")
                for i in range(30)]
    enricher = ParallelEnricher(1, batch_size=4)
    pairs = list(enricher.annotate_pairs(articles))
    assert [a.id for a, _ in pairs] == [a.id for a in articles]
    assert enricher.memory_mb() == {}
    enricher.close()
