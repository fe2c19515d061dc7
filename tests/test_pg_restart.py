"""PostgreSQL goes away under a running worker and web app, then comes back.

The scenario runs the real thing: ``steppe serve`` and ``steppe worker`` (procrastinate worker
processes) as child processes on a database of their own, ``fetch_page`` jobs deferred into
procrastinate's table and served by a page server on 127.0.0.1, a client
reading pages and API routes all along. Mid-run the database "restarts": it stops accepting
connections and every session of it is terminated (``pg_terminate_backend``), then it
accepts them again a few seconds later. From a client's side that is a server restart; the
other engineers' tests share the server, so it is not restarted for real.

Promises checked: the workers reconnect by themselves and every job completes (none lost),
its effect committed once (a job cut short is run again, and finds its page stored); the web never answers 500 or shows a traceback, at worst a 503
with a French message while the database is away, and answers again once it is back.
"""

from __future__ import annotations

import os
import random
import secrets
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg
import pytest
from psycopg import sql

from steppe.model import Article
from steppe.store import open_store, procrastinate_sql
from steppe.tasks.registry import procrastinate_defer
from steppe.workers import Worker

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

JOBS = 150
SEEDS = 12
OUTAGE_S = 4.0            # the database refuses connections this long
PAGE_DELAY_S = 0.03       # each page takes a little while, so the outage lands mid-job
ROUTES = {                # what the reader keeps asking for, by route class
    "status": "/api/status", "home": "/", "api_articles": "/api/articles?limit=5",
    "search": "/search?q=steppe", "api_search": "/api/search?q=steppe", "stories": "/stories",
}
WORDS = ("céréales exportation barrage gazoduc élection réforme douane frontière récolte "
         "coton uranium chemin de fer tarif banque inflation sommet ministre parlement "
         "décret investissement corridor logistique sécheresse irrigation énergie solaire "
         "hydrocarbures pipeline visa migration université hôpital vaccin tourisme aéroport "
         "monnaie dette budget impôt salaire pension retraite agriculture élevage laine").split()


# -- the pieces ----------------------------------------------------------------------------------
def page_text(n: int) -> str:
    rng = random.Random(n)
    return " ".join(rng.choice(WORDS) for _ in range(90)) + f" (dépêche numéro {n})."


