"""``kill -9`` at random points of ``steppe watch``: nothing half-written, nothing lost, no item
stored twice; on SQLite and PostgreSQL.

A local HTTP server (127.0.0.1, allowed by ``STEPPE_FETCH_ALLOW``) serves a few feeds whose
items are news-like pages; each round more items appear in the feeds and the sources fall
due again (as their interval would elapse), then the real ``steppe watch`` runs in a child
process and is SIGKILLed: at start-up, while polling the feeds, or once the base has passed
a random article count plus a random delay — so kills land while a page is fetched, an
article stored, enriched or clustered, or a job completed. After every kill: the engine's
integrity check passes, no article lacks its change row, provenance or links; every item a
feed poll recorded as seen has its article or a queued page job, every article not enriched
yet its enrichment job (nothing the kill cut short is lost). Then ``steppe watch --once``
finishes the work: every item stored exactly once, enriched and clustered, no job left or
parked, and the search index catches up to exactly the store's count; a further poll of
every feed stores nothing new.

    STEPPE_CRASH_KILLS=50 STEPPE_CRASH_ITEMS=400 pytest -s tests/test_crash_watch.py
"""

from __future__ import annotations

import json
import os
import threading
import time
from typing import Iterator

import pytest

from tests.crash import KILLS, child, count, exists, finish, kill_when, seeded, show, tail
from tests.sources.conftest import ALLOW_LOCAL, Server
from tests.test_ingest_chunks import POSTGRES, problems, records, url_for

pytestmark = pytest.mark.slow
FEEDS = 3
ITEMS = int(os.environ.get("STEPPE_CRASH_ITEMS", "60"))  # per feed
ENV = {"STEPPE_FETCH_ALLOW": ALLOW_LOCAL, "STEPPE_HOST_DELAY": "0", "STEPPE_BATCH_SIZE": "8",
       "STEPPE_FETCH_TIMEOUT": "5", "STEPPE_JOB_RETRY_BASE": "1",
       "STEPPE_WORKER_HEARTBEAT": "0.5", "STEPPE_WORKER_STALLED_AFTER": "2"}
ACTIVE = "state IN ('queued', 'running')"
WATCH_SQL = {  # the job table (SQLite's in-process runner) or procrastinate's (PostgreSQL)
    "sqlite": {
        "polling": ("SELECT count(*) FROM jobs WHERE kind = 'fetch_source' AND state <> 'queued' "
                    "AND updated >= {since}"),  # a poll under way, or done, in this round
        "page job": f"SELECT 1 FROM jobs j WHERE j.key = 'page:' || s.url AND {ACTIVE}",
        "enrich job": (f"SELECT 1 FROM jobs j WHERE j.kind = 'enrich' AND {ACTIVE} AND "
                       "j.payload LIKE '%\"' || a.id || '\"%'"),
        "parked": "SELECT count(*) FROM jobs WHERE state = 'parked'",
        "unfinished": "SELECT count(*) FROM jobs WHERE state <> 'done'",
        "held": "SELECT kind FROM jobs WHERE state = 'running' AND worker LIKE '%:{pid}:%'",
    },
    "postgres": {
        "polling": ("SELECT count(*) FROM procrastinate_events e JOIN procrastinate_jobs j "
                    "ON j.id = e.job_id WHERE j.task_name = 'steppe.fetch_source' AND "
                    "e.type = 'started' AND e.at >= to_timestamp({since})"),
        "page job": ("SELECT 1 FROM procrastinate_jobs j WHERE j.queueing_lock = 'page:' || "
                     "s.url AND j.status IN ('todo', 'doing')"),
        "enrich job": ("SELECT 1 FROM procrastinate_jobs j WHERE j.task_name = 'steppe.enrich' "
                       "AND j.status IN ('todo', 'doing') AND "
                       "j.args->'ids' @> jsonb_build_array(a.id)"),
        "parked": "SELECT count(*) FROM procrastinate_jobs WHERE status = 'failed'",
        "unfinished": ("SELECT count(*) FROM procrastinate_jobs WHERE status <> 'succeeded' AND "
                       "task_name NOT IN ('steppe.schedule', 'steppe.retry_stalled', "
                       "'steppe.prune')"),
        "held": ("SELECT DISTINCT task_name FROM procrastinate_jobs WHERE status = 'doing' "
                 "AND {pid} > 0"),  # the workers die with the killed parent: all of theirs
    },
}


