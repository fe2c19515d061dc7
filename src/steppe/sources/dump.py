"""Segment a raw news-listing dump (headlines and leads, no markup) into articles.

A listing alternates headline lines and lead paragraphs, but real dumps bend the pattern: the
first lead may have lost its headline, a lead may wrap over two lines, headlines may or may not
end with a period, blank lines and rubric prefixes ("Kirghizstan : …") come and go. We label
each line headline (T) or lead (L) with a small Viterbi decoder: per-line evidence (length,
inner sentence breaks, final punctuation, rubric, lower-case start) plus the listing's rhythm
(T→L and L→T are cheap, T→T and L→L dear). In a hard-wrapped dump (no line over ``WRAP_MAX``)
a lead line too full for the next line's first word, or without a final stop, makes the next
line its continuation. Date lines, bylines and rubric lines above a headline are neither T nor
L: the decoder carries them along and they land on their segment's ``dateline``/``published``,
``byline`` and ``rubric``. Every other character of every line ends in exactly one segment's
title or text, so no text is dropped or duplicated.

Big dumps are segmented as they are read (``segment_stream``): a label is final as soon as
the best path ending in a headline and the best path ending in a lead agree on it, which in
a listing happens within a line or two, so the decoder holds a few lines, not the file, and
gives the very segments a whole-file pass gives. Only if the two paths disagreed for
``WINDOW`` lines (no listing does) would the older half be settled on the current best path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from steppe.errors import RecordError, grouped
from steppe.model import Article
from steppe.sources.dump_meta import dateline_date, meta_kind

TITLE, LEAD = 0, 1
_INNER_SENTENCE = re.compile(r"[.!?…»”](?:\s+)[A-ZÀ-ÖØ-Þ«“]")
_RUBRIC = re.compile(r"^[^:.!?]{2,45}\s:\s")
_FINAL_STOP = re.compile(r"[.…]\s*[»”\")]?$")
_CUT = re.compile(r"(?:\.\.\.|…|\[…\]|\(…\))\s*$")
_TERMINAL = re.compile(r"[.!?…»”\")]\s*$")
# log-scores of moving from one label to the next, indexed [prev][next]
_TRANSITION = ((-3.0, 0.0), (0.0, -2.0))
_TRANSITION_AFTER_BLANK = ((-1.5, 0.0), (0.0, -4.0))
_START = (0.0, -0.5)
_END = (-2.0, 0.0)
# hard-wrapped listings: a lead line too full for the next line's first word continues
WRAP_MIN, WRAP_MAX = 60, 100  # hard wraps seen: the longest line so far is within these
_FULL_OPEN = (-2.5, 0.0)         # L→T, L→L after a full lead line without a final stop
_FULL_STOP = (-1.0, -0.5)        # after a full lead line ending a sentence
_FULL_STOP_BLANKS = (-2.5, -0.5)  # … in a listing that separates items with blank lines
_OPEN = (-1.5, -0.5)             # after a lead line without a final stop, not full
_DANGLING = re.compile(r"(?:^|\s)(?:le|la|les|l’|l'|un|une|des|du|de|d’|d'|à|au|aux|et|ou|en|par|"
                       r"pour|sur|dans|avec|sans|sous|entre|qui|que|qu’|dont|ce|cette|ces|son|sa|"
                       r"ses|leur|leurs|a|ont|est|sont|ne|n’|se|s’)$|[,;:’'-]$", re.IGNORECASE)
DANGLING = -2.5     # a hard-wrapped line ending on an article, a preposition, a comma: no headline
LOWER_AFTER_TITLE = -2.0  # a hard-wrapped lead does not open on a lower-case word
TITLE_GOES_ON = 0.0  # T→T into a line that carries on a hard-wrapped headline (else −3)
WINDOW = 10_000  # lines the two best paths may disagree on before the older half is settled


@dataclass
class Segment:
    """One article as found in the dump, with the 1-based line numbers it came from."""

    title: str | None
    text: str
    line_title: int | None
    line_text: int | None
    truncated: bool = False
    oversize: int = 0  # the text's length when it was longer than allowed (and not kept)
    rubric: str | None = None    # a rubric line above the headline ("ÉCONOMIE")
    byline: str | None = None    # "Par Aïgerim Seitkali"
    dateline: str | None = None  # "Publié le 12/09/2025 à 10:32", as given
    published: str | None = None  # the dateline's date, ISO


@dataclass
class _Line:
    number: int
    text: str
    after_blank: bool
    kind: str = ""  # "", or a line that is no headline nor lead: "rubric", "byline", "date"
    continues: bool = False  # hard-wrapped, it may carry on the headline above (set by the decoder)


def _kinds(lines: Iterable[_Line]) -> Iterator[_Line]:
    """Lines with their kind set; a rubric only when a headline-like line follows it at once."""
    held: _Line | None = None
    for line in lines:
        line.kind = meta_kind(line.text)
        if held is not None:
            if line.after_blank or line.kind or title_evidence(line.text) <= 0:
                held.kind = ""
            yield held
            held = None
        if line.kind == "rubric":
            held = line
            continue
        yield line
    if held is not None:
        held.kind = ""
        yield held


def _marked(lines: Iterable[_Line]) -> Iterator[_Line]:
    """``_kinds``, the line after date, byline or rubric lines inheriting their blank before."""
    blank = False
    for line in _kinds(lines):
        if line.kind:
            blank = blank or line.after_blank
        else:
            line.after_blank = line.after_blank or blank
            blank = False
        yield line


def title_evidence(line: str, lower_ok: bool = False) -> float:
    """Log-odds that a line is a headline rather than lead text (positive: headline);
    ``lower_ok`` for the second line of a wrapped headline, which may open lower-case."""
    n = len(line)
    score = 2.0 if n < 60 else 0.8 if n < 130 else -1.0 if n < 200 else -3.0
    score -= 2.5 * len(_INNER_SENTENCE.findall(line))
    if _FINAL_STOP.search(line):
        score -= 1.2
    if _RUBRIC.match(line):
        score += 1.0
    if line[:1].islower() and not lower_ok:
        score -= 3.0  # a lower-case start continues a wrapped lead
    return score


def label_lines(lines: list[_Line]) -> list[int]:
    """Most likely TITLE/LEAD label sequence (Viterbi over two states)."""
    decoder = _OnlineViterbi()
    out = [label for line in lines for _, label in decoder.push(line)]
    return out + [label for _, label in decoder.finish()]


class _OnlineViterbi:
    """Two-state Viterbi that hands each label over as soon as no later line can change it.

    The best path ending in TITLE and the best ending in LEAD are traced back; where they
    meet, everything before is shared by every path the future can pick, so it is final.
    Scores are summed in the same order as a whole-file pass, so ties break the same way.
    """

    def __init__(self, window: int = WINDOW) -> None:
        self.window = window
        self.pending: list[_Line] = []
        self.back: list[tuple[int, int]] = []  # per pending line: best previous state of each
        self.best: tuple[float, float] | None = None
        self._next_try = 1
        self.previous: str | None = None  # the last headline or lead line
        self.width = 0  # the longest line so far
        self.wrap = 0  # the longest line so far that a lower-case line continued: the wrap width
        self.blanks = False  # a blank line has separated two lines
        self.previous_opens = False  # the last line could open an item (and be a headline)

    def push(self, line: _Line) -> list[tuple[_Line, int]]:
        """Add a line; the (line, label) pairs that became final, in order."""
        if line.kind:  # no headline nor lead: carried along, each state stays as it was
            if self.best is None:
                return [(line, LEAD)]
            self.pending.append(line)
            self.back.append((TITLE, LEAD))
            return []
        self.width = max(self.width, len(line.text))
        if self.previous and not line.after_blank and line.text[:1].islower():
            self.wrap = max(self.wrap, len(self.previous))
        # a headline wraps once, and its first line opens an item (at the top, after a blank or
        # after a sentence's end); its second line is headline-like but may open lower-case
        line.continues = bool(self._wrapped() and self.previous and not line.after_blank
                              and self.previous_opens
                              and (line.text[:1].islower() or _DANGLING.search(self.previous))
                              and title_evidence(line.text, lower_ok=True) > 0)
        self.previous_opens = (line.after_blank or not self.previous
                               or bool(_TERMINAL.search(self.previous)))
        emit = (title_evidence(line.text), 0.0)
        if self._wrapped() and _DANGLING.search(line.text):
            emit = (emit[TITLE] + DANGLING, 0.0)
        if self.best is None:
            self.best, ptr = (_START[TITLE] + emit[TITLE], _START[LEAD] + emit[LEAD]), (0, 0)
        else:
            self.blanks = self.blanks or line.after_blank
            trans = self._transition(line)
            row, ptrs = [], []
            for s in (TITLE, LEAD):
                cands = [self.best[p] + trans[p][s] for p in (TITLE, LEAD)]
                p = max((TITLE, LEAD), key=lambda k: cands[k])
                row.append(cands[p] + emit[s])
                ptrs.append(p)
            self.best, ptr = (row[0], row[1]), (ptrs[0], ptrs[1])
        self.previous = line.text
        self.pending.append(line)
        self.back.append(ptr)
        return self._release() if len(self.pending) >= self._next_try else []

    def _transition(self, line: _Line) -> tuple[tuple[float, float], tuple[float, float]]:
        """Transition scores into ``line``; in a hard-wrapped listing, a lead line with no room
        left for this line's first word (or no final stop) makes this line its continuation."""
        if line.after_blank:
            return _TRANSITION_AFTER_BLANK
        previous = self.previous or ""
        if not self._wrapped() or not previous:
            return _TRANSITION
        after_title = _TRANSITION[TITLE]
        if line.continues:  # "… un accord sur le partage" / "des eaux du Syr-Daria"
            after_title = (TITLE_GOES_ON, after_title[LEAD])
        if line.text[:1].islower():
            after_title = (after_title[TITLE], after_title[LEAD] + LOWER_AFTER_TITLE)
        full = len(previous) + 1 + len(line.text.split(None, 1)[0]) > (self.wrap or self.width)
        if not _TERMINAL.search(previous):
            return after_title, _FULL_OPEN if full else _OPEN
        if full:
            return after_title, _FULL_STOP_BLANKS if self.blanks else _FULL_STOP
        return after_title, _TRANSITION[LEAD]

    def _wrapped(self) -> bool:
        """No line so far is longer than a hard wrap, and some are as long as one."""
        return WRAP_MIN <= self.width <= WRAP_MAX

    def finish(self) -> list[tuple[_Line, int]]:
        """The labels of the lines still pending, on the best complete path."""
        if self.best is None or not self.pending:
            return []
        best = self.best
        state = max((TITLE, LEAD), key=lambda s: best[s] + _END[s])
        return self._settle(len(self.pending) - 1, state)

    def _release(self) -> list[tuple[_Line, int]]:
        a, b, k = TITLE, LEAD, len(self.pending) - 1
        while k > 0 and a != b:
            a, b = self.back[k][a], self.back[k][b]
            k -= 1
        if a == b:
            out = self._settle(k, a)
            self._next_try = len(self.pending) + 1
            return out
        if len(self.pending) > self.window:  # never seen in a listing: settle the older half
            best = self.best or (0.0, 0.0)
            state = max((TITLE, LEAD), key=lambda s: best[s])
            for j in range(len(self.pending) - 1, self.window // 2, -1):
                state = self.back[j][state]
            return self._settle(self.window // 2, state)
        self._next_try = 2 * len(self.pending)  # paths apart: look again later, not every line
        return []

    def _settle(self, k: int, state: int) -> list[tuple[_Line, int]]:
        """Release pending lines 0..k, line k having label ``state``."""
        labels = [state]
        for j in range(k, 0, -1):
            state = self.back[j][state]
            labels.append(state)
        out = list(zip(self.pending[:k + 1], reversed(labels)))
        del self.pending[:k + 1], self.back[:k + 1]
        return out


def listing_lines(numbered: Iterable[tuple[int, str]]) -> Iterator[_Line]:
    """Non-blank lines, stripped, each knowing whether a blank line came before it."""
    blank = False
    for number, raw in numbered:
        stripped = raw.strip()
        if not stripped:
            blank = True
            continue
        yield _Line(number, stripped, blank)
        blank = False


def _note(segment: Segment, line: _Line) -> None:
    """Keep a date, byline or rubric line on its segment (the first of each kind)."""
    if line.kind == "rubric":
        segment.rubric = segment.rubric or line.text
    elif line.kind == "byline":
        segment.byline = segment.byline or line.text
    elif segment.dateline is None:
        segment.dateline, segment.published = line.text, dateline_date(line.text)


class _Assembler:
    """Labelled lines → segments; a segment is complete when the next one starts."""

    def __init__(self, max_chars: int | None) -> None:
        self.max_chars = max_chars
        self.current: Segment | None = None
        self.parts: list[str] = []
        self.length = 0
        self.waiting: list[_Line] = []  # date, byline or rubric lines for the next segment

    def add(self, line: _Line, label: int) -> Segment | None:
        current = self.current
        if line.kind:
            if current is None or line.kind == "rubric":
                self.waiting.append(line)
            else:
                _note(current, line)
            return None
        if label == TITLE:
            if line.continues and current is not None and current.title and not self.length:
                current.title = f"{current.title} {line.text}"  # a headline wrapped in two
                return None
            return self._start(Segment(line.text, "", line.number, None))
        if current is not None and (not self.length or not line.after_blank):
            # a rubric-like line that no headline followed (« Kazakhstan : » then lead text) is
            # the lead's own first line: kept as text, never dropped
            for waiting in self.waiting:
                current.line_text = current.line_text or waiting.number
                self._append(waiting.text)
            self.waiting = []
            current.line_text = current.line_text or line.number
            self._append(line.text)
            return None
        return self._start(Segment(None, "", None, line.number), line.text)  # listing cut above

    def _start(self, segment: Segment, text: str | None = None) -> Segment | None:
        done = self.finish(last=False)
        self.current, self.parts, self.length = segment, [], 0
        for waiting in self.waiting:
            _note(segment, waiting)
        self.waiting = []
        if text is not None:
            self._append(text)
        return done

    def _append(self, text: str) -> None:
        self.length += len(text) + (1 if self.length else 0)
        if self.max_chars is None or self.length <= self.max_chars:
            self.parts.append(text)

    def finish(self, last: bool = True) -> Segment | None:
        if last and self.waiting and self.current is None:  # nothing but date or byline lines
            waiting, self.waiting = self.waiting, []
            self._start(Segment(None, "", None, waiting[0].number))
            for line in waiting:
                self._append(line.text)
        seg = self.current
        if seg is None:
            return None
        self.current = None
        if self.max_chars is not None and self.length > self.max_chars:
            seg.oversize = self.length
            return seg
        seg.text = " ".join(self.parts)
        seg.truncated = bool(_CUT.search(seg.text)) or (last and bool(seg.text)
                                                         and not _TERMINAL.search(seg.text))
        return seg


def segment_stream(lines: Iterable[_Line], max_chars: int | None = None) -> Iterator[Segment]:
    """Segments of a listing read line by line, in input order; holds a few lines at a time.

    A segment whose text would pass ``max_chars`` comes out with ``oversize`` set and no text.
    """
    decoder, assembler = _OnlineViterbi(), _Assembler(max_chars)
    for line in _marked(lines):
        for settled, label in decoder.push(line):
            done = assembler.add(settled, label)
            if done is not None:
                yield done
    for settled, label in decoder.finish():
        done = assembler.add(settled, label)
        if done is not None:
            yield done
    last = assembler.finish()
    if last is not None:
        yield last


def segment_dump(text: str) -> list[Segment]:
    """Split a listing dump into segments in input order."""
    return list(segment_stream(listing_lines(enumerate(text.splitlines(), 1))))


def articles_from_dump(text: str, where: str = "dump", source: str | None = None,
                       id_prefix: str = "dump-") -> Iterator[Article]:
    """Articles of a dump, ids ``dump-1``, ``dump-2``… in order (shared/SCHEMA.md)."""
    for item in articles_from_segments(segment_dump(text), where, source, id_prefix):
        assert isinstance(item, Article)  # no size limit here, so no oversize segment
        yield item


def articles_from_segments(segments: Iterable[Segment], where: str, source: str | None = None,
                           id_prefix: str = "dump-") -> Iterator[Article | RecordError]:
    """Articles (ids ``dump-1``… in order), a RecordError for a segment too long to keep."""
    for n, seg in enumerate(segments, 1):
        line = seg.line_text or seg.line_title
        if seg.oversize:
            yield RecordError(where, line, f"texte d’article de {grouped(seg.oversize)} caractères, "
                                           "au-delà de la limite par article (un chapô coupé sur "
                                           "plusieurs lignes ?)")
            continue
        yield Article(id=f"{id_prefix}{n}", title=seg.title, text=seg.text, source=source,
                      truncated=seg.truncated, origin=f"{where}:{line}", published=seg.published)