class Pages(BaseHTTPRequestHandler):
    """/a/N.html: a small French article page, a little slow."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        n = int(self.path.split("/")[-1].split(".")[0])
        time.sleep(PAGE_DELAY_S)
        body = (f"<!doctype html><html lang='fr'><head><title>Dépêche {n}</title>"
                f"<meta property='article:published_time' content='2025-03-{1 + n % 28:02d}'>"
                f"</head><body><article><h1>Dépêche {n}</h1><p>{page_text(n)}</p>"
                f"</article></body></html>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def page_jobs(base: str) -> list[tuple[str, dict, str]]:
    published = datetime(2025, 3, 1, 8, tzinfo=timezone.utc)
    jobs = []
    for n in range(JOBS):
        url = f"{base}/a/{n}.html"
        payload = {"source": None, "lang": "fr", "url": url, "canonical": url,
                   "title": f"Dépêche {n}", "summary": page_text(n), "author": None,
                   "published": (published + timedelta(hours=n)).isoformat()}
        jobs.append(("fetch_page", payload, f"page:{url}"))
    return jobs


def database_url(server: str, name: str) -> str:
    return urlunsplit(urlsplit(server)._replace(path=f"/{name}", query=""))


def steppe(*args: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("steppe")
    return subprocess.Popen([str(exe), *args], env=env, stdout=open(log, "wb"),
                            stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def done_jobs(url: str) -> int:
    try:
        with psycopg.connect(url, connect_timeout=2) as conn:
            return int(conn.execute("SELECT count(*) FROM procrastinate_jobs WHERE status = "
                                    "'succeeded' AND task_name = 'steppe.fetch_page'").fetchone()[0])
    except psycopg.Error:
        return -1


@dataclass
class Answer:
    at: float
    route: str
    status: int           # 0: no answer (connection refused, timeout)
    content_type: str
    body: str


@dataclass
class Outcome:
    url: str
    down_at: float = 0.0
    up_at: float = 0.0
    done_at_outage: int = 0
    answers: list[Answer] = field(default_factory=list)
    worker_code: int | None = None
    worker_log: str = ""
    server_log: str = ""


class Reader(threading.Thread):
    """Cycles through ROUTES with one client until told to stop, noting every answer."""

    def __init__(self, base: str, answers: list[Answer]) -> None:
        super().__init__(daemon=True)
        self.base, self.answers, self.halt = base, answers, threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=20) as client:
            while not self.halt.is_set():
                for route, path in ROUTES.items():
                    try:
                        r = client.get(path)
                        self.answers.append(Answer(time.time(), route, r.status_code,
                                                   r.headers.get("content-type", ""), r.text[:2000]))
                    except httpx.HTTPError as exc:
                        self.answers.append(Answer(time.time(), route, 0, "", repr(exc)))
                time.sleep(0.05)


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def outage(server: str, name: str, seconds: float) -> tuple[float, float]:
    """The database refuses connections and loses every session, then comes back."""
    with psycopg.connect(server, autocommit=True) as admin:
        db = sql.Identifier(name)
        admin.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(db))
        down = time.time()
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
        time.sleep(seconds)
        admin.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS true").format(db))
        return down, time.time()


# -- the scenario, run once for the module ---------------------------------------------------------
@pytest.fixture(scope="module")
def restarted(pg_server: str, tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("pg-restart")
    name = "steppe_restart_" + secrets.token_hex(4)
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = database_url(pg_server, name)
    pages = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=pages.serve_forever, daemon=True).start()
    processes: list[subprocess.Popen] = []
    try:
        yield _run_scenario(url, name, pg_server, f"http://127.0.0.1:{pages.server_port}", tmp,
                            processes)
    finally:
        for process in processes:
            stop(process)
        pages.shutdown()
        with psycopg.connect(pg_server, autocommit=True) as admin:
            admin.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS true").format(sql.Identifier(name)))
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _run_scenario(url: str, name: str, server: str, pages: str, tmp: Path,
                  processes: list[subprocess.Popen]) -> Outcome:
    with open_store(url) as store:
        for n in range(SEEDS):
            store.put_article(Article(id=f"seed-{n}", title=f"Steppe {n}", text=page_text(1000 + n),
                                      published=f"2025-02-{1 + n:02d}", lang="fr"), None)
        procrastinate_defer(store)(page_jobs(pages), time.time())
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEPPE_")}
    env.update(STEPPE_INDEX_DIR=str(tmp / "index"), STEPPE_KB_FILE=str(tmp / "kb.jsonl"),
               STEPPE_HOST_DELAY="0", STEPPE_FETCH_ALLOW="127.0.0.1",
               STEPPE_WORKER_HEARTBEAT="0.5", STEPPE_WORKER_STALLED_AFTER="3",
               STEPPE_JOB_RETRY_BASE="1")
    port = _free_port()
    web = steppe("--db", url, "serve", "--port", str(port), env=env, log=tmp / "server.log")
    processes.append(web)
    base = f"http://127.0.0.1:{port}"
    wait_for(lambda: _answers(base), 90, "the web app")
    out = Outcome(url)
    reader = Reader(base, out.answers)
    reader.start()
    worker = steppe("--db", url, "worker", "--queues", "fetch", "--processes", "2",
                    "--until-idle", env=env, log=tmp / "worker.log")
    processes.append(worker)
    wait_for(lambda: done_jobs(url) >= JOBS // 3 or worker.poll() is not None, 120,
             "a third of the jobs")
    out.done_at_outage = done_jobs(url)
    out.down_at, out.up_at = outage(server, name, OUTAGE_S)
    try:
        worker.wait(timeout=180)
    except subprocess.TimeoutExpired:
        pass
    out.worker_code = worker.poll()
    settle = time.time() + 15     # the web's chance to answer again, once the database is back
    while time.time() < settle and not _recovered(out, 3):
        time.sleep(0.2)
    reader.halt.set()
    reader.join(timeout=30)
    stop(worker)
    stop(web)
    out.worker_log = (tmp / "worker.log").read_text(errors="replace")
    out.server_log = (tmp / "server.log").read_text(errors="replace")
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(base: str) -> bool:
    try:
        return httpx.get(base + "/api/status", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _recovered(out: Outcome, rounds: int) -> bool:
    """Every route answered 200 in each of the last ``rounds`` rounds after the outage."""
    after = [a for a in list(out.answers) if a.at > out.up_at]
    tail = after[-rounds * len(ROUTES):]
    return len(tail) == rounds * len(ROUTES) and all(a.status == 200 for a in tail)


# -- the worker -----------------------------------------------------------------------------------
def test_the_worker_reconnects_and_completes_every_job_once(restarted: Outcome):
    out = restarted
    assert 0 <= out.done_at_outage < JOBS, "the outage must land while jobs remain"
    assert out.worker_code == 0, out.worker_log[-3000:]
    assert "Traceback" not in out.worker_log
    # each worker process started its procrastinate worker again, pipeline kept: no restart
    assert "worker lost the database" in out.worker_log and "restarted:" not in out.worker_log
    with open_store(out.url, create=False) as store:
        counts = {(t, s): n for _, t, s, n in procrastinate_sql.counts(store)
                  if t == "steppe.fetch_page"}
        assert counts == {("steppe.fetch_page", "succeeded"): JOBS}, counts     # none lost
        stored = [store.article_for_url(payload["canonical"]) for _, payload, _ in
                  page_jobs(_pages_base(store))]
        assert all(stored), _history(store, out, [payload["canonical"] for (_, payload, _), a
                                                  in zip(page_jobs(_pages_base(store)), stored)
                                                  if not a])
        assert len(set(stored)) == JOBS and store.count_articles() == SEEDS + JOBS
        changes = [article_id for _, article_id, _ in store.changes_since(0, limit=10 * JOBS)]
        assert len(changes) == SEEDS + JOBS and len(set(changes)) == SEEDS + JOBS   # none twice


def _history(store, out: Outcome, missing: list[str]) -> str:
    """What happened to the jobs of pages that were not stored (a failure's explanation)."""
    lines = [f"{len(missing)} pages not stored"]
    for url in missing[:3]:
        rows = store._q("SELECT j.id, j.status::text, j.attempts, e.type::text, e.at "
                        "FROM procrastinate_jobs j LEFT JOIN procrastinate_events e "
                        "ON e.job_id = j.id WHERE j.args->>'url' = ? ORDER BY e.id",
                        (url,)).fetchall()
        lines.append(f"{url}: {[tuple(str(v) for v in r) for r in rows]}")
        lines += [line for line in out.worker_log.splitlines() if url in line][:10]
    return "\n".join(lines) + f"\noutage {out.down_at:.2f} -> {out.up_at:.2f}\n" + \
        out.worker_log[-2000:]


def _pages_base(store) -> str:
    (job,) = [j for j in procrastinate_sql.listed(store, "succeeded", 50)
              if j["task"] == "steppe.fetch_page"][:1]
    return job["args"]["url"].rsplit("/a/", 1)[0]


# -- the web --------------------------------------------------------------------------------------
def test_the_web_never_answers_500_nor_a_traceback(restarted: Outcome):
    out = restarted
    statuses = {a.status for a in out.answers}
    assert statuses <= {200, 503}, sorted(statuses)
    for answer in out.answers:
        assert "Traceback" not in answer.body, answer
        if answer.status == 503 and answer.content_type.startswith("text/html"):
            assert "base de données" in answer.body.lower() or "indisponible" in answer.body, answer
    assert "Traceback" not in out.server_log, out.server_log[-3000:]


def test_the_web_answers_again_once_the_database_is_back(restarted: Outcome):
    out = restarted
    assert any(a.at < out.down_at for a in out.answers), "the reader started before the outage"
    assert _recovered(out, 3), _summary(out)


def _summary(out: Outcome) -> str:
    after = [a for a in out.answers if a.at > out.up_at]
    seen = sorted({(a.route, a.status, a.body[:160]) for a in after})
    return f"{len(after)} answers after the outage: {seen[:12]}"


# -- the worker's reconnection, in process ----------------------------------------------------------
def test_a_job_whose_commit_was_cut_is_requeued_and_done_once(pg_url: str, pg_server: str):
    """The session dies inside the job's transaction: the worker reconnects, hands the job
    back without spending an attempt, and runs it again; its effect is committed once."""
    store = open_store(pg_url)
    store.enqueue_jobs([("test", {"n": n}, f"test:{n}") for n in range(3)], now=time.time())
    cut = []

    def handler(jobs):
        (job,) = jobs

        def apply():
            if not cut:
                cut.append(job.id)
                with psycopg.connect(pg_server, autocommit=True) as admin:
                    admin.execute("SELECT pg_terminate_backend(%s)", (store.conn.info.backend_pid,))
            return {"stored": store.put_article(Article(id=f"job-{job.payload['n']}",
                                                        text=f"job {job.payload['n']}"), None) == "new"}
        return apply

    worker = Worker(store, {"test": handler}, name="w", retry_base_s=60)
    counts = worker.run(until_idle=True, idle_sleep=0.05)
    assert counts["connection lost"] == 1 and counts["reconnected"] == 1
    assert counts["test requeued"] == 1 and counts["test done"] == 3 and counts["stored"] == 3
    assert store.job_counts() == {"done": {"test": 3}}
    (again,) = [j for j in store.list_jobs("done") if j.id == cut[0]]
    assert again.attempts == 2
    assert sorted(a for _, a, _ in store.changes_since(0)) == ["job-0", "job-1", "job-2"]
    store.close()


def test_a_worker_without_its_database_keeps_waiting_until_stopped(pg_url: str, pg_server: str):
    """While the server refuses connections the worker backs off; stopping it still works."""
    store = open_store(pg_url)
    store.enqueue_jobs([("test", {"n": 0}, None)], now=time.time())
    worker = Worker(store, {"test": lambda jobs: None}, name="w")
    refused = []

    def link_refuses():          # the server stays away: every reconnection fails
        from steppe.errors import StoreError

        refused.append(1)
        raise StoreError("cannot reconnect (connection refused)")

    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (store.conn.info.backend_pid,))
    worker._link.reconnect = link_refuses
    began = time.monotonic()
    worker.run(stop=lambda: time.monotonic() - began > 2.5, idle_sleep=0.05)
    assert worker.counts["connection lost"] == 1 and "reconnected" not in worker.counts
    assert 2 <= len(refused) <= 3          # 0.5 s, then 1 s, then 2 s between attempts
    store.close()
