"""Capitalised words that look like names but are page furniture, and names mangled at edges.

Issue 14's classes, each a property of the words around a span, never of one sentence:

* a rubric word heading a text (« ÉCONOMIE », « Sport | … ») or a credit label
  (« PHOTO : AFP », « © … ») is layout, not an organisation; the agency credited stays;
* a stock ticker (« (KASE: KZAP) », « NASDAQ: KSPI ») names a listing, not a company;
* a historical state (URSS, Soviet Union, СССР) is neither an organisation nor a place today;
* a Title Case headline capitalises every word (« Kazakhstan Boosts Uranium Output »): a
  statistical guess there stands only if the body names it too;
* a sentence-start word glued to a name (« Mais Japarov », « Japarov Une ») is cut off;
* a name hyphenated across a line break (« Abdu-⏎salamov ») is one word; a hyphen left at a
  line end before an ordinary word (« Smaïlov-⏎a ») is dropped.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from steppe.enrich.components.class_lexicon import ClassLexicon
from steppe.enrich.doc_state import context, doc_text
from steppe.kb import fold

_SEPARATORS = {":", "|", "–", "—", "/", "-", "•"}
_LINE_BREAK = re.compile(r"[-‐][ \t]*\n[ \t]*(\w+)")
_HYPHEN_IN_BREAK = re.compile(r"[-‐][ \t]*\n[ \t]*(?=[a-zà-öø-ÿа-яё])")
_HYPHEN_AT_BREAK = re.compile(r"([-‐])[ \t]*\n[ \t]*(?=\w)")
_WORD = re.compile(r"[^\W\d_][\w’'\-]*")


def dehyphenate(text: str) -> str:
    """The name as written without its line break: « Abdu-⏎salamov » → « Abdusalamov »,
    « Kara-⏎Suu » → « Kara-Suu »."""
    if "\n" not in text:
        return text
    return _HYPHEN_AT_BREAK.sub(r"\1", _HYPHEN_IN_BREAK.sub("", text))


def continues_a_break(token) -> bool:
    """The lower-case second half of a word hyphenated across a line break (« salamov »)."""
    doc, i = token.doc, token.i
    return i >= 2 and token.text[:1].islower() and "\n" in doc[i - 1].text \
        and doc[i - 2].text.endswith(("-", "‐"))


def _line_of(doc: Doc, span: Span) -> str:
    text = doc_text(doc)
    start = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.end_char)
    return text[start:end if end >= 0 else len(text)]


def _next_char(doc: Doc, span: Span) -> str:
    rest = doc_text(doc)[span.end_char:span.end_char + 40].lstrip(" \t\u00a0")
    return rest[:1]


def _prev_char(doc: Doc, span: Span) -> str:
    before = doc_text(doc)[max(0, span.start_char - 40):span.start_char].rstrip(" \t\u00a0")
    return before[-1:]


def is_layout_word(doc: Doc, span: Span, lex: ClassLexicon) -> bool:
    """A rubric or credit label: the word(s) alone on their line, or in capitals, or set off
    by a separator (« Sport | … », « PHOTO : AFP », « © … »)."""
    key = fold(span.text)
    if key not in lex.rubric_words and key not in lex.credit_words:
        return False
    alone = fold(_line_of(doc, span).strip(" \t:|–—-•©")) == key
    return alone or span.text.isupper() or _next_char(doc, span) in _SEPARATORS \
        or _prev_char(doc, span) == "©"


def in_ticker(doc: Doc, span: Span, lex: ClassLexicon) -> bool:
    """Part of « EXCHANGE: TICKER »: the exchange word or the ticker symbol."""
    for m in _tickers(doc, lex):
        if span.start_char < m[1] and m[0] < span.end_char:
            return True
    return False


def _tickers(doc: Doc, lex: ClassLexicon) -> list[tuple[int, int]]:
    cached = doc.user_data.get("steppe_tickers")
    if cached is None:
        names = "|".join(re.escape(x) for x in sorted(lex.stock_exchanges, key=len, reverse=True))
        pattern = rf"\b(?:{names})[ \u00a0]?:[ \u00a0]?[A-Z0-9][A-Z0-9.]{{0,9}}\b"
        cached = [(m.start(), m.end()) for m in re.finditer(pattern, doc_text(doc))]
        doc.user_data["steppe_tickers"] = cached
    return cached


def is_historical_state(span: Span, lex: ClassLexicon) -> bool:
    return fold(span.text) in lex.historical_states


def headline_ranges(doc: Doc, lex: ClassLexicon) -> list[tuple[int, int]]:
    """Character ranges of Title Case headlines: the first line of the text (the title, when
    the article has one), if it has no final stop and capitalises most of its words after
    the first. A hard-wrapped body line is never taken for one."""
    first = doc_text(doc).split("\n", 1)[0]
    stripped = first.strip()
    words = [w for w in _WORD.findall(stripped)[1:] if len(w) > 3]
    if len(words) < 2 or stripped.endswith((".", "!", "?", "»", "\"", ",", "-")) \
            or len(stripped.split()) > 16 or "\n" not in doc_text(doc):
        return []
    if sum(w[0].isupper() for w in words) / len(words) < lex.headline_min_capitalised:
        return []
    return [(0, len(first))]


def only_in_headline(doc: Doc, span: Span, ranges: list[tuple[int, int]]) -> bool:
    """A span inside a Title Case headline whose last word the rest of the article never
    writes."""
    if not any(a <= span.start_char and span.end_char <= b for a, b in ranges):
        return False
    pieces, at = [], 0
    for a, b in ranges:
        pieces.append(doc_text(doc)[at:a])
        at = b
    body = "\n".join(pieces + [doc_text(doc)[at:]])
    return not re.search(rf"(?<!\w){re.escape(span[-1].text)}(?!\w)", body)


def trim_glue(span: Span, lex: ClassLexicon, both_ends: bool) -> Span | None:
    """Cut capitalised sentence-start words off a name's start (« Mais Japarov », « Selon
    Tokaïev ») and, for persons, any such word off its end (« Japarov Une »)."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end - 1 and fold(doc[start].text) in lex.glue_words \
            and doc[start].text[:1].isupper():
        start += 1
    while both_ends and end > start + 1 and fold(doc[end - 1].text) in lex.glue_words:
        end -= 1
    if (start, end) == (span.start, span.end):
        return span
    if fold(doc[start].text) in lex.glue_words:
        return None
    return Span(doc, start, end, label=span.label_, kb_id=span.kb_id_)


