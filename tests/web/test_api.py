"""The JSON API on the fixture database: shapes, filters, errors, validation."""

from __future__ import annotations

import pytest

from steppe.errors import QueryError
from steppe.index import default_index_dir
from steppe.search import parse_query, search
from steppe.store import open_store
from steppe.web.messages import sentence

SCHEMA_KEYS = {"id", "lang", "title", "text", "published", "countries", "entities", "dates",
               "money", "percents", "topics", "quotes"}


def test_articles_newest_first_with_facets(client):
    body = client.get("/api/articles").json()
    assert body["total"] == 8
    days = [r["published"] for r in body["results"] if r["published"]]
    assert days == sorted(days, reverse=True) and body["results"][0]["id"] == "kz-002"
    assert body["results"][-1]["id"] == "nodate-001"          # undated articles come last
    first = body["results"][0]
    assert set(first) >= {"id", "title", "lead", "published", "source", "countries", "entities", "topics"}
    assert {"code": "KZ", "name": "Kazakhstan"} in first["countries"]
    assert all(e["type"] not in ("country", "region") for e in first["entities"])
    assert {"code": "KZ", "name": "Kazakhstan", "count": 3} in body["facets"]["countries"]


def test_articles_filters_and_paging(client):
    kz = client.get("/api/articles", params={"country": "kz"}).json()
    assert kz["filters"]["country"] == "KZ" and kz["total"] == 3
    assert all(any(c["code"] == "KZ" for c in r["countries"]) for r in kz["results"])
    topic = client.get("/api/articles", params={"topic": "medtop:06000000"}).json()
    assert [r["id"] for r in topic["results"]] == ["kg-001"]
    dated = client.get("/api/articles", params={"from": "2025-03-01", "to": "2025-03-04"}).json()
    assert {r["id"] for r in dated["results"]} == {"kz-001", "uz-001", "kg-001"}
    page = client.get("/api/articles", params={"limit": 3, "offset": 3}).json()
    assert len(page["results"]) == 3 and page["offset"] == 3


def test_articles_parameters_are_validated_with_422(client):
    for params in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"offset": 10_001},
                   {"from": "2025-02-30"}, {"to": "hier"}, {"country": "K1"},
                   {"from": "2025-03-05", "to": "2025-03-01"}):
        response = client.get("/api/articles", params=params)
        assert response.status_code == 422, params
        body = response.json()
        assert body["status"] == 422 and body["error"].startswith("paramètres invalides : ")
        assert body["detail"] and {"loc", "msg", "type"} <= set(body["detail"][0])


def test_unknown_topic_is_a_bad_request_not_a_crash(client):
    response = client.get("/api/articles", params={"topic": "astrologie"})
    assert response.status_code == 400 and "topic" in response.json()["error"]


def test_search_returns_the_cli_json(client, fixture_db):
    body = client.get("/api/search", params={"q": "Tokayev", "limit": 5}).json()
    store = open_store(fixture_db)
    try:
        expected = search(store, default_index_dir(fixture_db), "Tokayev", limit=5).to_dict()
    finally:
        store.close()
    body.pop("took_ms"), expected.pop("took_ms")
    assert body == expected
    assert body["total"] == 3 and "person:kassym-jomart-tokaiev" in body["expanded"]
    assert "<mark>" in body["results"][0]["title_html"] + body["results"][0]["snippet"]
    assert set(body["facets"]) == {"countries", "entities", "topics", "sources", "months"}


def test_search_errors(client):
    bad = client.get("/api/search", params={"q": '"Banque centrale'})
    assert bad.status_code == 400
    assert bad.json() == {"error": bad.json()["error"], "status": 400, "message": bad.json()["message"]}
    with pytest.raises(QueryError) as said:       # the parser's own words, in both fields
        parse_query('"Banque centrale')
    assert bad.json()["error"] == str(said.value)                # as the CLI says it
    assert bad.json()["message"] == sentence(str(said.value))   # as the page shows it
    assert client.get("/api/search", params={"q": "x", "limit": 500}).status_code == 422
    assert client.get("/api/search", params={"q": "x" * 1001}).status_code == 422


