"""The app's front door: one pure ASGI middleware that runs before FastAPI reads anything.

FastAPI reads and parses a request's body before it runs a route's dependencies, so a token
checked by a dependency comes too late: a 300 MB upload was read in full (the server grew by
~850 MB) before being told it needed a token. The guard therefore decides from the request
line and headers alone, in this order:

1. every response gets the security headers (pages, JSON, assets, errors, the guard's own
   refusals; the app is built so that even a crash's 500 passes through here);
2. the caller is recognised (recognise.py): a bearer token (a user's API token, or the
   operator's STEPPE_WEB_TOKEN acting as an admin) or a signed session cookie; the identity is
   left in the request's state for auth.py and the pages, and the responses set or clear the
   cookies it calls for (the pre-session CSRF nonce, an expired session);
3. a request that may write (any method but GET, HEAD, OPTIONS) spends a token of its client
   address's bucket (429 when empty), then must come from a recognised caller (403 when writes
   are off, 401 without a token, 403 when it is wrong or unknown, 401 when the session has
   expired): refused before a byte of body is read. Login and logout are the exceptions:
   their routes check the CSRF token once the form is read. Roles and CSRF tokens of the
   routes that write are checked by their dependencies (auth.py, deps.require_token), since a
   form's CSRF field is in the body;
4. when anonymous reading is off (``web_anonymous``), a visitor nobody recognised is sent to
   /connexion (pages) or answered 401 (/api);
5. a body announced larger than ``web_max_body_bytes`` is refused (413) from its
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
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from urllib.parse import quote

from steppe.accounts.tokens import PREFIX
from steppe.errors import Forbidden, SteppeError, Unauthorized
from steppe.settings import Settings
from steppe.web.identity import EXPIRED, PRE_COOKIE, SESSION_COOKIE, STATE_KEY, Identity
from steppe.web.recognise import cookie_header, recognise
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

WRITES_OFF = ("Cette action demande d’être connecté avec un compte qui la permet ; sans compte, "
              "les écritures sont désactivées (l’opérateur n’a pas configuré de jeton).")
TOKEN_NEEDED = ("Cette action demande d’être connecté, ou un jeton "
                "(en-tête Authorization: Bearer …).")
TOKEN_WRONG = "Le jeton fourni n’est pas le bon."
LOGIN_NEEDED = "Connectez-vous (ou présentez un jeton) pour lire ce serveur."
OPEN_WRITES = frozenset({"/connexion", "/deconnexion"})     # their routes check CSRF themselves
OPEN_READS = frozenset({"/connexion", "/favicon.ico", "/api/status"})


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

    def __init__(self, app: ASGIApp, settings: Settings, state: object) -> None:
        self.app, self.state = app, state          # state: the app's WebState (web/deps.py)
        self.token = settings.web_token
        self.max_body = settings.web_max_body_bytes
        self.bucket = TokenBucket(settings.web_write_rate, settings.web_write_burst)
        self.anonymous = settings.anonymous_reading()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        asset = path.startswith("/static/") or path == "/favicon.ico"
        send = _with_security_headers(send, path.startswith("/static/"))
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        ident = Identity()
        if not asset:
            try:
                ident = await recognise(self.state, scope, headers)
            except SteppeError as exc:       # the database is down or busy: nobody can be told
                message, page = getattr(exc, "answer", None) or (
                    "base de données indisponible",
                    "La base de données est indisponible pour le moment ; réessayez plus tard.")
                await refuse(scope, 503, message, page, {"retry-after": "5"})(scope, receive, send)
                return
            scope.setdefault("state", {})[STATE_KEY] = ident
            send = _with_cookies(send, scope, ident)
        refusal = self._refusal(scope, headers, ident, asset)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await _CappedBody(self.app, self.max_body).run(scope, receive, send)

    def _refusal(self, scope: Scope, headers: dict[str, str], ident: Identity,
                 asset: bool) -> Response | None:
        """The response refusing this request from its headers alone, or None to let it in."""
        path = scope["path"]
        if scope["method"] not in SAFE_METHODS:
            wait = self.bucket.take(_client(scope))
            if wait > 0:
                seconds = max(1, math.ceil(wait))
                return refuse(scope, 429, f"too many requests: retry in {seconds} s",
                              f"Trop de requêtes : réessayez dans {seconds} s.",
                              {"retry-after": str(seconds)})
            if ident.user is None and path not in OPEN_WRITES:
                return self._unknown_writer(scope, headers, ident)
        elif not (self.anonymous or ident.user is not None or asset or path in OPEN_READS):
            return _login_first(scope, ident)
        length = headers.get("content-length")
        if length is not None and not length.strip().isdigit():
            return refuse(scope, 400, "invalid Content-Length", "En-tête Content-Length invalide.")
        if length is not None and int(length) > self.max_body:
            return too_large(scope, self.max_body)
        return None

    def _unknown_writer(self, scope: Scope, headers: dict[str, str], ident: Identity) -> Response:
        """Why a write from nobody we know is refused (the operator's token's messages kept)."""
        authorization = headers.get("authorization", "")
        if ident.expired and not authorization:
            return refuse(scope, 401, "session expirée : reconnectez-vous", EXPIRED)
        if ident.bad_token and authorization.partition(" ")[2].strip().startswith(PREFIX):
            return refuse(scope, 403, "jeton inconnu ou révoqué", TOKEN_WRONG)
        try:
            check_bearer(self.token, authorization)
        except SteppeError as exc:
            return _auth_refusal(scope, exc, bool(self.token))
        return refuse(scope, 403, "jeton incorrect", TOKEN_WRONG)      # not reached


def _login_first(scope: Scope, ident: Identity) -> Response:
    """Anonymous reading is off: /api answers 401, a page sends the visitor to the login form
    (and back here afterwards)."""
    path = scope["path"]
    if path == "/api" or path.startswith("/api/"):
        message = "session expirée : reconnectez-vous" if ident.expired else "connexion requise"
        return refuse(scope, 401, message, EXPIRED if ident.expired else LOGIN_NEEDED,
                      {"www-authenticate": "Bearer"})
    query = scope.get("query_string", b"").decode("latin-1")
    target = path + ("?" + query if query else "")
    location = "/connexion?suite=" + quote(target, safe="") + ("&expiree=1" if ident.expired else "")
    return RedirectResponse(location, status_code=303)


def _with_cookies(send: Send, scope: Scope, ident: Identity) -> Send:
    """Set the pre-session CSRF nonce a page's forms were signed with, and clear a session
    cookie that no longer opens anything, unless the app's response sets them itself."""
    secure = scope.get("scheme") == "https"
    api = scope["path"] == "/api" or scope["path"].startswith("/api/")

    async def send_with_cookies(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            set_ = [v for k, v in headers if k.lower() == b"set-cookie"]
            if ident.new_nonce and not api and \
                    not any(v.startswith(PRE_COOKIE.encode() + b"=") for v in set_):
                headers.append((b"set-cookie", cookie_header(PRE_COOKIE, ident.nonce or "", secure)))
            if ident.expired and not any(v.startswith(SESSION_COOKIE.encode() + b"=") for v in set_):
                headers.append((b"set-cookie", cookie_header(SESSION_COOKIE, "", secure, 0)))
            message["headers"] = headers
        await send(message)
    return send_with_cookies


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
