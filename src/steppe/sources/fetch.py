"""HTTP for feeds and pages: http(s) only, timeouts, a size cap, conditional GET, politeness.

Everything fetched from the web is untrusted, so every request is bounded:

* only ``http`` and ``https`` URLs, and redirects are followed by hand (at most
  ``MAX_REDIRECTS``, never to another scheme, loops detected);
* only public addresses, checked where each connection is opened, after DNS resolution, on
  every redirect hop (``netguard``); others only when ``STEPPE_FETCH_ALLOW`` names them;
* a connect/read timeout, and a deadline for the whole response (3× the timeout) so a server
  dripping one byte at a time cannot hold a worker;
* a size cap counted on the *decoded* body, with decompression done here in bounded steps, so
  a gzip bomb stops at the cap instead of filling memory;
* ``If-None-Match`` / ``If-Modified-Since`` when the caller knows the validators (304 → nothing
  to do), a descriptive User-Agent, and a minimum delay between two requests to one host.
"""

from __future__ import annotations

import threading
import time
import zlib
from dataclasses import dataclass, field
from typing import Callable, Iterator
from urllib.parse import urljoin, urlsplit

import httpx

from steppe.errors import FetchError, InputError, grouped, quoted
from steppe.sources.canonical import check_fetchable
from steppe.sources.netguard import ALLOW_ENV, AddressRefused, AllowList, GuardedTransport

MAX_REDIRECTS = 5
_REDIRECTS = {301, 302, 303, 307, 308}
_STEP = 64 * 1024  # decompressed bytes produced per step


@dataclass
class Response:
    """A fully read, bounded response."""

    url: str  # after redirects
    status: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class HostThrottle:
    """Waits so that two requests to the same host are at least ``delay`` seconds apart.

    Per process: several worker processes each keep their own pace (documented in NOTES.md).
    """

    def __init__(self, delay: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.delay, self.clock, self.sleep = delay, clock, sleep
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> None:
        if self.delay <= 0:
            return
        with self._lock:
            last = self._last.get(host)
            now = self.clock()
            wait = 0.0 if last is None else max(0.0, last + self.delay - now)
            self._last[host] = now + wait
        if wait:
            self.sleep(wait)


class Fetcher:
    """One HTTP client for a worker; ``get`` returns a bounded ``Response`` or raises FetchError.

    ``allow`` lists the non-public hosts and ranges it may reach (``STEPPE_FETCH_ALLOW``);
    by default only public addresses are fetched."""

    def __init__(self, user_agent: str, timeout: float = 20.0, max_bytes: int = 5_000_000,
                 host_delay: float = 2.0, allow: AllowList | str = "") -> None:
        self.timeout, self.max_bytes = timeout, max_bytes
        self.throttle = HostThrottle(host_delay)
        self.allow = allow if isinstance(allow, AllowList) else AllowList.parse(allow)
        self.client = httpx.Client(
            transport=GuardedTransport(self.allow),
            follow_redirects=False, timeout=httpx.Timeout(timeout),
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate",
                     "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
                               "text/html;q=0.8, */*;q=0.5"})

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, etag: str | None = None,
            last_modified: str | None = None) -> Response:
        """GET ``url`` following safe redirects; 304 is returned, other errors raise."""
        url = check_fetchable(url)
        headers = {k: v for k, v in (("If-None-Match", etag),
                                     ("If-Modified-Since", last_modified)) if v}
        original, visited = url, {url}
        for _ in range(MAX_REDIRECTS + 1):
            where = original if url == original else f"{original} (redirigé vers {url})"
            response, location = self._one(url, headers, where)
            if location is None:
                return response
            target = _redirect_target(original, url, location)
            if target in visited:
                raise FetchError(f"{original} : boucle de redirections ({target})")
            visited.add(target)
            url = target
        raise FetchError(f"{original} : plus de {MAX_REDIRECTS} redirections")

    def _one(self, url: str, headers: dict[str, str],
             where: str) -> tuple[Response, str | None]:
        self.throttle.wait(urlsplit(url).hostname or "")
        deadline = time.monotonic() + 3 * self.timeout
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                if r.status_code in _REDIRECTS and r.headers.get("location"):
                    return Response(url, r.status_code), r.headers["location"]
                if r.status_code == 304:
                    return Response(url, 304, headers=_headers(r)), None
                if r.status_code >= 400:
                    raise FetchError(f"{where} : {answered(r.status_code, r.reason_phrase)}")
                body = self._read(where, r, deadline)
                return Response(url, r.status_code, body, _headers(r)), None
        except AddressRefused as exc:
            raise AddressRefused(f"{where} : refusé : {exc} (à autoriser avec {ALLOW_ENV})") from None
        except httpx.TimeoutException:
            raise FetchError(f"{where} : pas de réponse après {self.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{where} : {network_failure(exc)}") from None

    def _read(self, url: str, r: httpx.Response, deadline: float) -> bytes:
        declared = r.headers.get("content-length", "")
        encoding = r.headers.get("content-encoding", "identity").strip().lower()
        if encoding in ("", "identity") and declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"{url} : réponse de {grouped(int(declared))} octets, au-delà de la "
                             f"limite de {grouped(self.max_bytes)} octets")
        chunks: list[bytes] = []
        size = 0
        for chunk in _decoded(url, r.iter_raw(), encoding, self.max_bytes):
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"{url} : réponse coupée à la limite de {grouped(self.max_bytes)} octets")
            if time.monotonic() > deadline:
                raise FetchError(f"{url} : réponse trop lente (plus de {3 * self.timeout:g} s)")
            chunks.append(chunk)
        return b"".join(chunks)


