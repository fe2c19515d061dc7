"""``steppe bench load``: many readers at once against a real ``steppe serve``, for a while.

``bench web`` measures endpoints one at a time with a few requests in flight; this one asks
what an audience does to the server: ``clients`` closed-loop clients for ``seconds``, each
request drawn from a realistic mix of route classes — the feed, searches with words, phrases, aliases
and facet filters, article pages, entity and country dashboards, stories — and their ``/api``
twins. Reads only: the app's rate limit applies to writes, never to reads.

Between two requests a client thinks for ``think`` seconds on average (exponentially
distributed, as locust's users wait; the first wait too, so clients start spread out as
in steady state). With no think time (the default) each client sends its next request as
soon as the last is answered: that measures saturation (throughput, and latency as queueing
behind the other clients), not what a reader waits; a think time of a few seconds models
readers, each of whom reads a page before asking for the next.

The base is ``bench web``'s (same synthetic corpus, same building code, same cache file by
default), with its stories clustered once so ``/stories`` has something to show; a PostgreSQL
URL may be given instead. The server is ``steppe serve`` in a child process, as an operator
runs it; its memory (VmRSS and its anonymous part RssAnon, from /proc) is read at start,
middle and end of the measured window and every second in between, so a leak shows as a
slope. VmRSS also counts the pages of the database and index files mapped in (SQLite's
mmap, tantivy), which grow as the load touches them; RssAnon is the heap. The load targets
127.0.0.1 only and stops after ``seconds``; the client shares the machine's cores with the
server, which the figures include.
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from steppe.bench.synthetic import SyntheticCorpus
from steppe.bench.web import (HOST, Progress, default_db_path, ensure_database, fill_database,
                              free_port, percentiles, stop_server, targets, wait_ready)
from steppe.errors import InputError
from steppe.index import default_index_dir
from steppe.store import open_store
from steppe.store.pg_url import split_url
from steppe.stories import cluster_new

WARMUP_S = 5.0
SAMPLE_EVERY_S = 1.0
REQUEST_TIMEOUT_S = 60.0
KEEPALIVE_S = 2.0           # below uvicorn's keep-alive (5 s): see _load
COUNTRIES = ("KZ", "UZ", "KG", "TJ", "TM", "AF", "RU", "CN", "TR", "FR")
# share of requests per route class: pages people open most, then their API twins
WEIGHTS = {
    "home": 12, "search": 16, "article": 14, "entity": 6, "country": 5, "stories": 5, "story": 4,
    "api_articles": 8, "api_search": 12, "api_article": 8, "api_entity": 3, "api_country": 3,
    "api_stories": 2, "api_story": 2,
}


# -- the base -------------------------------------------------------------------------------------
def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def ensure_base(url: str | None, docs: int, corpus: SyntheticCorpus, say: Progress) -> str:
    """``bench web``'s base of ``docs`` articles (built or reused), its stories clustered."""
    if url is None or not is_postgres(url):
        url = str(ensure_database(Path(url) if url else default_db_path(docs), docs, corpus, say))
    with open_store(url) as store:
        have = store.count_articles()
        if is_postgres(url) and have != docs:
            if have:
                raise InputError(f"{store.url}: holds {have:,} articles, not {docs:,}; give an "
                                 "empty database or schema (?schema=NAME)")
            fill_database(store, default_index_dir(url), docs, corpus, say)
        built = False
        if store.story_cursor() < store.last_seq():
            say("clustering the base's stories (once)")
            began = time.perf_counter()
            clustered = cluster_new(store)
            say(f"clustered {clustered:,} articles ({time.perf_counter() - began:,.0f} s)")
            built = True
        if is_postgres(url) and (built or have != docs):
            settle(store, say)
    return url


def settle(store: Any, say: Progress) -> None:
    """VACUUM ANALYZE a base just written, as autovacuum would before long: without
    statistics PostgreSQL plans a fresh base's queries blind (a served base has them)."""
    from psycopg import sql

    say("VACUUM ANALYZE (statistics of the new base)")
    tables = [r[0] for r in store.conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()]
    for table in tables:           # this base's tables only: the database may hold others
        store.conn.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(table)))


