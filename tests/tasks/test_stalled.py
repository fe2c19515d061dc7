"""Requeueing the jobs of dead workers (``steppe.retry_stalled``) on a real PostgreSQL.

What a kill leaves behind is what makes this chore fail if it is naive: the scheduler has
already queued the twin of a job the dead worker still "holds" (same queueing lock), or
another worker's chore requeued a job first. Neither may fail the chore (a failed chore is
a failed job in ``steppe jobs``), and no work may be lost or done twice.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from steppe.settings import Settings
from steppe.store import open_store, procrastinate_sql
from steppe.tasks.app import WorkerOptions, build_app, requeue_stalled
from steppe.tasks.registry import procrastinate_defer

pytestmark = pytest.mark.postgres


class Snapshot:
    """The real job manager, except that the stalled jobs are the ones seen before: what a
    second worker's chore sees when the first one acts between its read and its writes."""

    def __init__(self, manager, jobs) -> None:
        self.manager, self.jobs = manager, jobs

    async def get_stalled_jobs(self, **_: object):
        return self.jobs

    def __getattr__(self, name: str):
        return getattr(self.manager, name)


def _statuses(url: str) -> list[tuple[str, str | None, str]]:
    with open_store(url) as store:
        return [tuple(r) for r in store._q(
            "SELECT task_name, queueing_lock, status::text FROM procrastinate_jobs "
            "ORDER BY id").fetchall()]


def test_stalled_jobs_are_requeued_twins_dropped_and_races_tolerated(pg_url):
    with open_store(pg_url) as store:
        defer = procrastinate_defer(store)
        defer([("fetch_source", {"source": "akipress"}, "source:akipress"),
               ("fetch_page", {"url": "http://x.kz/1"}, "page:http://x.kz/1"),
               ("enrich", {"ids": ["a"]}, None)], time.time())
        with store.transaction():  # all taken by a worker that was killed
            store._q("UPDATE procrastinate_jobs SET status = 'doing'")
        # the scheduler queues the source's next poll meanwhile: a twin of the held job
        assert defer([("fetch_source", {"source": "akipress"}, "source:akipress")],
                     time.time()) == 1
        assert len(procrastinate_sql.stalled(store, 0)) == 3

    settings = Settings.from_env({}, db=pg_url)
    app = build_app(WorkerOptions(pg_url, settings, annotate=None))

    async def chores() -> tuple[int, int]:
        async with app.open_async():
            manager = app.job_manager
            seen = list(await manager.get_stalled_jobs(seconds_since_heartbeat=0))
            first = await requeue_stalled(manager, 0)
            # a second chore acting on what it read before the first one's writes
            second = await requeue_stalled(Snapshot(manager, seen), 0)
            return first, second

    first, second = asyncio.run(chores())
    assert (first, second) == (2, 0)
    assert sorted(_statuses(pg_url)) == sorted([
        ("steppe.fetch_page", "page:http://x.kz/1", "todo"),
        ("steppe.enrich", None, "todo"),
        ("steppe.fetch_source", "source:akipress", "todo"),   # the twin; the held one is gone
    ])
