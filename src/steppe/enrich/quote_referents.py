"""Who a pronoun or a title stands for, once a cue has said that it spoke.

"a-t-il ajouté", "he added", "добавил он": a recent speaker or person, whose surname ending
agrees with the pronoun's gender. "a indiqué le ministre", "the president said": the person
last named with that title.
"""

from __future__ import annotations

import re
import unicodedata

from steppe.enrich.quote_context import Context, QuoteHit, SpeakerSpan, carrier
from steppe.enrich.quote_cues import (
    GENDER_ENDINGS, INDEFINITE, PRONOUN_GENDER, SUBJECT_NEXT,
)

__all__ = ["anaphor", "antecedent", "described"]


def anaphor(pronoun: str = "") -> SpeakerSpan:
    """Marker for "a pronoun spoke"; ``name`` keeps the pronoun's gender ("m", "f" or "")."""
    words = re.findall(r"\w+", pronoun.casefold()) or [""]
    return SpeakerSpan(-1, -1, PRONOUN_GENDER.get(words[-1], ""))


def described(ctx: Context, start: int, limit: int) -> SpeakerSpan | None:
    """« … », résume l’économiste: the person earlier introduced with that same title."""
    clause = re.split(r"[.;:!?\n]", ctx.text[start:limit])[0]
    if INDEFINITE.match(clause):
        return None
    stems = {w.casefold()[:5] for w in re.findall(r"\w{5,}", clause)[:3]}
    for s in reversed([s for s in ctx.outside if s.end <= start]):
        before = re.findall(r"\w{5,}", ctx.text[max(0, s.start - 40):s.start])[-3:]
        if stems & {w.casefold()[:5] for w in before}:
            return s
    return None


def _name_gender(name: str) -> str:
    """Gender that the region's surnames show (-ova/-eva: "f", -ov/-ev: "m"), else ""."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    last = ("".join(c for c in folded if not unicodedata.combining(c)).split() or [""])[-1]
    return next((g for g, ending in GENDER_ENDINGS if ending.search(last)), "")


def antecedent(ctx: Context, open_: int, hits: list[QuoteHit], gender: str) -> SpeakerSpan | None:
    """Who "il"/"she"/"он" is: the previous quote's speaker when it is recent, unless a person
    opens a sentence in between; else the nearest person named in this or the last sentence,
    a subject rather than an object ("X a reçu Y. Il a dit"); else, up to four sentences back,
    the last speaker or person named. Surname endings must agree with the pronoun's gender."""
    def agrees(name: str) -> bool:
        return not gender or _name_gender(name) in ("", gender)

    recent = [s for s in ctx.named_between(ctx.sentence_start(open_, back=1), open_)
              if agrees(s.name)]
    last = hits[-1] if hits and agrees(hits[-1].speaker) else None
    if last is not None and last.end >= ctx.sentence_start(open_, back=2):
        openers = [s for s in recent if s.start > last.end
                   and s.start - ctx.sentence_start(s.start) <= 30]
        return openers[-1] if openers else carrier(last)
    subjects = [s for s in recent if SUBJECT_NEXT.match(ctx.text, s.end)]
    if subjects or recent:
        return (subjects or recent)[-1]
    window = ctx.sentence_start(open_, back=4)
    if last is not None and last.end >= window:
        return carrier(last)
    earlier = [s for s in ctx.named_between(window, open_) if agrees(s.name)]
    return earlier[-1] if earlier else None
