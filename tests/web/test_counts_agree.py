"""The same count is the same number everywhere: on the demo corpus, a country's articles and
stories on its country page, its entity page, the countries overview, a country: search and the
facets; an entity's articles on its page, an entity: search and the facets (issue 13: the
newcomer saw Kazakhstan at 28 on one page and 46 on another)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from tests.web.conftest import Client, make_app

COUNTRIES = ("KZ", "KG", "UZ", "TJ", "TM", "CN", "RU", "AF")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Client:
    from steppe.cli import main

    root = tmp_path_factory.mktemp("counts")
    db = str(root / "demo.db")
    assert main(["--db", db, "demo", "--no-serve"]) in (0, None)
    return Client(make_app(db, Path(root)))


def get(client: Client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, (url, response.text[:300])
    return response.json()


def total(client: Client, query: str) -> int:
    return get(client, f"/api/search?q={quote(query)}&limit=1")["total"]


def facet(client: Client, query: str, name: str) -> dict[str, int]:
    rows = get(client, f"/api/search?q={quote(query)}&limit=1")["facets"][name]
    return {row[0]: row[-1] for row in rows}             # [key, (label,) count]


@pytest.mark.parametrize("code", COUNTRIES)
def test_a_countrys_counts_agree_across_pages_and_apis(client, code):
    page = get(client, f"/api/countries/{code}")
    entity = get(client, f"/api/entities/{quote('country:' + code)}")
    overview = {c["code"]: c["count"] for c in get(client, "/api/countries")["countries"]}
    everything = facet(client, "sort:date from:1900", "countries")
    n = page["articles"]
    assert n > 0
    assert entity["articles"] == overview[code] == everything[code] == n
    assert total(client, f"country:{code}") == total(client, f'entity:"country:{code}"') == n
    assert entity["stories"] == page["stories"]
    # the country's name in a query matches at least what its filter matches
    assert total(client, page["name"]) >= n
    # and the HTML page says the same number
    assert f">{n}<" in client.get(f"/countries/{code}").text.replace("\u202f", "").replace(" ", "")


def test_an_entitys_counts_agree_across_page_search_and_facets(client):
    kz = get(client, "/api/countries/KZ")
    people = kz["persons"][:3] + kz["organizations"][:3]
    assert people
    everything = facet(client, "sort:date from:1900", "entities")
    for item in people:
        entity = get(client, f"/api/entities/{quote(item['id'])}")
        n = entity["articles"]
        assert total(client, f'entity:"{item["id"]}"') == n
        if item["id"] in everything:
            assert everything[item["id"]] == n
        # the dashboard's count under the KZ filter never exceeds the entity's own
        assert item["count"] <= n
        assert total(client, entity["name"]) >= n
