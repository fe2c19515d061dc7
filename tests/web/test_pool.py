"""The store pool under more requests than stores: queued in the event loop, first come first
served, no worker thread held while waiting; a request that waits too long answers 503."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
import pytest

from steppe.web.deps import Busy, Gate, StorePool
from tests.web.conftest import make_app


def test_the_gate_serves_waiters_in_arrival_order():
    async def scenario() -> list[int]:
        gate, order = Gate(1), []
        assert await gate.acquire(1)

        async def waiter(i: int) -> None:
            assert await gate.acquire(5)
            order.append(i)
            await asyncio.sleep(0.001)
            gate.release()

        tasks = []
        for i in range(20):
            tasks.append(asyncio.create_task(waiter(i)))
            await asyncio.sleep(0)                  # each queues before the next
        gate.release()
        await asyncio.gather(*tasks)
        return order
    assert asyncio.run(scenario()) == list(range(20))


def test_the_gate_times_out_and_a_cancelled_waiter_passes_its_permit_on():
    async def scenario() -> None:
        gate = Gate(1)
        assert await gate.acquire(1)
        assert await gate.acquire(0.05) is False     # timed out, no permit taken
        assert gate.waiting() == 0
        first = asyncio.create_task(gate.acquire(5))
        second = asyncio.create_task(gate.acquire(5))
        await asyncio.sleep(0.01)
        first.cancel()
        gate.release()
        assert await second                          # the cancelled one did not keep it
        gate.release()
        assert await gate.acquire(0.01)              # and the count came back to one
    asyncio.run(scenario())


def test_threads_and_event_loops_share_one_gate():
    gate = Gate(1)
    assert gate.acquire_blocking(1)
    got = []

    def in_a_thread() -> None:
        got.append(asyncio.run(gate.acquire(5)))     # another thread's event loop
        gate.release()

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    time.sleep(0.05)
    gate.release()
    thread.join(5)
    assert got == [True] and gate.acquire_blocking(0.01)


def test_a_hundred_requests_at_once_on_four_stores(fixture_db, tmp_path):
    """More requests than anyio's 40 worker threads: a sync borrow deadlocked here."""
    app = make_app(fixture_db, tmp_path)

    async def burst() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            answers = await asyncio.gather(*(c.get("/api/search", params={"q": f"Tokayev {i}"})
                                             for i in range(100)))
        return [a.status_code for a in answers]
    try:
        started = time.monotonic()
        assert asyncio.run(asyncio.wait_for(burst(), 30)) == [200] * 100
        assert time.monotonic() - started < 30
        assert len(app.state.steppe.pool._opened) <= 4
    finally:
        app.state.steppe.pool.close()


def test_a_request_that_waits_too_long_is_a_503_in_french(fixture_db, tmp_path):
    app = make_app(fixture_db, tmp_path)
    pool: StorePool = app.state.steppe.pool
    pool.wait_s = 0.2

    async def get(path: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            return await c.get(path)
    try:
        held = [pool.borrow() for _ in range(pool.size)]
        for borrowed in held:
            borrowed.__enter__()
        with pytest.raises(Busy):
            with pool.borrow():
                pass
        api = asyncio.run(get("/api/status"))
        assert api.status_code == 503 and api.headers["retry-after"] == "5"
        assert api.json() == {"error": "serveur trop sollicité : réessayez dans quelques secondes", "status": 503,
                              "message": Busy.answer[1]}
        page = asyncio.run(get("/"))
        assert page.status_code == 503 and "Le serveur est trop sollicité" in page.text
        assert "Traceback" not in page.text
        for borrowed in held:
            borrowed.__exit__(None, None, None)
        assert asyncio.run(get("/api/status")).status_code == 200
        assert asyncio.run(get("/")).status_code == 200
    finally:
        pool.close()
