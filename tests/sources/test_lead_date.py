"""The date a dump article opens on: taken only where it is the event's day."""

from __future__ import annotations

from datetime import date

import pytest

from steppe.sources.lead_date import first_sentence, lead_date

TODAY = date(2026, 1, 1)


@pytest.mark.parametrize("text, expected", [
    ("Le 24 juin 2025, à Astana, le président a parlé.", date(2025, 6, 24)),
    ("Le 1er juillet 2025, la loi est entrée en vigueur.", date(2025, 7, 1)),
    ("Mardi 3 mars 2025 à Astana, le président a reçu son homologue.", date(2025, 3, 3)),
    ("Lors de l’Assemblée générale de l’ONU le 12 septembre 2025, le Kazakhstan a voté.",
     date(2025, 9, 12)),
    ("En marge du sommet du 4 juillet 2025, les ministres se sont vus.", date(2025, 7, 4)),
    ("Le parlement a pris ce 25 septembre 2025 une décision sans précédent.", date(2025, 9, 25)),
])
def test_the_event_date_of_the_first_sentence_is_taken(text, expected):
    assert lead_date(text, TODAY) == expected


@pytest.mark.parametrize("text", [
    "Les élections anticipées sont fixées au 30 novembre 2025, a annoncé la commission.",
    "Au 1er juillet 2025, ce sont 5,9 milliards de tenges d’actifs qui ont été rendus.",
    "Le sommet s’est tenu les 31 août et 1er septembre 2025 à Tianjin.",
    "Le 24 juin 2025 restera dans les mémoires, dit-il.",           # subject, not an opening
    "Le président parle. Le 24 juin 2025, il avait signé le décret.",  # second sentence
    "Le 3 mars 2099, la ville fêtera son millénaire.",                  # future
    "Le 31 juin 2025, rien.",                                           # no such day
    "Le 24 juin, à Astana, le président a parlé.",                      # no year
    "Rien de daté ici.",
])
def test_other_dates_are_left_alone(text):
    assert lead_date(text, TODAY) is None


def test_first_sentence_stops_at_a_stop_before_a_capital():
    assert first_sentence("  Un. Deux.") == "Un"
    assert first_sentence("Une ligne\nune autre") == "Une ligne"
