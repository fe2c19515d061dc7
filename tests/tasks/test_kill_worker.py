"""procrastinate workers: four processes share 1,000 jobs, one is SIGKILLed mid-job.

Every job ends done (the killed worker's job is retried once its heartbeat is stale, by the
periodic ``steppe.retry_stalled``), and every effect is committed once: each article has
exactly one annotation change in the change log."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time

import pytest

from steppe.model import Article
from steppe.settings import Settings
from steppe.store import open_store, procrastinate_sql
from steppe.tasks.app import WorkerOptions
from steppe.tasks.pool import serve
from steppe.tasks.registry import procrastinate_defer
from tests.tasks.helpers import HANG_MARKER

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
JOBS = 1000


def _options(url: str, annotate: str) -> WorkerOptions:
    settings = Settings.from_env({}, db=url, worker_heartbeat=0.5, worker_stalled_after=2.0)
    return WorkerOptions(url, settings, annotate, batch_delay_s=0)


def test_four_workers_1000_jobs_one_killed_mid_job(pg_url, tmp_path, monkeypatch):
    store = open_store(pg_url)
    articles = [(Article(id=f"a{n:04d}", title=f"Dépêche {n}",
                         text=f"Tokaïev a reçu Mirzioïev à Astana, dépêche {n}.", lang="fr"), None)
                for n in range(JOBS)]
    with store.transaction():
        store.put_articles(articles)
        procrastinate_defer(store)([("enrich", {"ids": [a.id]}, None) for a, _ in articles],
                                   time.time())
    marker = tmp_path / "hanging"
    monkeypatch.setenv(HANG_MARKER, str(marker))
    spawn = multiprocessing.get_context("spawn")
    factories = ["tests.tasks.helpers:hanging"] + ["tests.tasks.helpers:light"] * 3
    procs = [spawn.Process(target=serve, args=(_options(pg_url, f), None, 1)) for f in factories]
    for p in procs:
        p.start()
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert time.monotonic() < deadline, "the victim never reached its 40th job"
            time.sleep(0.02)
        held = marker.read_text().split(",")
        os.kill(procs[0].pid, signal.SIGKILL)  # mid-job: fetched by procrastinate, not finished
        procs[0].join(10)
        assert procs[0].exitcode == -signal.SIGKILL
        deadline = time.monotonic() + 120
        while procrastinate_sql.pending(store) > 0:
            assert time.monotonic() < deadline, f"jobs left: {procrastinate_sql.counts(store)}"
            time.sleep(0.2)
    finally:
        for p in procs[1:]:
            if p.is_alive():
                os.kill(p.pid, signal.SIGTERM)
        for p in procs:
            p.join(40)
    assert all(p.exitcode == 0 for p in procs[1:])

    counts = {(t, s): n for _, t, s, n in procrastinate_sql.counts(store)}
    assert counts[("steppe.enrich", "succeeded")] == JOBS  # none lost
    assert not any(s in ("failed", "todo", "doing") for t, s in counts if t == "steppe.enrich")
    updates = [i for _, i, op in store.changes_since(0, limit=10 * JOBS) if op == "update"]
    assert len(updates) == JOBS and len(set(updates)) == JOBS  # each effect once
    assert all(store.get_article(i)[1] is not None for i in held)  # the victim's, done by another
    started_twice = store.conn.execute(  # the victim's job: started, retried, started again
        "SELECT count(*) FROM (SELECT job_id FROM procrastinate_events WHERE type = 'started' "
        "GROUP BY job_id HAVING count(*) > 1) twice").fetchone()[0]
    assert started_twice == 1
    store.close()
