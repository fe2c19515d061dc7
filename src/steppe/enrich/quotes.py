"""Direct quotations and who said them, in French, English and Russian news copy.

Person mentions come from the entity stage, so this module decides which quoted passages are
speech, a quotation over several paragraphs (« … ¶ « … ») or split by its speech verb
(«…, — заявил X. — …») being one in parts; ``quote_speakers`` decides which mention introduces
each from the cues of its sentence, ``quote_sequences`` from the sentences around it
(interviews, features), ``quote_referents`` who a pronoun or a title stands for, and
``quote_cues`` holds the words they read (saying verbs, sources, titles of works), loaded from
``resources/quote_cues.json`` and ``resources/quote_titles.json``.

Not kept, and why: quotes of one to three words (« messagerie nationale ») are terms, not
speech; titles of works, laws and operations (le livre « … », la loi « … ») are names; a
question put to voters (la question « Approuvez-vous … ? ») is the ballot's, not the words of
whoever signed the decree; a quote whose speaker is unnamed ("un responsable a déclaré") is
dropped: a wrong name is worse than none.
"""

from __future__ import annotations

import re

from steppe.enrich.quote_cues import (
    ABBREV, AFTER, AFTER_PRONOUN, BALLOT_CONTEXT, BALLOT_OPENING, INCISE, SENTENCE_END, WORDS,
    WORK_TITLE,
)
from steppe.enrich.quote_context import Context, QuoteHit, SpeakerSpan
from steppe.enrich.quote_speakers import attribute

__all__ = ["QuoteHit", "SpeakerSpan", "find_quotes"]

_CLOSERS = {"«": "»", "“": "”", "„": "“”", "‹": "›"}
_MAX_QUOTE = 1500
_MARKS = re.compile("[" + re.escape("".join(sorted({*_CLOSERS, *"".join(_CLOSERS.values())}))) + "\n]")
_STRAIGHT = re.compile(r'(?<![\w"])"(?=\S)([^"\n]{1,1500}?)(?<=\S)"(?!\w)')
# English single quotes (‘…’, in headlines above all): ’ between letters is an apostrophe.
_SINGLE = re.compile(r"(?<!\w)‘(?=\S)((?:[^‘’\n]|(?<=\w)’(?=\w)){1,1500}?)(?<=\S)’(?!\w)")
_ABBREVIATIONS = re.compile(r"\s*(?:[A-ZА-ЯЁ]{2,5}\s+){1,3}")
_SPACES = " \t\r\n\u00a0\u202f\u2009\u2007"


def find_quotes(text: str, speakers: list[SpeakerSpan]) -> list[QuoteHit]:
    """Direct quotations in ``text`` attributed to one of ``speakers``, in text order.
    A quotation running over several paragraphs is attributed once, as a whole, and gives one
    hit per paragraph."""
    marks, continued = _quote_spans(text)
    groups = [g for g in _grouped(marks, continued) if _is_quotation(text, g[0][0], g[-1][1])]
    quotations = tuple((g[0][0], g[-1][1]) for g in groups)
    everyone = tuple(sorted(speakers, key=lambda s: s.start))
    outside = tuple(s for s in everyone if not any(a < s.start and s.end <= b for a, b in marks))
    ctx = Context(text, tuple(marks), quotations, outside, everyone, _sentence_starts(text, marks))
    hits: list[QuoteHit] = []
    for group, (open_, close) in zip(groups, quotations):
        # «A, — заявил X. — B»: the speaker follows the first part
        incise = len(group) > 1 and "\n" not in text[group[0][1]:group[1][0]]
        speaker = attribute(ctx, open_, close, hits, (group[0][1], group[1][0]) if incise else None)
        for part in group if speaker is not None else ():
            start, end = _content(text, *part)
            hits.append(QuoteHit(start, end, text[start:end], speaker.name, speaker.entity_id))
    return hits


def _quote_spans(text: str) -> tuple[list[tuple[int, int]], dict[int, int]]:
    """Top-level (open mark, close mark) positions, inner quotes belonging to their outer one,
    and which span carries on which: a quote left open at a paragraph's end and opened again
    at the next one's start (« … ¶ « … ») is one quotation in parts; a part "closes" where its
    paragraph ends."""
    spans: list[tuple[int, int]] = []
    continued: dict[int, int] = {}
    stack: list[tuple[int, str]] = []
    inner: list[tuple[int, int]] = []  # closed inside the open top-level quote
    for mark in _MARKS.finditer(text):  # only marks and line ends change anything below
        i, ch = mark.start(), mark.group()
        if stack and i - stack[0][0] > _MAX_QUOTE:
            stack.clear()  # an unclosed mark must not swallow the rest of the article
            inner.clear()
        if ch == "\n" and len(stack) == 1 and _stray(text, inner):
            spans += inner  # «À quoi bon ? «C’est ma règle», a-t-il dit. ¶: the first « is stray
            stack.clear()
        if len(stack) == 1 and ch == stack[0][1] and _reopens(text, stack[0][0], i):
            spans.append((stack[0][0], len(text[:i].rstrip(_SPACES))))
            continued[i] = stack[0][0]
            stack[0] = (i, ch)
        elif stack and ch in _CLOSERS[stack[-1][1]]:
            start, _ = stack.pop()
            if len(stack) == 1 and _merged_close(text, stack[0][0], start, i):
                start, _ = stack.pop()  # АО «НАК «Казатомпром», …: one » closes both
            if len(stack) == 1:
                inner.append((start, i))
            if not stack:
                spans.append((start, i))
        elif ch in _CLOSERS:
            stack.append((i, ch))
        if not stack:
            inner.clear()
    for m in [*_STRAIGHT.finditer(text), *_SINGLE.finditer(text)]:
        if not any(a <= m.start() <= b or a <= m.end() - 1 <= b for a, b in spans):
            spans.append((m.start(), m.end() - 1))
    _straight_parts(text, spans, continued)
    _split_incises(text, spans, continued)
    return sorted(spans), continued