# -- the mix --------------------------------------------------------------------------------------
def route_plan(corpus: SyntheticCorpus, docs: int, story_ids: list[str],
               seed: int = 1) -> dict[str, list[str]]:
    """For each route class, the URLs it draws from (deterministic, bar the story ids)."""
    rng = random.Random(seed)
    web = targets(corpus, seed)
    articles = [corpus.article(rng.randrange(docs))[0].id for _ in range(min(docs, 300))]
    facets = [f"?country={c}" for c in COUNTRIES[:5]] + ["?topic=medtop:04000000", "?page=2"]
    plan = {
        "home": web["home"],
        "search": web["search"] + [f"{u}&page=2" for u in web["search"][:8]],
        "article": [f"/articles/{a}" for a in articles],
        "entity": web["entity"],
        "country": [f"/countries/{c}" for c in COUNTRIES],
        "stories": ["/stories"] + [f"/stories{f}" for f in facets] + ["/stories?since=30d"],
        "story": [f"/stories/{s}" for s in story_ids],
        "api_articles": web["api_articles"],
        "api_search": web["api_search"],
        "api_article": [f"/api/articles/{a}" for a in articles],
        "api_entity": web["api_entity"],
        "api_country": [f"/api/countries/{c}" for c in COUNTRIES],
        "api_stories": ["/api/stories?limit=20"] + [f"/api/stories?{f[1:]}&limit=20"
                                                     for f in facets if "page" not in f],
        "api_story": [f"/api/stories/{s}" for s in story_ids],
    }
    return {name: urls for name, urls in plan.items() if urls}


def story_ids(base: str, limit: int = 100) -> list[str]:
    """Stories to open, as the server lists them (largest and freshest first)."""
    answer = httpx.get(f"{base}/api/stories", params={"limit": limit}, timeout=REQUEST_TIMEOUT_S)
    answer.raise_for_status()
    return [s["id"] for s in answer.json().get("stories", [])]


# -- the server -----------------------------------------------------------------------------------
def steppe_command() -> list[str]:
    """``steppe`` as installed beside this interpreter, else the same entry point through it."""
    script = Path(sys.executable).with_name("steppe")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from steppe.cli import main; sys.exit(main())"]


def start_serve(url: str, port: int, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEPPE_")}
    env["STEPPE_KB_FILE"] = str(log.with_name("kb.jsonl"))     # none: the bundled KB only
    return subprocess.Popen([*steppe_command(), "--db", url, "serve", "--host", HOST,
                             "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=open(log, "wb"))


def memory_mb(pid: int) -> dict[str, float]:
    """Resident memory of ``pid`` in MB: all of it (VmRSS) and its anonymous part (RssAnon,
    the heap: what a leak grows; VmRSS also counts the database and index files mapped in)."""
    fields = {"VmRSS:": "rss", "RssAnon:": "anon"}
    out = {"rss": 0.0, "anon": 0.0}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name = line.split(":", 1)[0] + ":"
        if name in fields:
            out[fields[name]] = round(int(line.split()[1]) / 1024, 1)
    return out


# -- the load -------------------------------------------------------------------------------------
class Tally:
    """What the clients saw: latency and status per route class, in the measured window."""

    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = {}
        self.statuses: dict[str, Counter[str]] = {}
        self.recording = False

    def note(self, route: str, status: str, ms: float) -> None:
        if self.recording:
            self.latencies.setdefault(route, []).append(ms)
            self.statuses.setdefault(route, Counter())[status] += 1


async def _think(rng: random.Random, think: float, deadline: float) -> None:
    """Wait an exponentially distributed time of mean ``think`` (not past ``deadline``)."""
    if think > 0:
        await asyncio.sleep(max(0.0, min(rng.expovariate(1 / think), deadline - time.monotonic())))


async def _client(http: httpx.AsyncClient, plan: dict[str, list[str]], rng: random.Random,
                  tally: Tally, deadline: float, think: float = 0.0) -> None:
    names = list(plan)
    weights = [WEIGHTS[n] for n in names]
    await _think(rng, think, deadline)
    while time.monotonic() < deadline:
        route = rng.choices(names, weights)[0]
        url = rng.choice(plan[route])
        began = time.perf_counter()
        try:
            response = await http.get(url)
            await response.aread()
            status = str(response.status_code)
        except httpx.HTTPError as exc:
            status = f"no answer ({type(exc).__name__})"
        tally.note(route, status, (time.perf_counter() - began) * 1000)
        await _think(rng, think, deadline)


Sample = tuple[float, dict[str, float]]


async def _memory(pid: int, samples: list[Sample], stop: asyncio.Event) -> None:
    began = time.monotonic()
    while not stop.is_set():
        samples.append((time.monotonic() - began, memory_mb(pid)))
        try:
            await asyncio.wait_for(stop.wait(), SAMPLE_EVERY_S)
        except asyncio.TimeoutError:
            pass
    samples.append((time.monotonic() - began, memory_mb(pid)))


async def _load(base: str, pid: int, plan: dict[str, list[str]], clients: int, seconds: float,
                seed: int, say: Progress,
                think: float = 0.0) -> tuple[Tally, float, list[Sample], dict[str, float]]:
    # idle connections are dropped before uvicorn's 5 s keep-alive ends: reusing one the
    # server is closing at that moment fails with a ReadError, the client's race, not the
    # server's (browsers retry then; a load generator must not count it as unanswered)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients,
                          keepalive_expiry=KEEPALIVE_S)
    tally = Tally()
    idle = memory_mb(pid)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=REQUEST_TIMEOUT_S,
                                 follow_redirects=True) as http:  # a page past the last redirects
        warm = time.monotonic() + min(WARMUP_S, seconds / 4)
        await asyncio.gather(*(_client(http, plan, random.Random(seed * 1000 + i), tally, warm,
                                       think) for i in range(clients)))
        say(f"warmed up; measuring {clients} clients for {seconds:g} s"
            + (f", thinking {think:g} s on average" if think else ""))
        samples: list[Sample] = []
        stop = asyncio.Event()
        sampler = asyncio.create_task(_memory(pid, samples, stop))
        tally.recording = True
        began = time.perf_counter()
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(_client(http, plan, random.Random(seed * 1000 + clients + i),
                                       tally, deadline, think) for i in range(clients)))
        took = time.perf_counter() - began
        tally.recording = False
        stop.set()
        await sampler
    return tally, took, samples, idle


