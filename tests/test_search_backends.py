"""Search gives the same results whichever backend holds the records, and bad queries get the
same helpful message on both (issue 4); stories too: the same clustering, the same story ids,
the same story: and group:story answers."""

from __future__ import annotations

import secrets

import psycopg
import pytest
from psycopg import sql

from steppe.errors import QueryError
from steppe.search import search
from steppe.stories.profile import story_id_for
from tests.conftest import with_schema
from tests.test_search_stories import MERGED_FOUNDER, build_clustered_store

QUERIES = ["élection", "Tokayev", "Bishkek", '"élection présidentielle"', "coton -irrigation",
           "électr*", "country:KZ sort:date", "coupures OR sommet", "type:person Tokaïev",
           "from:2025-01-01 to:2025-12-31"]
BAD = ['"unbalanced', "AND", "-", "country:", "nonsense:x", "from:2025-02-30",
       "'; DROP TABLE articles; --", "x" * 10_000, "((((", "entity:", "story:s000000000000",
       "Tokayev story:sXYZ", "story:a story:b", "group:topic"]
STORY_QUERIES = ["story:{live}", "story:{merged}", "story:{live} Rosatom",
                 "story:{live} sort:relevance", "country:KZ group:story", "group:story",
                 "(Balkhach OR Tokayev) group:story", "story:{merged} group:story",
                 "centrale OR coton"]


@pytest.fixture(scope="module")
def backends(tmp_path_factory, pg_server):
    root = tmp_path_factory.mktemp("backends")
    schema = "t_" + secrets.token_hex(6)
    lite = build_clustered_store(root / "s.db")
    pg = build_clustered_store(with_schema(pg_server, schema))
    yield {"sqlite": (lite, root / "lite-index"), "postgres": (pg, root / "pg-index")}
    lite.close()
    pg.close()
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def _answer(env, query):
    result = search(*env, query, limit=100).to_dict()
    return result["total"], sorted(h["id"] for h in result["results"]), result["facets"]


@pytest.mark.postgres
@pytest.mark.parametrize("query", QUERIES)
def test_same_results_on_both_backends(backends, query):
    assert _answer(backends["sqlite"], query) == _answer(backends["postgres"], query)


def _story_answer(env, query):
    """Everything but the timing: hits with their stories, groups. Grouped hits are compared in
    order (ties are broken by id); plain ones as a set, since ties keep the index's order."""
    result = search(*env, query, limit=100).to_dict()
    result.pop("took_ms")
    if result["groups"] is None:
        result["results"].sort(key=lambda hit: hit["id"])
    return result


@pytest.mark.postgres
@pytest.mark.parametrize("query", STORY_QUERIES)
def test_same_story_results_on_both_backends(backends, query):
    lite, _ = backends["sqlite"]
    live = lite.resolve_story(story_id_for(MERGED_FOUNDER))["id"]
    query = query.format(live=live, merged=story_id_for(MERGED_FOUNDER))
    answer = _story_answer(backends["sqlite"], query)
    assert answer == _story_answer(backends["postgres"], query)
    assert answer["total"] and all(h["story"] for h in answer["results"] if h["id"] != "a7")


@pytest.mark.postgres
@pytest.mark.parametrize("query", BAD)
def test_bad_queries_same_message_on_both(backends, query):
    messages = []
    for env in backends.values():
        with pytest.raises(QueryError) as err:
            search(*env, query)
        assert "\n" not in str(err.value) and len(str(err.value)) < 300
        messages.append(str(err.value))
    assert messages[0] == messages[1]
    lite, _ = backends["sqlite"]
    assert lite.count_articles() > 0  # nothing was dropped
