"""dated_articles and dated_months on both backends: the window is tested on the annotation's
dates inside the database, so only the articles with a date in it come back."""

from __future__ import annotations

from tests.reports.dated_fixture import ALL, fill


def _ids(rows):
    return sorted(r["id"] for r in rows)


def test_only_articles_with_a_date_in_the_window(store):
    fill(store, ALL)
    assert _ids(store.dated_articles("2025-11-30", "2025-11-30")) == ["kg-dissolution"]
    assert _ids(store.dated_articles("2027-01-01", None)) == ["kg-unsaid"]
    assert _ids(store.dated_articles(None, "2025-08-31")) == ["kz-dateline", "kz-nearby"]
    assert store.dated_articles("2030-01-01", None) == []
    row = store.dated_articles("2025-11-30", "2025-11-30")[0]
    assert row["text"].startswith("Le parlement") and row["ingested_at"].startswith("2026-01-10")
    assert {d["value"] for d in row["annotation"]["dates"]} == {"2025-09-25", "2025-11-30"}


def test_months_and_years_count_from_their_first_day(store):
    fill(store, ALL)
    assert _ids(store.dated_articles("2026-01-01", "2026-01-01")) == ["kz-dateline", "kz-summit"]
    assert _ids(store.dated_articles("2026-03-01", "2026-03-01")) == ["kz-summit"]
    assert store.dated_articles("2026-03-02", "2026-12-31") == []


def test_filters_published_days_and_limit(store):
    fill(store, ALL)
    assert _ids(store.dated_articles(None, None, country="kz")) == \
        ["kz-dateline", "kz-summit"]
    assert _ids(store.dated_articles("2025-01-01", None,
                                     entity="person:kassym-jomart-tokaiev")) == ["kz-summit"]
    # published (or, undated, ingested) within the window counts when asked
    assert store.dated_articles("2025-10-02", "2025-10-02") == []
    assert _ids(store.dated_articles("2025-10-02", "2025-10-02", published=True)) == \
        ["kz-summit"]
    assert len(store.dated_articles("2026-01-10", "2026-01-10", published=True)) == 4
    latest = store.dated_articles(None, None, limit=2)
    assert len(latest) == 2 and latest[0]["id"] in {"kg-dissolution", "kz-dateline", "kz-nearby",
                                                     "kg-unsaid"}


def test_dated_months_by_publication_and_undated_articles_mentioned_dates(store):
    fill(store, ALL)
    # kz-summit is dated (2025-10): its "mars 2026" is not read; the undated dateline article
    # counts by its ingestion month and the months it mentions (2025-08, 2026-01)
    assert store.dated_months(country="KZ") == [("2025-08", 1), ("2025-10", 1), ("2026-01", 1)]
    assert store.dated_months(entity="org:jogorku-kenesh") == [
        ("2025-09", 1), ("2025-11", 1), ("2026-01", 1)]
    assert store.dated_months(entity="person:nobody") == []


def test_dated_records_in_the_order_asked(store):
    fill(store, ALL)
    rows = store.dated_records(["kz-summit", "missing", "kg-dissolution", "kz-summit"])
    assert [r["id"] for r in rows] == ["kz-summit", "kg-dissolution"]
    assert rows[0]["published"] == "2025-10-02" and rows[0]["annotation"]["dates"]
