"""Hardening of the app itself (in-process, the real app through httpx's ASGI transport): the
security headers on every kind of response, errors that never show a server path or a
traceback, the token check done in constant time, no form that writes (so nothing to forge
across sites), pages that need no inline script or style, and the token bucket."""

from __future__ import annotations

import hmac
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

import pytest

from steppe.settings import Settings
from steppe.web.app import INTERNAL, SERVER_ERRORS, create_app
from steppe.web.guard import TokenBucket
from tests.web.conftest import Client, make_app

TOKEN = "s3cret"
TEMPLATES = Path(__file__).resolve().parents[2] / "src/steppe/web/templates"
EXPECTED_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
LEAKS = ("/work", "/tmp", "/home", "Traceback", 'File "', ".py", "RuntimeError", "StoreError",
         "InputError", "OperationalError", "DatabaseError", "secret detail")


def _boom() -> None:
    raise RuntimeError(f"secret detail in {__file__}")


@pytest.fixture
def guarded(writable_db: str, tmp_path: Path) -> Iterator[Client]:
    """An app with writes enabled and two routes that crash (added here: a test's own routes,
    not a mock of ours)."""
    app = make_app(writable_db, tmp_path, web_token=TOKEN)
    app.add_api_route("/api/boom", _boom)
    app.add_api_route("/boom", _boom)
    yield Client(app, raise_errors=False)
    app.state.steppe.pool.close()


def _leaks(text: str, *more: str) -> list[str]:
    return [leak for leak in LEAKS + more if leak and leak in text]


RESPONSES = [
    ("GET", "/", {}, 200), ("GET", "/api/articles", {}, 200), ("GET", "/static/steppe.css", {}, 200),
    ("GET", "/static/steppe.js", {}, 200), ("GET", "/openapi.json", {}, 200), ("GET", "/docs", {}, 200),
    ("HEAD", "/", {}, 200), ("GET", "/nope", {}, 404), ("GET", "/api/nope", {}, 404),
    ("GET", "/articles/nope", {}, 404), ("GET", "/static/nope.css", {}, 404),
    ("GET", "/?page=zero", {}, 422), ("GET", "/api/articles?limit=0", {}, 422),
    ("GET", "/boom", {}, 500), ("GET", "/api/boom", {}, 500),
    ("POST", "/api/sources", {}, 401), ("POST", "/", {}, 401),
    ("POST", "/", {"Authorization": f"Bearer {TOKEN}"}, 405),
    ("POST", "/api/sources", {"Authorization": f"Bearer {TOKEN}", "Content-Length": "99999999"}, 413),
]


