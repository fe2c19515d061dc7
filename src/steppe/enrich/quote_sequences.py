"""Who speaks a quotation that opens its sentence with no cue of its own, from the sentences
around it, as features and interviews write them: the answer to a question line is the
interviewee's ("Et l’avenir ?" ¶ « … »), a short pronoun sentence introduces the words ("Il
sourit. « … »"), a sentence opening on a named source carries on ("Pour l’anthropologue X, … .
« … »"), and a quote right after another speaker's, with nobody else named, carries that
speaker on. Kept apart from ``quote_speakers``, which reads the cues of the quote's own
sentence."""

from __future__ import annotations

import re

from steppe.enrich.quote_context import Context, QuoteHit, SpeakerSpan, carrier, titles_only
from steppe.enrich.quote_cues import PREDICATE, PRONOUN_OPENING, SOURCE_OPENING
from steppe.enrich.quote_referents import anaphor

__all__ = ["after_question", "answer", "continuation", "pronoun_sentence", "source_sentence",
           "subject_sentence"]


def answer(ctx: Context, open_: int, hits: list[QuoteHit]) -> SpeakerSpan | None:
    """Interviews: a quote opening the paragraph after a question ("Et l’avenir ?", "Votre
    roman s’ouvre sur …") answers it, as the speaker of the last answer did; not whoever was
    quoted last in the narration between."""
    if not after_question(ctx.text, open_):
        return None
    answers = [h for h in hits if after_question(ctx.text, h.start)]
    return carrier(answers[-1]) if answers else None


def after_question(text: str, at: int) -> bool:
    """Whether ``at`` opens a paragraph (a quote mark may stand first) that follows a question
    line: short, no quote marks, ending with "?" or "…"."""
    line_start = text.rfind("\n", 0, at) + 1
    if text[line_start:at].strip(" «“\"\u00a0"):
        return False
    before = text[:line_start].rstrip()
    question = before[before.rfind("\n") + 1:]
    return 0 < len(question) <= 200 and question.endswith(("?", "…")) and not re.search(
        r"[«»“”\"]", question)


def pronoun_sentence(ctx: Context, open_: int) -> SpeakerSpan | None:
    """« … » after a short sentence of a pronoun and its verb, in the same paragraph ("Il
    sourit.", "Elle rit un peu."): the gesture introduces the words, the pronoun speaks."""
    start = ctx.sentence_start(open_, back=1)
    sentence = ctx.text[start:open_]
    if start == ctx.sentence_start(open_) or "\n" in sentence or len(sentence) > 40 \
            or ctx.named_between(start, open_) or any(start <= a < open_ for a, _ in ctx.marks):
        return None
    opening = PRONOUN_OPENING.match(sentence)
    return anaphor(opening.group("pron")) if opening and len(sentence.split()) <= 6 else None


def subject_sentence(ctx: Context, open_: int) -> SpeakerSpan | None:
    """« … » right after a sentence of the same paragraph about one named person, its subject
    ("Dinara Seitova hausse les épaules.", "Sur la place, X vend des melons depuis l’aube."):
    features let the portrait introduce the words."""
    start = ctx.sentence_start(open_, back=1)
    sentence = ctx.text[start:open_]
    named = ctx.named_between(start, open_)
    if start == ctx.sentence_start(open_) or "\n" in sentence or len(sentence) > 200 \
            or not named or len({s.name for s in named}) > 1 \
            or any(start <= a < open_ for a, _ in ctx.marks) \
            or not ctx.text[open_ + 1:open_ + 3].strip()[:1].isupper():
        return None
    adverbial = re.match(r"\s*(?:[^,.;:!?«»“”\"\n]{0,60},\s*)?", sentence)
    first = named[0]
    if first.start != start + adverbial.end() or not PREDICATE.match(ctx.text, first.end):
        return None
    return first


def source_sentence(ctx: Context, open_: int) -> SpeakerSpan | None:
    """« … » right after a sentence opening on a named source ("Pour l’anthropologue X, de
    l’Inalco, la fête a survécu à tout.") carries that source's view on."""
    start = ctx.sentence_start(open_, back=1)
    if start == ctx.sentence_start(open_) or "\n" in ctx.text[start:open_]:
        return None
    opening = SOURCE_OPENING.match(ctx.text, start, open_)
    named = ctx.named_between(start, open_)
    if opening is None or not named or any(start <= a < open_ for a, _ in ctx.marks):
        return None
    gap = ctx.text[opening.end():named[0].start]
    return named[0] if len(gap) <= 40 and titles_only(gap) and not re.search(",", gap) \
        and len({s.name for s in named}) == 1 else None


def continuation(ctx: Context, open_: int, hits: list[QuoteHit]) -> SpeakerSpan | None:
    """A quote opening its sentence right after another speaker's quote, with nobody else
    named in between, carries on that speaker (interviews: "Et l’hiver ? « … »")."""
    last = hits[-1] if hits else None
    if last is None or last.end < ctx.sentence_start(open_, back=2):
        return None
    if any(s.name != last.speaker for s in ctx.named_between(last.end, open_)):
        return None
    return carrier(last)
