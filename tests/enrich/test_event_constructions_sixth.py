"""Events (issue 15), sixth round: constructions met on the dev sets in the session of
2026-12-06 (night), one sentence each, written for the test (none is from a gold set). The
expected (type, source, recipient, status) is what EVENTS_FORMAT.md asks for; sides are country
codes, else names. SIXTH_PRESENT and SIXTH_ABSENT run with the first file's cases
(test_event_constructions.py); the tests here need more than one sentence or side."""

from __future__ import annotations

from tests.enrich.events_support import enricher, found  # noqa: F401 (fixture)
from tests.enrich.test_events import sides

SIXTH_PRESENT = [
    ("whom-a-request-asks-hung-on-what-it-asks-for", "Le ministère russe des Affaires "
     "étrangères a demandé jeudi des explications à Tachkent.",
     ("REQUEST", ("RU",), ("UZ",), "occurred")),
    ("a-visit-made-through-a-modal-s-light-verb", "Le président azerbaïdjanais Ilham Aliev "
     "pourrait également faire le déplacement à Douchanbé.",
     ("CONSULT", ("AZ",), ("TJ",), "hypothetical")),
    ("days-of-talks-are-the-talks-of-the-verb-s-subject", "Les ministres des Affaires "
     "étrangères arménien et azerbaïdjanais ont entamé vendredi à Almaty deux jours de "
     "négociations sur un traité de paix.", ("CONSULT", ("AM", "AZ"), ("AM", "AZ"), "occurred")),
]

SIXTH_ABSENT: list[tuple[str, str, str]] = [
    ("a-strike-told-after-apres-is-background", "BICHKEK – Après deux jours de grève des "
     "chauffeurs, la mairie a accepté mercredi de relever le tarif.", "PROTEST"),
]


def test_a_clash_an_oblique_of_the_victims_clause_takes_both_sides(enricher):
    for text in ("Un garde-frontière kirghiz a été tué mardi lors d'un échange de tirs avec des "
                 "militaires tadjiks.",
                 "Trois soldats ouzbeks ont été blessés au cours de heurts avec des habitants "
                 "kirghiz."):
        clash = [sides(e) for e in found(enricher, text) if e.type == "ASSAULT"]
        assert clash and len(set(clash[0][1])) == 2 and set(clash[0][1]) == set(clash[0][2]), text


def test_a_concession_s_actors_are_no_destination(enricher):
    events = found(enricher, "Le président russe doit se rendre à Douchanbé en octobre. Le "
                             "président azerbaïdjanais pourrait également faire le déplacement, "
                             "malgré les tensions persistantes entre Bakou et Moscou.")
    assert not [e for e in events if e.type == "CONSULT" and {"RU", "AZ"} <= {
        a.country for a in e.recipient}]