@pytest.mark.parametrize("method, path, headers, status", RESPONSES)
def test_security_headers_on_every_kind_of_response(guarded, method, path, headers, status):
    response = guarded.request(method, path, headers=headers)
    assert response.status_code == status
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers.get(name) == value, (name, path)
    csp = response.headers["content-security-policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                      "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "camera=()" in response.headers["permissions-policy"]
    assert "geolocation=()" in response.headers["permissions-policy"]


def test_errors_speak_french_on_pages_and_json_on_the_api(guarded):
    page = guarded.get("/boom")
    assert page.status_code == 500 and "Erreur interne" in page.text and "text/html" in page.headers["content-type"]
    api = guarded.get("/api/boom")
    assert api.json() == {"error": "erreur interne", "status": 500, "message": INTERNAL[1]}
    refused = guarded.post("/")
    assert refused.status_code == 401 and "jeton" in refused.text and "<html" in refused.text
    assert refused.headers["www-authenticate"] == "Bearer"
    assert guarded.post("/api/sources").json()["status"] == 401


PROVOCATIONS = [
    "/boom", "/api/boom", "/?page=abc", "/?country=%ff%fe", "/api/articles?limit=abc&from=2025-13-45",
    "/api/articles?from=2025-03-01&to=2025-01-01", "/search?q=%22unclosed", "/api/search?q=((((((",
    "/api/search?q=country:", "/search?q=from:2025-99-99", "/articles/%ff%fe%00", "/api/articles/%00",
    "/entities/%C0%AF", "/api/countries/ZZZZZZZZZZZZ", "/stories?country=KZ&topic=x",
    "/api/stories?since=99999d", "/stories/..%2F..%2Fetc%2Fpasswd", "/static/..%2F..%2Fsettings",
    "/search?q=" + "a" * 2000, "/api/search?limit=-1&offset=999999999999999999999",
]


@pytest.mark.parametrize("path", PROVOCATIONS)
def test_no_provoked_error_shows_a_path_or_a_traceback(guarded, writable_db, path):
    response = guarded.get(path)
    assert not _leaks(response.text, str(Path(writable_db).parent), os.getcwd()), response.text[:500]
    if path.startswith("/api/") and response.status_code >= 400:
        assert response.json()["error"] and response.json()["status"] == response.status_code


def test_malformed_bodies_are_refused_without_details(guarded):
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    for body in (b'{"name":', b"\xff\xfe", b"[" * 100_000 + b"]" * 100_000, b'{"url": 1e999999}',
                 b'"' + b"\\ud800" * 1000 + b'"'):
        response = guarded.post("/api/sources", content=body, headers=auth)
        assert 400 <= response.status_code < 500 and not _leaks(response.text), response.text[:300]


def test_a_missing_database_is_a_503_without_its_path(writable_db, tmp_path):
    app = make_app(writable_db, tmp_path)
    for suffix in ("", "-wal", "-shm"):
        Path(writable_db + suffix).unlink(missing_ok=True)
    client = Client(app, raise_errors=False)
    api, page = client.get("/api/articles"), client.get("/")
    assert api.status_code == 503 and api.json() == {"error": "base de données indisponible", "status": 503,
                                                   "message": SERVER_ERRORS[503][1]}
    assert page.status_code == 503 and "indisponible" in page.text
    assert not _leaks(api.text + page.text, writable_db, Path(writable_db).name)


def test_a_broken_knowledge_base_file_is_not_shown(writable_db, tmp_path):
    app = make_app(writable_db, tmp_path)
    (tmp_path / "kb.jsonl").write_text("{not json\n", encoding="utf-8")
    client = Client(app, raise_errors=False)
    for path in ("/api/articles", "/"):
        response = client.get(path)
        assert response.status_code == 500, path
        assert not _leaks(response.text, str(tmp_path), "kb.jsonl", "invalid JSON")


def test_the_token_is_compared_in_constant_time(writer_app, monkeypatch):
    calls: list[tuple[bytes, bytes]] = []
    original = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return original(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    entity = {"name": "Aïgerim Seitkali", "type": "person"}
    for given, status in (("wrong", 403), (TOKEN + "x", 403), ("s3cres", 403), (TOKEN, 201)):
        response = writer_app.post("/api/kb/entities", json=entity,
                                   headers={"Authorization": f"Bearer {given}"})
        assert response.status_code == status, given
    assert len(calls) >= 4
    assert all(len(a) == len(b) == 32 for a, b in calls)   # digests: not even the length leaks


@pytest.fixture
def writer_app(writable_db: str, tmp_path: Path) -> Iterator[Client]:
    app = make_app(writable_db, tmp_path, web_token=TOKEN)
    yield Client(app)
    app.state.steppe.pool.close()


PAGES = ["/", "/?country=KZ", "/search?q=Astana", "/search?q=%22unclosed", "/articles/kz-001",
         "/articles/xss-001", "/entities/person:kassym-jomart-tokaiev", "/countries", "/countries/KZ",
         "/sources", "/stories", "/docs", "/nope"]


class InlineFinder(HTMLParser):
    """What a strict CSP would block: inline scripts, styles, event handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script":
            self._in_script = True
            if not names.get("src"):
                self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}=javascript:")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.found.append("script content")


def test_pages_need_no_inline_script_or_style(client):
    for path in PAGES:
        finder = InlineFinder()
        finder.feed(client.get(path).text)
        assert not finder.found, (path, finder.found)
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=", text), template.name


def test_every_form_that_writes_carries_a_csrf_token(client):
    """Forms read with GET; the few that POST (login, logout, curation) carry the CSRF field
    that the routes check (tests/web/test_accounts_web.py forges it)."""
    html = "".join(client.get(p).text for p in PAGES) + "".join(
        t.read_text(encoding="utf-8") for t in TEMPLATES.glob("*.html"))
    forms = re.findall(r"<form\b[^>]*>.*?</form>", html, re.S)
    assert forms
    for form in forms:
        head = form.split(">", 1)[0]
        assert re.search(r'method="(get|post)"', head), head
        if 'method="post"' in head:
            assert "csrf_field()" in form or 'name="csrf"' in form, form


def test_a_cross_site_form_post_cannot_write(writer_app, tmp_path):
    """Writes are authorised by a header a foreign page cannot set, never by a cookie."""
    response = writer_app.post("/api/kb/entities", data={"name": "Intrus", "type": "person"},
                               headers={"Origin": "https://evil.example", "Cookie": f"token={TOKEN}",
                                        "Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 401
    assert not (tmp_path / "kb.jsonl").exists()


def test_the_token_bucket_allows_a_burst_then_the_rate():
    now = [1000.0]
    bucket = TokenBucket(rate=0.5, burst=3, clock=lambda: now[0], max_clients=2)
    assert [bucket.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.take("a") == pytest.approx(2.0)          # one token every 2 s
    assert bucket.take("b") == 0.0                         # per address
    now[0] += 2.0
    assert bucket.take("a") == 0.0 and bucket.take("a") > 0
    bucket.take("c")
    assert len(bucket) <= 2                                # memory stays bounded
    assert TokenBucket(rate=0, burst=1).take("a") == 0.0   # rate 0: no limit


def test_the_limits_are_settings():
    settings = Settings.from_env({"STEPPE_WEB_MAX_BODY_BYTES": "1234", "STEPPE_WEB_WRITE_RATE": "0.5",
                                  "STEPPE_WEB_WRITE_BURST": "7"})
    assert (settings.web_max_body_bytes, settings.web_write_rate, settings.web_write_burst) == (1234, 0.5, 7)
    assert Settings().web_max_body_bytes == 1_000_000


def test_an_invalid_content_length_is_refused(writer_app):
    response = writer_app.post("/api/sources", headers={"Authorization": f"Bearer {TOKEN}",
                                                        "Content-Length": "12abc"})
    assert response.status_code == 400


def test_a_client_error_keeps_its_message_but_not_the_server_folders(writable_db, tmp_path):
    folder = tmp_path / "kb-folder.jsonl"
    folder.mkdir()
    app = create_app(Settings(db=writable_db, kb_file=str(folder), web_token=TOKEN))
    client = Client(app, raise_errors=False)
    response = client.post("/api/kb/entities", json={"name": "Aïgerim Seitkali", "type": "person"},
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.json() == {"error": "kb-folder.jsonl : c’est un dossier, pas un fichier de "
                                        "base de connaissances",
                               "status": 400, "message": "kb-folder.jsonl : c’est un dossier, pas un "
                                                         "fichier de base de connaissances."}
    app.state.steppe.pool.close()


def test_adding_a_known_name_merges_and_an_unknown_country_is_refused(writer_app, tmp_path):
    """POST /api/kb/entities behaves as ``steppe kb add`` (issue 13)."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    first = writer_app.post("/api/kb/entities", headers=auth, json={
        "name": "Aïgerim Seitkali", "type": "person", "country": "KZ", "aliases": ["Seitkali"]})
    assert first.status_code == 201 and first.json()["merged_into"] is None
    again = writer_app.post("/api/kb/entities", headers=auth, json={
        "name": "Aigerim Seitkali", "type": "person", "aliases": ["A. Seitkali"]})
    assert again.status_code == 201
    body = again.json()
    assert body["merged_into"] == first.json()["entity"]["id"]
    assert body["entity"]["name"] == "Aïgerim Seitkali"               # the first spelling stays
    assert body["entity"]["aliases"]["fr"] == ["Seitkali", "A. Seitkali"]
    lines = (tmp_path / "kb.jsonl").read_text(encoding="utf-8").strip().splitlines()
    assert len(lines) == 1                                  # one record, not two
    bad = writer_app.post("/api/kb/entities", headers=auth, json={
        "name": "Qazaq Green", "type": "organization", "country": "ZZ"})
    assert bad.status_code == 400 and "code pays inconnu" in bad.json()["error"]
    assert len((tmp_path / "kb.jsonl").read_text(encoding="utf-8").strip().splitlines()) == 1