def _split_incises(text: str, spans: list[tuple[int, int]], continued: dict[int, int]) -> None:
    """«A, — заявил X. — B»: a quotation split by a speech verb between dashes is two parts of
    one quotation, the verb and its speaker lying outside both (so the speaker is found after
    the first part, as in «A», — заявил X). The second part "opens" just before its words."""
    for index, (open_, close) in enumerate(list(spans)):
        parts, at = [], open_
        for m in INCISE.finditer(text, open_ + 1, close):
            parts.append((at, m.start() + (m.group("cut") != ",")))  # «Стоп! — …»: "!" stays
            continued[m.end() - 1] = at
            at = m.end() - 1
        if parts:
            spans[index] = parts[0]
            spans += parts[1:] + [(at, close)]
            for later, earlier in list(continued.items()):  # a next paragraph carries on the last
                if earlier == open_ and later > close:
                    continued[later] = at


def _merged_close(text: str, outer: int, inner: int, close: int) -> bool:
    """Whether a closing mark ends both a name and the name quoted in it, as Russian type often
    has it (АО «НАК «Казатомпром»): the outer quote holds only an abbreviation before the inner
    one (НАК, АО), and no second mark follows."""
    return text[outer] == "«" and text[close + 1:close + 2] != "»" and bool(
        _ABBREVIATIONS.fullmatch(text, outer + 1, inner))


def _stray(text: str, inner: list[tuple[int, int]]) -> bool:
    """Whether a quote still open at a paragraph's end holds a whole quotation with its saying
    verb (« … », a déclaré X): then its opening mark was stray, and that inner quote is one."""
    return any(AFTER.match(text, close + 1) or AFTER_PRONOUN.match(text, close + 1)
               for _, close in inner)


def _reopens(text: str, open_: int, at: int) -> bool:
    """Whether the mark at ``at`` opens a paragraph that continues the quote open at ``open_``."""
    return "\n" in text[open_:at] and not text[text.rfind("\n", 0, at) + 1:at].strip(_SPACES)


def _straight_parts(text: str, spans: list[tuple[int, int]], continued: dict[int, int]) -> None:
    """"… ¶ "…": a straight quote left open at a paragraph's end, the next paragraph opening
    with one, is the first part of a quotation over several paragraphs."""
    for line in re.finditer(r"[^\n]+", text):
        marks = [m.start() for m in re.finditer('"', line.group())]
        follows = re.match(r'\n\s*"', text[line.end():])
        if len(marks) % 2 == 0 or not follows:
            continue
        open_ = line.start() + marks[-1]
        if text[open_ + 1:open_ + 2].strip() and not any(a <= open_ <= b for a, b in spans):
            spans.append((open_, len(text[:line.end()].rstrip(_SPACES))))
            continued[line.end() + follows.end() - 1] = open_


def _grouped(marks: list[tuple[int, int]],
             continued: dict[int, int]) -> list[list[tuple[int, int]]]:
    """The spans as quotations: each a list of its parts, in text order."""
    groups: list[list[tuple[int, int]]] = []
    for span in marks:
        if span[0] in continued and groups and groups[-1][-1][0] == continued[span[0]]:
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def _content(text: str, open_: int, close: int) -> tuple[int, int]:
    """Offsets of the quoted words: no marks, no edge spaces, no trailing comma ("…," he said)."""
    start, end = open_ + 1, close
    while start < end and text[start] in _SPACES:
        start += 1
    while end > start and text[end - 1] in _SPACES + ",":
        end -= 1
    return start, end


def _is_quotation(text: str, open_: int, close: int) -> bool:
    """Speech rather than a term, a name or a title: four words, or a short whole sentence;
    not a question put to voters (la question « Approuvez-vous … ? »), which is the ballot's."""
    start, end = _content(text, open_, close)
    words = WORDS.findall(text[start:end])
    sentence = len(words) >= 2 and text[start:end][-1:] in ".!?…"
    long_words = [w for w in words if len(w) >= 4]
    if not sentence and (len(words) < 4 or long_words and all(w[0].isupper() for w in long_words)):
        return False  # « Asie centrale », « Central Asia Investment Forum »
    before = text[max(0, open_ - 60):open_]
    if text[start:end].rstrip(_SPACES + ".»”\"").endswith("?") and (
            BALLOT_OPENING.match(text, start) or BALLOT_CONTEXT.search(before)):
        return False
    return not WORK_TITLE.search(before[-40:])


def _sentence_starts(text: str, marks: list[tuple[int, int]]) -> tuple[int, ...]:
    """Offsets where sentences begin, ignoring full stops inside quotes and after initials."""
    starts = [0]
    for m in SENTENCE_END.finditer(text):
        inside = any(a < m.end() <= b for a, b in marks)
        initial = m.group().startswith(".") and ABBREV.search(text[max(0, m.start() - 4):m.end()])
        if not inside and not initial:
            starts.append(m.end())
    return tuple(starts)
