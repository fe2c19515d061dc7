"""HTTP on a real local server: caps, timeouts, redirects, schemes, conditional GET."""

from __future__ import annotations

import time

import pytest

from steppe.errors import FetchError, InputError
from steppe.sources.fetch import Fetcher, HostThrottle
from tests.sources.conftest import ALLOW_LOCAL

UA = "Steppe-tests/1.0 (+https://example.org/steppe)"


@pytest.fixture
def fetcher():
    with Fetcher(UA, timeout=0.5, max_bytes=1_000_000, host_delay=0,
                 allow=ALLOW_LOCAL) as f:
        yield f


def test_fetches_with_user_agent_and_etag(web, fetcher):
    first = fetcher.get(web.url("/f/rss2.xml"))
    assert first.status == 200 and b"<rss" in first.content
    assert web.headers["/f/rss2.xml"]["user-agent"] == UA
    again = fetcher.get(web.url("/f/rss2.xml"), etag=first.headers["etag"])
    assert again.not_modified and again.content == b""
    assert web.headers["/f/rss2.xml"]["if-none-match"] == first.headers["etag"]


@pytest.mark.parametrize("path, message", [
    ("/status/404", "le serveur a répondu HTTP 404 (page introuvable)"),
    ("/status/500", "le serveur a répondu HTTP 500 (erreur du serveur)"),
    ("/slow", "pas de réponse après 0.5 s"),
    ("/loop/a", "boucle de redirections"),
    ("/redirect/file", "redirection refusée vers une URL qui n’est pas http(s) (file:///etc/passwd)"),
    ("/big", "coupée à la limite de 1 000 000 octets"),
    ("/bomb", "coupée à la limite de 1 000 000 octets"),
])
def test_hostile_responses_fail_with_one_line_naming_the_url(web, fetcher, path, message):
    start = time.monotonic()
    with pytest.raises(FetchError) as err:
        fetcher.get(web.url(path))
    assert str(err.value).startswith(web.url(path)) and message in str(err.value)
    assert "\n" not in str(err.value)
    assert time.monotonic() - start < 2.5  # the 50 MB and the slow answer are not waited for


def test_safe_redirect_is_followed(web, fetcher):
    response = fetcher.get(web.url("/redirect/ok"))
    assert response.url == web.url("/f/rss2.xml") and b"<rss" in response.content


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed.xml",
                                 "data:text/html,<p>hi</p>", "javascript:alert(1)", "/relative",
                                 "http:///nohost"])
def test_only_http_and_https_are_fetched(fetcher, url):
    with pytest.raises(InputError):
        fetcher.get(url)


def test_connection_refused_is_a_fetch_error(fetcher):
    with pytest.raises(FetchError, match="127.0.0.1:9"):
        fetcher.get("http://127.0.0.1:9/feed")


def test_host_throttle_spaces_requests_per_host():
    clock = [0.0]
    waits: list[float] = []
    throttle = HostThrottle(2.0, clock=lambda: clock[0], sleep=waits.append)
    throttle.wait("a.example")
    throttle.wait("b.example")
    clock[0] = 0.5
    throttle.wait("a.example")
    assert waits == [1.5]
