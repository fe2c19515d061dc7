"""The task set's contract, on both runners: the store's job table run in process (SQLite,
the embedded default) and procrastinate worker processes (PostgreSQL).

Same tasks, same promises: a feed's items are fetched, stored, enriched in batches and
clustered; a task run twice changes nothing the second time; one source or page is queued
once (queueing lock); an article that breaks the pipeline is parked with its error while the
rest of its batch is stored."""

from __future__ import annotations

import importlib
import threading
import time
from typing import Iterator

import pytest

from steppe.model import Source
from steppe.settings import Settings
from steppe.sources.fetch import Fetcher
from steppe.store import open_store, procrastinate_sql
from steppe.tasks.app import WorkerOptions
from steppe.tasks.pool import WorkerPool
from steppe.tasks.registry import local_defer, procrastinate_defer
from steppe.watch import WatchContext, run_watch, schedule_due
from tests.sources.conftest import ALLOW_LOCAL, Server, generated_page

ITEMS = 20
POSTGRES = pytest.param("procrastinate", marks=[pytest.mark.postgres, pytest.mark.slow])


class Runner:
    """Runs every due job to the end on one backend."""

    def __init__(self, kind: str, url: str) -> None:
        self.kind, self.url = kind, url
        self.settings = Settings.from_env({}, db=url, batch_size=8, host_delay=0.0,
                                          fetch_allow=ALLOW_LOCAL, job_max_attempts=2,
                                          job_retry_base=0, worker_heartbeat=0.5,
                                          worker_stalled_after=2.0)

    def defer(self, store):
        return procrastinate_defer(store) if self.kind == "procrastinate" else local_defer(store)

    def run(self, store, annotate: str = "tests.tasks.helpers:light") -> None:
        if self.kind == "procrastinate":
            schedule_due(store, time.time(), self.defer(store))
            pool = WorkerPool(WorkerOptions(self.url, self.settings, annotate, batch_delay_s=0.3),
                              processes=1, concurrency=2)
            pool.start()
            pool.run(until_idle=True, every=0.3)
            return
        module, _, name = annotate.partition(":")
        factory = getattr(importlib.import_module(module), name)
        s = self.settings
        fetcher = Fetcher("Steppe-tests", 5.0, 1_000_000, 0.0, ALLOW_LOCAL)
        ctx = WatchContext(store, fetcher, factory(s.batch_size))
        try:
            run_watch(ctx, once=True, retry_base_s=0, max_attempts=s.job_max_attempts,
                      batch_size=s.batch_size, idle_sleep=0.02)
        finally:
            fetcher.close()

    def failed(self, store) -> list[tuple[str, str]]:
        """(task, error) of the jobs that gave up."""
        if self.kind == "procrastinate":
            return [(j["task"].removeprefix("steppe."), j["error"] or "")
                    for j in procrastinate_sql.listed(store, "failed", 100)]
        return [(j.kind, j.last_error or "") for j in store.list_jobs("parked", 100)]

    def unfinished(self, store) -> int:
        if self.kind == "procrastinate":
            return procrastinate_sql.pending(store)
        return store.pending_jobs()

    def queued(self, store, kind: str) -> int:
        if self.kind == "procrastinate":
            return sum(n for _, t, s, n in procrastinate_sql.counts(store)
                       if t == f"steppe.{kind}" and s == "todo")
        return store.job_counts().get("queued", {}).get(kind, 0)


@pytest.fixture
def server() -> Iterator[Server]:
    server = Server()
    threading.Thread(target=server.httpd.serve_forever, daemon=True).start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(params=["local", POSTGRES])
def runner(request, tmp_path) -> Runner:
    if request.param == "local":
        return Runner("local", str(tmp_path / "tasks.db"))
    return Runner("procrastinate", request.getfixturevalue("pg_url"))