def checks(backend: str) -> dict[str, str]:
    """{what is wrong: SQL counting it}; the watcher's writes, beside problems()'s own."""
    sql = WATCH_SQL[backend]
    return {
        "articles without provenance": (
            "SELECT count(*) FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM article_provenance p WHERE p.article_id = a.id)"),
        "articles without their own URL": (
            "SELECT count(*) FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM url_aliases u WHERE u.article_id = a.id AND u.kind = 'self')"),
        "URLs leading to no article": (
            "SELECT count(*) FROM url_aliases u WHERE NOT EXISTS "
            "(SELECT 1 FROM articles a WHERE a.id = u.article_id)"),
        "seen items with neither an article nor a page job": (
            "SELECT count(*) FROM source_items s WHERE NOT EXISTS "
            f"(SELECT 1 FROM url_aliases u WHERE u.url = s.url) AND NOT EXISTS ({sql['page job']})"),
        "articles not enriched, not waiting, without an enrichment job": (
            "SELECT count(*) FROM articles a WHERE a.annotation IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM enrich_pending p WHERE p.article_id = a.id) AND NOT EXISTS "
            f"({sql['enrich job']})"),
        "parked jobs": sql["parked"],
    }


class Feeds:
    """FEEDS feeds of ITEMS pages each on the local server; ``show(n)`` puts the first n
    items of each in its feed (feeds grow between rounds, as a newsroom's do)."""

    def __init__(self, server: Server, items: int) -> None:
        self.server, self.items = server, items
        self.pages: dict[str, str] = {}  # page URL → title
        for k in range(FEEDS):
            for i, record in enumerate(records(items, seed=100 + k, sentences=5)):
                path = f"/crash/{k}/{i}"
                title = f"{record['title']} [{k}-{i}]"
                self.pages[server.url(path)] = title
                body = (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
                        f"<title>{title}</title><meta property=\"article:published_time\" "
                        f"content=\"{record['published']}T08:00:00Z\"></head><body><article>"
                        f"<h1>{title}</h1><p>{record['text']}</p>"
                        f"<p>Dépêche {k}-{i} de la rédaction.</p></article></body></html>")
                server.documents[path] = (body.encode(), "text/html; charset=utf-8")
        self.show(0)

    def show(self, n: int) -> None:
        for k in range(FEEDS):
            items = "".join(
                f"<item><title>Dépêche {k}-{i}</title><link>{self.server.url(f'/crash/{k}/{i}')}"
                f"</link><guid>c{k}-{i}</guid></item>" for i in range(min(n, self.items)))
            self.server.documents[f"/crash/feed/{k}"] = (
                f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Flux '
                f"{k}</title><link>{self.server.base}/</link><description>d</description>{items}"
                "</channel></rss>".encode(), "application/rss+xml")


@pytest.fixture
def server() -> Iterator[Server]:
    server = Server()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def jobs_held(url: str, backend: str, pid: int) -> str:
    """The kinds of the jobs the killed watcher (process ``pid``) was running."""
    from steppe.store import open_store

    with open_store(url, create=False) as store:
        kinds = {k for k, in store._q(WATCH_SQL[backend]["held"].format(pid=pid)).fetchall()}
    return "+".join(sorted(kinds)) or "none"


def due_now(url: str) -> None:
    """Every source is due: its interval elapsed (the campaign cannot wait 15 minutes)."""
    from steppe.store import open_store

    with open_store(url, create=False) as store, store.transaction():
        store._q("UPDATE sources SET next_due = 0")


def watch_problems(url: str, backend: str) -> list[str]:
    return problems(url, annotated=False, clustered=False, extra=checks(backend))


