"""Events (issue 15): where an article stands before any parse (``events/layout.py``) and the
text the parser reads (``events/parser_text.py``): a wire's agency, a press review's headings,
asides and quoted verbs replaced without moving an offset."""

from __future__ import annotations

import spacy

from steppe.enrich.doc_state import state
from steppe.enrich.events.actors import Actor
from steppe.enrich.events.layout import dateline_agency, sections_of
from steppe.enrich.events.parser_text import parse_input


def _doc(text: str):
    doc = spacy.blank("fr").make_doc(text)
    state(doc)["text"] = text
    return doc


def _state_actor(text: str, name: str, code: str) -> Actor:
    at = text.index(name)
    return Actor(at, at + len(name), name, code, f"country:{code}", "state")


def test_the_agency_of_a_dateline_is_found_and_nothing_else():
    text = "ALMATY, 28 août (AFP) – Une cinquantaine de militants se sont rassemblés."
    start, end = dateline_agency(_doc(text), text)
    assert text[start:end] == "AFP"
    plain = "Le Kazakhstan (selon l’AFP) a protesté – mardi."
    assert dateline_agency(_doc(plain), plain) is None


def test_plain_and_capital_headings_place_their_paragraphs():
    text = ("Kazakhstan. Le Majilis a adopté le budget. Le Kirghizistan a protesté. "
            "TADJIKISTAN — Le blogueur a été arrêté.")
    actors = [_state_actor(text, "Kazakhstan", "KZ"), _state_actor(text, "Kirghizistan", "KG"),
              _state_actor(text, "TADJIKISTAN", "TJ")]
    headings = [(text[at:at + 3], actor.country) for at, actor in sections_of(text, actors)]
    assert headings == [("Kaz", "KZ"), ("TAD", "TJ")]  # « Le Kirghizistan a … » heads nothing


def test_asides_and_quoted_verbs_are_replaced_without_moving_an_offset():
    text = ("Le Qatar, quant à lui, s’est engagé à financer l’étude. Le ministère a « "
            "catégoriquement rejeté » ces accusations.")
    window = parse_input(_doc(text), 0, len(text))
    assert len(window) == len(text)
    assert "quant à lui" not in window and "«" not in window
    assert window.index("catégoriquement") == text.index("catégoriquement")
