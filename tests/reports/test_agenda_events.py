"""Announced events in the agenda (issue 15): marked on their story and date's line, never a
second line for it; a line of their own when no mentioned date matches; past, occurred and
hypothetical events stay out. The digest's agenda ahead keeps them, and says them."""

from __future__ import annotations

from datetime import date

import pytest

from steppe.reports.agenda import agenda
from steppe.reports.agenda_events import marker_text
from steppe.reports.digest import agenda_ahead, build_digest
from steppe.reports.digest_render import _md_agenda, render_html, render_markdown
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
                             "source_countries": ["CN"], "recipient_countries": ["KZ"],
                             "who": "Chine → Kazakhstan"}
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


# -- the digest's agenda ahead --------------------------------------------------------------------
def test_the_digests_agenda_ahead_keeps_the_event_and_its_renderers_show_it(store):
    digest = build_digest(store, since="2027-02-01", until="2027-02-28", today=date(2027, 3, 1))
    lines = {ln["date"]: ln for ln in digest["agenda"]}
    assert lines["2027-03-15"]["event"]["type"] == "AID"
    assert lines["2027-03-15"]["event"]["source"] == "Chine"
    md = render_markdown(digest)
    assert "- **15 mars 2027** (1 média) · événement : Aide · Chine → Kazakhstan" in md
    page = render_html(digest)
    assert "· événement : Aide · Chine → Kazakhstan</span>" in page
    assert page.count("· événement : ") == md.count("· événement : ") == \
        sum(1 for ln in digest["agenda"] if ln["event"])


def test_a_digest_agenda_line_without_event_says_none(store):
    lines = agenda_ahead(store, date(2027, 5, 31), days=30)
    by_value = {ln["date"]: ln for ln in lines}
    assert by_value["2027-06-01"]["event"] is None            # « juin 2027 », no event
    assert by_value["2027-06-12"]["event"]["label"] == "Consultation"
    md = "\n".join(_md_agenda({"agenda": [by_value["2027-06-01"]]}))
    assert "événement" not in md


def test_the_marker_text_of_a_reciprocal_act_and_of_a_lone_actor():
    card = {"type": "CONSULT", "label": "Consultation", "source": "Italie, Kazakhstan",
            "recipient": "Kazakhstan, Italie"}
    assert marker_text(card) == "Consultation · Italie ↔ Kazakhstan"
    assert marker_text({"type": "MOBILIZE", "label": "Mobilisation", "source": "Russie",
                        "recipient": ""}) == "Mobilisation · Russie"
    assert marker_text({"type": "AID", "label": "Aide", "source": "", "recipient": ""}) == "Aide"


def test_a_reciprocal_act_reads_both_ways_whatever_the_order():
    from steppe.reports.agenda_events import event_card

    card = event_card({"type": "CONSULT",
                       "source": [{"name": "Italie", "country": "IT"},
                                  {"name": "Kazakhstan", "country": "KZ"}],
                       "recipient": [{"name": "Kazakhstan", "country": "KZ"},
                                     {"name": "Italie", "country": "IT"}]})
    assert card["who"] == "Italie ↔ Kazakhstan"
    assert event_card({"type": "AID", "source": [], "recipient": []})["who"] == ""