@pytest.mark.parametrize("backend", ["sqlite", POSTGRES])
def test_kill_9_during_watch(backend, request, tmp_path, run, server, monkeypatch):
    url = url_for(backend, request, tmp_path)
    for key, value in {**ENV, "STEPPE_INDEX_DIR": str(tmp_path / "index")}.items():
        monkeypatch.setenv(key, value)
    feeds = Feeds(server, ITEMS)
    for k in range(FEEDS):
        assert run("--db", url, "sources", "add", server.url(f"/crash/feed/{k}"), "--name",
                   f"flux{k}", "--every", "1h", "--lang", "fr").code == 0
    seed, rng = seeded(f"watch on {backend}")
    log = tmp_path / "watch.log"
    table = []
    for n in range(1, KILLS + 1):
        shown = -(-ITEMS * n // KILLS)  # ceil: the last round shows every item
        feeds.show(shown)
        due_now(url)
        before, started = count(url), time.time()
        process = child(["--db", url, "watch"], log)
        mode = "start-up" if n == 1 else rng.choice(["start-up", "poll", "store", "store"])
        if mode == "start-up":
            ready, delay = (lambda: True), rng.uniform(0.1, 1.5)
        elif mode == "poll":  # a feed being fetched, parsed, its items queued
            polling = WATCH_SQL[backend]["polling"].format(since=started)
            ready, delay = (lambda: count(url, polling) > 0), rng.uniform(0.0, 0.05)
        else:
            target = rng.randint(before, FEEDS * shown)
            ready, delay = (lambda: count(url) >= target), rng.uniform(0.0, 0.4)
            mode = f"≥{target} stored"
        killed = kill_when(process, ready, delay, time.monotonic() + 120,
                           "the watcher made no progress\n" + tail(log))
        held = jobs_held(url, backend, process.pid) if killed and exists(url) else "-"
        found = watch_problems(url, backend) if exists(url) else []
        table.append((n, mode, held, FEEDS * shown, count(url), found or "ok"))
        assert found == [], table
    final = child(["--db", url, "watch", "--once"], log)
    assert finish(final, 120) == 0, tail(log)
    assert count(url) == FEEDS * ITEMS, tail(log)
    assert watch_problems(url, backend) == [] and problems(url) == []  # enriched, clustered
    assert once_per_item(url, feeds) == []
    assert count(url, WATCH_SQL[backend]["unfinished"]) == 0
    due_now(url)  # polled again: every item is known, nothing stored twice
    again = run("--db", url, "watch", "--once")
    assert again.code == 0 and "nouveaux :" not in again.out and count(url) == FEEDS * ITEMS, again
    assert run("--db", url, "search", "Astana", "--json").code == 0  # catches up
    status = json.loads(run("--db", url, "index", "status", "--json").out)
    show(f"{backend}: {FEEDS} feeds of {ITEMS} items, {len(table)} kills")
    for n, mode, held, shown, got, found in table:
        show(f"  kill {n:3}: {mode:>14}, jobs held {held:>18}, items in feeds {shown:4}, "
              f"stored {got:4}, check {found}")
    show(f"  re-run: {count(url)} articles (items {FEEDS * ITEMS}); index {status['docs']} docs, "
          f"store {status['store_articles']}")
    assert status["docs"] == status["store_articles"] == FEEDS * ITEMS and not status["behind"]


def once_per_item(url: str, feeds: Feeds) -> list[str]:
    """Each page of the feeds leads to one article of its own, titled after it."""
    from steppe.store import open_store

    wrong = []
    with open_store(url, create=False) as store:
        titles = dict(store._q("SELECT u.url, a.title FROM url_aliases u JOIN articles a "
                               "ON a.id = u.article_id WHERE u.kind = 'self'").fetchall())
    for page, title in feeds.pages.items():
        if " ".join((titles.get(page) or "").split()) != " ".join(title.split()):
            wrong.append(f"{page}: {titles.get(page)!r}")
    return wrong[:5]

