"""Issue 13, French and presentation: what a reader sees is French and well formed (errors of
every kind, plurals, figures, country names, untitled articles), counts beside links open what
they count, past-the-end pages redirect, and HEAD and /favicon.ico answer."""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from steppe.model import Annotation, Article, CountryRef, Percent
from steppe.sources.fetch import answered, network_failure
from steppe.store import open_store
from steppe.web.messages import french_message, source_error, validation_text
from tests.web.conftest import Client, make_app

UNTITLED_TEXT = ("Le Parlement kirghize a adopté mardi une loi sur les médias. Les journalistes "
                 "s’inquiètent de ses effets.")


def text_of(html: str) -> str:
    """The page's visible text, roughly: no head, scripts, tags or entities."""
    body = re.sub(r"(?s)<head>.*?</head>|<svg.*?</svg>", " ", html)
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", body)).replace("&#39;", "'")


# -- operations --------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/", "/search?q=Tokayev", "/articles/kz-001", "/countries/KZ",
                                  "/sources", "/stories", "/api/articles"])
def test_head_answers_like_get_without_a_body(client, path):
    response = client.request("HEAD", path)
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-type"] == client.get(path).headers["content-type"]


def test_head_on_a_missing_page_is_a_404(client):
    assert client.request("HEAD", "/nulle-part").status_code == 404


def test_favicon_ico_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in response.content


# -- pagination --------------------------------------------------------------------------------
@pytest.mark.parametrize("path, target", [
    ("/?page=5", "/"), ("/?country=KZ&page=3", "/?country=KZ"),
    ("/search?q=Tokayev&page=9", "/search?q=Tokayev"),
    ("/search?q=Tokayev&sort=date&page=600", "/search?q=Tokayev&sort=date"),
    ("/?page=999999", "/"),
])
def test_a_page_past_the_last_redirects_to_the_last(client, path, target):
    response = client.get(path)
    assert response.status_code == 302 and response.headers["location"] == target
    assert "Page 5 sur" not in client.get(target).text


def test_page_zero_is_a_french_422(client):
    response = client.get("/?page=0")
    assert response.status_code == 422
    assert "Paramètre invalide dans l’adresse — page : au moins 1." in response.text


# -- errors in French ---------------------------------------------------------------------------
def test_json_errors_carry_a_french_message(client):
    missing = client.get("/api/articles/nope").json()
    assert missing["error"] == "aucun article n’a l’identifiant « nope »"
    assert missing["message"] == "Aucun article n’a l’identifiant « nope »."
    invalid = client.get("/api/articles?limit=0").json()
    assert invalid["detail"][0]["msg"] == "au moins 1" and invalid["detail"][0]["type"] == "greater_than_equal"
    assert invalid["message"] == "Paramètres invalides — limit : au moins 1."
    dates = client.get("/api/articles?from=2025-03-05&to=2025-03-01").json()
    assert dates["detail"][0]["msg"] == "la date de fin (to) précède la date de début (from)"
    assert client.get("/api/nope").json()["message"] == "Aucune page à l’adresse /api/nope."


def test_a_library_error_on_a_page_is_french(client):
    page = client.get("/stories/s000000000000").text
    assert "Aucune histoire n’a l’identifiant « s000000000000 »." in page and "no story" not in page


@pytest.mark.parametrize("reason, french", [
    (answered(404, "Not Found"), "le serveur a répondu HTTP 404 (page introuvable)"),
    (answered(503, "Service Unavailable"), "le serveur a répondu HTTP 503 (service indisponible)"),
    (answered(418, "I'm a teapot"), "le serveur a répondu HTTP 418 (I'm a teapot)"),
    (network_failure(httpx.ConnectError("[Errno -2] Name or service not known")),
     "nom d’hôte introuvable (ConnectError: [Errno -2] Name or service not known)"),
    (network_failure(httpx.ConnectError("[Errno 111] Connection refused")),
     "connexion refusée (ConnectError: [Errno 111] Connection refused)"),
    (network_failure(httpx.ReadTimeout("")), "délai dépassé (ReadTimeout)"),
])
def test_fetch_errors_are_french_at_the_source(reason, french):
    assert reason == french
    assert source_error(f"https://x.kg/rss : {reason}") == f"https://x.kg/rss : {french}"


def test_a_fetch_error_stored_in_english_by_an_older_steppe_is_folded_apart():
    assert source_error("https://x.kg/rss: HTTP 404 Not Found") is None
    assert source_error("something new and strange") is None


def test_a_fetch_error_at_the_sources_own_address_does_not_repeat_it():
    said = "https://x.kg/rss : le serveur a répondu HTTP 404 (page introuvable)"
    assert source_error(said, "https://x.kg/rss") == "Le serveur a répondu HTTP 404 (page introuvable)"
    assert source_error(said, "https://x.kg/other").startswith("https://x.kg/rss : ")


