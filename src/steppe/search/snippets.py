"""Snippets and highlighted titles: what matched, marked where it matched, and nothing else.

tantivy's snippet generator marks every term of the query wherever it occurs, so a phrase such
as ``Banque mondiale`` (or an entity expanded to « Organisation de coopération de Shanghai »)
lit up every « de », « la » and « des » of the passage. Here a phrase is marked only where its
words follow each other, an entity where the enrichment linked a mention of it, an acronym only
as written, and a single word where its stem or a word of its family occurs. The passage shown is
the window of the text holding the most marks.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

from steppe.index.schema import folding_analyzer, french_analyzer
from steppe.model import Annotation

SNIPPET_CHARS = 220
LEAD_BEFORE = 40                           # context kept before the first mark of the window
_TOKEN = re.compile(r"[^\W_]+")            # tantivy's simple tokenizer: runs of letters/digits
_FR = french_analyzer()
_FOLD = folding_analyzer()
Span = tuple[int, int]


@dataclass
class Marks:
    """What a query asks to mark (built by the compiler, see ``compile.py``)."""

    stems: set[str] = field(default_factory=set)              # single words and their families
    phrases: set[tuple[str, ...]] = field(default_factory=set)  # consecutive analysed words
    capitals: set[str] = field(default_factory=set)           # acronyms, as written
    prefixes: set[str] = field(default_factory=set)           # folded prefixes (électr*)
    entities: set[str] = field(default_factory=set)           # linked entity ids

    def __bool__(self) -> bool:
        return any((self.stems, self.phrases, self.capitals, self.prefixes,
                    self.entities))


@lru_cache(maxsize=100_000)
def _stem(token: str) -> str:
    analysed = _FR.analyze(token)
    return analysed[0] if analysed else ""


@lru_cache(maxsize=100_000)
def _folded(token: str) -> str:
    analysed = _FOLD.analyze(token)
    return analysed[0] if analysed else ""


def spans(text: str, marks: Marks, annotation: Annotation | None, field_name: str) -> list[Span]:
    """Character spans of ``text`` to mark, sorted, without overlaps (the longer one wins)."""
    found: list[Span] = []
    if annotation is not None and marks.entities:
        found += [(m.start, m.end) for e in annotation.entities if e.id in marks.entities
                  for m in e.mentions if m.field == field_name
                  and 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text]
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    stems = [_stem(t) for _, _, t in tokens] if (marks.stems or marks.phrases) else []
    for i, (start, end, token) in enumerate(tokens):
        if marks.capitals and token in marks.capitals:
            found.append((start, end))
        elif stems and stems[i] in marks.stems:
            found.append((start, end))
        elif marks.prefixes and any(_folded(token).startswith(p) for p in marks.prefixes):
            found.append((start, end))
    for phrase in marks.phrases:
        size = len(phrase)
        for i in range(len(tokens) - size + 1):
            if tuple(stems[i:i + size]) == phrase:
                found.append((tokens[i][0], tokens[i + size - 1][1]))
    return longest_first(found)


S = TypeVar("S", bound=tuple)


def longest_first(found: list[S]) -> list[S]:
    """Spans ``(start, end, …)`` in order without overlaps: where two overlap, the longer
    (else the earlier) wins."""
    found = sorted(found, key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[S] = []
    for span in found:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def marked(text: str, marked_spans: list[Span]) -> str:
    """``text`` escaped, with each span in <mark>."""
    out, at = [], 0
    for start, end in marked_spans:
        out.append(html.escape(text[at:start]))
        out.append("<mark>" + html.escape(text[start:end]) + "</mark>")
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out)


def snippet_html(text: str, marks: Marks | None, annotation: Annotation | None = None,
                 size: int = SNIPPET_CHARS) -> str:
    """The passage of ``text`` holding the most marks, escaped, marked; its lead when none."""
    found = spans(text, marks, annotation, "text") if marks else []
    if not found:
        return html.escape(lead(text, size))
    start, end = _best_window(text, found, size)
    inside = [(s - start, e - start) for s, e in found if s >= start and e <= end]
    body = marked(text[start:end], inside)
    before = "…" if start > 0 else ""
    after = "" if end >= len(text) or text[:end].rstrip().endswith((".", "!", "?", "…")) else "…"
    return f"{before}{body}{after}"


def title_html(title: str, marks: Marks | None, annotation: Annotation | None = None) -> str:
    found = spans(title, marks, annotation, "title") if marks and title else []
    return marked(title, found)


def lead(text: str, size: int = SNIPPET_CHARS) -> str:
    """The first ``size`` characters of ``text``, cut at a word, "…" only when cut mid-sentence."""
    if len(text) <= size:
        return text
    cut = text.rfind(" ", 0, size)
    head = text[:cut if cut > 0 else size].rstrip()
    return head if head.endswith((".", "!", "?", "…")) else head + "…"


def _best_window(text: str, found: list[Span], size: int) -> Span:
    """The window of about ``size`` characters, cut at spaces, covering the most marks."""
    best, best_count = (0, 0), -1
    for i, (first, _) in enumerate(found):
        start = _word_start(text, max(0, first - LEAD_BEFORE), first)
        count = sum(1 for s, e in found[i:] if e <= start + size)
        if count > best_count:
            best, best_count = (start, first), count
    start = best[0]
    if len(text) - start < size:                 # the end of the text: show a full window
        start = _word_start(text, max(0, len(text) - size), best[1])
    end = len(text) if start + size >= len(text) else _word_end(text, start + size)
    return start, end


def _word_start(text: str, at: int, limit: int) -> int:
    """A position at or after ``at`` (and not after ``limit``) where a word or sentence starts."""
    if at == 0:
        return 0
    sentence = max(text.rfind(". ", at, limit), text.rfind("! ", at, limit),
                   text.rfind("? ", at, limit))
    if sentence >= 0:
        return sentence + 2
    space = text.find(" ", at, limit)
    return space + 1 if space >= 0 else limit


def _word_end(text: str, at: int) -> int:
    space = text.rfind(" ", 0, at)
    return space if space > 0 else at
