"""The part of a candidate sentence the parser reads (parse time grows with its length)."""

from __future__ import annotations

import re

from steppe.enrich.events.actors import Actor
from steppe.enrich.events.syntax import PARTY_KINDS

BEFORE, AFTER = 24, 36  # characters parsed before a sentence's first trigger, after its last
LEAD = 64  # a sentence's words before its first party or trigger that are parsed all the same
_OF_BEFORE = re.compile(r"(?:\bde|\bdu|\bdes|\bd[’']|\bde la|\bde l[’'])\s?$")


def window(text: str, start: int, end: int, hits, actors: list[Actor]) -> tuple[int, int]:
    """The part of a sentence the parser needs: from its first party or trigger (and the few
    words before a trigger: « n'a pas », « il ») to its last party or trigger and a few words
    after; the rest (datelines, « selon … » tails) only costs parse time."""
    parties = [a for a in actors if a.kind in PARTY_KINDS]
    # an adjective of nationality is inside its noun phrase (« le chef de la diplomatie
    # kirghize »): the window takes the words before it that head the phrase
    # and so is a name after « de » (« Le secrétaire général de l’ONU, António Guterres »)
    first = min([hits[0].start() - BEFORE] + [a.start - (BEFORE + 16 if a.kind == "demonym"
                                                         or _OF_BEFORE.search(text, max(0, a.start - 8), a.start)
                                                         else 0) for a in parties])
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
