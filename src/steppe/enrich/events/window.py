"""The part of a candidate sentence the parser reads (parse time grows with its length)."""

from __future__ import annotations

import re

from steppe.enrich.events.actors import Actor
from steppe.enrich.events.syntax import PARTY_KINDS

BEFORE, AFTER = 24, 36  # characters parsed before a sentence's first trigger, after its last
LEAD = 64  # a sentence's words before its first party or trigger that are parsed all the same
_OF_BEFORE = re.compile(r"(?:\bde|\bdu|\bdes|\bd[’']|\bde la|\bde l[’'])\s?$")
# « de la société de services pétroliers Oil Construction Company »: a « de » a few words
# before a name, with no stop between, makes the name a complement of the noun before it
_OF_AHEAD = re.compile(r"\b(?:de|du|des|d[’'])\s?[^,.;:«»()–]{0,40}$")


def window(text: str, start: int, end: int, hits, actors: list[Actor]) -> tuple[int, int]:
    """The part of a sentence the parser needs: from its first party or trigger (and the few
    words before a trigger: « n'a pas », « il ») to its last party or trigger and a few words
    after; the rest (datelines, « selon … » tails) only costs parse time."""
    parties = [a for a in actors if a.kind in PARTY_KINDS]
    first = min([hits[0].start() - BEFORE] + [_lead_of(text, a) for a in parties])
    last = max([hits[-1].end() + AFTER] + [a.end + AFTER // 2 for a in parties])
    if first <= start + LEAD:
        first = start  # (a short lead is the subject's noun phrase: « 400 employés de … »)
    else:
        first = text.rfind(" ", start, first) + 1 or start
    if last >= end - AFTER:
        last = end
    else:
        space = text.find(" ", last, end)
        last = space if space != -1 else end
    if text.rfind("«", first, last) > text.rfind("»", first, last):
        # never cut inside a quotation: « n’a aucun » cut there reads as the verb's negation
        close = text.find("»", last, end)
        last = close + 1 if close != -1 else end
    return first, last


def _lead_of(text: str, actor: Actor) -> int:
    """Where the window must start to hold the noun phrase an actor's name ends: an adjective
    of nationality is inside its noun phrase (« le chef de la diplomatie kirghize »), and so is
    a name after « de » (« Le secrétaire général de l’ONU, António Guterres », « 400 ouvriers
    de la société Oil Construction Company »): the words before that head the phrase."""
    if actor.kind == "demonym" or _OF_BEFORE.search(text, max(0, actor.start - 8), actor.start):
        return actor.start - (BEFORE + 16)
    ahead = _OF_AHEAD.search(text, max(0, actor.start - 48), actor.start) \
        if actor.kind == "org" else None
    return ahead.start() - (BEFORE + 16) if ahead else actor.start
