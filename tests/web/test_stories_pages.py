"""Stories in the web app: the list and its filters, one story with its timeline and why, merged
ids, unknown ids, the story counts beside article counts, and escaping.

Most tests read the stories database (the fixture newsroom plus follow-ups in other outlets and
languages that join their stories by score); the counts use the plain fixture newsroom.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from steppe.index import default_index_dir
from steppe.reports.stories import list_stories, story_detail, why_parts, why_text
from steppe.store import open_store
from steppe.web import stories as web_stories
from steppe.web.render import fr_span, plural
from tests.web.conftest import Client, make_app


@pytest.fixture(scope="module")
def ids(stories_db: str) -> dict[str, str]:
    """Article id → its story's id, as clustered at ingestion."""
    with open_store(stories_db) as store:
        found = store.stories_of_articles(["kz-001", "uz-001", "tj-001", "kg-001", "xss-001",
                                           "nodate-001"])
    return {aid: info["story"] for aid, info in found.items()}


def _main(html: str) -> str:
    return html.split('<main id="contenu"', 1)[1].split("</main>", 1)[0]


def _story_links(html: str) -> list[str]:
    return re.findall(r'<h2 class="card-title"><a href="/stories/([^"]+)">', html)


# -- the list ------------------------------------------------------------------------------------
def test_list_page_ranks_stories_and_describes_each(stories_client, ids):
    response = stories_client.get("/stories")
    assert response.status_code == 200 and '<html lang="fr">' in response.text
    html = response.text
    assert '<a href="/stories" aria-current="page">Histoires</a>' in html
    assert "<h1>Histoires</h1>" in html and "7 histoires" in html
    main = _main(html)
    first = main.split('<article class="card story-card">')[1]          # most outlets first
    assert f'href="/stories/{ids["kz-001"]}"' in first
    assert "4 articles · 4 médias" in first and "du 4 au 6 mars 2025" in first
    assert '<span class="lang" lang="fr">français</span>' in first
    assert '<span class="lang" lang="ru">russe</span>' in first
    assert '<a class="chip chip-country" href="/countries/KZ" title="Pays">Kazakhstan</a>' in first
    assert 'href="/entities/person:kassym-jomart-tokaiev"' in first
    assert "1 article · 1 média" in main and "du 15 au 16 janvier 2025" in main
    assert len(_story_links(html)) == 7


@pytest.mark.parametrize("query,expected", [
    ("country=TJ", ["tj-001"]),
    ("country=tj", ["tj-001"]),
    ("topic=medtop:06000000", ["kg-001"]),
    ("topic=environnement", ["kg-001"]),
    ("entity=person:emomali-rahmon", ["tj-001"]),
    ("since=2025-03-06", ["kz-001", "nodate-001"]),       # undated: the day it was ingested
    ("country=KZ&since=2025-03-01", ["kz-001"]),
    ("since=7d", []),                                     # the fixture's news is from 2025
])
def test_list_filters(stories_client, ids, query, expected):
    html = stories_client.get(f"/stories?{query}").text
    assert _story_links(html) == [ids[a] for a in expected], query
    assert f'<p class="summary">{plural(len(expected), "histoire")}' in html
    if not expected:
        assert "Aucune histoire ne correspond à ces filtres" in html


def test_list_filter_menus_and_active_filters(stories_client):
    html = stories_client.get("/stories?country=KZ&since=2025-03-01").text
    assert "<h1>Histoires <span class=\"sub\">· Kazakhstan</span></h1>" in html
    assert '<option value="KZ" selected>Kazakhstan</option>' in html
    assert '<option value="medtop:06000000">environnement</option>' in html
    # each menu keeps the period; the period's menu keeps the country
    assert html.count('<input type="hidden" name="since" value="2025-03-01">') == 2
    assert '<input type="hidden" name="country" value="KZ">' in html
    assert "Depuis le 1er mars 2025" in html and 'href="/stories">Tout afficher</a>' in html
    entity = stories_client.get("/stories?entity=person:emomali-rahmon").text
    assert "· Emomali Rahmon</span></h1>" in entity
    assert 'aria-label="Retirer le filtre Entité : Emomali Rahmon"' in entity


def test_list_pages(stories_client, monkeypatch):
    monkeypatch.setattr(web_stories, "STORY_PAGE", 3)
    first, third = stories_client.get("/stories").text, stories_client.get("/stories?page=3").text
    assert len(_story_links(first)) == 3 and "Page 1 sur 3" in first and 'href="/stories?page=2"' in first
    assert len(_story_links(third)) == 1 and "Page 3 sur 3" in third
    assert not set(_story_links(first)) & set(_story_links(third))


