"""reports.events: one event per story with its reports counted, filters, bad input."""

from __future__ import annotations

import pytest

from steppe.errors import InputError
from steppe.reports.events import balance, check_day, events, flat_rows
from tests.reports.events_fixture import TARIFFS, filled_store as store  # noqa: F401  (fixture)



def test_one_event_per_story_with_its_reports_counted(store):
    data = events(store, type="SANCTION")
    assert data["total"] == 2 and len(data["events"]) == 2
    later, story = data["events"]
    # three articles of one story, from two outlets, are one event told by its first report
    assert (story["reports"], story["outlets"], story["articles"]) == (3, 2, ["t3", "t2", "t1"])
    assert story["first"]["id"] == "t1" and story["date"] == "2025-08-01"
    assert story["story"] == {"id": "s-tariffs", "label": "Histoire s-tariffs"}
    assert story["sentence"] == TARIFFS and story["mode_label"] == "droits de douane"
    assert story["quad"] == "material_conflict" and story["status_label"] == "survenu"
    assert story["source"] == {"countries": ["US"], "country_names": ["États-Unis"],
                               "names": ["Donald Trump"]}
    # the same event in an article outside the story is another event
    assert (later["reports"], later["story"], later["date"]) == (1, None, "2025-09-15")


def test_latest_first_filters_and_limit(store):
    data = events(store)
    assert data["total"] == 7
    assert [e["date"] for e in data["events"]] == sorted((e["date"] for e in data["events"]),
                                                        reverse=True)
    assert events(store, country="kz", since="2025-09-01")["total"] == 4
    assert [e["type"] for e in events(store, country="AF")["events"]] == ["ACCUSE", "ACCUSE"]
    limited = events(store, limit=2)
    assert limited["total"] == 7 and len(limited["events"]) == 2
    assert events(store, type="assault") == {"since": None, "country": None, "type": "ASSAULT",
                                             "total": 0, "events": []}


def test_a_side_without_a_country_is_named_by_its_actors(store):
    onu = [e for e in events(store, country="AF")["events"] if not e["source"]["countries"]][0]
    assert onu["source"]["names"] == ["ONU"] and onu["recipient"]["countries"] == ["AF"]


def test_flat_rows_for_exports(store):
    rows = flat_rows(events(store, country="AF"))
    assert {r["source"] for r in rows} == {"KZ;UZ", "ONU"}
    assert set(rows[0]) >= {"date", "type", "mode", "quad", "status", "source", "recipient",
                            "reports", "outlets", "story", "article", "sentence"}


@pytest.mark.parametrize("kwargs, message", [
    ({"country": "XX"}, "--country « XX » : code de pays inconnu"),
    ({"type": "BOMBARDE"}, "--type « BOMBARDE » : type d’événement inconnu"),
    ({"since": "2025-02-30"}, "--since « 2025-02-30 » : une date AAAA-MM-JJ (ou AAAA-MM, AAAA) "
                              "ou une durée comme 7d, 4w ou 3m est attendue"),
    ({"since": "3 mois"}, "--since « 3 mois » : une date AAAA-MM-JJ"),
    ({"since": "hier"}, "--since « hier »"),
    ({"limit": 0}, "--limit 0"),
])
def test_bad_input_is_one_line_naming_the_option(store, kwargs, message):
    with pytest.raises(InputError) as err:
        events(store, **kwargs)
    assert str(err.value).startswith(message) and "\n" not in str(err.value)


def test_days_and_balance():
    assert check_day("2025") == "2025-01-01" and check_day("2025-09") == "2025-09-01"
    assert check_day(" 2025-09-12 ") == "2025-09-12" and check_day("") is None
    assert balance({"verbal_cooperation": 3, "material_conflict": 1}) == 0.5
    assert balance({"verbal_conflict": 2}) == -1.0
    assert balance({"material_cooperation": 0}) is None


def test_french_labels_live_in_one_place():
    from steppe.reports import event_labels, events as events_module, relations
    from steppe.store import events_sql
    from steppe.web import events_view, quad_chart
    assert event_labels.plover is events_sql.plover                 # one reader of plover.json
    for module in (events_module, relations):
        for name in ("country_name", "quad_names"):
            assert getattr(module, name) is getattr(event_labels, name)
    assert events_view.who is event_labels.who
    assert "_x_labels" not in vars(quad_chart)
    assert quad_chart.x_labels.__module__ == "steppe.reports.charts"
    assert event_labels.type_label("AID") == "Aide"
    assert event_labels.type_label("AID", capital=False) == "aide"
    assert event_labels.quad_label(3) == "Conflit verbal"
    assert event_labels.quad_labels()["verbal_conflict"] == "conflit verbal"
    assert event_labels.who(["Chine"], ["Kazakhstan"]) == "Chine → Kazakhstan"
    assert event_labels.who_text("Italie, Kazakhstan", "Kazakhstan, Italie") == "Italie ↔ Kazakhstan"
