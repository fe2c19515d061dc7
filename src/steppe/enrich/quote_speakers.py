"""Who said a quotation: the person mentions around it, read most explicit cue first.

After the quote (« … », a déclaré X / "…," X said / «…», — заявил X / « … », selon X), before
it (X a déclaré : « … » / X a estimé que … « … » / selon X, « … » / X : « … »), inside it (an
incise: « Nous sommes prêts, a déclaré X, à coopérer »), then the previous speaker carrying on
(interviews: "Et l’hiver ? « … »"). A pronoun ("a-t-il ajouté", "he added", "добавил он") is
resolved to a recent speaker or person, whose surname ending must agree in gender. A quote
whose speaker is unnamed ("un responsable a déclaré") gets none: a wrong name is worse than none.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from steppe.enrich.quote_cues import (
    ABBREV, AFTER, AFTER_PRONOUN, CLAUSE_BREAK, CLOSED_RELATIVE, GENDER_ENDINGS, INDEFINITE,
    INTRODUCED, LEAD, NOT_SUBJECT, PRONOUN_GENDER, PRONOUN_SUBJECT, QUOTED_NAME, SAY_AT,
    SOURCE_BEFORE, SUBJECT_NEXT, VERB_IN, VERB_NEXT,
)

__all__ = ["Context", "QuoteHit", "SpeakerSpan", "attribute"]


@dataclass(frozen=True)
class SpeakerSpan:
    """A person mention found by the entity stage; ``name`` is the canonical full name."""

    start: int
    end: int
    name: str
    entity_id: str | None = None


@dataclass(frozen=True)
class QuoteHit:
    """Quoted words without their marks; ``start``/``end`` index them in the text."""

    start: int
    end: int
    text: str
    speaker: str
    speaker_id: str | None


#: Not a speaker but a verdict: someone unnamed spoke ("a déclaré un responsable").
_UNNAMED = SpeakerSpan(-2, -2, "")


@dataclass(frozen=True)
class Context:
    """What every attribution step needs to know about the text, computed once."""

    text: str
    marks: tuple[tuple[int, int], ...]
    quotations: tuple[tuple[int, int], ...]
    outside: tuple[SpeakerSpan, ...]
    everyone: tuple[SpeakerSpan, ...]
    starts: tuple[int, ...]

    def sentence_start(self, pos: int, back: int = 0) -> int:
        """Start of the sentence holding ``pos``, or of the ``back``-th sentence before it."""
        index = max(i for i, s in enumerate(self.starts) if s <= pos)
        return self.starts[max(0, index - back)]

    def named_between(self, start: int, end: int) -> list[SpeakerSpan]:
        return [s for s in self.outside if start <= s.start and s.end <= end]


def attribute(ctx: Context, open_: int, close: int, hits: list[QuoteHit]) -> SpeakerSpan | None:
    """The speaker of one quote: after it, else before, else an incise, else the previous
    speaker carrying on; an anaphor is resolved last. None if unnamed or unknown.
    The text read around a quote stops at its neighbours (scare quotes are only words)."""
    following = min([a for a, _ in ctx.quotations if a > close] + [len(ctx.text)])
    opens = not ctx.text[ctx.sentence_start(open_):open_].strip()
    found = _speaker_after(ctx, close + 1, following, opens)
    if found is None:
        previous = max([b for _, b in ctx.quotations if b < open_] + [-1]) + 1
        found = _speaker_before(ctx, max(previous, ctx.sentence_start(open_)), open_)
    if found is None:
        found = _speaker_inside(ctx, open_, close)
    if found is None and opens:
        found = _continuation(ctx, open_, hits)
    if found is not None and found.start == -1:
        found = _antecedent(ctx, open_, hits, found.name)
    return None if found is _UNNAMED else found


def _anaphor(pronoun: str = "") -> SpeakerSpan:
    """Marker for "a pronoun spoke"; ``name`` keeps the pronoun's gender ("m", "f" or "")."""
    words = re.findall(r"\w+", pronoun.casefold()) or [""]
    return SpeakerSpan(-1, -1, PRONOUN_GENDER.get(words[-1], ""))


def _speaker_after(ctx: Context, pos: int, limit: int, opens: bool) -> SpeakerSpan | None:
    """« … », a déclaré X / "…," X said / « … », a-t-il dit / « … », selon X / « … » : X."""
    tail = ctx.text[pos:min(limit, pos + 200)]
    if re.match(r"\s*[A-ZА-Я]", tail) and ctx.text[:pos - 1].rstrip().endswith("."):
        return None  # “…saturated.” Energy Minister X has promised: a new sentence
    pronoun = AFTER_PRONOUN.match(tail)
    m = pronoun or AFTER.match(tail)
    if m:
        if pronoun or m.group("pron"):
            return _anaphor(m.group() if pronoun else m.group("pron"))
        end, stop = pos + m.end(), pos + len(tail)
        return (_first_named(ctx, ctx.outside, end, stop) or _described(ctx, end, stop)
                or _UNNAMED)
    lead = pos + re.match(LEAD, tail).end()
    nearby = [s for s in ctx.outside if lead <= s.start < min(pos + len(tail), lead + 40)]
    if nearby and _titles_only(ctx.text[lead:nearby[0].start]) and VERB_NEXT.match(
            ctx.text, nearby[0].end):
        return nearby[0]
    if opens and re.match(r"\s*:", tail):  # headline: « … » : interview with X
        line_end = pos + len(tail.split("\n")[0])
        return next((s for s in ctx.outside if pos <= s.start and s.end <= line_end), None)
    return None


