"""`steppe search` and `steppe index` through the CLI on the ingested seed."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def seed_db(run, shared, tmp_path):
    db = tmp_path / "seed.db"
    assert run("--db", db, "ingest", shared / "data" / "seed.txt").code == 0
    return db


def test_tokayev_finds_every_tokaiev_article(run, seed_db, seed_gold):
    result = run("--db", seed_db, "search", "Tokayev", "--json", "--limit", "50")
    assert result.code == 0, result.err
    found = json.loads(result.out)
    titles = {r["title"] for r in found["results"]}
    expected = {g["title"] for g in seed_gold if "Tokaïev" in (g["title"] or "") + g["text"]}
    assert found["total"] == len(expected) and titles == expected
    assert {"countries", "entities", "topics", "sources", "months"} <= set(found["facets"])


def test_bishkek_and_filters(run, seed_db):
    hits = json.loads(run("--db", seed_db, "search", "Bishkek", "--json").out)
    assert hits["total"] >= 2 and all("Bichkek" in (r["title"] or "") + r["snippet"]
                                      or "Bichkek" in r["snippet"] for r in hits["results"][:1])
    kg = json.loads(run("--db", seed_db, "search", "country:KG", "sort:date", "--json").out)
    assert kg["total"] == 2


@pytest.mark.parametrize("query, message", [
    ('"droits de', '"'),         # the message's wording belongs to search/: assert loosely
    ("country:", "country"),
    ("from:2025-13-45", "from"),
    ("nonsense:value", "nonsense"),
])
def test_bad_queries_get_one_line(run, seed_db, query, message):
    result = run("--db", seed_db, "search", query)
    assert result.code == 2 and message in result.err and "Traceback" not in result.err
    assert result.err.startswith("erreur : ")
    assert len(result.err.strip().splitlines()) == 1


def test_index_status_and_rebuild(run, seed_db):
    run("--db", seed_db, "search", "Astana")
    status = json.loads(run("--db", seed_db, "index", "status", "--json").out)
    assert status["behind"] is False and status["docs"] == 21
    assert "articles indexés : 21" in run("--db", seed_db, "index", "rebuild").out
