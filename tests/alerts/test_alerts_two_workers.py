"""Alert deduplication under two procrastinate worker processes on PostgreSQL.

Many matching stories; every delivery job deferred twice (a job queue runs jobs at least
once), and two evaluations of the same changes racing in two processes. Each (alert, story,
reason, channel) must reach the receiver exactly once: one signed POST per story, one e-mail
per story, one Atom entry per story."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from steppe.alerts.manage import create_alert
from steppe.alerts.work import AlertWork
from steppe.store import open_store, procrastinate_sql
from steppe.stories import cluster_new
from steppe.tasks.app import WorkerOptions
from steppe.tasks.pool import WorkerPool
from steppe.tasks.registry import procrastinate_defer
from tests.alerts.conftest import alert_settings
from tests.alerts.helpers import story_articles

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
STORIES = 80    # half evaluated here (jobs then doubled), half by two racing evaluations


def _write(store, pairs) -> None:
    with store.transaction():
        store.put_articles(pairs)
    cluster_new(store)


def test_two_worker_processes_deliver_each_story_once(pg_url, tmp_path, receiver, mailbox):
    settings = alert_settings(pg_url, tmp_path, mailbox, index_dir=str(tmp_path / "index"),
                              worker_heartbeat=0.5, worker_stalled_after=5.0)
    store = open_store(pg_url)
    alert = create_alert(store, "gaz", "gazoduc", receiver.url, "desk@example.org",
                         now=time.time())
    receiver.secret = alert.secret
    defer = procrastinate_defer(store)
    began = time.monotonic()

    _write(store, story_articles(STORIES // 2, 2, seed=11))
    AlertWork(store, settings, defer).evaluate()           # records and queues the first half
    ids = [d.id for d in store.alert_deliveries(alert.id, limit=10_000) if d.channel != "atom"]
    with store.transaction():                             # ...and every job a second time
        defer([("deliver_alert", {"delivery": i}, None) for i in ids], time.time())
    _write(store, story_articles(STORIES // 2, 2, seed=12))
    with store.transaction():                             # two evaluations of the second half
        defer([("evaluate_alerts", {}, None), ("evaluate_alerts", {}, None)], time.time())

    pool = WorkerPool(WorkerOptions(pg_url, settings, None, batch_delay_s=0), processes=2,
                      concurrency=4, queues=["deliver"])
    pool.start()
    pool.run(until_idle=True, every=0.5)
    seconds = time.monotonic() - began

    rows = store.alert_deliveries(alert.id, limit=10_000)
    by_channel = Counter(d.channel for d in rows)
    posts, mails = receiver.keys(), Counter(m["X-Steppe-Delivery"] for m in mailbox.messages)
    duplicates = sum(n - 1 for n in posts.values()) + sum(n - 1 for n in mails.values())
    jobs = {f"{t.removeprefix('steppe.')} {s}": n for _, t, s, n in procrastinate_sql.counts(store)
            if t in ("steppe.deliver_alert", "steppe.evaluate_alerts")}
    print(f"\nalert dedup, 2 worker processes: {STORIES} stories, {len(rows)} deliveries "
          f"({dict(by_channel)}), {len(posts)} POSTs, {len(mails)} e-mails, "
          f"{duplicates} duplicates, {seconds:.1f} s; jobs {jobs}")
    assert by_channel == {"atom": STORIES, "webhook": STORIES, "email": STORIES}
    assert {d.state for d in rows} == {"sent"}
    assert len(posts) == STORIES and set(posts.values()) == {1}
    assert len(mails) == STORIES and set(mails.values()) == {1}
    assert duplicates == 0 and receiver.bad_signatures == 0
    store.close()
