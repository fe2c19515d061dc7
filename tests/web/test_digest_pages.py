"""The digest on the web: /digest in the site's layout, /api/digest its JSON twin, and the
standalone file as a download; bad filters are a 400 saying what is wrong."""

from __future__ import annotations

import html
import re

import pytest

from tests.web.fixture_db import XSS_TITLE

WEEK = "since=7d&until=2025-03-06"
BNK = "Le gouvernement valide la réforme de la Banque nationale du Kazakhstan"


def test_page_and_api_twin_call_one_builder(stories_client):
    page = stories_client.get(f"/digest?{WEEK}")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    api = stories_client.get(f"/api/digest?{WEEK}")
    assert api.status_code == 200
    data = api.json()
    assert data["period"]["label"] == "Semaine du 28 février au 6 mars 2025"
    assert data["stories"][0]["label"] == BNK
    body = page.text
    assert "Semaine du 28 février au 6 mars 2025" in body and html.escape(BNK, quote=True) in body
    for s in data["stories"][0]["summary"]:
        assert html.escape(s["text"]) in body
    assert "5,9 milliards de tenges" in body and "4 médias" in body
    assert 'aria-current="page">Synthèse' in body
    assert ' style="' not in body.split('<main')[1]          # the site's CSP forbids them


def test_the_page_links_articles_and_escapes_their_text(stories_client):
    body = stories_client.get("/digest?since=2025-02-01&until=2025-03-06&limit=20").text
    assert "<script>alert(1)</script>" not in body
    assert html.escape(XSS_TITLE) in body or "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert 'href="https://example.org/kz-001"' in body and 'href="/articles/uz-001"' in body
    assert "javascript:" not in body


def test_the_standalone_file_is_a_download_with_absolute_links(stories_client):
    r = stories_client.get(f"/api/digest?{WEEK}&format=html")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["content-disposition"] == \
        'attachment; filename="synthese-2025-02-28-2025-03-06.html"'
    doc = r.text
    assert doc.startswith("<!doctype html>") and "<script" not in doc and "<link" not in doc
    assert 'href="http://testserver/articles/uz-001"' in doc
    assert re.search(r'class="copied">Le président Kassym-Jomart Tokaïev', doc)
    md = stories_client.get(f"/api/digest?{WEEK}&format=md")
    assert md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# Synthèse") and "**5,9 milliards de tenges**" in md.text


def test_an_empty_period_is_an_honest_page(stories_client):
    page = stories_client.get("/digest?since=7d&until=2020-01-07")
    assert page.status_code == 200 and "Aucun article dans cette période" in page.text
    data = stories_client.get("/api/digest?since=7d&until=2020-01-07").json()
    assert data["empty"] and data["stories"] == []
    later = stories_client.get("/digest?since=7d&until=2025-06-30&country=KZ").text
    assert "Les derniers articles datent du 6 mars 2025" in later
    assert 'href="/digest?since=7d&amp;until=2025-03-06&amp;country=KZ"' in later


@pytest.mark.parametrize("query, option, french", [
    ("since=7x", "since", "Cette période n’est pas valide."),
    ("since=2025-03-01&until=2025-02-01", "since", "Cette période n’est pas valide."),
    ("until=demain", "until", "La date de fin n’est pas une date valide."),
    ("country=ZZ", "country", "Ce pays n’existe pas."),
    ("topic=astrologie", "topic", "Ce thème n’existe pas."),
    ("entity=Personne%20Inconnue%20Xyz", "entity", "Aucune entité ne porte ce nom."),
])
def test_bad_filters_are_a_400_naming_them(stories_client, query, option, french):
    page = stories_client.get(f"/digest?{query}")
    assert page.status_code == 400 and french in page.text
    api = stories_client.get(f"/api/digest?{query}")
    assert api.status_code == 400
    assert api.json()["error"].startswith(f"{option} : ") and api.json()["status"] == 400


def test_filters_narrow_the_digest(stories_client):
    data = stories_client.get(f"/api/digest?{WEEK}&country=kg").json()
    assert [e["label"] for e in data["stories"]] == ["Kirghizstan : Japarov inaugure une centrale solaire"]
    assert data["filters"]["country"] == "KG" and "Kirghizstan" in data["title"]
    page = stories_client.get(f"/digest?{WEEK}&entity=person:chavkat-mirzioiev")
    assert page.status_code == 200 and "Chavkat Mirzioïev" in page.text
    by_name = stories_client.get(f"/api/digest?{WEEK}&entity=Mirzioïev").json()
    assert by_name["filters"]["entity"] == "person:chavkat-mirzioiev"
    assert [e["label"] for e in by_name["stories"]] == ["Ouzbékistan : Mirzioïev reçoit Tokaïev à Tachkent"]
    assert stories_client.get("/api/digest?limit=0").status_code == 422
