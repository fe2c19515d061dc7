"""The in-process runner (the store's job table, SQLite's runner): leases, dead workers, retries.

The same promise on procrastinate, with four processes and one killed, is
tests/tasks/test_kill_worker.py."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time


from steppe.model import Article
from steppe.store import open_store
from steppe.workers import Worker


def test_a_worker_that_lost_its_lease_commits_nothing(tmp_path):
    store = open_store(str(tmp_path / "w.db"))
    store.enqueue_jobs([("test", {"n": 1}, None)], now=0.0)
    clock = [0.0]

    def slow_handler(jobs):
        clock[0] = 100.0  # the lease ran out while we worked, and another worker took the job
        assert store.claim_jobs("other", 1, 10, now=100.0)
        return lambda: {"stored": store.put_article(Article(id="x", text="late"), None) == "new"}

    worker = Worker(store, {"test": slow_handler}, lease_s=10, name="slow", clock=lambda: clock[0])
    assert worker.step() == 1
    assert worker.counts == {"lease lost": 1}
    assert store.count_articles() == 0 and store.last_seq() == 0
    store.close()


def test_a_restarted_worker_takes_a_dead_workers_job_at_once(tmp_path):
    """``steppe watch`` killed mid-job and started again goes on with that job at once, not
    when its lease (5 minutes by default) runs out; claims it cannot prove dead it leaves."""
    store = open_store(str(tmp_path / "w.db"))
    now = time.time()
    store.enqueue_jobs([("test", {"n": n}, None) for n in range(3)], now=now)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    host = socket.gethostname()
    holders = [f"{host}:{gone.pid}:dead", f"{host}:{os.getpid()}:alive",
               f"elsewhere:{gone.pid}:far"]
    for name in holders:  # each takes one job, as three workers would, for 300 s
        store.claim_jobs(name, 1, 300, now)
    ran = []
    worker = Worker(store, {"test": lambda jobs: ran.extend(jobs)}, lease_s=300)
    assert worker.step() == 0  # every job is held
    assert worker.release_dead_claims() == 1
    assert worker.step() == 1 and worker.step() == 0
    (job,) = ran
    assert job.payload == {"n": 0} and job.attempts == 2  # the killed attempt still counts
    assert {j.worker for j in store.list_jobs("running")} == set(holders[1:])
    assert worker.counts["taken from dead workers"] == 1
    store.close()


def test_handler_errors_are_retried_with_backoff_then_parked(tmp_path):
    store = open_store(str(tmp_path / "w.db"))
    store.enqueue_jobs([("test", {}, None)], now=0.0)
    clock = [0.0]

    def broken(jobs):
        raise ValueError("bad payload")

    worker = Worker(store, {"test": broken}, max_attempts=3, retry_base_s=10,
                    clock=lambda: clock[0])
    assert worker.step() == 1 and store.list_jobs("queued")[0].run_after == 10.0
    assert worker.step() == 0
    clock[0] = 10.0
    assert worker.step() == 1 and store.list_jobs("queued")[0].run_after == 30.0
    clock[0] = 30.0
    worker.step()
    (parked,) = store.list_jobs("parked")
    assert parked.last_error == "ValueError: bad payload"
    assert worker.counts == {"test failed": 2, "test parked": 1}
    store.close()


def test_an_idle_worker_puts_what_a_killed_one_stored_into_stories(tmp_path):
    """A worker killed after its job committed but before it clustered leaves articles in no
    story; the next worker, with no job to run at all, clusters them (seen in CI: a
    ``watch --once`` after a kill found nothing to fetch and left 26 articles unclustered)."""
    from steppe.model import Annotation

    store = open_store(str(tmp_path / "w.db"))
    articles = [Article(id=f"a{n}", title=f"Visite à Astana n° {n}", lang="fr",
                        text=f"Le président s’est rendu à Astana, visite n° {n}.") for n in range(3)]
    store.put_articles([(a, Annotation.empty(a)) for a in articles])
    assert store.story_cursor() < store.last_seq()  # what the killed worker left
    worker = Worker(store, {"test": lambda jobs: None})
    worker.run(until_idle=True, idle_sleep=0)
    assert store.story_cursor() == store.last_seq()
    assert worker.counts["clustered"] == 3
    members = store._q("SELECT count(DISTINCT article_id) FROM story_members").fetchone()[0]
    assert members == 3
    store.close()
