"""Sentences and quotations of a text, as character ranges, without a parser.

Why not spaCy's sentencizer: the enrichment pipeline has no parser (it would cost the whole
text), and events only need clause-sized windows: a line, or a stop followed by a capital.
"""

from __future__ import annotations

import re

# a stop, then space, then what starts a sentence; not after an initial (J.) or an
# abbreviation of a title (M., MM., Mme., Dr.)
_BOUNDARY = re.compile(r"(?<![\s(][A-ZÀ-Ý])(?<!\bM)(?<!\bMM)(?<!\bMme)(?<!\bDr)(?<!\bSt)"
                       r"[.!?…]+[»”\"]?[ \u00a0\u202f]+(?=[«“\"(A-ZÀ-ÝЀ-Я0-9])")
_LINE = re.compile(r"\n+")
_QUOTE = re.compile(r"«[^«»]{1,2000}»|“[^“”]{1,2000}”")
MAX_SENTENCE = 1200  # characters: longer stretches (lists, tables) are cut into windows


def sentence_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, in order, without surrounding spaces."""
    out: list[tuple[int, int]] = []
    quotes = quote_ranges(text)
    start = 0
    for line in _LINE.split(text):
        end_of_line = start + len(line)
        begin = start
        for m in _BOUNDARY.finditer(text, start, end_of_line):
            if any(qs < m.end() < qe for qs, qe in quotes):
                continue  # a stop inside a quotation does not end the reporting sentence
            _add(out, text, begin, m.end())
            begin = m.end()
        _add(out, text, begin, end_of_line)
        start = end_of_line
        while start < len(text) and text[start] == "\n":
            start += 1
    return out


def _add(out: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:  # a runaway "sentence": windows, cut at a space
        cut = text.rfind(" ", start, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        out.append((start, cut))
        start = cut + 1
    if end > start:
        out.append((start, end))


def quote_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation between « » or “ ”; not the narrator's own verb quoted
    right after its auxiliary (``narrator_quotes``)."""
    theirs = {m.start(2) - 1 for m in narrator_quotes(text)}
    return [(m.start(), m.end()) for m in _QUOTE.finditer(text) if m.start() not in theirs]


# « a « catégoriquement rejeté » ces accusations »: a few words quoted right after an
# auxiliary are the narrator's verb, not somebody's words
_QUOTED_VERB = re.compile(r"(?<!\w)((?:a|ont|avait|avaient|est|sont)\s+)«([^«»]{1,80})»")


def narrator_quotes(text: str) -> list[re.Match[str]]:
    """The quotations of a few words (six at most) right after an auxiliary; group 1 is the
    auxiliary with its space, group 2 the quoted words."""
    return [m for m in _QUOTED_VERB.finditer(text) if len(m.group(2).split()) <= 6]
