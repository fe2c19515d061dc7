"""article_events on both backends: rows written with the article, replaced when its
annotation changes, gone with it, backfilled by migration 10, counted once per story."""

from __future__ import annotations

import pytest

from steppe.store import open_store
from steppe.store.events_sql import EVENTS_STEP
from tests.reports.events_fixture import CONDEMN, TARIFFS, article, corpus, event, fill


def _rows(store, aid: str) -> list[tuple]:
    return [tuple(r) for r in store._q(
        "SELECT e.idx, e.source_country, e.recipient_country, e.type, e.quad, e.day, e.month, "
        "e.source_key, e.recipient_key FROM article_events e JOIN articles a "
        "ON a.pk = e.article_pk WHERE a.id = ? ORDER BY 1, 2, 3", (aid,)).fetchall()]


def _all(store) -> int:
    return int(store._q("SELECT count(*) FROM article_events").fetchone()[0])


def test_one_row_per_event_and_country_pair(store):
    fill(store)
    assert _rows(store, "t1") == [(0, "US", "KZ", "SANCTION", 4, "2025-08-01", "2025-08", "US", "KZ")]
    # two sources, one recipient: two rows; a side without a country is '' and keyed by entity
    assert _rows(store, "a1") == [
        (0, "KZ", "AF", "ACCUSE", 3, "2025-07-07", "2025-07", "KZ,UZ", "AF"),
        (0, "UZ", "AF", "ACCUSE", 3, "2025-07-07", "2025-07", "KZ,UZ", "AF"),
        (1, "", "AF", "ACCUSE", 3, "2025-07-07", "2025-07", "@organization:onu", "AF")]
    # the event's own date wins over the publication's
    assert [r[5] for r in _rows(store, "c1")] == ["2025-09-03", "2025-09-20"]
    assert _rows(store, "n1") == []


def test_a_meeting_of_both_with_both_drops_self_pairs_but_a_domestic_act_keeps_its_own(store):
    meeting = event("CONSULT", ["KZ", "UZ"], ["KZ", "UZ"], "Astana et Tachkent se sont réunis.")
    domestic = event("COERCE", ["AF"], ["AF"], "Les talibans arrêtent des journalistes.", "arrest")
    store.put_article(*article("m1", "2025-10-01", "a.kz", [meeting, domestic]))
    assert [(r[0], r[1], r[2]) for r in _rows(store, "m1")] == [
        (0, "KZ", "UZ"), (0, "UZ", "KZ"), (1, "AF", "AF")]


def test_undated_events_take_the_ingestion_day(store):
    store.put_article(*article("u1", None, "a.kz", [event("SANCTION", ["US"], ["KZ"], TARIFFS)]))
    assert _rows(store, "u1")[0][5:7] == ("2026-01-10", "2026-01")


def test_rows_are_replaced_when_the_annotation_changes(store):
    fill(store)
    art, ann = corpus()[0]
    ann.events = [event("THREATEN", ["US"], ["KZ"], TARIFFS), event("ACCUSE", ["KZ"], ["US"], TARIFFS)]
    store.set_annotation("t1", ann)
    assert [(r[3], r[1], r[2]) for r in _rows(store, "t1")] == [
        ("THREATEN", "US", "KZ"), ("ACCUSE", "KZ", "US")]
    store.set_annotation("t1", None)
    assert _rows(store, "t1") == []
    # a new version of the article (new content) rewrites them too
    art.text, art.content_hash = art.text + " Mise à jour.", "changed"
    ann.events = [event("AGREE", ["US"], ["KZ"], TARIFFS)]
    assert store.put_article(art, ann) == "updated"
    assert [r[3] for r in _rows(store, "t1")] == ["AGREE"]


def test_rows_go_with_their_article(store):
    fill(store)
    before = _all(store)
    with store.transaction():
        store._q("DELETE FROM articles WHERE id = ?", ("a1",))
    assert _rows(store, "a1") == [] and _all(store) == before - 3


def test_batch_writes_rows_as_single_writes_do(store):
    store.put_articles(corpus())     # PostgreSQL: the COPY path for new articles
    assert _all(store) == 10
    assert _rows(store, "t4") == [(0, "US", "KZ", "SANCTION", 4, "2025-09-15", "2025-09", "US", "KZ")]


def test_counts_are_once_per_story(store):
    fill(store)
    # t1, t2, t3 are one story: one event; t4 (its own story) another
    assert store.count_events(type="SANCTION") == 2
    assert store.count_events(country="KZ") == 6
    assert store.count_events(since="2025-09-01") == 4
    pairs = store.event_pair_counts(pair=("US", "KZ"))
    assert pairs == [("KZ", "US", "SANCTION", 4, "2025-08", 1), ("KZ", "US", "SANCTION", 4, "2025-09", 1)]
    assert store.event_pair_counts(pair=("KZ", "US"), directed=True)[0][:2] == ("US", "KZ")
    # KZ→CN and CN→KZ agreements are two events; undirected they share one pair
    agree = [p for p in store.event_pair_counts(pair=("CN", "KZ")) if p[2] == "AGREE"]
    assert agree == [("CN", "KZ", "AGREE", 1, "2025-09", 2)]


def test_reports_carry_their_story_and_outlet(store):
    fill(store)
    rows = store.event_reports(type="SANCTION", until="2025-08-31")
    assert [(r["article"], r["story"], r["outlet"]) for r in rows] == [
        ("t3", "s-tariffs", "b.kz"), ("t2", "s-tariffs", "b.kz"), ("t1", "s-tariffs", "a.kz")]
    assert rows[0]["sentence"].startswith("Donald Trump") and rows[0]["mode"] == "tariffs"
    assert store.event_reports(country="AF", limit=1)[0]["sentence"] == CONDEMN


def test_migration_backfills_events_already_annotated(store):
    fill(store)
    before = _all(store)
    with store.transaction():
        store._q("DROP TABLE article_events")
        # an annotation of an older shape is passed over, not a failed migration
        store._q("UPDATE articles SET annotation = ? WHERE id = 'n1'",
                 ('{"lang": "fr", "events": [{"mode": null}]}',))
    _set_version(store, EVENTS_STEP - 1)
    url = store.url
    store.close()
    with open_store(url) as again:
        assert again.schema_version() >= EVENTS_STEP
        assert _all(again) == before
        assert _rows(again, "a1")[2][1:4] == ("", "AF", "ACCUSE")


def _set_version(store, version: int) -> None:
    if hasattr(store, "path"):    # SQLite
        store.conn.execute(f"PRAGMA user_version = {int(version)}")
    else:
        with store.transaction():
            store._q("UPDATE steppe_meta SET value = ? WHERE key = 'schema_version'", (str(version),))


@pytest.mark.parametrize("published", ["2025", "2025-11"])
def test_partial_dates_count_from_their_first_day(store, published):
    store.put_article(*article("p1", published, "a.kz", [event("AID", ["CN"], ["KG"], "Aide.")]))
    assert _rows(store, "p1")[0][5] == {"2025": "2025-01-01", "2025-11": "2025-11-01"}[published]