@pytest.mark.parametrize("query,message", [
    ("country=KZ&topic=politique", "un seul de ces filtres à la fois"),
    ("topic=politique&entity=person:emomali-rahmon", "un seul de ces filtres à la fois"),
    ("topic=astrologie", "Ce thème n’existe pas."),
    ("since=2025-02-30", "Cette période n’est pas une date valide."),
])
def test_impossible_filters_are_400_pages_in_french(stories_client, query, message):
    response = stories_client.get(f"/stories?{query}")
    assert response.status_code == 400
    assert "Filtre impossible" in response.text and message in response.text


@pytest.mark.parametrize("query", ["since=hier", "country=KAZ", "page=0", "entity=nocolon"])
def test_invalid_parameters_are_422_pages(stories_client, query):
    response = stories_client.get(f"/stories?{query}")
    assert response.status_code == 422 and "Paramètres invalides" in response.text


# -- the JSON twins ------------------------------------------------------------------------------
def test_api_list_is_the_builders_dict(stories_client, stories_db):
    body = stories_client.get("/api/stories", params={"limit": 3}).json()
    with open_store(stories_db) as store:
        assert body == list_stories(store, limit=3, rank="outlets")
        assert stories_client.get("/api/stories", params={"country": "kz", "rank": "recent"}).json() == \
            list_stories(store, country="KZ", rank="recent", limit=20)
    assert body["total"] == 7 and len(body["stories"]) == 3
    assert set(body["stories"][0]) == {"id", "label", "label_article", "articles", "outlets", "first_seen",
                                       "last_seen", "languages", "countries", "topics", "entities"}
    labelled = stories_client.get("/api/stories", params={"topic": "environnement"}).json()
    assert [s["label_article"] for s in labelled["stories"]] == ["kg-001"]
    paged = stories_client.get("/api/stories", params={"limit": 2, "offset": 6}).json()
    assert paged["total"] == 7 and len(paged["stories"]) == 1


def test_api_list_errors(stories_client):
    both = stories_client.get("/api/stories", params={"country": "KZ", "topic": "politique"})
    assert both.status_code == 400 and both.json()["status"] == 400
    assert "un seul critère à la fois, pays (country), thème (topic) ou entité (entity)" in both.json()["error"]
    assert stories_client.get("/api/stories", params={"topic": "astrologie"}).status_code == 400
    for params in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"since": "hier"},
                   {"rank": "best"}, {"country": "K1"}):
        response = stories_client.get("/api/stories", params=params)
        assert response.status_code == 422 and response.json()["error"].startswith("paramètres invalides : "), params


def test_api_story_and_unknown_ids(stories_client, stories_db, ids):
    body = stories_client.get(f"/api/stories/{ids['kz-001']}").json()
    with open_store(stories_db) as store:
        assert body == story_detail(store, ids["kz-001"])
    assert [m["id"] for m in body["members"]][0] == "kz-001" and len(body["members"]) == 4
    assert "redirected_from" not in body
    for bad in ("s000000000000", "x" * 70, "a b", "<script>"):
        response = stories_client.get(f"/api/stories/{bad}")
        assert response.status_code == 404, bad
        assert response.json() == {"error": response.json()["error"], "status": 404,
                                    "message": response.json()["message"]}
        assert response.json()["error"].startswith("aucune histoire n’a l’identifiant")


def test_openapi_and_docs_list_the_stories_endpoints(stories_client):
    spec = stories_client.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}"} <= set(spec["paths"])
    assert not any(p.startswith("/stories") for p in spec["paths"])
    docs = stories_client.get("/docs").text
    assert "<code>/api/stories</code>" in docs and "<code>/api/stories/{story_id}</code>" in docs
    assert "outlets | recent" in docs
    methods = re.findall(r'<span class="method method-(\w+)">', docs)
    assert methods == sorted(methods, key=lambda m: m != "get")          # reads, then writes


