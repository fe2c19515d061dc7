"""Related articles (store/related_sql.py) are exactly what ranking every candidate in SQL
gives, on both backends: ties on shared entities and on days, undated articles, the walk by
day across page boundaries, its fallback to reading the tied set, every limit."""

from __future__ import annotations

import random

import pytest

from steppe.store import related_sql
from tests.store.test_contract_reports import PEOPLE, put

RANKED_IN_SQL = (
    "SELECT a2.id, count(*) AS shared, a2.published_day FROM article_entities e2 "
    "JOIN articles a2 ON a2.pk = e2.article_pk "
    f"WHERE e2.entity_id IN ({related_sql.TOP_ENTITIES}) AND a2.id <> ? "
    "GROUP BY a2.id, a2.published_day "
    "ORDER BY shared DESC, coalesce(a2.published_day, '') DESC, a2.id LIMIT ?")
KEYS = ("tok", "mir", "ast", "kz")


def ranked_in_sql(store, article_id: str, limit: int, entities: int = 5) -> list[tuple[str, int]]:
    rows = store._q(RANKED_IN_SQL, (article_id, entities, article_id, limit)).fetchall()
    return [(aid, int(shared)) for aid, shared, _ in rows]


@pytest.fixture
def archive(store):
    """160 articles over a dozen days (many on the same day), some undated, ids not in the
    order they were stored, each naming some of three people and the country."""
    rng = random.Random(3)
    days = [f"2025-03-{d:02d}" for d in range(1, 13)] + [None, None]
    with store.transaction():
        for n in rng.sample(range(1000), 160):
            keys = [k for k in KEYS if rng.random() < 0.45] or ["kz"]
            put(store, f"r{n:03d}", rng.choice(days), *keys,
                mentions={k: rng.randint(1, 3) for k in keys})
    return store


@pytest.mark.parametrize("small, page", [(500, 500), (3, 7), (3, 1), (0, 2)])
def test_the_same_articles_in_the_same_order(archive, monkeypatch, small, page):
    monkeypatch.setattr(related_sql, "SMALL", small)      # walk even small tied sets…
    monkeypatch.setattr(related_sql, "PAGE", page)        # …across many page boundaries
    ids = [r[0] for r in archive._q("SELECT id FROM articles ORDER BY id").fetchall()]
    for article_id in ids[::9] + ["nobody"]:
        for limit in (0, 1, 3, 8, 40, 200):
            assert archive.related_articles(article_id, limit=limit) == \
                ranked_in_sql(archive, article_id, limit), (article_id, limit)


def test_the_walk_gives_up_for_the_tied_set_when_it_costs_more(archive, monkeypatch):
    monkeypatch.setattr(related_sql, "SMALL", 0)
    monkeypatch.setattr(related_sql, "PAGE", 1)
    pages = []
    real = related_sql._page
    monkeypatch.setattr(related_sql, "_page", lambda q, cursor: pages.append(cursor) or real(q, cursor))
    ids = [r[0] for r in archive._q("SELECT id FROM articles ORDER BY id").fetchall()]
    for article_id in ids[:20]:
        candidates = len(ranked_in_sql(archive, article_id, 1_000))
        pages.clear()
        assert archive.related_articles(article_id, limit=3) == ranked_in_sql(archive, article_id, 3)
        assert len(pages) <= candidates + 1, article_id    # never much more than the tied set


def test_entities_named_only_as_countries_relate_nothing(archive):
    assert PEOPLE["kz"][2] == "country"
    lonely = [r[0] for r in archive._q(
        "SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_entities e "
        "WHERE e.article_pk = a.pk AND e.type <> 'country')").fetchall()]
    assert lonely and all(archive.related_articles(a) == [] for a in lonely)
