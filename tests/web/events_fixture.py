"""Hand-made articles with events (issue 15) for the relations, country, article and agenda
tests: no extractor, offsets found in the texts, so the events always match them."""

from __future__ import annotations

from typing import Any

from steppe.model import Annotation, Article, Event, EventActor
from tests.reports.dated_fixture import fill, make

NAMES = {"KZ": "Kazakhstan", "CN": "Chine", "RU": "Russie", "KG": "Kirghizstan"}
XSS = "<script>alert('ev')</script>"


def actor(code: str, name: str | None = None) -> EventActor:
    return EventActor(name=name or NAMES[code], country=code, entity_id=f"country:{code}")


def event(article: Article, sentence: str, type: str, source: str, recipient: str | None,
          date: str | None, status: str = "occurred", mode: str | None = None) -> Event:
    start = article.text.index(sentence)
    return Event(type=type, mode=mode, source=[actor(source)],
                 recipient=[actor(recipient)] if recipient else [], date=date,
                 date_from="text" if date else "published", status=status, place=None,
                 text=sentence, field="text", start=start, end=start + len(sentence),
                 confidence=0.9)


def with_events(pair: tuple[Article, Annotation],
                specs: list[tuple[Any, ...]]) -> tuple[Article, Annotation]:
    article, ann = pair
    ann.events = [event(article, *spec) for spec in specs]
    return article, ann


VISIT_TEXT = ("Kassym-Jomart Tokaïev s'est rendu en Chine le 2 septembre 2025. "
              "Le Kazakhstan et la Chine ont signé un accord sur le transit.")
VISIT = with_events(make(
    "ev-visit", "Tokaïev en visite en Chine", VISIT_TEXT, published="2025-09-02",
    source="Kazinform", dates=[("2 septembre 2025", "2025-09-02")], names={"kz": "Kazakhstan"}),
    [("Kassym-Jomart Tokaïev s'est rendu en Chine le 2 septembre 2025.", "CONSULT", "KZ", "CN",
      "2025-09-02", "occurred", "visit"),
     ("Le Kazakhstan et la Chine ont signé un accord sur le transit.", "SUPPORT", "KZ", "CN",
      "2025-09-02")])

TARIFFS_TEXT = ("La Chine a imposé des droits de douane sur le blé du Kazakhstan. "
                f"Astana dénonce une mesure injuste {XSS}.")
TARIFFS = with_events(make(
    "ev-tariffs", "Pékin taxe le blé kazakh", TARIFFS_TEXT, published="2025-10-05",
    source="Vlast", names={"kz": "Kazakhstan"}),
    [("La Chine a imposé des droits de douane sur le blé du Kazakhstan.", "SANCTION", "CN", "KZ",
      None, "occurred", "tariffs"),
     (f"Astana dénonce une mesure injuste {XSS}.", "ACCUSE", "KZ", "CN", None)])

AID_TEXT = ("La Chine accordera un prêt au Kazakhstan le 15 mars 2027, a annoncé le ministère. "
            "Le forum d'affaires se tiendra le 15 mars 2027 à Astana.")
AID = with_events(make(
    "ev-aid", "Un prêt chinois annoncé pour mars 2027", AID_TEXT, published="2025-11-20",
    source="Kapital", dates=[("15 mars 2027", "2027-03-15")], names={"kz": "Kazakhstan"}),
    [("La Chine accordera un prêt au Kazakhstan le 15 mars 2027, a annoncé le ministère.", "AID",
      "CN", "KZ", "2027-03-15", "announced", "economic")])

SUMMIT_TEXT = ("Vladimir Poutine se rendra au Kazakhstan en juin 2027, selon le Kremlin. "
               "La date du 12 juin a été avancée.")
SUMMIT = with_events(make(
    "ev-summit", "Poutine attendu au Kazakhstan", SUMMIT_TEXT, published="2025-12-01",
    source="Tengrinews", dates=[("juin 2027", "2027-06")], names={"kz": "Kazakhstan"}),
    [("Vladimir Poutine se rendra au Kazakhstan en juin 2027, selon le Kremlin.", "CONSULT",
      "RU", "KZ", "2027-06-12", "announced", "visit")])

ALL = [VISIT, TARIFFS, AID, SUMMIT]


def fill_events(store: Any) -> None:
    fill(store, ALL)
