"""Sentences of a stored text, found again from a span: what briefings quote.

Agenda lines, timeline facts, digest summaries and key figures all point back to "the
sentence that says it". The enrichment keeps character spans (a date, an amount, a quote)
but not sentence boundaries, and spaCy stays inside ``enrich`` (the layer rule), so the
boundaries are found here, by rule: a sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any
closing quote or bracket) followed by a space and what can start a sentence, except after
the abbreviations and initials of French, English and transliterated Russian names
("M.", "Mme", "J.-M.", "art.", "St."); a line break always ends one (dumps put headline and
lead on separate lines). The sentence is copied whole, never rewritten: briefings contain no
generated text.
"""

from __future__ import annotations

import re
from typing import Iterator

# abbreviations after which a full stop does not end a sentence (compared in lower case)
ABBREVIATIONS = frozenset("""
    m mm mme mmes mlle mlles dr pr me st ste cf etc env art al réf p pp vol no nos n°
    av apr j.-c jc ex fig chap éd ed hon gén col cdt lt sgt sen rep gov mr mrs ms jr sr vs
    inc ltd co corp dept univ prof min ambass adj
""".split())
_END = re.compile(r"[.!?…]+(?:[ \u00a0\u202f]?[»\"”’)\]])*(?=\s)")
_STARTER = re.compile(r"\s+[«\"“(\[]?\s*[A-ZÀ-ÖØ-ÞА-ЯЁ0-9]")
_WORD_BEFORE = re.compile(r"([\w.\-']+)$")
MAX_CHARS = 600   # a "sentence" longer than this (a list, a table) is cut around the span


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, in order, without surrounding spaces."""
    return list(_spans(text))


def _spans(text: str) -> Iterator[tuple[int, int]]:
    for line_start, line in _lines(text):
        start = 0
        for match in _END.finditer(line):
            end = match.end()
            if not _STARTER.match(line, end) or _abbreviation(line, match.start()):
                continue
            yield from _trimmed(line_start, line, start, end)
            start = end
        yield from _trimmed(line_start, line, start, len(line))


def _lines(text: str) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def _trimmed(base: int, line: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    piece = line[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        yield base + start + lead, base + start + lead + len(stripped)


def _abbreviation(line: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` closes an abbreviation or an initial, not a sentence."""
    if line[dot] != ".":
        return False
    match = _WORD_BEFORE.search(line, 0, dot)
    if not match:
        return False
    word = match.group(1).lower().strip("-'")
    last = word.split(".")[-1].split("-")[-1]
    if word in ABBREVIATIONS or last in ABBREVIATIONS:
        return True
    return len(last) == 1 and last.isalpha()   # an initial: "J.", "K.-J."


def sentence_at(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """The sentence holding ``text[start:end]`` (several, when the span crosses a boundary),
    cut to about MAX_CHARS around the span when it is a run-on list."""
    end = start if end is None else end
    first, last = None, None
    for s, e in _spans(text):
        if e < start:
            continue
        if first is None:
            first = s
        last = e
        if e >= end:
            break
    if first is None or last is None:
        return start, max(start, end)
    first = min(first, start)
    if last - first > MAX_CHARS:
        first = max(first, start - MAX_CHARS // 2)
        last = min(last, max(end, first + MAX_CHARS))
    return first, last


def sentence_text(text: str, start: int, end: int | None = None) -> str:
    s, e = sentence_at(text, start, end)
    return text[s:e]
