"""Where an article stands before any parse: the country of its wire dateline, the
countries heading a press review's paragraphs, the country it mentions most. These give the
parties a sentence leaves implicit (« le gouvernement », « la police »)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from steppe.enrich.doc_state import SEPARATOR, context, state
from steppe.enrich.events.actors import Actor
from steppe.kb import KnowledgeBase


_DATELINE_GAP = re.compile(r"\s*(?:\([^()\n]{1,40}\)\s*)?[,–—-]")


def dateline_country(doc: Doc, text: str, actors: list[Actor]) -> str | None:
    """The country of a wire's dateline (« BICHKEK, 14 juin – », « DOUCHANBÉ (Steppe) – »)."""
    town = dateline_town(doc, text, actors)
    return town.country if town is not None else None


def dateline_town(doc: Doc, text: str, actors: list[Actor]) -> Actor | None:
    """A wire's dateline town: in capitals, opening the body, before a comma or a dash. It
    places the story and is no party (« DOUCHANBÉ – Human Rights Watch a accusé … » read as
    a coordination by the parser)."""
    ctx = context(doc)
    body = ctx.title_len + len(SEPARATOR) if ctx.has_title else 0
    first = next((a for a in actors if a.start >= body), None)
    if first is None or first.start > body + 2 or not first.country or \
            first.kind not in ("capital", "place") or not text[first.start:first.end].isupper():
        return None
    return first if _DATELINE_GAP.match(text, first.end) else None


_DATELINE = re.compile(r"[^\W\d_][^\W\d_ '’-]*(?:[ '’-][^\W\d_]+){0,3},?[^\n()–—]{0,30}"
                       r"\(([^()\n]{1,40})\)\s*[–—-]")


def dateline_agency(doc: Doc, text: str) -> tuple[int, int] | None:
    """Where the agency of a wire's dateline stands (« ALMATY, 28 août (AFP) – »): the agency
    that tells the story is no party to it."""
    ctx = context(doc)
    body = ctx.title_len + len(SEPARATOR) if ctx.has_title else 0
    m = _DATELINE.match(text, body)
    return m.span(1) if m else None


_SECTION_GAP = re.compile(r"\s*[—–]\s")
_HEADING_END = re.compile(r"\.\s")


def sections_of(text: str, actors: list[Actor]) -> list[tuple[int, Actor]]:
    """The countries a press review's paragraphs are headed with (« TADJIKISTAN — Le blogueur
    … », « Kirghizistan. Des centaines de commerçants … »), with where each heading stands:
    the state of the organs and people its paragraph names without a country."""
    out = []
    for actor in actors:
        if actor.kind != "state" or not actor.country:
            continue
        if actor.start and not text[max(0, actor.start - 2):actor.start].endswith(("\n", ". ")):
            continue  # a heading opens its line or follows a full stop
        word = text[actor.start:actor.end]
        if word.isupper() and _SECTION_GAP.match(text, actor.end) or \
                _HEADING_END.match(text, actor.end) and word[:1].isupper():
            out.append((actor.start, actor))
    return out


def home_of(doc: Doc, kb: KnowledgeBase) -> Actor | None:
    """The country the article mentions most (first in the text on a tie), as an actor."""
    counts = state(doc).get("countries", {})
    if not counts:
        return None
    code = max(counts, key=lambda c: counts[c])
    return Actor(0, 0, kb.country_name(code), code, f"country:{code}", "state")


_SCENE_OPENING = re.compile(r"\s*(?:[àÀ]|A|En|Au)\s+$")
_SCENE_END = re.compile(r"\s*[,:]")


def title_scene(doc: Doc, text: str, actors: list[Actor]) -> str | None:
    """The country a headline sets its story in (« À Astana, Xi Jinping scelle … »,
    « Kirghizistan : 22 opposants acquittés »): like a dateline, it places the police, the
    courts and the crowds the story names without a country, even when another state is
    named more often (the Chinese president's visit)."""
    ctx = context(doc)
    if not ctx.has_title:
        return None
    first = next((a for a in actors if a.start < ctx.title_len), None)
    if first is not None and first.country and first.kind in ("capital", "place", "state") \
            and _SCENE_END.match(text, first.end) and (
            not text[:first.start].strip() or _SCENE_OPENING.fullmatch(text, 0, first.start)):
        return first.country
    return None
