"""Real receivers on 127.0.0.1 for the alert tests, and a corpus of distinct stories.

* ``Receiver``: an HTTP server (http.server, threads) that records each POST, checks its
  HMAC-SHA256 signature against the alert's secret, and answers 200, 500 or not at all.
* ``Mailbox``: an aiosmtpd SMTP server that stores messages, or refuses them (550).
* ``story_articles``: articles forming N stories of ``per`` outlets each, without spaCy: each
  story has its own invented words, and every text holds the word ``gazoduc``.
"""

from __future__ import annotations

import json
import random
import socket
import threading
import time
from collections import Counter
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

from steppe.alerts.send import verify
from steppe.model import Annotation, Article
from tests.crash import light_annotation


class Receiver:
    """A webhook endpoint: ``mode`` is "ok", "500" or "hang"."""

    def __init__(self, mode: str = "ok") -> None:
        self.mode, self.secret = mode, ""
        self.posts: list[dict[str, Any]] = []
        self.bad_signatures = 0
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                signed = verify(outer.secret, raw, self.headers.get("X-Steppe-Signature", ""))
                with outer._lock:
                    outer.bad_signatures += 0 if signed else 1
                    outer.posts.append({"key": self.headers.get("X-Steppe-Delivery"),
                                        "body": json.loads(raw), "signed": signed})
                if outer.mode == "hang":
                    time.sleep(5)
                    return
                self.send_response(500 if outer.mode == "500" else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def keys(self) -> Counter[str]:
        with self._lock:
            return Counter(p["key"] for p in self.posts)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Handler:
    def __init__(self, box: "Mailbox") -> None:
        self.box = box

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.box.refuse:
            return "550 mailbox unavailable"
        self.box.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


class Mailbox:
    def __init__(self, refuse: bool = False) -> None:
        self.refuse = refuse
        self.messages: list[Any] = []
        self.port = _free_port()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def close(self) -> None:
        self.controller.stop()


def _free_port() -> int:
    with socket.socket() as probe:      # aiosmtpd checks its port by connecting: no port 0
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(4))


def story_articles(stories: int, per: int = 2, seed: int = 7,
                   day: str = "2026-11-20", first: int = 0) -> list[tuple[Article, Annotation]]:
    """``per`` articles (outlets ``first``, ``first + 1``…) for each of ``stories`` invented
    events, with the crash tests' light annotation (clustering needs one)."""
    rng = random.Random(seed)
    out = []
    for s in range(stories):
        words = [_word(rng) for _ in range(12)]
        for o in range(first, first + per):
            text = (f"Le gazoduc {words[0].capitalize()} et {words[1]} {words[2]} : "
                    + " ".join(words) + f". Selon le média {o}, {words[3]} {words[4]} "
                    f"{words[5]} {words[6]} confirment {words[7]}. Fin {s}-{o}.")
            out.append(_annotated(Article(id=f"k{seed}s{s:04d}o{o}", title=f"{words[0].capitalize()} "
                                f"{words[1]} {words[2]}", text=text, published=day,
                                source=f"outlet{o}", url=f"https://outlet{o}.example/{s}",
                                lang="fr")))
    return out


def _annotated(article: Article) -> tuple[Article, Annotation]:
    return article, light_annotation(article)
