"""The app's front door: one pure ASGI middleware that runs before FastAPI reads anything.

FastAPI reads and parses a request's body before it runs a route's dependencies, so a token
checked by a dependency comes too late: a 300 MB upload was read in full (the server grew by
~850 MB) before being told it needed a token. The guard therefore decides from the request
line and headers alone, in this order:

1. every response gets the security headers (pages, JSON, assets, errors, the guard's own
   refusals; the app is built so that even a crash's 500 passes through here);
2. a request that may write (any method but GET, HEAD, OPTIONS) spends a token of its client
   address's bucket (429 when empty), then must carry the operator's token (403 when writes
   are off, 401 without it, 403 when wrong): refused before a byte of body is read;
3. a body announced larger than ``web_max_body_bytes`` is refused (413) from its
   Content-Length; a body streamed without one is counted and cut once it passes the cap.

Refusals say ``Connection: close``, so the server never reads the rest of a refused upload.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from collections import OrderedDict
from typing import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from steppe.errors import Forbidden, SteppeError, Unauthorized
from steppe.settings import Settings
from steppe.web.render import render_error

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
PERMISSIONS = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
               "microphone=(), payment=(), usb=()")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", PERMISSIONS.encode()),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
STATIC_CACHE = (b"cache-control", b"public, max-age=86400")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_CLIENTS = 10_000  # buckets kept; the least recently seen address is forgotten first

WRITES_OFF = "Les écritures sont désactivées sur ce serveur : l’opérateur n’a pas configuré de jeton."
TOKEN_NEEDED = "Cette action demande le jeton de l’opérateur (en-tête Authorization: Bearer …)."
TOKEN_WRONG = "Le jeton fourni n’est pas le bon."


def check_bearer(token: str, authorization: str) -> None:
    """Raise unless ``authorization`` is ``Bearer <token>``; with no token set, nothing passes.

    Both sides are hashed before ``hmac.compare_digest``, so the comparison takes the same time
    whatever the guess, its length included.
    """
    if not token:
        raise Forbidden("écritures désactivées : l’opérateur n’a pas défini STEPPE_WEB_TOKEN")
    scheme, _, given = authorization.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise Unauthorized("cette adresse demande l’en-tête « Authorization: Bearer <jeton> »")
    if not hmac.compare_digest(_digest(given.strip()), _digest(token)):
        raise Forbidden("jeton incorrect")


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).digest()


class TokenBucket:
    """Per-key token buckets: ``burst`` requests at once, then ``rate`` per second.

    In-process and in memory (one server process is the deployment ``steppe serve`` makes);
    at most ``max_clients`` keys are kept, forgetting the least recently seen. A rate of 0
    turns the limit off.
    """

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic,
                 max_clients: int = MAX_CLIENTS) -> None:
        self.rate, self.burst, self.clock, self.max_clients = rate, max(1, burst), clock, max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, key: str) -> float:
        """Spend one token for ``key``: 0.0 when allowed, else the seconds until one is back."""
        if self.rate <= 0:
            return 0.0
        now = self.clock()
        tokens, last = self._buckets.pop(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self.rate
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)
        return wait

    def __len__(self) -> int:
        return len(self._buckets)


class BodyTooLarge(Exception):
    """Raised into the app by the counting ``receive`` once a streamed body passes the cap."""


class Guard:
    """Pure ASGI middleware wrapping the whole app (see the module's docstring)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.token = settings.web_token
        self.max_body = settings.web_max_body_bytes
        self.bucket = TokenBucket(settings.web_write_rate, settings.web_write_burst)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_security_headers(send, scope["path"].startswith("/static/"))
        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await _CappedBody(self.app, self.max_body).run(scope, receive, send)

    def _refusal(self, scope: Scope) -> Response | None:
        """The response refusing this request from its headers alone, or None to let it in."""
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        if scope["method"] not in SAFE_METHODS:
            wait = self.bucket.take(_client(scope))
            if wait > 0:
                seconds = max(1, math.ceil(wait))
                return refuse(scope, 429, f"too many requests: retry in {seconds} s",
                              f"Trop de requêtes : réessayez dans {seconds} s.",
                              {"retry-after": str(seconds)})
            try:
                check_bearer(self.token, headers.get("authorization", ""))
            except SteppeError as exc:
                return _auth_refusal(scope, exc, bool(self.token))
        length = headers.get("content-length")
        if length is not None and not length.strip().isdigit():
            return refuse(scope, 400, "invalid Content-Length", "En-tête Content-Length invalide.")
        if length is not None and int(length) > self.max_body:
            return too_large(scope, self.max_body)
        return None


def _client(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


def _auth_refusal(scope: Scope, exc: SteppeError, writes_on: bool) -> Response:
    if exc.http_status == 401:
        return refuse(scope, 401, exc.message, TOKEN_NEEDED, {"www-authenticate": "Bearer"})
    return refuse(scope, exc.http_status, exc.message, TOKEN_WRONG if writes_on else WRITES_OFF)


def too_large(scope: Scope, limit: int) -> Response:
    return refuse(scope, 413, f"corps de requête trop volumineux (limite : {limit} octets)",
                  f"Requête trop volumineuse (au plus {limit:,} octets).".replace(",", "\u202f"))


def refuse(scope: Scope, status: int, message: str, page_message: str,
           headers: dict[str, str] | None = None) -> Response:
    """JSON under /api, a French error page elsewhere; the connection is closed afterwards,
    so an unread body is dropped rather than drained."""
    path = scope["path"]
    if path == "/api" or path.startswith("/api/"):
        response: Response = JSONResponse({"error": message, "status": status, "message": page_message},
                                          status_code=status)
    else:
        response = render_error(Request(scope), status, page_message)
    response.headers.update({**(headers or {}), "connection": "close"})
    return response


def _with_security_headers(send: Send, static: bool) -> Send:
    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", [])) + SECURITY_HEADERS
            if static:
                headers.append(STATIC_CACHE)
            message["headers"] = headers
        await send(message)
    return send_with_headers


class _CappedBody:
    """One request whose body is counted as the app reads it; past the cap, the app's own
    response (whatever it made of the interrupted read) is replaced by a 413."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit
        self.received = 0
        self.overflow = False
        self.started = False

    async def run(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def counting_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                self.received += len(message.get("body", b""))
                if self.received > self.limit:
                    self.overflow = True
                    raise BodyTooLarge(f"plus de {self.limit} octets")
            return message

        async def watched_send(message: Message) -> None:
            if self.overflow and not self.started:
                return                                   # the app's answer to a cut body
            if message["type"] == "http.response.start":
                self.started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, watched_send)
        except Exception:
            if not (self.overflow and not self.started):
                raise
        if self.overflow and not self.started:
            await too_large(scope, self.limit)(scope, receive, send)
