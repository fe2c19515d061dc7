"""Direct quotations and who said them, in French, English and Russian news copy.

Person mentions come from the entity stage, so this module decides which quoted passages are
speech; ``quote_speakers`` decides which mention introduces each, and ``quote_cues`` holds the
words both read (saying verbs, sources, titles of works), loaded from ``resources/quote_cues.json``.

Not kept, and why: quotes of one to three words (« messagerie nationale ») are terms, not
speech; titles of works and operations (le livre « … ») are names; a quote whose speaker is
unnamed ("un responsable a déclaré") is dropped: a wrong name is worse than none.
"""

from __future__ import annotations

import re

from steppe.enrich.quote_cues import ABBREV, SENTENCE_END, WORDS, WORK_TITLE
from steppe.enrich.quote_context import Context, QuoteHit, SpeakerSpan
from steppe.enrich.quote_speakers import attribute

__all__ = ["QuoteHit", "SpeakerSpan", "find_quotes"]

_CLOSERS = {"«": "»", "“": "”", "„": "“”", "‹": "›"}
_MAX_QUOTE = 1500
_STRAIGHT = re.compile(r'(?<![\w"])"(?=\S)([^"\n]{1,1500}?)(?<=\S)"(?!\w)')
_SPACES = " \t\r\n\u00a0\u202f\u2009\u2007"


def find_quotes(text: str, speakers: list[SpeakerSpan]) -> list[QuoteHit]:
    """Direct quotations in ``text`` attributed to one of ``speakers``, in text order."""
    marks = tuple(_quote_spans(text))
    quotations = tuple(m for m in marks if _is_quotation(text, *m))
    everyone = tuple(sorted(speakers, key=lambda s: s.start))
    outside = tuple(s for s in everyone if not any(a < s.start and s.end <= b for a, b in marks))
    ctx = Context(text, marks, quotations, outside, everyone, _sentence_starts(text, marks))
    hits: list[QuoteHit] = []
    for open_, close in quotations:
        speaker = attribute(ctx, open_, close, hits)
        if speaker is not None:
            start, end = _content(text, open_, close)
            hits.append(QuoteHit(start, end, text[start:end], speaker.name, speaker.entity_id))
    return hits


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Top-level (open mark, close mark) positions; inner quotes belong to their outer one."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[int, str]] = []
    for i, ch in enumerate(text):
        if stack and i - stack[0][0] > _MAX_QUOTE:
            stack.clear()  # an unclosed mark must not swallow the rest of the article
        if stack and ch in _CLOSERS[stack[-1][1]]:
            start, _ = stack.pop()
            if not stack:
                spans.append((start, i))
        elif ch in _CLOSERS:
            stack.append((i, ch))
    for m in _STRAIGHT.finditer(text):
        if not any(a <= m.start() <= b or a <= m.end() - 1 <= b for a, b in spans):
            spans.append((m.start(), m.end() - 1))
    return sorted(spans)


def _content(text: str, open_: int, close: int) -> tuple[int, int]:
    """Offsets of the quoted words: no marks, no edge spaces, no trailing comma ("…," he said)."""
    start, end = open_ + 1, close
    while start < end and text[start] in _SPACES:
        start += 1
    while end > start and text[end - 1] in _SPACES + ",":
        end -= 1
    return start, end


def _is_quotation(text: str, open_: int, close: int) -> bool:
    """Speech rather than a term, a name or a title: four words, or a short whole sentence."""
    start, end = _content(text, open_, close)
    words = WORDS.findall(text[start:end])
    sentence = len(words) >= 2 and text[start:end][-1:] in ".!?…"
    long_words = [w for w in words if len(w) >= 4]
    if not sentence and (len(words) < 4 or long_words and all(w[0].isupper() for w in long_words)):
        return False  # « Asie centrale », « Central Asia Investment Forum »
    return not WORK_TITLE.search(text[max(0, open_ - 40):open_])


def _sentence_starts(text: str, marks: tuple[tuple[int, int], ...]) -> tuple[int, ...]:
    """Offsets where sentences begin, ignoring full stops inside quotes and after initials."""
    starts = [0]
    for m in SENTENCE_END.finditer(text):
        inside = any(a < m.end() <= b for a, b in marks)
        initial = m.group().startswith(".") and ABBREV.search(text[max(0, m.start() - 4):m.end()])
        if not inside and not initial:
            starts.append(m.end())
    return tuple(starts)