def _memory_figures(samples: list[Sample], idle: dict[str, float], seconds: float,
                    kind: str) -> dict[str, float]:
    """Idle (ready, before any request), then start (after the warm-up), middle and end of
    the measured window, and its highest sample."""
    middle = min(samples, key=lambda s: abs(s[0] - seconds / 2))
    return {"idle": idle[kind], "start": samples[0][1][kind], "middle": middle[1][kind],
            "end": samples[-1][1][kind], "max": max(mb[kind] for _, mb in samples)}


def _figures(tally: Tally, took: float) -> tuple[dict[str, Any], Counter[str]]:
    classes: dict[str, Any] = {}
    total: Counter[str] = Counter()
    for route in WEIGHTS:
        if route not in tally.latencies:
            continue
        statuses = tally.statuses[route]
        total.update(statuses)
        classes[route] = {"requests": len(tally.latencies[route]),
                          "per_s": round(len(tally.latencies[route]) / took, 1),
                          **percentiles(tally.latencies[route]), "status": dict(statuses)}
    return classes, total


def run_load_bench(docs: int = 100_000, clients: int = 50, seconds: float = 60.0,
                   backend_url: str | None = None, seed: int = 1,
                   progress: Progress | None = None, think: float = 0.0) -> dict[str, Any]:
    """Build or reuse the base, serve it with ``steppe serve``, load it (``think``: mean
    seconds a client waits between requests, 0 = saturation); the figures
    ``steppe bench load --json`` prints."""
    say = progress or (lambda message: None)
    corpus = SyntheticCorpus(seed)
    url = ensure_base(backend_url, docs, corpus, say)
    port = free_port()
    base = f"http://{HOST}:{port}"
    with tempfile.TemporaryDirectory(prefix="steppe-bench-load-") as tmp:
        log = Path(tmp) / "serve.log"
        server = start_serve(url, port, log)
        try:
            wait_ready(base, server)
            plan = route_plan(corpus, docs, story_ids(base), seed)
            say(f"steppe serve (pid {server.pid}) at {base}; {len(plan)} route classes, "
                f"{sum(len(u) for u in plan.values()):,} URLs")
            load_before = os.getloadavg()[0]
            tally, took, samples, idle = asyncio.run(
                _load(base, server.pid, plan, clients, seconds, seed, say, think))
            load_after = os.getloadavg()[0]
        finally:
            stop_server(server)
        tracebacks = log.read_text(errors="replace").count("Traceback")
    classes, statuses = _figures(tally, took)
    requests = sum(statuses.values())
    server_errors = sum(n for s, n in statuses.items() if s.startswith("5"))
    return {
        "docs": docs, "backend": "postgresql" if is_postgres(url) else "sqlite",
        "database": printable(url),
        "clients": clients, "seconds": round(took, 1), "cpus": os.cpu_count(),
        "think_s": think, "model": "closed loop, no think time (saturation)" if not think else
        f"closed loop, exponential think time of mean {think:g} s (readers)",
        "server": "steppe serve (uvicorn, 1 process)",
        "load_average": {"before": round(load_before, 2), "after": round(load_after, 2)},
        "requests": requests, "requests_per_s": round(requests / took, 1),
        "status": dict(sorted(statuses.items())), "server_errors": server_errors,
        "no_answer": sum(n for s, n in statuses.items() if s.startswith("no answer")),
        "server_tracebacks": tracebacks,
        "rss_mb": _memory_figures(samples, idle, took, "rss"),
        "anon_mb": _memory_figures(samples, idle, took, "anon"), "classes": classes,
    }


def printable(url: str) -> str:
    """The base as the store prints it (a PostgreSQL URL loses its password)."""
    return split_url(url)[2] if is_postgres(url) else url
