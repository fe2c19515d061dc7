"""Search and stories on a real SQLite store, clustered by the real clustering: ``story:ID``
(members only, merge redirects, unknown ids), ``group:story`` (one hit per story, counts,
pages, the window) and the story fields every hit carries."""

from __future__ import annotations

import json

import pytest

from steppe.errors import QueryError
from steppe.model import Amount, DateRef
from steppe.search import parse_query, search
from steppe.search import stories as search_stories
from steppe.stories import cluster_new
from steppe.stories.profile import story_id_for
from tests.index.corpus import ECONOMY, TOKAIEV, articles, build_store, pair

# Five reports of one event, in arrival order: e1–e3 found and grow the nuclear plant story; m1
# (the engineering contract: no Tokaïev, other words, other date and figure) founds a story of
# its own; m2 names both the plant and the contract strongly enough that the younger story
# (m1's) merges into the older: m1's story id then redirects to e1's.
EVENT = ("e1", "e2", "e3", "m1", "m2")
MERGED_FOUNDER = "m1"
LIVE_FOUNDER = "e1"


def _report(aid: str, title: str, text: str, published: str, source: str, tokaiev: bool = True,
            dates: tuple = (), money: tuple = ()):
    article, annotation = pair(aid, title, text, published, source=source,
                               entities=(TOKAIEV + ("Tokaïev",),) if tokaiev else (),
                               countries=("KZ",), topics=(ECONOMY,))
    for surface, value in dates:
        at = text.find(surface)
        annotation.dates.append(DateRef("text", at, at + len(surface), surface, value, "day"))
    for surface, amount, currency in money:
        at = text.find(surface)
        annotation.money.append(Amount("text", at, at + len(surface), surface, amount, currency))
    return article, annotation


AUG8 = ("8 août 2025", "2025-08-08")
AUG5 = ("5 août 2025", "2025-08-05")
USD14 = ("14 milliards de dollars", 14e9, "USD")
KZT9 = ("9 milliards de tenges", 9e9, "KZT")


def story_articles() -> list:
    """Five reports of one event (two stories that merge) for the stories tests."""
    return [
        _report("e1", "Le Kazakhstan lance la construction de sa première centrale nucléaire",
                "Le président Tokaïev a inauguré le 8 août 2025 le chantier de la centrale "
                "nucléaire de Balkhach, un projet de 14 milliards de dollars confié à Rosatom.",
                "2025-08-08", "Le Courrier des steppes", dates=(AUG8,), money=(USD14,)),
        _report("e2", "Centrale nucléaire de Balkhach : le chantier est lancé",
                "Tokaïev a posé le 8 août 2025 la première pierre de la centrale nucléaire près "
                "du lac Balkhach ; coût annoncé : 14 milliards de dollars.", "2025-08-09",
                "Carnets d’Asie centrale", dates=(AUG8,), money=(USD14,)),
        _report("e3", "Nucléaire : Rosatom commence les travaux à Balkhach",
                "Les travaux de la centrale nucléaire de Balkhach ont commencé le 8 août 2025 en "
                "présence de Tokaïev.", "2025-08-10", "Steppe Wire", dates=(AUG8,)),
        _report("m1", "Astana signe avec l'entreprise Atomstroïexport un contrat d'ingénierie",
                "Le contrat d'ingénierie, paraphé le 5 août 2025 à Astana, prévoit un "
                "financement de 9 milliards de tenges.", "2025-08-09", "Kapital Hebdo",
                tokaiev=False, dates=(AUG5,), money=(KZT9,)),
        _report("m2", "Centrale de Balkhach : Tokaïev lance le chantier, Atomstroïexport signe "
                "le contrat d'ingénierie",
                "Tokaïev a inauguré le 8 août 2025 le chantier de la centrale nucléaire de "
                "Balkhach ; le contrat d'ingénierie paraphé le 5 août 2025 avec Atomstroïexport "
                "prévoit 9 milliards de tenges et un projet de 14 milliards de dollars.",
                "2025-08-09", "Le Courrier des steppes", dates=(AUG8, AUG5), money=(USD14, KZT9)),
    ]


def build_clustered_store(path):
    """The search corpus plus the five reports, clustered as ingestion would."""
    store = build_store(path, articles() + story_articles())
    cluster_new(store)
    return store


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = tmp_path_factory.mktemp("search-stories")
    store = build_clustered_store(root / "steppe.db")
    yield store, root / "index"
    store.close()


@pytest.fixture(scope="module")
def live(env):
    return env[0].resolve_story(story_id_for(LIVE_FOUNDER))["id"]


def ask(env, query: str, **kw):
    store, index_dir = env
    return search(store, index_dir, query, limit=kw.pop("limit", 100), **kw)


def found(env, query: str) -> set[str]:
    return {h.id for h in ask(env, query).results}