# -- one story -----------------------------------------------------------------------------------
def test_story_page_timeline_why_and_facts(stories_client, ids):
    response = stories_client.get(f"/stories/{ids['kz-001']}")
    assert response.status_code == 200
    html = _main(response.text)
    story = stories_client.get(f"/api/stories/{ids['kz-001']}").json()
    titles = {m["id"]: m["title"] for m in story["members"]}
    assert f"<h1>{titles[story['label_article']]}</h1>" in html      # the most central headline
    assert "4 articles de 4 médias, du 4 au 6 mars 2025 · langues : français, russe." in html
    days = re.findall(r'<h3 class="day-title"><time datetime="([\d-]+)">([^<]+)</time> '
                      r'<span class="count">([^<]+)</span>', html)
    assert days == [("2025-03-04", "mardi 4 mars 2025", "1 article"),
                    ("2025-03-05", "mercredi 5 mars 2025", "2 articles"),
                    ("2025-03-06", "jeudi 6 mars 2025", "1 article")]
    items = html.split('<li class="timeline-item">')[1:]
    assert [re.search(r'href="/articles/([^"]+)"', i).group(1) for i in items] == \
        ["kz-001", "kz-002", "kz-004", "kz-003"]
    first, copy, russian, french = items
    assert '<span class="source">Le Courrier des steppes</span>' in first
    assert "Pourquoi ici :</span> fonde l’histoire" in first
    assert "quasi-doublon d’un article de l’histoire" in copy
    assert '<span class="lang">russe</span>' in russian and "autre langue" in russian
    assert "Токаев объявил о реформе Национального банка Казахстана" in russian
    assert re.search(r"score \d,\d\d = texte \d,\d\d, entités \d,\d\d, dates \d,\d\d, chiffres \d,\d\d, "
                     r"pays \d,\d\d, écart 1\u00a0j", french)
    assert "entités : Kassym-Jomart Tokaïev" in french
    labelled = [i for i in items if f'href="/articles/{story["label_article"]}"' in i]
    assert len(labelled) == 1 and "titre retenu" in labelled[0] and html.count("titre retenu") == 1
    assert 'href="/entities/org:banque-nationale-du-kazakhstan"' in html
    assert "Dates citées" in html and "1er juillet 2025" in html
    assert "Chiffres" in html and "5,9 milliards de tenges" in html
    assert "Nous devons protéger l&#39;épargne des Kazakhstanais" in html
    assert 'href="/stories?topic=medtop%3A04000000">économie, affaires et finances</a>' in html
    assert f'href="/api/stories/{ids["kz-001"]}">JSON</a>' in html
    search = f'/search?q=story%3A{ids["kz-001"]}'
    assert f'href="{search}">Chercher dans ces articles</a>' in html
    assert "4 résultats" in stories_client.get(search).text


def test_why_in_french():
    member = {"score": 0.5, "why": {"text": 0.25, "entities": 1.0, "dates": 0.0, "figures": 0.5,
                                    "countries": 1.0, "gap_days": 2, "cross_language": True,
                                    "shared_entities": ["Astana"], "merged": ["s1"]}}
    assert why_text(member) == ("score 0.50 = texte 0.25, entités 1.00, dates 0.00, chiffres 0.50, "
                                "pays 1.00, écart 2 j · autre langue · entités : Astana · a fusionné s1")
    assert why_parts({"why": {"founded": True, "nearest": {"story": "s2", "score": 0.2}}},
                     number=lambda x: f"{x:.1f}") == ["fonde l’histoire (plus proche : s2, score 0.2)"]


def test_french_spans_and_plurals():
    assert fr_span("2025-03-04", "2025-03-04") == "4 mars 2025"
    assert fr_span("2025-03-01", "2025-03-05") == "du 1er au 5 mars 2025"
    assert fr_span("2025-02-28", "2025-03-02") == "du 28 février au 2 mars 2025"
    assert fr_span("2024-12-30", "2025-01-02") == "du 30 décembre 2024 au 2 janvier 2025"
    assert [plural(n, "histoire") for n in (0, 1, 2)] == ["0 histoire", "1 histoire", "2 histoires"]
    assert plural(12345, "média") == "12\u202f345 médias"


@pytest.fixture
def merged(stories_db: str, tmp_path: Path, ids):
    """A copy of the stories database where the Mirzioïev story was merged into the
    Banque nationale one (as clustering does: the merged row points at the live one)."""
    db = tmp_path / "merged.db"
    shutil.copy(stories_db, db)
    shutil.copytree(default_index_dir(stories_db), default_index_dir(str(db)))
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE stories SET merged_into = (SELECT pk FROM stories WHERE id = ?) WHERE id = ?",
                     (ids["kz-001"], ids["uz-001"]))
    app = make_app(str(db), tmp_path)
    yield Client(app)
    app.state.steppe.pool.close()


