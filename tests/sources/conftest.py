"""A real HTTP server on 127.0.0.1 serving fixture feeds and pages, and hostile responses.

``/f/NAME`` serves tests/fixtures/feeds/NAME with ``{{BASE}}`` replaced by the server's URL,
with an ETag (conditional GET answers 304). Generated routes:

    /gen/feed/N          RSS 2.0 with N items linking /gen/page/I
    /gen/page/I          an article page with its own text
    /status/CODE         that status code
    /slow                answers after 3 s
    /loop/a, /loop/b     a redirect loop;  /redirect/file → file:///etc/passwd;  /redirect/ok → /f/rss2.xml
    /big                 50 MB of data (must be cut at the size cap)
    /bomb                a gzip bomb: 50 MB of zeros in ~50 KB, Content-Encoding: gzip
    /to?url=URL          a redirect to any URL (302)

Tests may also serve their own documents: ``server.documents[path] = (body, content_type)``.
The server listens on loopback, which the fetcher refuses unless allowed: fetchers built
here pass ``allow=ALLOW_LOCAL``, CLI tests set ``STEPPE_FETCH_ALLOW``.
"""

from __future__ import annotations

import gzip
import hashlib
import random
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.store.conftest import store  # noqa: F401  (shared fixture; pg_* come from tests/conftest.py)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
# the server listens on loopback, which the fetcher refuses unless told (STEPPE_FETCH_ALLOW)
ALLOW_LOCAL = "127.0.0.1"
WORDS = ("steppe gaz pétrole Astana Bichkek Tachkent Douchanbé Achgabat ministre accord port "
         "rail barrage coton blé uranium banque dette réforme élection sommet frontière eau "
         "Caspienne route chinoise investissement prix inflation monnaie tenge som manat "
         "exportation importation sécheresse récolte énergie centrale visite délégation").split()
BIG = 50 * 1024 * 1024


def article_text(i: int, words: int = 120) -> str:
    rng = random.Random(i)
    return " ".join(rng.choice(WORDS) for _ in range(words))


def generated_feed(base: str, n: int) -> bytes:
    items = "".join(
        f"<item><title>Dépêche {i}</title><link>{base}/gen/page/{i}</link><guid>g{i}</guid>"
        f"<pubDate>Mon, 03 Mar 2025 {i % 24:02d}:{i % 60:02d}:00 GMT</pubDate>"
        f"<description>{article_text(i, 30)}</description></item>\n" for i in range(n))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Flux de {n} dépêches</title><link>{base}/</link><description>d</description>"
            f"{items}</channel></rss>").encode("utf-8")


def generated_page(i: int) -> bytes:
    paragraphs = "".join(f"<p>{article_text(i * 10 + k, 40)}.</p>" for k in range(3))
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Dépêche {i}</title>'
            f'<meta property="article:published_time" content="2025-03-03T08:00:00Z"></head>'
            f"<body><article><h1>Dépêche {i}</h1>{paragraphs}</article></body></html>"
            ).encode("utf-8")


class Server:
    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.headers: dict[str, dict[str, str]] = {}
        self.documents: dict[str, tuple[bytes, str]] = {}
        self.bomb = gzip.compress(b"\0" * BIG, compresslevel=9)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                path = self.path.split("?", 1)[0]
                server.requests[path] += 1
                server.headers[path] = {k.lower(): v for k, v in self.headers.items()}
                try:
                    server.route(self, path)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler

    def route(self, h: BaseHTTPRequestHandler, path: str) -> None:
        if path in self.documents:
            body, kind = self.documents[path]
            return self._send(h, 200, body, kind)
        if path == "/to":
            target = parse_qs(urlsplit(h.path).query).get("url", [""])[0]
            return self._send(h, 302, b"", "text/plain", {"Location": target})
        if path.startswith("/f/"):
            return self._file(h, path[3:])
        if path.startswith("/gen/feed/"):
            return self._send(h, 200, generated_feed(self.base, int(path.rsplit("/", 1)[1])),
                              "application/rss+xml")
        if path.startswith("/gen/page/"):
            return self._send(h, 200, generated_page(int(path.rsplit("/", 1)[1])), "text/html")
        if path.startswith("/status/"):
            return self._send(h, int(path.rsplit("/", 1)[1]), b"error page", "text/html")
        if path == "/slow":
            time.sleep(3)
            return self._send(h, 200, b"<rss/>", "application/rss+xml")
        redirects = {"/loop/a": "/loop/b", "/loop/b": "/loop/a", "/redirect/ok": "/f/rss2.xml",
                     "/redirect/file": "file:///etc/passwd"}
        if path in redirects:
            h.send_response(302)
            h.send_header("Location", redirects[path])
            h.send_header("Content-Length", "0")
            h.end_headers()
            return None
        if path == "/big":
            return self._big(h)
        if path == "/bomb":
            return self._send(h, 200, self.bomb, "text/html", {"Content-Encoding": "gzip"})
        return self._send(h, 404, b"not found", "text/plain")

    def _file(self, h: BaseHTTPRequestHandler, name: str) -> None:
        file = FIXTURES / name
        if "/" in name or not file.is_file():
            return self._send(h, 404, b"not found", "text/plain")
        body = file.read_bytes().replace(b"{{BASE}}", self.base.encode())
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if h.headers.get("If-None-Match") == etag:
            h.send_response(304)
            h.send_header("ETag", etag)
            h.end_headers()
            return None
        kind = "text/html; charset=utf-8" if name.endswith(".html") else "application/rss+xml"
        if name.endswith("atom.xml"):
            kind = "application/atom+xml"
        return self._send(h, 200, body, kind, {"ETag": etag})

    def _big(self, h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()  # no Content-Length: the client must count for itself
        chunk = b"<p>" + b"x" * 65_530 + b"</p>"
        for _ in range(BIG // len(chunk) + 1):
            h.wfile.write(chunk)

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, kind: str,
              extra: dict[str, str] | None = None) -> None:
        h.send_response(status)
        h.send_header("Content-Type", kind)
        h.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            h.send_header(key, value)
        h.end_headers()
        h.wfile.write(body)


@pytest.fixture(scope="session")
def http_server() -> Iterator[Server]:
    server = Server()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def web(http_server: Server) -> Server:
    """The session's server with its request counts reset."""
    http_server.requests.clear()
    http_server.headers.clear()
    http_server.documents.clear()
    return http_server