def test_the_sources_page_shows_errors_in_french(writable_db, tmp_path):
    with open_store(writable_db) as store:
        source = store.list_sources()[0]
        source.last_error = f"{source.feed_url or source.url} : {answered(503, 'Service Unavailable')}"
        source.last_error_at = time.time()
        store.save_source_state(source)
    app = make_app(writable_db, tmp_path)
    try:
        page = Client(app).get("/sources").text
    finally:
        app.state.steppe.pool.close()
    assert "Le serveur a répondu HTTP 503 (service indisponible)" in page      # its own URL: said once
    assert "Service Unavailable" not in page and "Détail technique" not in page


def test_validation_texts_are_french():
    assert validation_text({"type": "int_parsing", "ctx": {}}) == "un nombre entier est attendu"
    assert validation_text({"type": "string_too_long", "ctx": {"max_length": 1}}) == "1 caractère au plus"
    assert validation_text({"type": "string_too_long", "ctx": {"max_length": 100}}) == "100 caractères au plus"
    assert validation_text({"type": "something_new", "msg": "Whatever"}) == "valeur invalide"
    assert validation_text({"type": "string_pattern_mismatch", "loc": ("query", "sort")}) == \
        "attendu : date ou relevance"


def test_digest_api_errors_carry_the_pages_french(client):
    body = client.get("/api/digest?since=zz").json()
    assert body["status"] == 400 and body["error"].startswith("since : ")
    assert body["message"].startswith("since : Cette période n’est pas valide.")


# -- presentation -----------------------------------------------------------------------------------
def test_search_counts_agree_in_number(client):
    assert "1 résultat ·" in text_of(client.get("/search?q=Tokayev+country:UZ").text)
    assert "0 résultat ·" in text_of(client.get("/search?q=zzzinexistant").text)
    assert "3 résultats ·" in text_of(client.get("/search?q=Tokayev").text)


def test_no_plural_by_hand_or_straight_apostrophe_in_templates():
    """UI strings: '(s)' and "s' if" plurals are banned (the plural filter agrees), and French
    text uses the typographic apostrophe."""
    folder = Path(__file__).resolve().parents[2] / "src/steppe/web/templates"
    for template in folder.glob("*.html"):
        source = template.read_text(encoding="utf-8")
        text = re.sub(r"{[{%#].*?[}%#]}|<[^>]+>", " ", source)     # outside tags and Jinja
        assert "(s)" not in text and not re.search(r"""['"]s['"] if""", source), template.name
        assert not re.search(r"[^\W\d_]'[^\W\d_]", text), (template.name, re.findall(r"\S*\w'\w\S*", text))


def test_country_page_speaks_of_the_country_with_its_article(client):
    page = client.get("/countries/KZ").text
    assert "Articles sur le Kazakhstan, par mois" in page and "Pays cités avec le Kazakhstan" in page
    assert "sur Kazakhstan" not in page


def test_article_page_language_origin_and_figures(client):
    page = text_of(client.get("/articles/kz-001").text)
    assert "Langue français" in page and "Langue fr " not in page
    assert "5,9 milliards KZT (5\u202f900\u202f000\u202f000\u00a0KZT)" in page
    assert page.index("4 mars 2025") < page.index("1er juillet 2025")


def test_untitled_article_and_server_path(writable_db, tmp_path):
    """An untitled article is shown under its first sentence; its origin file without folders;
    a percentage said twice is listed once under its own heading."""
    article = Article(id="notitle-001", title=None, text=UNTITLED_TEXT, published="2025-03-06",
                      source="Kaktus", lang="fr", origin="/srv/steppe/secret/dumps/kaktus.txt:12")
    ann = Annotation(id="notitle-001", lang="fr", title=None, text=UNTITLED_TEXT, published="2025-03-06")
    ann.percents = [Percent("text", 0, 4, "70 %", 70.0), Percent("text", 10, 14, "70 %", 70.0)]
    with open_store(writable_db) as store:
        store.put_article(article, ann)
    app = make_app(writable_db, tmp_path)
    try:
        client = Client(app)
        page = client.get("/articles/notitle-001").text
        listing = client.get("/search?q=journalistes").text
        feed = client.get("/").text
        api = client.get("/api/articles/notitle-001").json()
    finally:
        app.state.steppe.pool.close()
    first = "Le Parlement kirghize a adopté mardi une loi sur les médias."
    assert f'<h1 id="story-title" class="untitled">{first}</h1>' in page
    assert "/srv/steppe" not in page and "kaktus.txt, ligne 12" in page
    assert api["origin"] == "kaktus.txt:12"
    assert "<h2>Pourcentages</h2>" in page and text_of(page).count("70\u00a0%") == 1
    assert "sans titre" not in listing and first in text_of(listing)
    assert first in feed


def test_no_ellipsis_after_a_full_stop(client):
    for path in ("/", "/search?q=Astana", "/countries/KZ"):
        assert not re.search(r"[.!?]\s*…", text_of(client.get(path).text)), path