def test_article_carries_its_schema_record_provenance_and_copies(client):
    body = client.get("/api/articles/kz-001").json()
    assert body["id"] == "kz-001" and body["url"] == "https://example.org/kz-001"
    assert set(body["annotations"]) >= SCHEMA_KEYS
    assert body["annotations"]["money"][0]["currency"] == "KZT"
    assert body["annotations"]["quotes"][0]["speaker_id"] == "person:kassym-jomart-tokaiev"
    assert body["near_duplicates"] == [{"id": "kz-002", "title": "Tokaïev veut réformer la Banque nationale du Kazakhstan",
                                        "published": "2025-03-05", "source": "Carnets d'Asie centrale",
                                        "relation": "copy"}]
    assert "kz-002" not in [r["id"] for r in body["related"]]
    assert body["related"][0]["id"] == "uz-001" and body["related"][0]["shared_entities"] == 1
    copy = client.get("/api/articles/kz-002").json()
    assert copy["provenance"]["near_duplicate_of"] == "kz-001"
    assert copy["provenance"]["author"] == "A. Nurpeisova"
    assert [d["relation"] for d in copy["near_duplicates"]] == ["original"]


def test_entity_profile(client):
    body = client.get("/api/entities/person:kassym-jomart-tokaiev").json()
    assert body["name"] == "Kassym-Jomart Tokaïev" and body["type"] == "person" and body["in_kb"]
    assert body["articles"] == 3 and "Tokayev" in body["aliases"]
    assert body["timeline"] == [{"month": "2025-03", "count": 3}]
    assert "person:kassym-jomart-tokaiev" not in [e["id"] for e in body["co_mentions"]]
    assert body["co_mentions"][0] == {"id": "org:banque-nationale-du-kazakhstan",
                                      "name": "Banque nationale du Kazakhstan", "type": "organization", "count": 2}
    assert [q["text"] for q in body["quotes_by"]] == ["Nous devons protéger l'épargne des Kazakhstanais"]
    assert [q["speaker_id"] for q in body["quotes_about"]] == ["person:chavkat-mirzioiev"]
    latest = [a["id"] for a in body["latest"]]
    assert latest[0] == "kz-002" and set(latest[1:]) == {"uz-001", "kz-001"}   # same day: any order


def test_entity_outside_the_kb_and_unknown_ids(client):
    body = client.get("/api/entities/person:aigerim-seitkali").json()
    assert body["in_kb"] is False and body["name"] == "Aïgerim Seitkali" and body["articles"] == 1
    for bad in ("person:nobody", "nocolon", 'person:"x', "person:a b"):
        response = client.get(f"/api/entities/{bad}")
        assert response.status_code == 404, bad
        assert response.json()["status"] == 404


def test_country_dashboard(client):
    body = client.get("/api/countries/kz").json()
    assert body["code"] == "KZ" and body["name"] == "Kazakhstan" and body["articles"] == 3
    assert body["persons"][0]["id"] == "person:kassym-jomart-tokaiev"
    assert body["organizations"][0]["id"] == "org:banque-nationale-du-kazakhstan"
    assert {t["label"] for t in body["topics"]} >= {"politique"}
    assert sum(t["count"] for t in body["timeline"]) == 3
    assert client.get("/api/countries/ZZ").status_code == 404
    overview = client.get("/api/countries").json()
    assert [c["code"] for c in overview["countries"][:5]] == ["KZ", "KG", "UZ", "TJ", "TM"]


def test_sources_and_status(client):
    sources = client.get("/api/sources").json()["sources"]
    assert [(s["name"], s["status"]) for s in sources] == [("courrier-steppes", "new")]
    status = client.get("/api/status").json()
    assert status["articles"] == 8 and status["writes_enabled"] is False


def test_unknown_routes_answer_json_under_api(client):
    response = client.get("/api/nothing")
    assert response.status_code == 404 and response.json()["status"] == 404


def test_openapi_describes_every_api_route(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/articles", "/api/search", "/api/articles/{article_id}", "/api/entities/{entity_id}",
            "/api/countries/{code}", "/api/sources", "/api/kb/entities"} <= set(spec["paths"])
    assert not any(p.startswith("/articles") for p in spec["paths"])       # pages stay out
    assert "ErrorBody" in spec["components"]["schemas"]
