"""The guard against a real ``steppe serve`` on 127.0.0.1: refusals come before any body is
read (the server's memory stays flat under a 100 MB unauthenticated upload), bodies are capped
whether announced or streamed, writes are rate-limited per address, and a damaged database
answers without leaking anything."""

from __future__ import annotations

import itertools
import json
from typing import Iterator

import httpx
import pytest

from tests.web.live import ServedProcess, copy_db, raw_exchange, rss_kib

TOKEN = "s3cret-live"
CAP = 64_000
HUGE = 300_000_000
LEAKS = ("/work", "/tmp", "Traceback", 'File "', ".py", "Error:", "sqlite")


@pytest.fixture(scope="module")
def server(fixture_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedProcess]:
    tmp = tmp_path_factory.mktemp("live")
    served = ServedProcess(copy_db(fixture_db, tmp, "live.db"), tmp, STEPPE_WEB_TOKEN=TOKEN,
                           STEPPE_WEB_MAX_BODY_BYTES=str(CAP), STEPPE_WEB_WRITE_RATE="1000",
                           STEPPE_WEB_WRITE_BURST="1000")
    yield served
    served.stop()


def _post_head(path: str, length: int | None, token: str | None = None,
               content_type: str = "application/json") -> str:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Type: {content_type}"]
    lines.append(f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked")
    if token:
        lines.append(f"Authorization: Bearer {token}")
    return "\r\n".join(lines)


def _megabytes(n: int, size: int = 1 << 20) -> Iterator[bytes]:
    block = b"x" * size
    return itertools.repeat(block, n)


@pytest.mark.parametrize("token, status", [(None, 401), ("wrong", 403)])
def test_an_unauthenticated_huge_post_is_refused_before_its_body(server, token, status):
    got = raw_exchange(server.port, _post_head("/api/kb/entities", HUGE, token),
                       [b"{" + b" " * 65_535], timeout=10)
    assert got.status == status and got.seconds < 3
    assert json.loads(got.body)["status"] == status
    assert got.headers.get("connection") == "close"      # the rest is never read


def test_the_server_does_not_grow_while_refusing_a_100_mb_upload(server):
    before = rss_kib(server.pid)
    got = raw_exchange(server.port, _post_head("/api/kb/entities", HUGE), _megabytes(100), timeout=30,
                       insist=True)
    after = rss_kib(server.pid)
    print(f"server RSS {before / 1024:.1f} MiB → {after / 1024:.1f} MiB "
          f"after {got.sent / 1e6:.1f} MB sent, answered {got.status} in {got.seconds:.2f} s")
    assert got.status == 401
    assert after - before < 16 * 1024, (before, after)


def test_an_authenticated_body_over_the_cap_is_413_from_its_length(server):
    got = raw_exchange(server.port, _post_head("/api/kb/entities", HUGE, TOKEN), [b"{"], timeout=10)
    assert got.status == 413 and got.seconds < 3
    assert json.loads(got.body)["error"] == f"corps de requête trop volumineux (limite : {CAP} octets)"
    assert json.loads(got.body)["message"].startswith("Requête trop volumineuse")
    assert got.headers["content-security-policy"].startswith("default-src 'self'")


def test_a_streamed_body_is_counted_and_cut_at_the_cap(server):
    pieces = itertools.repeat(b" " * 65_536, 1024)                   # 64 MB offered, chunked
    got = raw_exchange(server.port, _post_head("/api/kb/entities", None, TOKEN), pieces,
                       timeout=20, chunked=True)
    assert got.status == 413
    assert got.sent < 16_000_000        # cut soon after the cap (plus the sockets' buffers)


def test_a_legitimate_write_still_goes_through(server):
    response = httpx.post(server.url + "/api/kb/entities", headers={"Authorization": f"Bearer {TOKEN}"},
                          json={"name": "Aïgerim Seitkali", "type": "person", "country": "KZ",
                                "aliases": [f"alias {i}" for i in range(50)]})
    assert response.status_code == 201, response.text


def test_a_read_only_server_refuses_before_reading(fixture_db, tmp_path):
    served = ServedProcess(copy_db(fixture_db, tmp_path, "live.db"), tmp_path)  # no token: read-only
    try:
        before = rss_kib(served.pid)
        got = raw_exchange(served.port, _post_head("/api/sources", HUGE, "anything"),
                           _megabytes(50), timeout=30, insist=True)
        assert got.status == 403 and "STEPPE_WEB_TOKEN" in json.loads(got.body)["error"]
        assert rss_kib(served.pid) - before < 16 * 1024
    finally:
        served.stop()


def test_writes_are_rate_limited_per_address(fixture_db, tmp_path):
    served = ServedProcess(copy_db(fixture_db, tmp_path, "live.db"), tmp_path,
                           STEPPE_WEB_TOKEN=TOKEN, STEPPE_WEB_WRITE_RATE="0.2",
                           STEPPE_WEB_WRITE_BURST="3")
    try:
        auth = {"Authorization": "Bearer wrong"}          # failed guesses count too
        codes = [httpx.post(served.url + "/api/sources", headers=auth, json={"url": "x"}).status_code
                 for _ in range(3)]
        limited = httpx.post(served.url + "/api/sources", headers=auth, json={"url": "x"})
        assert codes == [403, 403, 403] and limited.status_code == 429
        assert 1 <= int(limited.headers["retry-after"]) <= 5
        assert set(limited.json()) == {"error", "status", "message"} and limited.json()["status"] == 429
        page = httpx.post(served.url + "/", data={"q": "x"})
        assert page.status_code == 429 and "Trop de requêtes" in page.text
        assert page.headers["retry-after"] and page.headers["x-frame-options"] == "DENY"
        assert httpx.get(served.url + "/api/status").status_code == 200      # reads stay open
    finally:
        served.stop()


def test_a_damaged_database_answers_without_leaking(fixture_db, tmp_path):
    db = copy_db(fixture_db, tmp_path, "live.db")
    served = ServedProcess(db, tmp_path)
    try:
        with open(db, "r+b") as f:                    # overwritten in place: open handles see it
            f.write(b"\x00garbage" * 8192)
        for path in ("/", "/api/articles", "/articles/kz-001", "/api/articles/kz-001",
                     "/search?q=Astana", "/api/sources", "/countries/KZ"):
            response = httpx.get(served.url + path)
            assert response.status_code >= 500, path
            assert not [leak for leak in LEAKS if leak in response.text], (path, response.text[:300])
            if path.startswith("/api/"):
                assert set(response.json()) == {"error", "status", "message"}
            else:
                assert "Erreur" in response.text or "indisponible" in response.text
        assert "Traceback" in served.output() or "malformed" in served.output() \
            or "not a database" in served.output()                       # logged, not shown
    finally:
        served.stop()
