"""The HTML pages on the fixture database: French text, links, friendly errors, no external assets."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from steppe.errors import QueryError
from steppe.search.query import parse_query

PAGES = {
    "/": ["Fil d’actualité", "mercredi 5 mars 2025", "Filtrer", "Tous les pays"],
    "/?country=KG": ["Kirghizstan", "Japarov inaugure"],
    "/?topic=medtop:06000000": ["environnement", "Japarov inaugure"],
    "/search?q=Tokayev": ["Recherche", "3 résultats", "<mark>", "Kassym-Jomart Tokaïev"],
    "/search?q=Tokayev+country:UZ": ["1 résultat", "Pays : Ouzbékistan", "Retirer le filtre"],
    "/articles/kz-001": ["Provenance", "Légende", 'class="ent ent-person"', "Dates", "Montants",
                         "5,9 milliards KZT", "5\u202f900\u202f000\u202f000\u00a0KZT", "Citations", "La même histoire ailleurs",
                         "Articles liés", 'href="https://example.org/kz-001"'],
    "/entities/person:kassym-jomart-tokaiev": ["Kassym-Jomart Tokaïev", "Personne", "Mentions au fil du temps",
                                               "Souvent cité avec", "Ses citations", "Ce que d’autres en disent",
                                               "Derniers articles", "<svg"],
    "/entities/org:gazprom": ["Gazprom", "Organisation", "Ses déclarations"],
    "/countries": ["Asie centrale", "Kazakhstan", "Autres pays mentionnés"],
    "/countries/KZ": ["Kazakhstan", "Articles sur le Kazakhstan, par mois", "Personnalités les plus citées",
                      "Organisations les plus citées", "Thèmes", "Pays cités avec le Kazakhstan"],
    "/sources": ["Sources", "courrier-steppes", "nouvelle"],
    "/stories": ["Histoires", "7 histoires", "2 articles · 2 médias", "Filtrer", "Tous les pays"],
    "/stories?country=KZ": ["Kazakhstan", "2 histoires"],
    "/docs": ["API JSON", "/api/search", "/api/stories", "/api/kb/entities", "Authorization: Bearer"],
}


@pytest.mark.parametrize("path", list(PAGES))
def test_pages_render_in_french(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<html lang="fr">' in html
    for expected in PAGES[path]:
        assert expected in html, expected


@pytest.mark.parametrize("path", list(PAGES))
def test_every_asset_is_served_by_the_app(client, path):
    html = client.get(path).text
    for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
        for value in re.findall(rf"<{tag}\b[^>]*\b{attr}=\"([^\"]+)\"", html):
            assert value.startswith("/"), f"{path}: {tag} {value}"
    assert "<script>" not in html and " style=" not in html     # nothing inline (CSP)


def test_static_files(client):
    css = client.get("/static/steppe.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    assert "cache-control" in css.headers
    assert client.get("/static/steppe.js").status_code == 200
    assert client.get("/static/favicon.svg").status_code == 200


def test_entity_highlights_link_to_entity_pages(client):
    html = client.get("/articles/uz-001").text
    assert re.search(r'<a class="ent ent-person" href="/entities/person:chavkat-mirzioiev"[^>]*>Chavkat Mirzioïev</a>', html)
    assert re.search(r'<a class="ent ent-place" href="/entities/place:tachkent"', html)
    assert 'href="/countries/UZ"' in html


def test_country_entities_redirect_to_their_dashboard(client):
    response = client.get("/entities/country:KZ")
    assert response.status_code == 303 and response.headers["location"] == "/countries/KZ"
    lower = client.get("/countries/kz")
    assert lower.status_code == 301 and lower.headers["location"] == "/countries/KZ"


def test_search_facet_links_refine_the_query(client):
    html = client.get("/search?q=Tokayev").text
    assert 'href="/search?q=Tokayev+country%3AKZ"' in html
    assert 'href="/search?q=Tokayev+entity%3Aorg%3Abanque-nationale-du-kazakhstan"' in html
    assert "from%3A2025-03+to%3A2025-03" in html


def test_search_pagination_and_sort(client):
    html = client.get("/search?q=&sort=date").text
    assert "8 résultats" in html and "tri par date" in html
    past = client.get("/search?q=&page=2")             # 8 results: one page; no "Page 2 sur 1"
    assert past.status_code == 302 and past.headers["location"] == "/search?q="


def test_no_results_help(client):
    html = client.get("/search?q=zzzinexistant+country:KZ").text
    assert "Aucun résultat" in html and "Retirez un filtre" in html and "sans « Pays : Kazakhstan »" in html


def test_bad_query_is_a_friendly_400(client):
    response = client.get('/search?q="Banque')
    assert response.status_code == 400
    assert "La requête n’a pas pu être comprise" in response.text
    with pytest.raises(QueryError) as said:          # whatever the parser says, word for word
        parse_query('"Banque')
    assert str(escape(str(said.value))) in response.text
    assert 'aria-invalid="true"' in response.text


@pytest.mark.parametrize("path", ["/articles/nope", "/entities/person:nobody", "/entities/x",
                                  "/countries/ZZ", "/countries/KAZ", "/stories/s000000000000",
                                  "/nulle-part"])
def test_unknown_ids_are_404_pages(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page introuvable" in response.text and "Retour au fil" in response.text


@pytest.mark.parametrize("path", ["/?page=0", "/search?page=abc", "/?country=Kazakhstan", "/search?sort=oldest"])
def test_bad_page_parameters_are_422_pages(client, path):
    response = client.get(path)
    assert response.status_code == 422
    assert "Paramètres invalides" in response.text


def test_unknown_topic_on_the_feed_is_a_400_page(client):
    response = client.get("/?topic=astrologie")
    assert response.status_code == 400 and "Filtre inconnu" in response.text