def mend_line_break(span: Span, lex: ClassLexicon) -> Span:
    """Join a name hyphenated across a line break with its second half, or drop the hyphen
    when what follows the break is an ordinary word (« Smaïlov-⏎a commenté »)."""
    doc, text = span.doc, doc_text(span.doc)
    at = span.end_char - 1 if text[span.end_char - 1:span.end_char] in {"-", "‐"} \
        else span.end_char
    m = _LINE_BREAK.match(text, at)
    if m is None:
        return span
    word = m.group(1)
    if word[:1].islower() and (fold(word) in lex.glue_words or len(word) <= 2):
        if at < span.end_char and len(span[-1]) > 1:
            return span   # the hyphen is glued to the last token ("Smaïlov-"): keep it
        mended = doc.char_span(span.start_char, at, label=span.label_, kb_id=span.kb_id_,
                               alignment_mode="contract")
    elif span.kb_id_:
        return span   # a KB name is whole; its link would not survive a longer word
    else:
        mended = doc.char_span(span.start_char, m.end(), label=span.label_,
                               alignment_mode="expand")
    return mended if mended is not None and len(mended) else span


def furniture(doc: Doc, span: Span, lex: ClassLexicon) -> bool:
    """True for spans that are page layout, listings or history, not entities of today."""
    if span.label_ in {"country", "region"}:
        return False
    return is_layout_word(doc, span, lex) or in_ticker(doc, span, lex) or \
        is_historical_state(span, lex)



def whole_hyphenated(span: Span) -> Span:
    """« Kara » of « Kara-Suu », « Jol » of « Jany-Jol »: a name goes on across a hyphen to
    a capitalised word glued to it; the span takes the whole word."""
    doc, start, end = span.doc, span.start, span.end

    def joined(left: int, right: int) -> bool:
        return not doc[left].whitespace_ and not doc[right - 1].whitespace_

    while end + 1 < len(doc) and doc[end].text in {"-", "‐"} and joined(end - 1, end + 1) \
            and doc[end + 1].text[:1].isupper():
        end += 2
    while start >= 2 and doc[start - 1].text in {"-", "‐"} and joined(start - 2, start) \
            and doc[start - 2].text[:1].isupper():
        start -= 2
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label_)


