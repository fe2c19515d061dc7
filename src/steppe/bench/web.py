"""``steppe bench web``: latency of the web app's busiest pages and their API twins under load.

A synthetic database (``bench.synthetic``, pre-annotated) is built once per size and reused.
The app runs as it does in production: uvicorn in a child process, on 127.0.0.1, started by
name (``steppe.web.app:app_from_env``) with the database in its environment. A small asyncio
client then sends, for each endpoint in turn, a fixed number of requests with a fixed number in
flight, after a warm-up. The load is bounded in count and time and only ever targets loopback.
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import httpx

from steppe.bench.search import query_sets
from steppe.bench.synthetic import HEAD, SyntheticCorpus
from steppe.index import default_index_dir
from steppe.index.writer import Indexer
from steppe.store import Store, open_store

APP = "steppe.web.app:app_from_env"
HOST = "127.0.0.1"
BATCH = 1_000
WARMUP = 20                 # requests per endpoint before measuring
STARTUP_S = 120.0

Progress = Callable[[str], None]


# -- the database ---------------------------------------------------------------------------------
def default_db_path(docs: int) -> Path:
    return Path(tempfile.gettempdir()) / f"steppe-bench-web-{docs}.db"


def ensure_database(path: Path, docs: int, corpus: SyntheticCorpus, say: Progress) -> Path:
    """Reuse ``path`` when it holds exactly ``docs`` articles; otherwise build it afresh."""
    if path.exists():
        store = open_store(str(path), create=False)
        try:
            if store.count_articles() == docs:
                say(f"reusing {path} ({docs:,} articles)")
                return path
        finally:
            store.close()
        path.unlink()
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    index_dir = default_index_dir(str(path))
    if index_dir.exists():
        import shutil

        shutil.rmtree(index_dir)
    store = open_store(str(path))
    try:
        fill_database(store, index_dir, docs, corpus, say)
    finally:
        store.close()
    return path


def fill_database(store: Store, index_dir: Path, docs: int, corpus: SyntheticCorpus,
                  say: Progress) -> None:
    """Write articles 0..docs-1 of ``corpus`` into an empty ``store`` and index them."""
    began = time.perf_counter()
    with Indexer(store, index_dir, commit_every=50_000) as indexer:
        for start in range(0, docs, BATCH):
            batch = list(corpus.iter(min(BATCH, docs - start), start))
            with store.transaction():
                for article, annotation in batch:
                    store.put_article(article, annotation)
            indexer.sync(known={a.id: (a, ann) for a, ann in batch})
            done = start + len(batch)
            if done % 20_000 == 0 or done == docs:
                say(f"built {done:,} / {docs:,} articles ({time.perf_counter() - began:,.0f} s)")


# -- the targets ----------------------------------------------------------------------------------
def targets(corpus: SyntheticCorpus, seed: int = 1) -> dict[str, list[str]]:
    """For each endpoint, the URLs the load cycles through (deterministic)."""
    rng = random.Random(seed)
    sets = query_sets(corpus, seed)
    queries = [q for kind in ("rare_word", "common_word", "two_words", "phrase", "filtered_by_date",
                              "facets", "alias_entity") for q, _ in sets[kind][:6]]
    rng.shuffle(queries)
    named = [i for i in HEAD if not i.startswith("country:")]
    named += [e.id for e in corpus.entities[20:200] if e.type != "country"][:40]
    feeds = ["", "?country=KZ", "?country=UZ", "?topic=medtop:04000000", "?page=2",
             "?country=KG&topic=medtop:11000000"]
    api_feeds = [f"?{f[1:]}&limit=30" if f else "?limit=30" for f in feeds]
    quote = httpx.QueryParams
    return {
        "home": [f"/{f}" for f in feeds],
        "api_articles": [f"/api/articles{f}" for f in api_feeds],
        "search": [f"/search?{quote({'q': q})}" for q in queries],
        "api_search": [f"/api/search?{quote({'q': q, 'limit': 20})}" for q in queries],
        "entity": [f"/entities/{i}" for i in named],
        "api_entity": [f"/api/entities/{i}" for i in named],
    }


# -- the server -----------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "STEPPE_DB": str(db), "STEPPE_WEB_TOKEN": ""}
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", APP, "--host", HOST, "--port", str(port),
         "--log-level", "warning", "--no-access-log"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_ready(base: str, server: subprocess.Popen, timeout: float = STARTUP_S) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            err = server.stderr.read().decode("utf-8", "replace") if server.stderr else ""
            raise RuntimeError(f"the web app exited ({server.returncode}): {err.strip()[-500:]}")
        try:
            if httpx.get(base + "/api/status", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the web app did not answer within {timeout:.0f} s")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# -- the load -------------------------------------------------------------------------------------
async def _drive(client: httpx.AsyncClient, urls: list[str], count: int, concurrency: int,
                 deadline: float) -> tuple[list[float], int, float]:
    """``count`` GETs cycling through ``urls``, ``concurrency`` at a time, until ``deadline``."""
    latencies: list[float] = []
    errors = 0
    next_index = 0

    async def worker() -> None:
        nonlocal next_index, errors
        while next_index < count and time.monotonic() < deadline:
            url = urls[next_index % len(urls)]
            next_index += 1
            began = time.perf_counter()
            try:
                response = await client.get(url)
                await response.aread()
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append((time.perf_counter() - began) * 1000)
            errors += not ok

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors, time.perf_counter() - began


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples) or [0.0]

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)
    return {"p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99)}


async def _load(base: str, plan: dict[str, list[str]], per_endpoint: int, concurrency: int,
                max_seconds: float, say: Progress) -> dict[str, Any]:
    deadline = time.monotonic() + max_seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    out: dict[str, Any] = {}
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30.0) as client:
        for name, urls in plan.items():
            await _drive(client, urls, WARMUP, concurrency, deadline)
            latencies, errors, took = await _drive(client, urls, per_endpoint, concurrency, deadline)
            out[name] = {**percentiles(latencies), "requests": len(latencies), "errors": errors,
                         "per_s": round(len(latencies) / took, 1) if took else 0.0,
                         "example": urls[0]}
            say(f"{name:<13} p50 {out[name]['p50_ms']:>7} ms  p95 {out[name]['p95_ms']:>7} ms  "
                f"p99 {out[name]['p99_ms']:>7} ms  {out[name]['per_s']:>6}/s  errors {errors}")
    return out


def run_web_bench(docs: int = 100_000, db_path: str | Path | None = None, per_endpoint: int = 200,
                  concurrency: int = 4, max_seconds: float = 300.0,
                  progress: Progress | None = None) -> dict[str, Any]:
    """Build or reuse the database, serve it, load it; the figures ``--json`` prints."""
    say = progress or (lambda message: None)
    corpus = SyntheticCorpus(1)
    db = ensure_database(Path(db_path) if db_path else default_db_path(docs), docs, corpus, say)
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = start_server(db, port)
    try:
        wait_ready(base, server)
        say(f"serving {db} at {base} (uvicorn, one process); {concurrency} requests in flight")
        endpoints = asyncio.run(_load(base, targets(corpus), per_endpoint, concurrency,
                                      max_seconds, say))
    finally:
        stop_server(server)
    return {"docs": docs, "database": str(db), "concurrency": concurrency,
            "requests_per_endpoint": per_endpoint, "server": "uvicorn, 1 process, SQLite",
            "cpus": os.cpu_count(), "endpoints": endpoints}
