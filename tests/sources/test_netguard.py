"""SSRF guard: only public addresses are fetched, after DNS, on every hop, unless allowed.

Real HTTP on 127.0.0.1 (the session's server): loopback is exactly what the guard refuses
by default, so these tests show a refusal happens *before* any request reaches a server
that is really there, and that the allow list opens it again.
"""

from __future__ import annotations

import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest

from steppe.errors import FetchError, InputError
from steppe.model import Source
from steppe.settings import Settings
from steppe.sources.fetch import Fetcher
from steppe.sources.netguard import AddressRefused, AllowList, refusal
from steppe.store import open_store
from steppe.watch import WatchContext, run_watch
from tests.sources.conftest import ALLOW_LOCAL

HINT = "(à autoriser avec STEPPE_FETCH_ALLOW)"


def fetcher(allow: str = "") -> Fetcher:
    return Fetcher("Steppe-tests", timeout=2, max_bytes=1_000_000, host_delay=0, allow=allow)


def fetch(url: str, allow: str = ""):
    with fetcher(allow) as f:
        return f.get(url)


def refused(url: str, allow: str = "") -> str:
    with pytest.raises(AddressRefused) as info:
        fetch(url, allow)
    return str(info.value)


# -- which addresses ---------------------------------------------------------------------------
@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "de bouclage"), ("127.8.9.10", "de bouclage"), ("::1", "de bouclage"),
    ("10.0.0.5", "privée"), ("172.16.3.4", "privée"), ("172.31.255.1", "privée"),
    ("192.168.1.1", "privée"), ("fd12:3456::1", "privée"), ("fc00::1", "privée"),
    ("100.64.0.1", "partagée (CGNAT)"), ("100.127.255.254", "partagée (CGNAT)"),
    ("169.254.169.254", "de lien local (métadonnées du cloud)"), ("169.254.1.2", "de lien local"),
    ("fe80::1", "de lien local"), ("0.0.0.0", "non spécifiée"), ("::", "non spécifiée"),
    ("224.0.0.1", "de multidiffusion"), ("239.255.255.250", "de multidiffusion"), ("ff02::1", "de multidiffusion"),
    ("240.0.0.1", "réservée"), ("255.255.255.255", "de diffusion"),
    ("192.0.2.1", "de documentation"), ("2001:db8::1", "de documentation"),
    ("::ffff:10.0.0.1", "privée"), ("::ffff:127.0.0.1", "de bouclage"),
    ("2002:7f00:1::", "de bouclage"), ("64:ff9b::a9fe:a9fe", "de lien local (métadonnées du cloud)"),
])
def test_non_public_addresses_are_named(address, reason):
    assert refusal(ipaddress.ip_address(address)).startswith(f"adresse {reason} ")


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1",
                                     "2a00:1450:4007:80f::200e", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address):
    assert refusal(ipaddress.ip_address(address)) is None


def test_allow_list_from_the_environment():
    settings = Settings.from_env({"STEPPE_FETCH_ALLOW": "127.0.0.1, Intranet.Example., 10.1.0.0/16,"
                                                        "[fd00::1]"})
    allow = AllowList.parse(settings.fetch_allow)
    assert allow.hosts == {"intranet.example"} and allow.allows_host("INTRANET.example")
    assert allow.allows_ip(ipaddress.ip_address("10.1.200.3"))
    assert allow.allows_ip(ipaddress.ip_address("fd00::1"))
    assert not allow.allows_ip(ipaddress.ip_address("10.2.0.1"))
    assert Settings().fetch_allow == "" and AllowList.parse("") == AllowList()


def test_a_bad_allow_list_entry_is_one_line_naming_the_setting():
    with pytest.raises(InputError, match=r"^STEPPE_FETCH_ALLOW : « not a host » n’est ni un nom d’hôte, "):
        fetcher("127.0.0.1,not a host")


# -- refused by default, allowed when listed ------------------------------------------------------
def test_loopback_is_refused_by_default_before_any_request(web):
    url = web.url("/f/rss2.xml")
    assert refused(url) == f"{url} : refusé : adresse de bouclage 127.0.0.1 {HINT}"
    assert web.requests == {}


@pytest.mark.parametrize("url, why", [
    ("http://10.0.0.5/feed", "adresse privée 10.0.0.5"),
    ("http://172.20.1.1:8080/rss", "adresse privée 172.20.1.1"),
    ("http://100.64.12.1/", "adresse partagée (CGNAT) 100.64.12.1"),
    ("http://169.254.169.254/latest/meta-data/", "adresse de lien local (métadonnées du cloud) 169.254.169.254"),
    ("http://[fe80::1]/", "adresse de lien local fe80::1"),
    ("http://[fd00::5]/", "adresse privée fd00::5"),
    ("http://0.0.0.0/", "adresse non spécifiée 0.0.0.0"),
    ("http://[::ffff:127.0.0.1]/", "adresse de bouclage 127.0.0.1 (sous la forme ::ffff:7f00:1)"),
    ("http://2130706433/", "2130706433 se résout en adresse de bouclage 127.0.0.1"),
])
def test_private_and_link_local_targets_are_refused(url, why):
    start = time.monotonic()
    assert refused(url) == f"{url} : refusé : {why} {HINT}"
    assert time.monotonic() - start < 1  # refused, not a connection that timed out


@pytest.mark.parametrize("allow", ["127.0.0.1", "127.0.0.0/8", "10.0.0.1, 127.0.0.1"])
def test_loopback_is_fetched_when_listed(web, allow):
    assert b"<rss" in fetch(web.url("/f/rss2.xml"), allow).content


