"""Announced events in the agenda (issue 15): marked on their story and date's line, never a
second line for it; a line of their own when no mentioned date matches; past, occurred and
hypothetical events stay out."""

from __future__ import annotations

from datetime import date

import pytest

from steppe.reports.agenda import agenda
from steppe.store import open_store
from tests.reports.dated_fixture import fill, make
from tests.web.events_fixture import fill_events, with_events


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("agenda-events") / "events.db")
    with open_store(path) as opened:
        fill_events(opened)
        yield opened


def test_an_announced_event_marks_its_date_line(store):
    found = agenda(store, "2027-03-01", "2027-03-31", today=date(2026, 1, 1))
    lines = [ln for ln in found["lines"] if ln["date"] == "2027-03-15"]
    assert len(lines) == 1                   # the event marks the date's line, no second line
    line = lines[0]
    assert line["article"]["id"] == "ev-aid"
    assert line["event"] == {"type": "AID", "label": "Aide", "mode": "economic",
                             "status": "announced", "source": "Chine", "recipient": "Kazakhstan",
                             "source_countries": ["CN"], "recipient_countries": ["KZ"]}
    assert found["total"] == 1


def test_an_event_with_no_matching_date_gets_its_own_line(store):
    found = agenda(store, "2027-06-01", "2027-06-30", today=date(2026, 1, 1))
    by_value = {ln["value"]: ln for ln in found["lines"]}
    assert set(by_value) == {"2027-06", "2027-06-12"}
    assert by_value["2027-06"]["event"] is None
    own = by_value["2027-06-12"]
    assert own["event"]["label"] == "Consultation" and own["event"]["source"] == "Russie"
    assert own["sentence"].startswith("Vladimir Poutine se rendra au Kazakhstan")
    assert own["announced"] and own["said_on"] == "2025-12-01"
    assert own["granularity"] == "day" and own["label"] == "12 juin 2027"


def test_dates_without_events_keep_event_none_and_past_events_stay_out(store):
    found = agenda(store, "2025-01-01", "2025-12-31", today=date(2025, 1, 1))
    assert found["lines"] and all(ln["event"] is None for ln in found["lines"])


def test_only_announced_events_still_to_come_when_said(tmp_path):
    text = ("Le Kazakhstan pourrait recevoir la Chine le 3 mai 2027. "
            "Le Kazakhstan a reçu la Chine le 3 mai 2027.")
    pair = with_events(make("ev-other", "Titre", text, published="2027-06-01",
                            dates=[("3 mai 2027", "2027-05-03")], names={"kz": "Kazakhstan"}),
                       [("Le Kazakhstan pourrait recevoir la Chine le 3 mai 2027.", "CONSULT",
                         "CN", "KZ", "2027-05-03", "hypothetical"),
                        ("Le Kazakhstan a reçu la Chine le 3 mai 2027.", "CONSULT", "CN", "KZ",
                         "2027-05-03", "announced")])     # said after the date: not to come
    with open_store(str(tmp_path / "one.db")) as store:
        fill(store, [pair])
        found = agenda(store, "2027-05-01", "2027-05-31", today=date(2026, 1, 1))
    assert [ln["value"] for ln in found["lines"]] == ["2027-05-03"]
    assert found["lines"][0]["event"] is None