_PLACE_CUES = {"a", "vers", "in", "near", "в", "во"}
_COMMON_ZIPF = {"ru": 2.9, "fr": 3.3}


class PlaceMisreadings:
    """Spans the model took for places (round 3, lexicons in ``resources/place_filters.json``):
    holidays, trains, clubs, a capital only the sentence start explains, two places read as
    one, a first name or a titled name (persons); and a lone name after « à », "in" that no
    person of the article bears (a place the model took for a person)."""

    def __init__(self, data: dict) -> None:
        self.not_places = {fold(w) for w in data["not_places"]}
        self.first_names = {fold(w) for w in data["first_names"]}
        self.titles = {fold(w) for w in data["person_titles"]}
        self.surname_endings = tuple(fold(w) for w in data["surname_endings"])
        self.heads = set(data["site_heads_fr"])

    def clean(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Drops holidays, trains, clubs and sentence-initial common nouns; splits "Uch-Korgon
        and Kadamjay"; a lone name after « à », "in", "near" that no person of the article
        bears is a place; first names and titled names are persons."""
        lang = context(doc).lang or "fr"
        out = [s for s in self._split_pairs(doc, spans)
               if s.label_ != "place" or fold(s.text) not in self.not_places
               and not self._common_word(doc, s, lang)]
        bare = {fold(s[-1].text) for s in out if s.label_ == "person" and len(s) > 1}
        out = [Span(doc, s.start, s.end, label="place")
               if s.label_ == "person" and len(s) == 1 and not s.kb_id_ and s.start > 0
               and fold(doc[s.start - 1].text) in _PLACE_CUES and fold(s.text) not in bare
               and fold(s.text) not in self.first_names
               and not fold(s.text).endswith(self.surname_endings) else s for s in out]
        for single in (False, True):   # full names first, then their bare surnames
            surnames = {fold(s[-1].text) for s in out if s.label_ == "person" and len(s) > 1}
            out = [self._person(doc, s)
                   if s.label_ == "place" and not s.kb_id_ and (len(s) == 1) == single
                   and self._a_person(doc, s, fold(s.text), surnames) else s for s in out]
        return out

    @staticmethod
    def _split_pairs(doc: Doc, spans: list[Span]) -> list[Span]:
        """The English model reads "Uch-Korgon and Kadamjay" as one name: two places."""
        out = []
        for span in spans:
            ands = [t.i for t in span if t.text == "and"]
            if span.label_ == "place" and not span.kb_id_ and len(ands) == 1 \
                    and span.start < ands[0] < span.end - 1 \
                    and doc[ands[0] + 1].text[:1].isupper():
                out += [Span(doc, span.start, ands[0], label="place"),
                        Span(doc, ands[0] + 1, span.end, label="place")]
            else:
                out.append(span)
        return out

    @staticmethod
    def _common_word(doc: Doc, span: Span, lang: str) -> bool:
        """« Паводок затопил… »: a capital only the sentence start explains."""
        if span.kb_id_ or len(span) != 1 or lang not in _COMMON_ZIPF:
            return False
        if span.start > 0:
            before = doc[span.start - 1]
            if not (before.text in {".", "!", "?", "—", "–", "«", "\"", ":"}
                    or "\n" in before.text_with_ws or before.is_space):
                return False
        from wordfreq import zipf_frequency
        return zipf_frequency(span.text.lower(), lang) >= _COMMON_ZIPF[lang]

    def _person(self, doc: Doc, span: Span) -> Span:
        """The span as a person, without a title the model took in (Governor X Y)."""
        start = span.start + 1 if len(span) > 2 and fold(span[0].text) in self.titles \
            else span.start
        return Span(doc, start, span.end, label="person")

    def _a_person(self, doc: Doc, span: Span, key: str, surnames: set[str]) -> bool:
        if len(span) == 1:
            return key in self.first_names or key in surnames
        words = key.split()
        if words[0] in self.titles:
            return True
        if not span[0].text[:1].isupper() or any(w in self.heads for w in words):
            return False
        before = fold(doc[span.start - 1].text) if span.start else ""
        return before in self.titles or (len(words[-1]) > 4 and
                                         words[-1].endswith(self.surname_endings))
