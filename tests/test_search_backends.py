"""Search gives the same results whichever backend holds the records, and bad queries get the
same helpful message on both (issue 4)."""

from __future__ import annotations

import secrets

import psycopg
import pytest
from psycopg import sql

from steppe.errors import QueryError
from steppe.search import search
from tests.conftest import with_schema
from tests.index.corpus import build_store

QUERIES = ["élection", "Tokayev", "Bishkek", '"élection présidentielle"', "coton -irrigation",
           "électr*", "country:KZ sort:date", "coupures OR sommet", "type:person Tokaïev",
           "from:2025-01-01 to:2025-12-31"]
BAD = ['"unbalanced', "AND", "-", "country:", "nonsense:x", "from:2025-02-30",
       "'; DROP TABLE articles; --", "x" * 10_000, "((((", "entity:"]


@pytest.fixture(scope="module")
def backends(tmp_path_factory, pg_server):
    root = tmp_path_factory.mktemp("backends")
    schema = "t_" + secrets.token_hex(6)
    lite = build_store(root / "s.db")
    pg = build_store(with_schema(pg_server, schema))
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