def feed(server: Server, name: str, pages: dict[int, bytes]) -> str:
    items = "".join(f"<item><title>Dépêche {i}</title><link>{server.url(f'/p/{name}/{i}')}</link>"
                    f"<guid>{name}-{i}</guid></item>" for i in pages)
    for i, body in pages.items():
        server.documents[f"/p/{name}/{i}"] = (body, "text/html; charset=utf-8")
    server.documents[f"/feed/{name}"] = (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{name}</title>'
        f"<link>{server.base}/</link><description>d</description>{items}</channel></rss>"
        .encode(), "application/rss+xml")
    return server.url(f"/feed/{name}")


def add_source(store, name: str, url: str) -> None:
    store.add_source(Source(name, url, lang="fr", next_due=0, created=time.time() - 60))


def test_a_feed_is_fetched_stored_enriched_in_batches_and_clustered(runner, server):
    store = open_store(runner.url)
    add_source(store, "flux", feed(server, "flux", {i: generated_page(i) for i in range(ITEMS)}))
    runner.run(store)
    articles = list(store.iter_articles())
    assert len(articles) == ITEMS
    assert all(ann is not None and ann.countries for _, ann in articles)  # enriched
    assert runner.unfinished(store) == 0 and runner.failed(store) == []
    assert store.count_pending() == 0
    assert store.story_cursor() == store.last_seq()  # clustered up to the last change
    seq = store.last_seq()
    # polled again (due now): the items are known; nothing is stored twice
    with store.transaction():
        store._q("UPDATE sources SET next_due = 0")
    runner.run(store)
    assert store.count_articles() == ITEMS and store.last_seq() == seq
    store.close()


def test_every_task_run_twice_changes_nothing_the_second_time(runner, server):
    store = open_store(runner.url)
    add_source(store, "flux", feed(server, "flux", {i: generated_page(i) for i in range(6)}))
    runner.run(store)
    seq, ids = store.last_seq(), [a.id for a, _ in store.iter_articles()]
    urls = [server.url(f"/p/flux/{i}") for i in range(6)]
    again = [("fetch_page", {"source": "flux", "lang": "fr", "url": u, "canonical": u,
                             "title": None, "summary": None, "author": None, "published": None},
              None) for u in urls]
    again += [("enrich", {"ids": ids}, None), ("fetch_source", {"source": "flux"}, None)]
    runner.defer(store)(again, time.time())   # as if each ran, then its worker died
    runner.run(store)
    assert store.last_seq() == seq and store.count_articles() == 6
    assert runner.failed(store) == []
    store.close()


def test_one_source_and_one_page_are_queued_once(runner):
    store = open_store(runner.url)
    defer = runner.defer(store)
    page = {"source": "flux", "url": "http://127.0.0.1:9/a", "canonical": "http://127.0.0.1:9/a"}
    n = defer([("fetch_page", page, "page:http://127.0.0.1:9/a")] * 3, time.time())
    n += defer([("fetch_source", {"source": "flux"}, "source:flux")] * 2, time.time())
    assert n == 2
    assert runner.queued(store, "fetch_page") == 1 and runner.queued(store, "fetch_source") == 1
    store.close()


def test_an_article_that_breaks_the_pipeline_is_parked_the_rest_stored(runner, server):
    store = open_store(runner.url)
    pages = {i: generated_page(i) for i in range(6)}
    pages[3] = pages[3].replace(b"</article>", b"<p>POISON</p></article>")
    add_source(store, "flux", feed(server, "flux", pages))
    runner.run(store, annotate="tests.tasks.helpers:poisoned")
    annotated = {a.title: ann is not None for a, ann in store.iter_articles()}
    assert len(annotated) == 6
    assert sum(annotated.values()) == 5 and annotated["Dépêche 3"] is False
    failed = runner.failed(store)
    assert [task for task, _ in failed] == ["enrich"], failed
    assert "cannot enrich a text holding 'POISON'" in failed[0][1]
    store.close()