def _first_named(ctx: Context, people: Sequence[SpeakerSpan], start: int,
                 limit: int) -> SpeakerSpan | None:
    """The first person named after a saying verb, across titles and appositions only."""
    for s in people:
        if start <= s.start < limit:
            return s if _titles_only(ctx.text[start:s.start]) else None
    return None


def _described(ctx: Context, start: int, limit: int) -> SpeakerSpan | None:
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


def _titles_only(gap: str) -> bool:
    """Between a verb and a name, only words like "le président kazakh", no sentence break."""
    gap = QUOTED_NAME.sub("", ABBREV.sub("", gap))
    return len(gap) <= 90 and not re.search(r"[.;:!?«»“”\"\n]", gap)


def _speaker_before(ctx: Context, start: int, open_: int) -> SpeakerSpan | None:
    """X a déclaré : « … » / X a estimé que … « … » / selon X, « … » / Il a ajouté : « … » /
    X, 61 ans, se montre prudent : « … » / Tokaïev : « … »."""
    text, head = ctx.text, ctx.text[start:open_]
    named = ctx.named_between(start, open_)
    source = named[-1] if named and head.rstrip().endswith(",") else None
    if source and SOURCE_BEFORE.search(text[start:source.start]) and re.fullmatch(
            r"\w*\s*(?:,[^,«»“”\"]{0,60})?,\s*", text[source.end:open_]):
        return source
    verbs = list(VERB_IN.finditer(head))
    if verbs:
        verb_start, verb_end = start + verbs[-1].start(), start + verbs[-1].end()
        subject = _subject_before(text, verb_start, named)
        later = [s for s in named if s.start >= verb_end][:1]
        if subject is None and later and _titles_only(text[verb_end:later[0].start]) and \
                re.fullmatch(r"\w*\s*[:,]?\s*[—–-]?\s*", text[later[0].end:open_]):
            subject = later[0]
        if subject is not None:
            return subject
    pronoun = INTRODUCED.search(head) and PRONOUN_SUBJECT.search(head)
    if pronoun:
        return _anaphor(pronoun.group())
    colon = re.search(r":\s*[—–-]?\s*$", head)
    return _subject_before(text, start + colon.start(), named) if colon else None


def _subject_before(text: str, verb_at: int, named: list[SpeakerSpan]) -> SpeakerSpan | None:
    """The nearest person named before the verb, in its clause, not a preposition's object
    nor inside a relative clause (", qui recevait Y,"); a relative clause still open before
    the verb ("des étudiants qui lui ont dit") means someone else spoke."""
    for s in reversed([s for s in named if s.end <= verb_at]):
        gap = CLOSED_RELATIVE.sub(",", text[s.end:verb_at])
        if verb_at - s.end > 120 or CLAUSE_BREAK.search(gap):
            return None
        if not NOT_SUBJECT.search(text[max(0, s.start - 40):s.start]):
            return s
    return None


def _speaker_inside(ctx: Context, open_: int, close: int) -> SpeakerSpan | None:
    """An incise: « Nous sommes prêts, a déclaré X, à coopérer » / « …, a-t-il dit, … »."""
    inner = [s for s in ctx.everyone if open_ < s.start and s.end <= close]
    for comma in re.finditer(r",\s*", ctx.text[open_:close]):
        at = open_ + comma.end()
        pronoun = AFTER_PRONOUN.match(ctx.text[at:close])
        if pronoun:
            return _anaphor(pronoun.group())
        verb = SAY_AT.match(ctx.text, at)
        named = verb and _first_named(ctx, inner, verb.end(), close)
        if named and re.match(r"\w*\s*,", ctx.text[named.end:close]):
            return named
    return None


def _continuation(ctx: Context, open_: int, hits: list[QuoteHit]) -> SpeakerSpan | None:
    """A quote opening its sentence right after another speaker's quote, with nobody else
    named in between, carries on that speaker (interviews: "Et l’hiver ? « … »")."""
    last = hits[-1] if hits else None
    if last is None or last.end < ctx.sentence_start(open_, back=2):
        return None
    if any(s.name != last.speaker for s in ctx.named_between(last.end, open_)):
        return None
    return _carrier(last)


def _carrier(hit: QuoteHit) -> SpeakerSpan:
    """The speaker of an earlier quote, as a span (only its name and id are used)."""
    return SpeakerSpan(hit.start, hit.end, hit.speaker, hit.speaker_id)


def _name_gender(name: str) -> str:
    """Gender that the region's surnames show (-ova/-eva: "f", -ov/-ev: "m"), else ""."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    last = ("".join(c for c in folded if not unicodedata.combining(c)).split() or [""])[-1]
    return next((g for g, ending in GENDER_ENDINGS if ending.search(last)), "")


def _antecedent(ctx: Context, open_: int, hits: list[QuoteHit], gender: str) -> SpeakerSpan | None:
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
        return openers[-1] if openers else _carrier(last)
    subjects = [s for s in recent if SUBJECT_NEXT.match(ctx.text, s.end)]
    if subjects or recent:
        return (subjects or recent)[-1]
    window = ctx.sentence_start(open_, back=4)
    if last is not None and last.end >= window:
        return _carrier(last)
    earlier = [s for s in ctx.named_between(window, open_) if agrees(s.name)]
    return earlier[-1] if earlier else None