# -- the clustering gave what the tests rely on -------------------------------------------------
def test_the_fixture_holds_one_merged_story(env, live):
    store, _ = env
    old = story_id_for(MERGED_FOUNDER)
    assert old != live and store.resolve_story(old)["id"] == live
    assert set(store.story_member_ids(store.resolve_story(live)["pk"])) == set(EVENT)


# -- story:ID -----------------------------------------------------------------------------------
def test_story_filter_returns_exactly_the_members(env, live):
    result = ask(env, f"story:{live}")
    assert {h.id for h in result.results} == set(EVENT) and result.total == len(EVENT)
    assert result.story == live and result.sort == "date"
    days = [h.published for h in result.results]
    assert days == sorted(days, reverse=True)


def test_a_merged_id_redirects_to_the_live_story(env, live):
    old = story_id_for(MERGED_FOUNDER)
    result = ask(env, f"story:{old}")
    assert result.story == live and {h.id for h in result.results} == set(EVENT)


def test_story_combines_with_words_and_filters(env, live):
    assert found(env, f"story:{live} Rosatom") == {"e1", "e3"}
    assert found(env, f"Rosatom story:{live} source:\"Steppe Wire\"") == {"e3"}
    assert found(env, f"story:{live} -Atomstroïexport") == {"e1", "e2", "e3"}
    assert found(env, f"story:{live} from:2025-08-10") == {"e3"}
    assert found(env, f"story:{live} coton") == set()


def test_story_keeps_the_ranking_of_the_words(env, live):
    alone = [(h.id, h.score) for h in ask(env, "Balkhach centrale").results if h.id in EVENT]
    within = ask(env, f"Balkhach centrale story:{live} sort:relevance")
    assert [(h.id, h.score) for h in within.results] == alone


def test_a_single_article_story(env):
    store, _ = env
    single = store.stories_of_articles(["a1"])["a1"]
    assert single["size"] == 1 and found(env, f"story:{single['story']}") == {"a1"}


@pytest.mark.parametrize("query, column", [
    ("story:sXYZ", 1),
    ("Tokayev story:sXYZ", 9),
    ("Tokayev story:s000000000000 country:KZ", 9),
    ("story:';DROP TABLE stories;", 1),
    ("gaz story:\"s 1\"", 5),
])
def test_an_unknown_story_is_a_one_line_query_error_naming_the_column(env, query, column):
    with pytest.raises(QueryError) as caught:
        ask(env, query)
    message = str(caught.value)
    assert message.startswith("histoire inconnue « ") and f"à la colonne {column} " in message
    assert "\n" not in message and len(message) < 200
    assert env[0].count_articles() == len(articles()) + len(EVENT)


@pytest.mark.parametrize("query, hint", [
    ("story:s1 story:s2", "« story: » à la colonne 10 est donné deux fois"),
    ("-story:s1", "« story: » à la colonne 2 s’applique à toute la requête"),
    ("gaz OR story:s1", "« story: » à la colonne 8 s’applique à toute la requête"),
    ("-(gaz story:s1)", "« story: » à la colonne 7 s’applique à toute la requête"),
    ("story:", "« story: » à la colonne 1 attend une valeur"),
    ("group:topic", "group:topic à la colonne 1 : utilisez group:story"),
    ("group:story group:story", "« group: » à la colonne 13 est donné deux fois"),
    ("gaz OR group:story", "« group: » à la colonne 8 s’applique à toute la requête"),
])
def test_story_and_group_mistakes(env, query, hint):
    with pytest.raises(QueryError) as caught:
        ask(env, query)
    assert hint in str(caught.value)


def test_the_parser_takes_story_and_group_out_of_the_tree():
    parsed = parse_query("gaz story:sabc GROUP:Story")
    assert parsed.story is not None and (parsed.story.value, parsed.story.col) == ("sabc", 5)
    assert parsed.group == "story" and parsed.root is not None


# -- group:story --------------------------------------------------------------------------------
def test_group_collapses_each_story_to_its_best_ranked_member(env, live):
    plain = ask(env, "country:KZ")
    grouped = ask(env, "country:KZ group:story")
    assert grouped.total == plain.total == len(EVENT) + 2          # a1, a3 and the five
    assert grouped.group == "story" and grouped.groups == 3 and grouped.groups_partial is False
    heads = [h.id for h in grouped.results]
    # newest first (filters only): each group's head is its newest member
    newest = max(h.published for h in plain.results if h.id in EVENT)
    first_event = min(h.id for h in plain.results if h.id in EVENT and h.published == newest)
    assert heads == [first_event, "a1", "a3"]
    story_hit = grouped.results[0]
    assert (story_hit.story, story_hit.story_size, story_hit.story_matches) == (live, 5, 5)
    assert all(h.story_size == 1 and h.story_matches == 1 for h in grouped.results[1:])