def test_a_merged_id_redirects_to_the_live_story(merged, ids):
    old, live = ids["uz-001"], ids["kz-001"]
    page = merged.get(f"/stories/{old}")
    assert page.status_code == 307 and page.headers["location"] == f"/stories/{live}"
    assert merged.get(page.headers["location"]).status_code == 200
    body = merged.get(f"/api/stories/{old}").json()
    assert body["id"] == live and body["redirected_from"] == old
    listing = merged.get("/api/stories").json()
    assert listing["total"] == 6 and old not in [s["id"] for s in listing["stories"]]


def test_unknown_story_is_the_french_404_page(stories_client):
    response = stories_client.get("/stories/s000000000000")
    assert response.status_code == 404
    assert "Page introuvable" in response.text and "Retour au fil" in response.text
    assert "Aucune histoire n’a l’identifiant « s000000000000 »." in response.text
    odd = stories_client.get("/stories/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert odd.status_code == 404 and "<script>alert(1)" not in odd.text


# -- escaping ------------------------------------------------------------------------------------
def test_a_script_headline_stays_text_in_story_labels(stories_client, ids):
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; Astana : un titre piégé &amp; &lt;b&gt;gras&lt;/b&gt;"
    for path in ("/stories", f"/stories/{ids['xss-001']}", "/?country=KZ"):
        html = stories_client.get(path).text
        assert escaped in html, path
        assert "<script>alert" not in html and "<b>gras</b>" not in html, path
        assert "<script>" not in html and " style=" not in html, path           # nothing inline (CSP)
    page = stories_client.get(f"/stories/{ids['xss-001']}").text
    assert f"<h1>{escaped}</h1>" in page and f"<title>{escaped} · Steppe</title>" in page


# -- counts beside articles (the plain fixture newsroom) -----------------------------------------
def test_counts_on_home_country_and_entity(client):
    home = client.get("/").text
    assert '<a href="/stories">7 histoires</a>, 8 articles, du plus récent au plus ancien.' in home
    kg = client.get("/?country=KG").text
    assert '<a href="/stories?country=KG">1 histoire</a>, 1 article' in kg
    both = client.get("/?country=KZ&topic=medtop:11000000").text     # no story equivalent
    assert "histoire" not in both.split('<p class="summary">')[1].split("</p>")[0]
    country = client.get("/countries/KZ").text
    assert '<div><dt>Articles</dt><dd>3</dd></div>' in country
    assert '<div><dt>Histoires</dt><dd><a href="/stories?country=KZ">2</a></dd></div>' in country
    entity = client.get("/entities/person:kassym-jomart-tokaiev").text
    assert '<dt>Histoires</dt><dd><a href="/stories?entity=person%3Akassym-jomart-tokaiev">2</a></dd>' in entity


def test_counts_in_the_api_twins(client):
    assert client.get("/api/articles").json()["stories"] == 7
    assert client.get("/api/articles", params={"country": "KZ"}).json()["stories"] == 2
    assert client.get("/api/articles", params={"topic": "politique"}).json()["stories"] == 3
    assert client.get("/api/articles", params={"from": "2025-03-04"}).json()["stories"] == 3
    assert client.get("/api/articles", params={"country": "KZ", "topic": "politique"}).json()["stories"] is None
    assert client.get("/api/articles", params={"to": "2025-03-04"}).json()["stories"] is None
    assert client.get("/api/countries/KZ").json()["stories"] == 2
    assert client.get("/api/entities/person:kassym-jomart-tokaiev").json()["stories"] == 2
    assert client.get("/api/entities/person:aigerim-seitkali").json()["stories"] == 1


def test_home_shows_the_stories_of_the_moment(client, fixture_db):
    with open_store(fixture_db) as store:
        banque = store.stories_of_articles(["kz-001"])["kz-001"]["story"]
    home = _main(client.get("/").text)
    block = home.split('<section class="top-stories"')[1].split("</section>")[0]
    assert "Histoires du moment" in block and 'href="/stories">Toutes les histoires</a>' in block
    links = re.findall(r'<li><a href="/stories/([^"]+)">([^<]+)</a>', block)
    assert len(links) == 5
    assert links[0][0] == banque and "Banque nationale" in links[0][1]
    assert "2 articles · 2 médias · du 4 au 5 mars 2025" in block
    assert '<section class="top-stories"' not in client.get("/?page=2").text
    kz = client.get("/?country=KZ").text
    assert len(re.findall(r'<li><a href="/stories/', kz)) == 2
