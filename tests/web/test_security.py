"""Escaping, security headers, the operator's token for writes, and errors that never leak."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from steppe.web.app import INTERNAL
from tests.web.conftest import Client, make_app
from tests.web.fixture_db import XSS_TITLE


def test_a_title_with_a_script_renders_as_text_everywhere(client):
    for path in ("/articles/xss-001", "/", "/search?q=piégé", "/countries/KZ", "/entities/place:astana"):
        html = client.get(path).text
        assert "<script>alert(1)</script>" not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path
        assert "<b>gras</b>" not in html and "<img src=x" not in html and "<i>piégée</i>" not in html
    article = client.get("/articles/xss-001").text
    assert "&lt;img src=x onerror=alert(2)&gt;" in article
    assert 'href="javascript:' not in article            # a javascript: URL is never a link


def test_the_api_returns_the_raw_title_as_json_text(client):
    body = client.get("/api/articles/xss-001").json()
    assert body["title"] == XSS_TITLE
    hit = client.get("/api/search", params={"q": "piégé"}).json()["results"][0]
    assert "<script>" not in hit["title_html"] and "&lt;script&gt;" in hit["title_html"]


@pytest.mark.parametrize("path", ["/", "/api/articles", "/articles/nope", "/static/steppe.css"])
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"


def test_writes_are_disabled_without_a_token(client):
    response = client.post("/api/kb/entities", json={"name": "Aïgerim Seitkali", "type": "person"})
    assert response.status_code == 403
    assert response.json() == {"error": response.json()["error"], "status": 403,
                               "message": response.json()["message"]}
    assert "STEPPE_WEB_TOKEN" in response.json()["error"]
    assert client.post("/api/sources", json={"url": "https://example.org/rss"}).status_code == 403


@pytest.fixture
def writer(writable_db: str, tmp_path: Path):
    app = make_app(writable_db, tmp_path, web_token="s3cret")
    yield Client(app), tmp_path / "kb.jsonl"
    app.state.steppe.pool.close()


def test_writes_need_the_right_bearer_token(writer):
    client, _ = writer
    entity = {"name": "Aïgerim Seitkali", "type": "person", "country": "KZ"}
    assert client.post("/api/kb/entities", json=entity).status_code == 401
    assert client.post("/api/kb/entities", json=entity,
                       headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.post("/api/kb/entities", json=entity,
                       headers={"Authorization": "Basic s3cret"}).status_code == 401


def test_adding_a_kb_entity(writer):
    client, kb_file = writer
    auth = {"Authorization": "Bearer s3cret"}
    response = client.post("/api/kb/entities", headers=auth,
                           json={"name": "Aïgerim Seitkali", "type": "person", "country": "KZ",
                                 "aliases": ["Seitkali"], "role": "analyste"})
    assert response.status_code == 201
    record = response.json()["entity"]
    assert record["id"] == "person:aigerim-seitkali"
    assert json.loads(kb_file.read_text(encoding="utf-8").splitlines()[-1])["name"] == "Aïgerim Seitkali"
    page = client.get("/api/entities/person:aigerim-seitkali").json()      # the KB is re-read
    assert page["in_kb"] is True and page["role"] == "analyste" and "Seitkali" in page["aliases"]
    bad = client.post("/api/kb/entities", headers=auth, json={"name": "X", "type": "planet"})
    assert bad.status_code == 422


def test_adding_a_source(writer):
    client, _ = writer
    auth = {"Authorization": "Bearer s3cret"}
    response = client.post("/api/sources", headers=auth,
                           json={"url": "https://example.org/rss", "name": "exemple", "every": "1h"})
    assert response.status_code == 201 and response.json()["source"]["every_s"] == 3600
    names = [s["name"] for s in client.get("/api/sources").json()["sources"]]
    assert "exemple" in names
    again = client.post("/api/sources", headers=auth, json={"url": "https://example.org/rss", "name": "exemple"})
    assert again.status_code == 400 and "existe déjà" in again.json()["error"]
    scheme = client.post("/api/sources", headers=auth, json={"url": "file:///etc/passwd"})
    assert scheme.status_code == 400


def test_reads_stay_open_with_a_token_set(writer):
    client, _ = writer
    assert client.get("/api/articles").status_code == 200
    assert client.get("/api/status").json()["writes_enabled"] is True


def test_an_internal_error_is_a_500_without_details(fixture_db, tmp_path, monkeypatch):
    app = make_app(fixture_db, tmp_path)
    client = Client(app, raise_errors=False)

    def boom(*args, **kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setattr("steppe.web.api.article_report", boom)
    monkeypatch.setattr("steppe.web.pages.article_report", boom)
    api = client.get("/api/articles/kz-001")
    assert api.status_code == 500 and api.json() == {"error": "erreur interne", "status": 500,
                                                   "message": INTERNAL[1]}
    page = client.get("/articles/kz-001")
    assert page.status_code == 500 and "Erreur interne" in page.text and "secret detail" not in page.text
    app.state.steppe.pool.close()


def test_a_missing_database_fails_when_the_app_is_built(tmp_path):
    from steppe.errors import StoreError

    with pytest.raises(StoreError, match="base de données introuvable"):
        make_app(str(tmp_path / "absent.db"), tmp_path)