# -- counts and links --------------------------------------------------------------------------------
def _feed_total(client: Client, href: str) -> int:
    query = {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}
    return client.get("/api/articles", params={**query, "limit": 1}).json()["total"]


def test_feed_facets_count_what_their_links_open(writable_db, tmp_path):
    """Under a Kazakhstan filter, "Ouzbékistan N" links to the Ouzbékistan feed: N is its size,
    not the number of articles naming both (an article about both makes them differ)."""
    text = "Le Kazakhstan et l’Ouzbékistan signent un accord sur l’eau."
    ann = Annotation(id="kzuz-001", lang="fr", title="Accord", text=text, published="2025-03-07",
                     countries=[CountryRef("KZ", "Kazakhstan"), CountryRef("UZ", "Ouzbékistan")])
    with open_store(writable_db) as store:
        store.put_article(Article(id="kzuz-001", title="Accord", text=text, published="2025-03-07",
                                  source="Kaktus", lang="fr"), ann)
    app = make_app(writable_db, tmp_path)
    try:
        client = Client(app)
        page = client.get("/?country=KZ").text
        facets = re.findall(r'<li><a href="([^"]+)"[^>]*>[^<]+</a> <span class="count">(\d+)</span>', page)
        assert any("country=UZ" in href for href, _ in facets)
        for href, count in facets:
            href = href.replace("&amp;", "&")
            assert _feed_total(client, href) == int(count), href
    finally:
        app.state.steppe.pool.close()


def test_country_ranked_lists_link_to_searches_keeping_the_country(client):
    page = client.get("/countries/KZ").text
    ranked = re.findall(r'<a href="(/search\?[^"]+)" class="ranked-label[^"]*">[^<]+</a>.*?'
                        r'<span class="ranked-count">(\d+)</span>', page, re.S)
    assert ranked
    for href, count in ranked:
        q = parse_qs(urlsplit(href.replace("&amp;", "&")).query)["q"][0]
        assert "country:KZ" in q
        assert client.get("/api/search", params={"q": q, "limit": 1}).json()["total"] == int(count), q


def test_topic_chips_keep_the_active_filters(client):
    feed = client.get("/?country=KZ").text
    chips = re.findall(r'class="chip chip-topic" href="([^"]+)"', feed)
    assert chips and all("country=KZ" in c for c in chips)
    search = client.get("/search?q=Tokayev").text
    chips = re.findall(r'class="chip chip-topic" href="([^"]+)"', search)
    assert chips and all("Tokayev" in c and "topic%3A" in c for c in chips)


def test_stories_past_the_last_page_redirect(stories_client):
    response = stories_client.get("/stories?country=KZ&page=4")
    assert response.status_code == 302 and response.headers["location"] == "/stories?country=KZ"


def test_a_countrys_timeline_names_it_with_its_article(client):
    page = client.get("/countries/KZ/timeline").text
    assert "les articles qui nomment le Kazakhstan" in page and "qui le citent" not in page


@pytest.mark.parametrize("said, shown", [
    ("la source « kaktus » existe déjà (supprimez-la d’abord ou choisissez un autre --name)",
     "La source « kaktus » existe déjà (supprimez-la d’abord ou choisissez un autre --name)."),
    ("url « ftp://x » : une URL http ou https avec un hôte est attendue",
     "url « ftp://x » : une URL http ou https avec un hôte est attendue."),
    ("requête trop longue (1200 caractères, 1000 au plus)", "Requête trop longue (1200 caractères, 1000 au plus)."),
    ("aucune entité ni aucun pays ne s’appelle « Zzz »", "Aucune entité ni aucun pays ne s’appelle « Zzz »."),
    ("l’alerte « a » existe déjà (supprimez-la d’abord)", "L’alerte « a » existe déjà (supprimez-la d’abord)."),
    ("https://x.kg/rss : pas de réponse après 20 s", "https://x.kg/rss : pas de réponse après 20 s."),
    ("/tmp/x.jsonl:2 : JSON invalide (Expecting value, colonne 1)",
     "/tmp/x.jsonl:2 : JSON invalide (Expecting value, colonne 1)."),
    ("kb-folder.jsonl : c’est un dossier, pas un fichier de base de connaissances",
     "kb-folder.jsonl : c’est un dossier, pas un fichier de base de connaissances."),
    ("user-kb.jsonl : écriture impossible (Permission denied)", "user-kb.jsonl : écriture impossible (Permission denied)."),
])
def test_library_messages_are_shown_as_sentences(said, shown):
    assert french_message(said) == shown


def test_api_reference_rules_read_in_french(client):
    page = text_of(client.get("/docs").text)
    assert "au moins 1 caractère," in page and "au moins 1 caractères" not in page
    assert "≤ 10\u202f000" in page and "≤ 10000" not in page and "≥ 2.0" not in page