def _redirect_target(original: str, url: str, location: str) -> str:
    """Where a redirect leads, if it is an http(s) URL; the server wrote the Location header,
    so a malformed one is the server's error, reported as such (never a ValueError)."""
    try:
        target = urljoin(url, location)
        scheme = urlsplit(target).scheme.lower()
    except ValueError as exc:
        raise FetchError(f"{original} : redirection vers une URL mal formée ({exc})") from None
    if scheme not in ("http", "https"):
        raise FetchError(f"{original} : redirection refusée vers une URL qui n’est pas http(s) ({target})")
    try:
        return check_fetchable(target)
    except InputError as exc:
        raise FetchError(f"{original} : redirection vers une URL mal formée ({exc})") from None


HTTP_REASONS = {
    400: "requête refusée", 401: "authentification requise", 403: "accès refusé",
    404: "page introuvable", 405: "méthode refusée", 408: "délai dépassé", 410: "page supprimée",
    429: "trop de requêtes", 500: "erreur du serveur", 502: "passerelle en erreur",
    503: "service indisponible", 504: "délai de passerelle dépassé",
}
NETWORK = [  # substrings of httpx/OS errors → what happened, in French
    ("name or service not known", "nom d’hôte introuvable"),
    ("temporary failure in name resolution", "nom d’hôte introuvable pour le moment"),
    ("nodename nor servname", "nom d’hôte introuvable"),
    ("connection refused", "connexion refusée"),
    ("connection reset", "connexion interrompue"),
    ("network is unreachable", "réseau injoignable"),
    ("certificate", "certificat TLS invalide"),
    ("ssl", "erreur TLS"),
]


def answered(code: int, reason: str = "") -> str:
    """'le serveur a répondu HTTP 404 (page introuvable)': the server's own English reason
    only for a code without a French one."""
    said = HTTP_REASONS.get(code) or (reason or "").strip()
    return f"le serveur a répondu HTTP {code}" + (f" ({said})" if said else "")


def network_failure(exc: BaseException) -> str:
    """What an httpx error means, in French, with httpx's own words kept in brackets:
    'connexion refusée (ConnectError: [Errno 111] Connection refused)'."""
    detail = " ".join(str(exc).split())
    low = detail.lower()
    what = next((fr for en, fr in NETWORK if en in low), None)
    if what is None:
        what = "délai dépassé" if "timeout" in type(exc).__name__.lower() else "connexion impossible"
    return f"{what} ({type(exc).__name__}: {detail})" if detail else f"{what} ({type(exc).__name__})"


def _headers(r: httpx.Response) -> dict[str, str]:
    return {k.lower(): v for k, v in r.headers.items()}


def _decoded(url: str, raw: Iterator[bytes], encoding: str, cap: int) -> Iterator[bytes]:
    """The body decoded in bounded steps: never more than ``_STEP`` bytes inflated at once."""
    if encoding in ("", "identity"):
        yield from raw
        return
    if encoding in ("gzip", "x-gzip"):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        inflater = zlib.decompressobj()
    else:
        raise FetchError(f"{url} : encodage du contenu non pris en charge {quoted(encoding)}")
    produced = 0
    try:
        for data in raw:
            while data and produced <= cap:
                out = inflater.decompress(data, _STEP)
                produced += len(out)
                yield out
                data = inflater.unconsumed_tail
            if produced > cap:
                return
        yield inflater.flush()
    except zlib.error as exc:
        raise FetchError(f"{url} : contenu {encoding} corrompu ({exc})") from None
