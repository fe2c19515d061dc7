"""Timelines: an entity's or a country's dated facts in order, each with its sentence; zoom by
year and month; capped with the count of what was left out; subjects named as users name them."""

from __future__ import annotations

import pytest

from steppe.enrich.kb_access import get_kb
from steppe.errors import InputError, NotFound
from steppe.reports.chronology import timeline, zoom_window
from steppe.reports.subject import timeline_subject
from steppe.store import open_store
from tests.reports.dated_fixture import ALL, fill


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = open_store(str(tmp_path_factory.mktemp("timeline") / "timeline.db"))
    fill(s, ALL)
    yield s
    s.close()


@pytest.fixture(scope="module")
def kb():
    return get_kb(None)


def test_subjects_by_code_name_id_and_kb_name(store, kb):
    assert timeline_subject(store, kb, "kg")["code"] == "KG"
    assert timeline_subject(store, kb, "Kirghizstan")["code"] == "KG"
    assert timeline_subject(store, kb, "country:KZ")["kind"] == "country"
    tokaiev = timeline_subject(store, kb, "Tokaïev")
    assert (tokaiev["kind"], tokaiev["id"]) == ("entity", "person:kassym-jomart-tokaiev")
    assert timeline_subject(store, kb, "org:jogorku-kenesh")["kind"] == "entity"
    for unknown in ("nobody at all", "ZZ", "person:nobody-known"):
        with pytest.raises(NotFound):
            timeline_subject(store, kb, unknown)


def test_country_facts_in_order_with_sentences(store, kb):
    data = timeline(store, timeline_subject(store, kb, "KG"))
    facts = data["facts"]
    assert [(f["date"], f["kind"]) for f in facts] == [
        ("2025-09-25", "published"), ("2025-11-30", "mentioned")]
    published, election = facts
    assert published["said_label"] == "le 25 septembre 2025 (date du texte)"
    assert published["sentence"] == "Kirghizstan : les élections anticipées fixées au 30 novembre 2025"
    s, e = published["mark"]
    assert published["sentence"][s:e] == "Kirghizstan"
    assert election["announced"] and election["field"] == "text"      # one fact, not headline + lead
    s, e = election["mark"]
    assert election["sentence"][s:e] == "30 novembre 2025"
    assert data["stories"] and data["stories"][0]["facts"] == 2
    assert data["total"] == 2 and data["more"] == 0


def test_zoom_by_year_and_month(store, kb):
    kz = timeline_subject(store, kb, "KZ")
    everything = timeline(store, kz)
    assert {y["year"] for y in everything["years"]} == {2025, 2026}
    year = timeline(store, kz, year=2026)
    assert year["from"] == "2026-01-01" and all(f["date"][:4] == "2026" for f in year["facts"])
    assert [m["month"] for m in year["months"]] == [1]      # by publication (undated: mentions)
    march = timeline(store, kz, year=2026, month=3)
    assert [(f["value"], f["label"]) for f in march["facts"]] == [("2026-03", "mars 2026 (mois)")]
    assert march["period"] == "mars 2026"
    assert timeline(store, kz, year=1990)["facts"] == []


def test_capped_with_the_count_of_older_facts(store, kb):
    kz = timeline_subject(store, kb, "KZ")
    full = timeline(store, kz)
    capped = timeline(store, kz, limit=2)
    assert capped["facts"] == full["facts"][-2:] and capped["more"] == full["total"] - 2


def test_a_date_beside_the_subject_or_under_its_headline(store, kb):
    person = timeline(store, timeline_subject(store, kb, "person:kassym-jomart-tokaiev"))
    assert [(f["kind"], f["value"]) for f in person["facts"]] == [
        ("published", "2025-10-02"), ("mentioned", "2026-03")]     # "2026" is not beside it


def test_zoom_window_bounds():
    assert zoom_window(2024, 2) == ("2024-02-01", "2024-02-29")
    assert zoom_window(None, None) == (None, None)
    with pytest.raises(InputError):
        zoom_window(None, 3)
