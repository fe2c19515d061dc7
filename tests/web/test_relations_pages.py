"""Events in the web app (issue 15): the /relations page and its JSON twin, the partners panel
of a country's page (and /api/countries/{code}), an article's events, announced events marked
in the agenda. Hand-made events (tests/web/events_fixture.py), no extractor; bad parameters
answer 400 in French, and everything an article or a visitor wrote is escaped."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from steppe.index import default_index_dir, rebuild
from steppe.reports.relations import partners, relations
from steppe.store import open_store
from steppe.web.events_view import event_view, who
from tests.web.conftest import Client, make_app
from tests.web.events_fixture import XSS, fill_events


@pytest.fixture(scope="module")
def events_db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("events-web") / "events.db")
    with open_store(path) as store:
        fill_events(store)
        rebuild(store, default_index_dir(path))
    return path


@pytest.fixture(scope="module")
def events_client(events_db, tmp_path_factory):
    app = make_app(events_db, tmp_path_factory.mktemp("events-kb"))
    yield Client(app)
    app.state.steppe.pool.close()


def _main(html: str) -> str:
    return html.split('<main id="contenu"', 1)[1].split("</main>", 1)[0]


def _plain(data):
    return json.loads(json.dumps(data))


# -- /relations ------------------------------------------------------------------------------------
def test_relations_page_shows_the_pair(events_client):
    page = events_client.get("/relations?a=KZ&b=CN")
    assert page.status_code == 200 and '<html lang="fr">' in page.text
    main = _main(page.text)
    assert "<h1>" in main and "Kazakhstan</a> – <a" in main and ">Chine</a>" in main
    assert 'class="chart chart-wide quad-chart"' in main and "q-material_conflict" in main
    for label in ("Consultation", "Soutien", "Sanction", "Accusation", "Aide",
                  "Coopération verbale", "Conflit matériel"):
        assert label in main, label
    assert "« La Chine a imposé des droits de douane sur le blé du Kazakhstan. »" in main
    assert "droits de douane" in main and "Chine → Kazakhstan" in main
    assert 'href="/articles/ev-tariffs"' in main and 'href="/articles/ev-visit"' in main
    assert 'href="/api/relations?a=KZ&amp;b=CN"' in main


def test_relations_page_escapes_what_articles_say(events_client):
    main = _main(events_client.get("/relations?a=KZ&b=CN").text)
    assert XSS not in main
    assert "&lt;script&gt;alert(&#39;ev&#39;)&lt;/script&gt;" in main


def test_relations_twin_is_the_library_data(events_client, events_db):
    api = events_client.get("/api/relations?a=KZ&b=CN")
    assert api.status_code == 200
    with open_store(events_db, create=False) as store:
        assert api.json() == _plain(relations(store, "KZ", "CN"))
    lower = events_client.get("/api/relations?a=kz&b=cn")
    assert lower.json() == api.json()
    assert events_client.get("/relations?a=kz&b=cn").status_code == 200


def test_relations_since(events_client, events_db):
    api = events_client.get("/api/relations?a=KZ&b=CN&since=2025-10-01")
    assert api.status_code == 200
    with open_store(events_db, create=False) as store:
        assert api.json() == _plain(relations(store, "KZ", "CN", since="2025-10-01"))
    assert events_client.get("/relations?a=KZ&b=CN&since=2025-10-01").status_code == 200


def test_relations_without_parameters_opens_the_form(events_client):
    page = events_client.get("/relations")
    assert page.status_code == 200
    main = _main(page.text)
    assert "Choisissez deux pays" in main and '<select id="r-a" name="a">' in main
    assert '<option value="KZ">Kazakhstan</option>' in main


BAD = [
    ("a=KZ", "Il manque le second pays"),
    ("b=CN", "Il manque le premier pays"),
    ("a=XX&b=CN", "Aucun pays n’a le code « XX »"),
    ("a=KZ&b=kazakhstan", "Aucun pays n’a le code « kazakhstan »"),
    ("a=KZ&b=KZ", "Choisissez deux pays différents"),
    ("a=KZ&b=kz", "Choisissez deux pays différents"),
]


@pytest.mark.parametrize("query,said", BAD)
def test_relations_bad_parameters_answer_400_in_french(events_client, query, said):
    page = events_client.get(f"/relations?{query}")
    assert page.status_code == 400 and said in _main(page.text)
    assert "Traceback" not in page.text and '<select id="r-a"' in page.text   # the form stays
    api = events_client.get(f"/api/relations?{query}")
    assert api.status_code == 400
    body = api.json()
    assert body["status"] == 400 and said in body["message"] and body["error"]


def test_relations_bad_since_answers_400(events_client):
    page = events_client.get("/relations?a=KZ&b=CN&since=2025-13-01")
    assert page.status_code == 400 and "AAAA-MM-JJ" in _main(page.text)
    assert events_client.get("/api/relations?a=KZ&b=CN&since=2025-13-01").status_code == 400
    assert events_client.get("/relations?a=KZ&b=CN&since=demain").status_code == 400
    api = events_client.get("/api/relations?a=KZ&b=CN&since=3%20mois").json()
    assert "since « 3 mois » : une date AAAA-MM-JJ (ou AAAA-MM, AAAA) ou une durée comme 7d" \
        in api["error"] and "\n" not in api["error"]


def test_relations_since_takes_a_window_back_from_today(events_client, events_db):
    api = events_client.get("/api/relations?a=KZ&b=CN&since=3m")
    assert api.status_code == 200
    assert api.json()["since"] == (date.today() - timedelta(days=90)).isoformat()
    with open_store(events_db, create=False) as store:
        assert api.json() == _plain(relations(store, "KZ", "CN", since="3m"))
    page = events_client.get("/relations?a=KZ&b=CN&since=4w")
    assert page.status_code == 200 and 'value="4w"' in page.text


def test_relations_escape_a_parameter(events_client):
    attack = "<script>alert(1)</script>"
    page = events_client.get("/relations", params={"a": attack, "b": "CN"})
    assert page.status_code == 400
    assert attack not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    api = events_client.get("/api/relations", params={"a": attack, "b": "CN"})
    assert api.status_code == 400 and api.headers["content-type"].startswith("application/json")
    too_long = events_client.get("/relations", params={"a": "K" * 500, "b": "CN"})
    assert too_long.status_code == 422 and "K" * 500 not in too_long.text


# -- a country's partners -------------------------------------------------------------------------
def test_country_page_has_a_partners_panel(events_client):
    page = events_client.get("/countries/KZ")
    assert page.status_code == 200
    main = _main(page.text)
    panel = main.split('id="partners-title"', 1)[1].split("</section>", 1)[0]
    assert "Partenaires" in main
    assert 'href="/relations?a=KZ&amp;b=CN">Chine</a>' in panel
    assert 'href="/relations?a=KZ&amp;b=RU">Russie</a>' in panel
    assert "quad-chart" in panel and "Événements entre le Kazakhstan et d’autres pays, par mois" in panel
    assert "« La Chine a imposé des droits de douane sur le blé du Kazakhstan. »" in panel
    assert XSS not in panel


def test_country_twin_carries_the_partners(events_client, events_db):
    api = events_client.get("/api/countries/KZ")
    assert api.status_code == 200
    got = api.json()["partners"]
    with open_store(events_db, create=False) as store:
        library = _plain(partners(store, "KZ", limit=8))
    assert {k: got[k] for k in library} == library          # reports.relations.partners, as is
    assert [p["code"] for p in got["partners"]] == ["CN", "RU"]
    assert got["months"][0]["month"] == "2025-09" and got["months"][-1]["month"] == "2027-06"
    assert got["months"][0]["by_quad"]["verbal_cooperation"] == 2
    assert sum(m["total"] for m in got["months"]) == 6
    assert got["latest"][0]["first"]["id"] == "ev-summit"


def test_country_without_events_says_so(client):
    main = _main(client.get("/countries/KG").text)
    assert "Partenaires" in main and "Aucun événement entre le Kirghizstan et un autre pays" in main


# -- an article's events --------------------------------------------------------------------------
def test_article_page_lists_its_events(events_client):
    main = _main(events_client.get("/articles/ev-visit").text)
    box = main.split('id="ev-title"', 1)[1].split("</section>", 1)[0]
    assert "Consultation" in box and "(visite)" in box and "Kazakhstan → Chine" in box
    assert "survenu" in box and '<time datetime="2025-09-02">2 septembre 2025</time>' in box
    assert "Soutien" in box


def test_article_without_events_has_no_section(client):
    assert 'id="ev-title"' not in client.get("/articles/kz-001").text


# -- the agenda ---------------------------------------------------------------------------------------
def test_agenda_marks_announced_events(events_client):
    page = events_client.get("/agenda?from=2027-03-01&to=2027-06-30")
    assert page.status_code == 200
    main = _main(page.text)
    assert "événement · Aide" in main and "Chine → Kazakhstan" in main
    assert "événement · Consultation" in main and "Russie → Kazakhstan" in main
    api = events_client.get("/api/agenda?from=2027-03-01&to=2027-06-30").json()
    marked = [ln for ln in api["lines"] if ln["event"]]
    assert [(ln["date"], ln["event"]["type"]) for ln in marked] == [("2027-03-15", "AID"),
                                                                   ("2027-06-12", "CONSULT")]
    assert sum(1 for ln in api["lines"] if ln["date"] == "2027-03-15") == 1


def test_parties_read_as_who_acts_on_whom():
    assert who(["Chine"], ["Kazakhstan"]) == "Chine → Kazakhstan"
    assert who(["Italie", "Kazakhstan"], ["Kazakhstan", "Italie"]) == "Italie ↔ Kazakhstan"
    assert who(["Kazakhstan"], []) == "Kazakhstan" and who([], ["Chine"]) == "? → Chine"
    view = event_view({"type": "CONSULT", "status": "announced", "text": "…",
                       "source": [{"name": "Kassym-Jomart Tokaïev", "country": "KZ"}],
                       "recipient": [{"name": "Chine", "country": "CN"}]})
    assert view["who"] == "Kassym-Jomart Tokaïev (Kazakhstan) → Chine"
    assert (view["label"], view["status_label"]) == ("Consultation", "annoncé")


def test_the_digests_agenda_ahead_marks_announced_events(events_client):
    page = events_client.get("/digest?since=2027-02-01&until=2027-02-28")
    assert page.status_code == 200
    ahead = page.text.split("<h2>À venir</h2>", 1)[1].split("</section>", 1)[0]
    assert "événement · Aide" in ahead and "Chine → Kazakhstan" in ahead
    api = events_client.get("/api/digest?since=2027-02-01&until=2027-02-28").json()
    assert [a["event"]["type"] for a in api["agenda"] if a["event"]] == ["AID"]   # 90 days ahead
