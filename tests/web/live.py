"""Real servers on 127.0.0.1 for the live tests, what they serve, a browser, and a raw
HTTP/1.1 client.

``ServedProcess`` runs ``steppe serve`` in its own process (the way an operator runs it), so
its memory can be read from /proc without the test's own; ``copy_db`` gives a test its own copy
of a database (and its search index) with users added; ``headless_chromium`` launches Debian's
Chromium through Playwright; ``raw_exchange`` writes requests byte by byte, so a test can
announce a huge body, send a little of it and see whether the server answers before reading
the rest.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import httpx
import pytest

from steppe.accounts.users import add_user
from steppe.index import default_index_dir
from steppe.store import open_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_db(source: str, tmp: Path, name: str = "copy.db",
            users: dict[str, tuple[str, str]] | None = None) -> str:
    """A copy of the database ``source`` and its search index as ``tmp/name``, for a test that
    writes, with ``users`` ({name: (role, password)}) added to it."""
    target = str(tmp / name)
    shutil.copy(source, target)
    shutil.copytree(default_index_dir(source), default_index_dir(target))
    if users:
        with open_store(target) as store:
            for user, (role, password) in users.items():
                add_user(store, user, role, password)
    return target


def unavailable(reason: str) -> None:
    """Skip a browser test whose browser is missing; under CI (which installs it), fail."""
    if os.environ.get("CI"):
        pytest.fail(f"CI: {reason}")
    pytest.skip(reason)


def headless_chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, through Playwright: ``yield from`` it in a fixture."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def rss_kib(pid: int) -> int:
    """Resident memory of a process (VmRSS, KiB), from /proc: psutil is not a dependency."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for process {pid}")


class ServedProcess:
    """``steppe --db DB serve --port P`` in a child process, with extra STEPPE_* settings."""

    def __init__(self, db: str, tmp: Path, **settings: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("STEPPE_")}
        env.update({"STEPPE_KB_FILE": str(tmp / "kb.jsonl"), **settings})
        steppe = Path(sys.executable).with_name("steppe")
        self.log = open(tmp / f"server-{self.port}.log", "w+b")
        self.process = subprocess.Popen([str(steppe), "--db", db, "serve", "--port", str(self.port)],
                                        env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited: {self.output()}")
            try:
                if httpx.get(self.url + "/api/status", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError(f"the server did not start in {timeout} s: {self.output()}")

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.log.close()


@dataclass
class Exchange:
    """What a raw exchange gave: the response (if any), when it came, how much body was sent."""

    status: int | None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    seconds: float = 0.0
    sent: int = 0


def raw_exchange(port: int, head: str, chunks: Iterable[bytes] = (), timeout: float = 10.0,
                 chunked: bool = False, insist: bool = False) -> Exchange:
    """Send ``head`` (request line and headers, CRLF-separated, without the blank line), then
    body ``chunks`` until the server answers (or, ``insist``-ing like an attacker, until it
    closes the connection); read the response.

    With ``chunked`` each piece is framed for ``Transfer-Encoding: chunked``.
    """
    start = time.monotonic()
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head.encode("latin-1") + b"\r\n\r\n")
        for chunk in chunks:
            if not insist and _readable(sock):
                break                                   # the server has answered already
            data = b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk
            try:
                sock.sendall(data)
            except OSError:                             # the server closed the connection
                break
            sent += len(chunk)
        raw = _read_response(sock, start + timeout)
    return _parse(raw, time.monotonic() - start, sent)


def _readable(sock: socket.socket) -> bool:
    return bool(select.select([sock], [], [], 0)[0])


def _read_response(sock: socket.socket, deadline: float) -> bytes:
    raw = b""
    while time.monotonic() < deadline:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            piece = sock.recv(65536)
        except socket.timeout:
            break
        except OSError:
            break
        if not piece:
            break
        raw += piece
        if _complete(raw):
            break
    return raw


def _complete(raw: bytes) -> bool:
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value.strip())
    return False


def _parse(raw: bytes, seconds: float, sent: int) -> Exchange:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if not lines[0].startswith("HTTP/"):
        return Exchange(None, seconds=seconds, sent=sent)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Exchange(int(lines[0].split()[1]), headers, body, seconds, sent)
