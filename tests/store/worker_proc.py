"""Entry point of the worker processes started by test_workers.py (spawned, so importable)."""

from __future__ import annotations

import time
from pathlib import Path

from steppe.model import Article
from steppe.store import open_store
from steppe.workers import Worker


def run_worker(url: str, name: str, lease_s: float, hang_after: int | None,
               marker: str | None) -> None:
    """Work until the queue is drained. Each job stores one article whose text names the
    worker and attempt, so a job committed twice would show as a second change.

    ``hang_after``: on that many-th job, touch ``marker`` and hang (the test kills us then)."""
    store = open_store(url)
    handled = 0

    def handler(jobs):
        nonlocal handled
        (job,) = jobs
        handled += 1
        if hang_after is not None and handled == hang_after:
            Path(marker).write_text(str(job.id))
            time.sleep(600)
        time.sleep(0.002)  # a little work, so the workers interleave
        article = Article(id=f"job-{job.payload['n']}",
                          text=f"job {job.payload['n']} by {name} attempt {job.attempts}")
        return lambda: {"stored": store.put_article(article, None) == "new"}

    Worker(store, {"test": handler}, lease_s=lease_s, name=name).run(until_idle=True,
                                                                      idle_sleep=0.05)
    store.close()
