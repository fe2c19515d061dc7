"""Search end to end on a real SQLite store and a real index: the query language, French
analysis, KB alias expansion, filters, sorting, pages, facets, snippets, and bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steppe.errors import QueryError
from steppe.search import parse_query, search
from steppe.search.query import And, Filter, Not, Or, Phrase, Word
from tests.index.corpus import SERIES, build_store, pair


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = tmp_path_factory.mktemp("search")
    store = build_store(root / "steppe.db")
    yield store, root / "index"
    store.close()


def ids(env, query: str, **kw) -> list[str]:
    store, index_dir = env
    return [h.id for h in search(store, index_dir, query, limit=kw.pop("limit", 100), **kw).results]


def found(env, query: str) -> set[str]:
    return set(ids(env, query))


# -- French full text -----------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["élection", "élections", "ELECTION", "election", "Élections"])
def test_accents_case_and_plurals_do_not_matter(env, query):
    assert "a1" in found(env, query)


def test_a_word_without_its_accent_finds_the_accented_one(env):
    assert {"a1"} <= found(env, "electorale")
    assert found(env, "electricite") == {"a5"}


def test_words_are_all_required(env):
    assert found(env, "coupures électricité") == {"a5"}
    assert found(env, "coupures sommet") == set()


def test_exact_phrase(env):
    assert found(env, '"élection présidentielle"') == {"a1"}
    assert found(env, '"présidentielle élection"') == set()
    assert found(env, '«élection présidentielle»') == {"a1"}


def test_or_and_exclusion(env):
    assert found(env, "coupures OR sommet") == {"a2", "a5"}
    evens = {f"c{i:02d}" for i in range(0, SERIES, 2)}
    assert found(env, "coton irrigation") == evens
    assert found(env, "coton -irrigation") == {f"c{i:02d}" for i in range(1, SERIES, 2)} | {"a7"}
    assert found(env, "coton NOT irrigation") == found(env, "coton -irrigation")
    assert found(env, "(coupures OR sommet) -Bichkek") == {"a5"}


def test_prefix(env):
    assert found(env, "électr*") == {"a5"}
    assert {"a1", "a5", "a6"} <= found(env, "élect*")
    assert found(env, "Kassym-Jom*") == {"a1"}


# -- knowledge-base aliases -------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["Tokayev", "Tokaïev", "tokaiev", "Токаев", "Kassym-Jomart Tokaïev"])
def test_any_alias_finds_the_text_and_the_linked_mentions(env, query):
    store, index_dir = env
    result = search(store, index_dir, query)
    # a1 writes Tokaïev; a3 only says "le chef de l'État kazakh", linked to him by the enrichment
    assert {h.id for h in result.results} == {"a1", "a3"}
    assert result.expanded == ["person:kassym-jomart-tokaiev"]


def test_bishkek_finds_bichkek_and_bichkek_finds_bishkek(env):
    assert found(env, "Bishkek") == {"a2", "a6"} == found(env, "Bichkek")


def test_alias_expansion_highlights_the_spelling_of_the_article(env):
    store, index_dir = env
    hit = next(h for h in search(store, index_dir, "Tokayev").results if h.id == "a1")
    # the linked mention is marked whole, in the article's spelling
    assert "<mark>Kassym-Jomart Tokaïev</mark>" in hit.snippet


def test_excluding_an_alias_excludes_every_spelling(env):
    assert found(env, "élection -Tokayev") & {"a1", "a3"} == set()


# -- filters --------------------------------------------------------------------------------------
@pytest.mark.parametrize("query, expected", [
    ("country:KG", {"a2", "a6"}),
    ("country:kg", {"a2", "a6"}),
    ("country:Kirghizstan", {"a2", "a6"}),
    ("country:KZ", {"a1", "a3"}),
    ('entity:"Kassym-Jomart Tokaïev"', {"a1", "a3"}),
    ("entity:Tokayev", {"a1", "a3"}),
    ("entity:person:kassym-jomart-tokaiev", {"a1", "a3"}),
    ("type:place", {"a2", "a4", "a5", "a6"}),
    ("type:person", {"a1", "a3"}),
    ("topic:medtop:11000000", {"a1", "a2", "a6"}),
    ("topic:politique", {"a1", "a2", "a6"}),
    ("topic:medtop:02000000", set()),
    ("source:\"Route de la soie Hebdo\"", {"a4"}),
    ("source:route-de-la-soie-hebdo", {"a4"}),
    ("lang:en", {"a6"}),
    ("from:2025-06-01 to:2025-09-30", {"a1", "a2", "a6"}),
    ("from:2025-07", {"a2", "a6"}),
    ("to:2022", {"a5"} | {f"c{i:02d}" for i in range(0, 24)}),
    ("gaz country:UZ", {"a4"}),
    ("country:KG -lang:en", {"a2"}),
    ("country:KZ OR country:KG", {"a1", "a2", "a3", "a6"}),
])
def test_filters(env, query, expected):
    assert found(env, query) == expected


@pytest.mark.parametrize("lo, hi", [
    ("2021-11-15", "2023-02-10"), ("2021-01-16", "2021-03-15"), ("2020-12-31", "2022-12-31"),
    ("2022-02-15", "2022-02-15"), ("2021", "2021"), ("2022-06", "2024-06"), ("2024-12-02", "2025-06-10"),
])
def test_date_ranges_match_a_plain_comparison(env, lo, hi):
    from tests.index.corpus import articles
    from steppe.search.query import Filter, parse_date
    lo_day = parse_date(lo, Filter("from", lo, 1), end=False)
    hi_day = parse_date(hi, Filter("to", hi, 1), end=True)
    expected = {a.id for a, _ in articles()
                if a.published and lo_day <= int(a.published.replace("-", "")) <= hi_day}
    assert found(env, f"from:{lo} to:{hi}") == expected


def test_topic_by_part_of_its_french_label(env):
    assert found(env, "topic:économie") == found(env, "topic:medtop:04000000")
    assert "a3" in found(env, "topic:économie")


def test_entity_type_filter_narrows_the_entity_facet(env):
    store, index_dir = env
    facets = search(store, index_dir, "type:person").facets
    assert [e[0] for e in facets["entities"]] == ["person:kassym-jomart-tokaiev"]


# -- sorting and pages ----------------------------------------------------------------------------
def test_words_rank_by_relevance_and_filters_alone_by_date(env):
    store, index_dir = env
    assert search(store, index_dir, "coton").sort == "relevance"
    result = search(store, index_dir, "country:UZ")
    assert result.sort == "date"
    days = [h.published for h in result.results]
    assert days == sorted(days, reverse=True)


def test_sort_by_date(env):
    store, index_dir = env
    result = search(store, index_dir, "coton sort:date", limit=5)
    assert [h.id for h in result.results] == [f"c{i:02d}" for i in range(SERIES - 1, SERIES - 6, -1)]
    assert all(h.score is None for h in result.results)
    relevance = search(store, index_dir, "Bichkek sort:relevance")
    assert relevance.sort == "relevance" and relevance.results[0].score > 0


def test_undated_articles_come_last_by_date(env):
    assert ids(env, "coton sort:date")[-1] == "a7"


def test_pages_do_not_overlap_and_cover_everything(env):
    store, index_dir = env
    pages = [search(store, index_dir, "coton sort:date", limit=10, offset=o) for o in (0, 10, 20)]
    assert {p.total for p in pages} == {SERIES + 1}
    seen = [h.id for p in pages for h in p.results]
    assert len(seen) == len(set(seen)) == SERIES + 1
    assert [len(p.results) for p in pages] == [10, 10, SERIES + 1 - 20]


@pytest.mark.parametrize("limit, offset", [(0, 0), (501, 0), (10, -1), (10, 1_000_000)])
def test_impossible_pages_are_query_errors(env, limit, offset):
    store, index_dir = env
    with pytest.raises(QueryError):
        search(store, index_dir, "coton", limit=limit, offset=offset)


# -- facets ---------------------------------------------------------------------------------------
def test_facets_count_every_match_not_only_the_page(env):
    store, index_dir = env
    result = search(store, index_dir, "coton", limit=1)
    assert result.total == SERIES + 1
    facets = result.facets
    assert facets["countries"] == [["UZ", SERIES]]
    assert facets["sources"] == [["Bulletin agricole", SERIES]]
    assert facets["topics"] == [["medtop:04000000", "économie, affaires et finances", SERIES]]
    assert sum(n for _, n in facets["months"]) == SERIES
    assert facets["months"][0] == ["2021-01", 1] and facets["months"] == sorted(facets["months"])


def test_facets_of_huge_result_sets_are_sampled_and_scaled(env, monkeypatch):
    from steppe.search import facets
    store, index_dir = env
    exact = search(store, index_dir, "")
    assert exact.facets_sampled is None
    monkeypatch.setattr(facets, "SAMPLE_ABOVE", 4)
    sampled = search(store, index_dir, "")
    assert sampled.total == exact.total                       # the total is always exact
    assert sampled.facets_sampled in {1 / 2 ** n for n in range(1, 9)}
    assert sampled.to_dict()["facets_sampled"] == sampled.facets_sampled
    counted = sum(n for _, n in sampled.facets["sources"])
    assert counted % round(1 / sampled.facets_sampled) == 0   # scaled up from the sample


def test_entity_facet_has_names_and_leaves_countries_to_their_own_facet(env):
    store, index_dir = env
    facets = search(store, index_dir, "country:KG").facets
    assert facets["entities"] == [["place:bichkek", "Bichkek", 2]]
    assert facets["countries"] == [["KG", 2]]


def test_json_shape(env):
    store, index_dir = env
    data = search(store, index_dir, "Bichkek", limit=1).to_dict()
    assert data["total"] == 2 and len(data["results"]) == 1
    hit = data["results"][0]
    assert {"id", "title", "snippet", "published", "score", "source"} <= set(hit)
    assert set(data["facets"]) == {"countries", "entities", "topics", "sources", "months"}


# -- snippets -------------------------------------------------------------------------------------
def test_snippets_escape_html_and_mark_hits(env):
    store, index_dir = env
    hit = search(store, index_dir, "gaz").results[0]
    assert hit.id == "a4"
    assert "<script>" not in hit.title_html and "&lt;script&gt;" in hit.title_html
    assert "<mark>Gaz</mark>" in hit.title_html
    assert hit.title.startswith("<script>")                     # the raw title stays raw
    assert "<b>" not in hit.snippet and "&lt;b&gt;vers&lt;/b&gt;" in hit.snippet
    assert "<mark>gaz</mark>" in hit.snippet and "&amp;" in hit.snippet


def test_filter_only_results_get_the_lead_as_snippet(env):
    store, index_dir = env
    hit = search(store, index_dir, "source:\"Route de la soie Hebdo\"").results[0]
    assert hit.snippet.startswith("Les exportations de gaz &lt;b&gt;")
    assert "<mark>" not in hit.snippet


# -- bad input ------------------------------------------------------------------------------------
BAD = [
    ('"unbalanced', "jamais ferm"),
    ('Tokaïev "élection', "colonne 9"),
    ("(gaz OR pétrole", "jamais ferm"),
    ("gaz)", "ne ferme rien"),
    ("OR", "doit suivre un terme"),
    ("gaz OR", "doit être suivi d’un terme"),
    ("OR gaz", "doit suivre un terme"),
    ("gaz AND", "doit être suivi d’un terme"),
    ("gaz OR OR pétrole", "doit être suivi d’un terme"),
    ("-", "doit être suivi de ce qu’il exclut"),
    ("gaz -", "doit être suivi de ce qu’il exclut"),
    ("NOT", "doit être suivi d’un terme"),
    ("*", "doit suivre des lettres"),
    ("ga*", "trop court"),
    ("g*z", "doit finir le mot"),
    ("()", "parenthèses vides"),
    ("x" * 10_000, "trop longue"),
    ("foo:bar", "filtre inconnu"),
    ("country:", "attend une valeur"),
    ("country:XX", "pays inconnu"),
    ("country:Atlantide", "pays inconnu"),
    ("type:alien", "type d’entité inconnu"),
    ("topic:astrologie", "thème inconnu"),
    ("from:2025-02-30", "28 jours"),
    ("from:2025-13", "le mois 13"),
    ("from:hier", "n’est pas une date"),
    ("to:2025-01 from:2025-06", "est postérieur"),
    ("sort:random", "sort:date ou sort:relevance"),
    ("lang:français", "code de langue"),
    ("-from:2025", "toute la requête"),
    ("gaz OR sort:date", "toute la requête"),
    ("'; DROP TABLE articles; --", "doit être suivi de ce qu’il exclut"),
    ("!!! ??? ...", "rien à chercher"),
    ("((((((((((((((((((gaz))))))))))))))))))", "trop imbriquées"),
    (" ".join(f"w{i}" for i in range(100)), "trop de termes"),
]


@pytest.mark.parametrize("query, hint", BAD)
def test_bad_queries_get_a_helpful_one_line_message(env, query, hint):
    store, index_dir = env
    with pytest.raises(QueryError) as caught:
        search(store, index_dir, query)
    message = str(caught.value)
    assert hint in message and "\n" not in message and len(message) < 300


@pytest.mark.parametrize("query", [
    "Robert'); DROP TABLE articles;", "1=1 OR 'a'='a'", "gaz; --", "\\\"; SELECT *",
    "title:x AND 1", "<script>", "%_%", "a AND b", "+gaz", "C++", "co2", "l'énergie d'Astana",
])
def test_sql_and_syntax_characters_are_just_text(env, query):
    store, index_dir = env
    try:
        search(store, index_dir, query)
    except QueryError:
        pass
    assert store.count_articles() == len(build_store_items())


def build_store_items():
    from tests.index.corpus import articles
    return articles()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('ab élç"«»()-*:+ORANDNOT country:KZ from:2025 ')),
               max_size=40) | st.text(max_size=60))
def test_no_input_raises_anything_but_query_error(env, query):
    store, index_dir = env
    try:
        search(store, index_dir, query, limit=3)
    except QueryError as error:
        assert str(error) and "\n" not in str(error)


# -- the index follows the database -----------------------------------------------------------------
def test_missing_index_is_built_on_first_search(tmp_path):
    store = build_store(tmp_path / "db.sqlite")
    assert not (tmp_path / "idx").exists()
    assert found((store, tmp_path / "idx"), "Bichkek") == {"a2", "a6"}
    store.close()


def test_new_articles_are_found_at_once_and_a_deleted_index_is_rebuilt(tmp_path):
    store = build_store(tmp_path / "db.sqlite")
    env2 = (store, tmp_path / "idx")
    assert found(env2, "uranium") == set()
    store.put_article(*pair("u1", "Uranium kazakh", "Kazatomprom vend plus d'uranium.", "2025-10-01",
                            countries=("KZ",)))
    assert found(env2, "uranium") == {"u1"}                 # behind → caught up before answering
    shutil.rmtree(tmp_path / "idx")
    assert found(env2, "uranium") == {"u1"}                 # deleted → rebuilt before answering
    assert found(env2, "country:KZ") == {"a1", "a3", "u1"}
    store.close()


# -- the parser's tree ----------------------------------------------------------------------------
def test_parse_tree_keeps_structure_and_columns():
    parsed = parse_query('gaz (Tokaïev OR "Banque centrale") -Russie country:KZ from:2025 sort:date')
    assert parsed.sort == "date" and parsed.date_from == 20250101 and parsed.date_to is None
    root = parsed.root
    assert isinstance(root, And)
    gaz, group, neg, country = root.children
    assert gaz == Word("gaz", 1)
    assert isinstance(group, Or) and group.children[1] == Phrase("Banque centrale", 17)
    assert isinstance(neg, Not) and neg.child == Word("Russie", 37)
    assert country == Filter("country", "KZ", 44)


def test_dates_take_the_whole_period():
    parsed = parse_query("from:2024-02 to:2024-02")
    assert (parsed.date_from, parsed.date_to) == (20240201, 20240229)
    assert parse_query("to:2025").date_to == 20251231


def test_empty_query_lists_everything_by_date(env):
    store, index_dir = env
    result = search(store, index_dir, "")
    assert result.total == store.count_articles() and result.sort == "date"


def test_path_types(env):
    store, index_dir = env
    assert found((store, str(index_dir)), "Bichkek") == found((store, Path(index_dir)), "Bichkek")


# -- the documentation stays true -------------------------------------------------------------------
DOC = Path(__file__).resolve().parents[1] / "docs" / "query-language.md"


def _doc_examples() -> list[str]:
    block = DOC.read_text(encoding="utf-8").split("## Words")[0]
    lines = [line[4:] for line in block.splitlines() if line.startswith("    ")]
    return [line.split("   ")[0].strip() for line in lines]


def _doc_errors() -> list[str]:
    return [line.strip()[len("erreur : "):] for line in DOC.read_text(encoding="utf-8").splitlines()
            if line.startswith("    erreur : ")]


@pytest.mark.parametrize("query", _doc_examples())
def test_every_documented_example_is_a_valid_query(env, query):
    store, index_dir = env
    search(store, index_dir, query)


def test_every_documented_error_is_what_steppe_says(env):
    store, index_dir = env
    queries = ['Tokaïev "élection', "gaz OR", "gaz -", "ga*", "auteur:Dupont", "from:2025-02-30",
               "x" * 10_000]
    said = []
    for query in queries:
        with pytest.raises(QueryError) as caught:
            search(store, index_dir, query)
        said.append(str(caught.value))
    assert said == _doc_errors()
