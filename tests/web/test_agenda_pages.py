"""The agenda and the timelines in the web app: each page beside its JSON twin, French dates
and messages, sentences escaped with the date marked, zoom links, bad input answered 400."""

from __future__ import annotations

import re
from datetime import date

import pytest

from steppe.index import default_index_dir, rebuild
from steppe.store import open_store
from tests.reports.dated_fixture import ALL, fill
from tests.web.conftest import Client, make_app


@pytest.fixture(scope="module")
def dated_client(tmp_path_factory):
    """An app on the hand-annotated articles of the agenda tests (one has markup in its text)."""
    tmp = tmp_path_factory.mktemp("dated-web")
    path = str(tmp / "dated.db")
    with open_store(path) as store:
        fill(store, ALL)
        rebuild(store, default_index_dir(path))
    app = make_app(path, tmp)
    yield Client(app)
    app.state.steppe.pool.close()


def _main(html: str) -> str:
    return html.split('<main id="contenu"', 1)[1].split("</main>", 1)[0]


def test_agenda_page_and_its_twin(dated_client):
    page = dated_client.get("/agenda?from=2025-09-26&to=2025-12-31")
    api = dated_client.get("/api/agenda?from=2025-09-26&to=2025-12-31").json()
    assert page.status_code == 200 and '<html lang="fr">' in page.text
    main = _main(page.text)
    assert "du 26 septembre 2025 au 31 décembre 2025" in main
    assert '<time datetime="2025-11-30">dimanche 30 novembre 2025</time>' in main
    assert "fixées au <mark>30 novembre 2025</mark>." in main
    assert "annoncé le 25 septembre 2025 (date du texte)" in main
    assert 'href="/articles/kg-dissolution"' in main
    assert [ln["value"] for ln in api["lines"]] == ["2025-10-03", "2025-11-30", "2025-12-12"]
    assert all(f'datetime="{ln["date"]}"' in main for ln in api["lines"])


def test_agenda_escapes_the_sentence_and_marks_the_date(dated_client):
    main = _main(dated_client.get("/agenda?from=2027-01-01").text)
    assert "<script>" not in main
    assert ("Une échéance est fixée au <mark>15 février 2027</mark> &lt;script&gt;alert(1)"
            "&lt;/script&gt; &amp; co." in main)


def test_agenda_filters_and_default_window(dated_client):
    kg = dated_client.get("/api/agenda?from=2025-01-01&country=KG").json()
    assert {ln["article"]["id"] for ln in kg["lines"]} == {"kg-dissolution"}
    person = dated_client.get("/api/agenda?from=2025-01-01&entity=person:kassym-jomart-tokaiev")
    assert {ln["value"] for ln in person.json()["lines"]} == {"2026", "2026-03"}
    default = dated_client.get("/api/agenda").json()
    assert default["from"] == date.today().isoformat()
    assert all(ln["date"] >= default["from"] for ln in default["lines"])
    empty = dated_client.get("/agenda?from=2999-01-01")
    assert empty.status_code == 200 and "Aucune date dans cette fenêtre" in empty.text


@pytest.mark.parametrize("query", ["from=2025-13-01", "from=26-09-2025", "to=demain",
                                   "from=2025-10-01&to=2025-09-01"])
def test_agenda_bad_dates_answer_400(dated_client, query):
    page = dated_client.get(f"/agenda?{query}")
    assert page.status_code == 400 and "Cette fenêtre de dates n’est pas valide." in page.text
    api = dated_client.get(f"/api/agenda?{query}")
    assert api.status_code == 400 and api.json()["status"] == 400
    assert re.match(r"(from|to) ", api.json()["error"])


def test_country_timeline_page_twin_and_zoom(dated_client):
    page = dated_client.get("/countries/KZ/timeline?year=2026")
    api = dated_client.get("/api/countries/KZ/timeline?year=2026").json()
    assert page.status_code == 200
    main = _main(page.text)
    assert "Kazakhstan <span class=\"sub\">· 2026</span>" in main
    assert 'href="/countries/KZ/timeline?year=2026&amp;month=1">janvier 2026</a>' in main
    assert 'href="/countries/KZ/timeline">toute la période</a>' in main
    assert [f["date"] for f in api["facts"]] == sorted(f["date"] for f in api["facts"])
    assert all(f'datetime="{f["date"]}"' in main for f in api["facts"])
    march = dated_client.get("/api/countries/KZ/timeline?year=2026&month=3").json()
    assert [f["label"] for f in march["facts"]] == ["mars 2026 (mois)"]
    assert dated_client.get("/countries/kz/timeline", follow_redirects=False).headers["location"] \
        == "/countries/KZ/timeline"


def test_entity_timeline_and_pages_show_the_latest_facts(dated_client):
    page = dated_client.get("/entities/org:jogorku-kenesh/timeline")
    assert page.status_code == 200
    assert "Le <mark>parlement du Kirghizstan</mark> a pris ce 25 septembre 2025" in page.text
    assert "<mark>30 novembre 2025</mark>" not in page.text     # not said beside the Kenesh
    entity = dated_client.get("/entities/org:jogorku-kenesh")
    assert 'id="chrono-title">Chronologie</h2>' in entity.text
    assert 'href="/entities/org%3Ajogorku-kenesh/timeline"' in entity.text
    assert dated_client.get("/api/entities/org:jogorku-kenesh").json()["chronology"]["total"] == 1
    country = dated_client.get("/countries/KG")
    assert "le 25 septembre 2025 (date du texte)" in country.text
    redirect = dated_client.get("/entities/country:KG/timeline", follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["location"] == "/countries/KG/timeline"


def test_timeline_bad_input(dated_client):
    page = dated_client.get("/countries/KZ/timeline?month=3")
    assert page.status_code == 400 and "Choisissez une année" in page.text
    assert dated_client.get("/api/countries/KZ/timeline?month=3").status_code == 400
    assert dated_client.get("/api/countries/KZ/timeline?year=2026&month=13").status_code == 422
    missing = dated_client.get("/entities/person:nobody/timeline")
    assert missing.status_code == 404 and "Aucune entité" in missing.text
    assert dated_client.get("/api/entities/person:nobody/timeline").status_code == 404
    assert dated_client.get("/countries/ZZ/timeline").status_code == 404


def test_agenda_groups_a_story_across_outlets(stories_client):
    data = stories_client.get("/api/agenda?from=2025-03-05&to=2025-12-31").json()
    line = [ln for ln in data["lines"] if ln["value"] == "2025-07-01"][0]
    assert line["outlets"] == 2 and line["story"]
    main = _main(stories_client.get("/agenda?from=2025-03-05&to=2025-12-31").text)
    assert "2 médias" in main and f'href="/stories/{line["story"]["id"]}"' in main


def test_openapi_lists_the_briefing_endpoints(dated_client):
    paths = set(dated_client.get("/openapi.json").json()["paths"])
    assert {"/api/agenda", "/api/entities/{entity_id}/timeline",
            "/api/countries/{code}/timeline"} <= paths
    assert not any(p.startswith(("/agenda", "/countries/{code}/timeline")) for p in paths)