def test_group_by_relevance_keeps_the_best_scoring_member(env, live):
    plain = ask(env, "Balkhach OR Tokayev")
    grouped = ask(env, "(Balkhach OR Tokayev) group:story")
    top = max(h.score for h in plain.results if h.id in EVENT)
    best = min(h.id for h in plain.results if h.id in EVENT and h.score == top)  # ties: by id
    head = next(h for h in grouped.results if h.story == live)
    assert head.id == best and head.score == top
    assert head.story_matches == sum(h.id in EVENT for h in plain.results)
    scores = [h.score for h in grouped.results]
    assert scores == sorted(scores, reverse=True)
    others = {"a1", "a3"} & {h.id for h in plain.results}
    assert grouped.groups == len(grouped.results) == 1 + len(others)


def test_group_pages_are_pages_of_groups(env):
    everything = ask(env, "group:story")
    assert everything.total == len(articles()) + len(EVENT)
    assert everything.groups == everything.total - len(EVENT) + 1
    pages = [ask(env, "group:story", limit=4, offset=o).results for o in range(0, 40, 4)]
    paged = [h.id for page in pages for h in page]
    assert paged == [h.id for h in everything.results] and len(paged) == everything.groups
    assert ask(env, "group:story", limit=5, offset=everything.groups).results == []


def test_unclustered_articles_are_groups_of_their_own(env):
    result = ask(env, "coton group:story")
    a7 = next(h for h in result.results if h.id == "a7")    # no annotation: never clustered
    assert a7.story is None and a7.story_size is None and a7.story_matches is None


def test_group_window_is_flagged_when_there_are_more_matches(env, monkeypatch):
    monkeypatch.setattr(search_stories, "WINDOW", 6)
    result = ask(env, "group:story")
    assert result.total == len(articles()) + len(EVENT)      # the article total stays exact
    assert result.groups_partial is True and result.groups <= 6
    assert len(result.results) == result.groups


def test_story_and_group_together(env, live):
    result = ask(env, f"story:{live} group:story")
    assert result.total == len(EVENT) and result.groups == 1
    assert [(h.story, h.story_size, h.story_matches) for h in result.results] == [(live, 5, 5)]


# -- every hit names its story ------------------------------------------------------------------
def test_every_clustered_hit_carries_its_story(env, live):
    store, _ = env
    result = ask(env, "centrale OR coton OR Tokayev")
    stories = store.stories_of_articles([h.id for h in result.results])
    for hit in result.results:
        expected = stories.get(hit.id)
        assert (hit.story, hit.story_size) == ((expected["story"], expected["size"]) if expected
                                               else (None, None))
        assert hit.story_matches is None
    assert {h.story for h in result.results if h.id in EVENT} == {live}


def test_json_carries_the_story_fields(env, live):
    data = json.loads(json.dumps(ask(env, f"story:{live} group:story").to_dict()))
    assert (data["story"], data["group"], data["groups"], data["groups_partial"]) == \
        (live, "story", 1, False)
    hit = data["results"][0]
    assert (hit["story"], hit["story_size"], hit["story_matches"]) == (live, 5, 5)
    plain = ask(env, "Tokayev").to_dict()
    assert plain["group"] is None and plain["groups"] is None and plain["story"] is None
    assert all("story" in h and "story_size" in h for h in plain["results"])


def test_a_new_report_joins_the_story_and_is_found_at_once(tmp_path):
    store = build_clustered_store(tmp_path / "db.sqlite")
    story = story_id_for(LIVE_FOUNDER)
    extra = _report("e4", "Balkhach : la centrale nucléaire de Rosatom sort de terre",
                    "Depuis le 8 août 2025, le chantier de la centrale nucléaire de Balkhach "
                    "avance ; Tokaïev a promis 14 milliards de dollars.", "2025-08-11",
                    "Steppe Wire", dates=(AUG8,), money=(USD14,))
    assert found((store, tmp_path / "idx"), f"story:{story}") == set(EVENT)
    with store.transaction():
        store.put_article(*extra)
    cluster_new(store)
    result = search(store, tmp_path / "idx", f"story:{story}")
    assert {h.id for h in result.results} == set(EVENT) | {"e4"}
    assert {h.story_size for h in result.results} == {len(EVENT) + 1}
    store.close()


# -- the CLI prints the story of each hit ---------------------------------------------------------
def test_cli_prints_story_ids_and_groups(run, tmp_path, live):
    db = tmp_path / "cli.db"
    build_clustered_store(db).close()
    out = run("--db", db, "search", "country:KZ", "group:story")
    assert out.code == 0, out.err
    assert f"histoire {live} · 5 articles" in out.out and "3 histoire(s)" in out.out
    data = json.loads(run("--db", db, "search", f"story:{live}", "--json").out)
    assert data["total"] == 5 and {r["story"] for r in data["results"]} == {live}
    bad = run("--db", db, "search", "Tokayev story:sXYZ")
    assert bad.code == 2 and "histoire inconnue « sXYZ » à la colonne 9" in bad.err
