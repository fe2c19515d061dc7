"""`steppe bench load` on a tiny base: a real `steppe serve`, a few clients, a few seconds."""

from __future__ import annotations

import asyncio
import json
import random
import time

import httpx
import pytest

from steppe.bench.load import WEIGHTS, Tally, _client


@pytest.mark.slow
def test_bench_load_on_a_tiny_base(run, tmp_path):
    db = tmp_path / "load.db"
    result = run("bench", "load", "--docs", "200", "--clients", "5", "--seconds", "3",
                 "--backend", db, "--json")
    assert result.code == 0, result.err
    figures = json.loads(result.out.splitlines()[-1])
    assert figures["docs"] == 200 and figures["clients"] == 5 and figures["backend"] == "sqlite"
    assert figures["server_errors"] == 0 and figures["no_answer"] == 0, figures["status"]
    assert figures["server_tracebacks"] == 0
    assert figures["requests"] > 0 and figures["requests_per_s"] > 0
    assert sum(figures["status"].values()) == figures["requests"]
    assert set(figures["status"]) == {"200"}                # every URL of the mix exists
    classes = figures["classes"]
    assert set(classes) <= set(WEIGHTS) and {"home", "search", "article", "api_search"} <= set(classes)
    assert sum(row["requests"] for row in classes.values()) == figures["requests"]
    for name, row in classes.items():
        assert 0 < row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"], name
        assert sum(row["status"].values()) == row["requests"], name
    for key in ("rss_mb", "anon_mb"):
        memory = figures[key]
        assert set(memory) == {"idle", "start", "middle", "end", "max"}, key
        assert 0 < memory["idle"] and memory["start"] <= memory["max"] >= memory["end"], key
    assert figures["anon_mb"]["max"] <= figures["rss_mb"]["max"]
    assert figures["think_s"] == 0 and "saturation" in figures["model"]
    again = run("bench", "load", "--docs", "200", "--clients", "2", "--seconds", "1",
                "--think", "0.2", "--backend", db, "--json")
    assert again.code == 0 and "reusing" in again.err and "clustering" not in again.err
    thought = json.loads(again.out.splitlines()[-1])
    assert thought["think_s"] == 0.2 and "think time of mean 0.2 s" in thought["model"]


def test_think_time_spaces_each_clients_requests():
    """4 clients for 1 s: without thinking they send as fast as answers come; thinking 0.1 s
    on average, about 4 × 1 / 0.1 = 40 requests in all (exponential waits: a loose range)."""
    transport = httpx.MockTransport(lambda request: httpx.Response(200, text="ok"))

    async def requests_sent(think: float) -> int:
        tally = Tally()
        tally.recording = True
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            deadline = time.monotonic() + 1.0
            await asyncio.gather(*(_client(http, {"home": ["/"]}, random.Random(i), tally,
                                           deadline, think) for i in range(4)))
        return len(tally.latencies.get("home", []))

    thinking = asyncio.run(requests_sent(0.1))
    assert 15 <= thinking <= 75, thinking
    assert asyncio.run(requests_sent(0.0)) > 5 * thinking


BURST = 50


@pytest.mark.slow
def test_fifty_requests_at_once_are_all_answered(tmp_path):
    import asyncio

    import httpx

    from steppe.bench.load import ensure_base, start_serve
    from steppe.bench.synthetic import SyntheticCorpus
    from steppe.bench.web import free_port, stop_server, wait_ready

    url = ensure_base(str(tmp_path / "burst.db"), 200, SyntheticCorpus(1), lambda message: None)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_serve(url, port, tmp_path / "serve.log")

    async def burst() -> list[object]:
        limits = httpx.Limits(max_connections=BURST)
        async with httpx.AsyncClient(base_url=base, timeout=15, limits=limits) as client:
            async def one(i: int) -> object:
                try:
                    return (await client.get("/api/search", params={"q": f"steppe {i}"})).status_code
                except httpx.HTTPError as exc:
                    return type(exc).__name__
            return await asyncio.gather(*(one(i) for i in range(BURST)))

    try:
        wait_ready(base, server)
        answers = asyncio.run(burst())
    finally:
        stop_server(server)
    assert answers == [200] * BURST, sorted(map(str, answers))[:5]