def test_a_host_name_is_judged_by_the_addresses_it_resolves_to(web):
    url = web.url("/f/rss2.xml").replace("127.0.0.1", "localhost")
    assert refused(url) == f"{url} : refusé : localhost se résout en adresse de bouclage 127.0.0.1 {HINT}"
    assert b"<rss" in fetch(url, "localhost").content
    assert web.headers["/f/rss2.xml"]["host"] == url.split("/")[2]  # the name, not the address


# -- every redirect hop ---------------------------------------------------------------------------
@pytest.mark.parametrize("target, why", [
    ("http://10.0.0.5/feed", "adresse privée 10.0.0.5"),
    ("http://169.254.169.254/latest/meta-data/iam/", "adresse de lien local (métadonnées du cloud) 169.254.169.254"),
    ("http://[::1]:9/", "adresse de bouclage ::1"),
])
def test_a_redirect_from_an_allowed_host_to_a_private_one_is_refused(web, target, why):
    start = web.url("/to?url=" + quote(target, safe=""))
    message = refused(start, ALLOW_LOCAL)
    assert message == f"{start} (redirigé vers {target}) : refusé : {why} {HINT}"


def test_a_redirect_to_a_live_loopback_server_is_refused(web):
    # only the name "localhost" is allowed: its redirect to 127.0.0.1 is a new, unlisted hop
    local = web.base.replace("127.0.0.1", "localhost")
    start = f"{local}/to?url=" + quote(web.url("/f/rss2.xml"), safe="")
    message = refused(start, "localhost")
    assert message.endswith(f"refusé : adresse de bouclage 127.0.0.1 {HINT}")
    assert web.requests == {"/to": 1}  # the feed itself was never asked for


def test_a_redirect_to_a_malformed_url_is_a_fetch_error(web):
    start = web.url("/to?url=" + quote("http://[oops/x", safe=""))
    with pytest.raises(FetchError, match=r"redirection vers une URL mal formée") as info:
        fetch(start, ALLOW_LOCAL)
    assert str(info.value).startswith(start) and "\n" not in str(info.value)


# -- DNS: resolved once, connected to what was checked ---------------------------------------------
def test_the_checked_address_is_the_one_connected_to(web, monkeypatch):
    """DNS rebinding: a name that answers an allowed address first and a forbidden one next
    must be connected to at the first answer — the guard never resolves a name twice."""
    real = socket.getaddrinfo
    answers = iter(["127.0.0.1"])
    asked = []

    def rebinding(host, port, *args, **kwargs):
        if host == "rebind.test":
            asked.append(host)
            return real(next(answers, "10.0.0.5"), port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    url = web.url("/f/rss2.xml").replace("127.0.0.1", "rebind.test")
    assert b"<rss" in fetch(url, ALLOW_LOCAL).content
    assert asked == ["rebind.test"]


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    """An HTTPS server on 127.0.0.1 with a certificate for "localhost" only."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost"], check=True, capture_output=True)
    seen: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            seen["host"] = self.headers["Host"]
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, _ctx: seen.__setitem__("sni", name)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1], cert, seen
    httpd.shutdown()
    httpd.server_close()


def test_tls_still_names_and_verifies_the_host(tls_server, monkeypatch):
    port, cert, seen = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test certificate
    assert fetch(f"https://localhost:{port}/", "localhost").content == b"ok"
    assert seen == {"sni": "localhost", "host": f"localhost:{port}"}
    with pytest.raises(FetchError, match="certificate is not valid for '127.0.0.1'"):
        fetch(f"https://127.0.0.1:{port}/", ALLOW_LOCAL)


# -- through the watcher and the CLI ---------------------------------------------------------------
def test_refusals_are_recorded_on_their_sources_and_the_watcher_goes_on(tmp_path, web):
    store = open_store(str(tmp_path / "guard.db"))
    urls = {"courrier": web.url("/f/rss2.xml"), "intranet": "http://10.0.0.5/feed",
            "metadata": web.url("/to?url=" + quote("http://169.254.169.254/latest/", safe=""))}
    for name, url in urls.items():
        store.add_source(Source(name, url, next_due=0, created=time.time() - 60))
    try:
        run_watch(WatchContext(store, fetcher(ALLOW_LOCAL)), once=True, retry_base_s=0,
                  idle_sleep=0.05)
        assert store.count_articles() == 3
        errors = {s.name: s.last_error for s in store.list_sources()}
    finally:
        store.close()
    assert errors == {
        "courrier": None,
        "intranet": f"http://10.0.0.5/feed : refusé : adresse privée 10.0.0.5 {HINT}",
        "metadata": f"{urls['metadata']} (redirigé vers http://169.254.169.254/latest/) : "
                    f"refusé : adresse de lien local (métadonnées du cloud) 169.254.169.254 {HINT}"}


def test_cli_refuses_loopback_unless_allowed(run, db, web, monkeypatch):
    monkeypatch.setenv("STEPPE_HOST_DELAY", "0")
    monkeypatch.delenv("STEPPE_FETCH_ALLOW", raising=False)
    page = web.url("/f/story-a.html")
    result = run("--db", db, "fetch", "--no-enrich", page)
    assert result.code == 5 and "Traceback" not in result.err
    assert result.err.strip().endswith(f"{page} : refusé : adresse de bouclage 127.0.0.1 {HINT}")
    run("--db", db, "sources", "add", web.url("/f/rss2.xml"), "--name", "local")
    assert run("--db", db, "watch", "--once", "--no-enrich").code == 1  # its only source failed
    (status,) = run("--db", db, "sources", "list", "--json").records()
    assert status["status"] == "failing" and "refusé : adresse de bouclage" in status["last_error"]
    monkeypatch.setenv("STEPPE_FETCH_ALLOW", ALLOW_LOCAL)
    assert run("--db", db, "fetch", "--no-enrich", page).code == 0
