"""The agenda: dates mentioned in a window, one line per story and date, with the sentence and
the day it was said (publication, the text's own "today", or ingestion)."""

from __future__ import annotations

from datetime import date

import pytest

from steppe.errors import InputError
from steppe.reports.agenda import agenda, window
from steppe.reports.dated import article_reference, date_label, period_start, text_day
from steppe.store import open_store
from tests.reports.dated_fixture import ALL, DATELINE, KENESH, NEARBY, fill
from tests.web.fixture_db import STORY_SPECS, build_fixture_db

TODAY = date(2025, 9, 26)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = open_store(str(tmp_path_factory.mktemp("agenda") / "agenda.db"))
    fill(s, ALL)
    yield s
    s.close()


def _line(data, value):
    found = [ln for ln in data["lines"] if ln["value"] == value]
    assert len(found) == 1, [ln["value"] for ln in data["lines"]]
    return found[0]


def test_announced_from_the_texts_own_today(store):
    data = agenda(store, "2025-09-26", today=TODAY)
    line = _line(data, "2025-11-30")       # headline and lead say it: one line
    assert line["announced"] and line["said_on"] == "2025-09-25" and line["said_on_basis"] == "texte"
    assert line["said_label"] == "le 25 septembre 2025 (date du texte)"
    assert line["field"] == "text" and line["sentence"].startswith("Les députés")
    s, e = line["mark"]
    assert line["sentence"][s:e] == "30 novembre 2025"
    assert line["article"]["id"] == "kg-dissolution" and line["outlets"] == 1


def test_default_window_starts_today_and_drops_the_past(store):
    data = agenda(store, today=TODAY)
    assert data["from"] == "2025-09-26" and data["to"] is None
    assert all(ln["date"] >= "2025-09-26" for ln in data["lines"])
    assert "2025-09-25" not in {ln["value"] for ln in data["lines"]}
    dates = [ln["date"] for ln in data["lines"]]
    assert dates == sorted(dates)


def test_month_and_year_dates_listed_at_their_start_and_say_so(store):
    data = agenda(store, "2026-01-01", "2026-03-31", today=TODAY)
    year, month = _line(data, "2026"), _line(data, "2026-03")
    assert (year["date"], year["label"]) == ("2026-01-01", "2026 (année)")
    assert (month["date"], month["label"]) == ("2026-03-01", "mars 2026 (mois)")
    assert month["announced"] and month["said_on_basis"] == "publication"
    assert [ln["value"] for ln in data["lines"]][:2] == ["2026", "2026-01-01"]


def test_dateline_and_nearby_earlier_date_are_the_reference(store):
    data = agenda(store, "2025-08-01", "2025-12-31", today=TODAY)
    assert _line(data, "2025-12-12")["said_on"] == "2025-10-03"           # said close before
    assert not _line(data, "2025-09-01")["announced"]                     # "du 31 août au 1er"
    assert _line(data, "2025-10-03")["said_on_basis"] == "ingestion"
    assert text_day({"title": DATELINE[0].title, "text": DATELINE[0].text,
                     "annotation": DATELINE[1].to_dict()}) == "2025-08-30"
    assert _line(agenda(store, "2026-01-01", "2026-01-01"), "2026-01-01")["said_label"] == \
        "le 30 août 2025 (date du texte)"


def test_ingestion_day_when_nothing_else_says(store):
    line = _line(agenda(store, "2027-01-01", today=TODAY), "2027-02-15")
    assert line["said_on"] == "2026-01-10" and line["said_on_basis"] == "ingestion"
    assert line["announced"] and line["said_label"].endswith("(date d’ingestion)")


def test_far_past_and_future_windows(store):
    assert agenda(store, "1900-01-01", "1900-12-31")["lines"] == []
    assert agenda(store, "2999-01-01")["lines"] == []
    assert len(agenda(store, "1900-01-01", "2999-12-31")["lines"]) == 11


def test_country_and_entity_filters(store):
    kg = agenda(store, "2025-01-01", country="kg")
    assert {ln["article"]["id"] for ln in kg["lines"]} == {"kg-dissolution"}
    person = agenda(store, "2025-01-01", entity="person:kassym-jomart-tokaiev")
    assert {ln["value"] for ln in person["lines"]} == {"2026", "2026-03"}


def test_one_line_per_story_and_date_with_its_outlets(tmp_path):
    path = str(tmp_path / "stories.db")
    build_fixture_db(path, tmp_path / "index", STORY_SPECS)
    with open_store(path) as s:
        data = agenda(s, "2025-03-05", "2025-12-31")
    line = _line(data, "2025-07-01")
    assert line["outlets"] == 2 and line["articles"] == 2 and line["story"]
    assert line["article"]["id"] == "kz-001"                     # the first to say it
    assert [o["id"] for o in line["others"]] == ["kz-003"]
    assert line["said_label"] == "le 4 mars 2025 (date de publication)" and line["announced"]


@pytest.mark.parametrize("start, end, message", [
    ("2025-13-01", None, "--from « 2025-13-01 » : une date AAAA-MM-JJ est attendue"),
    ("26/09/2025", None, "--from « 26/09/2025 »"),
    ("2025-10-01", "2025-09-01", "--to 2025-09-01 est antérieur à --from 2025-10-01"),
    (None, "soon", "--to « soon »"),
])
def test_bad_windows_name_the_option(start, end, message):
    with pytest.raises(InputError) as err:
        window(start, end, TODAY)
    assert message in err.value.message


def test_labels_and_references():
    assert period_start("2026") == "2026-01-01" and period_start("2025-11") == "2025-11-01"
    assert date_label("2025-11-01", "day") == "1er novembre 2025"
    assert article_reference({"published": "2025-10-02T10:00:00"}) == ("2025-10-02", "publication")
    assert article_reference({"published": None, "text": "", "annotation": None}) == \
        (None, "ingestion")
    assert NEARBY[0].id and KENESH[0].id
