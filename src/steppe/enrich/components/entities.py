"""Merge knowledge-base matches, rule-based names and statistical NER into one set of mentions.

The KB is trusted first and rule-based institution names next (longest match wins among them);
the statistical model adds what neither knows, after cleaning: leading articles and titles are
stripped ("le président X"), trailing possessives and punctuation too, and a span is dropped
when it cannot be a name — no capital, a capitalised common word (État, Constitution), a word
in guillemets (« SuperApp »), or, outside French text where the French model guesses, any
lower-case word inside it.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from steppe.enrich.components.class_lexicon import class_lexicon
from steppe.enrich.components.org_spans import (cut_coordination, extend_to_acronym,
                                               longer_model_names, places_inside_institution,
                                               through_place, trim_org_tail,
                                               without_located_kb_names)
from steppe.enrich.components.span_filters import (continues_a_break, dehyphenate, furniture,
                                                   headline_ranges, mend_line_break,
                                                   only_in_headline, trim_glue,
                                                   whole_hyphenated)
from steppe.enrich.doc_state import context, doc_text, field_of, state
from steppe.enrich.rules import name_rules
from steppe.kb import fold
from steppe.enrich.components.batching import Batched

NER_TYPES = {"PER": "person", "ORG": "organization", "LOC": "place"}
CYRILLIC_LANGS = {"ru", "kk", "ky", "tg", "uk", "be", "mn"}
LEADING = {"le", "la", "les", "l'", "du", "de", "des", "d'", "au", "aux", "un", "une", "m.", "mme",
           "mr", "mrs", "ms", "dr", "president", "presidente", "ministre", "the", "chef", "general",
           "senateur", "depute", "ambassadeur", "monsieur", "madame", "sa", "son", "ses", "cette",
           "ce", "cet", "a", "an", "of", "by", "in", "at", "for", "selon", "avec", "par", "pour"}
CONNECTORS = {"de", "du", "des", "d'", "la", "le", "l'", "et", "of", "the", "and", "for", "on",
              "pour", "sur", "en", "a", "aux", "au", "-", "&"}
_GEO = {"country", "place", "region"}
_TITLE_CONNECTORS = {"de", "du", "des", "d'", "la", "l'", "of", "for", "the"}
_UPPER = re.compile(r"^[A-ZÀ-ÖØ-ÞА-ЯЁŒ]")
_OPENERS, _CLOSERS = {"«", "“", "\"", "‘"}, {"»", "”", "\"", "’"}


def _capitalised(token_text: str) -> bool:
    return bool(_UPPER.match(token_text)) or token_text[:2].lower() in {"d’", "d'", "l’", "l'"} \
        and bool(_UPPER.match(token_text[2:3]))


def _common_english(word: str) -> bool:
    """An everyday English word (wordfreq's Zipf scale, a fixed table): at a sentence start
    its capital says nothing, so an organisation it alone would name needs more evidence."""
    from wordfreq import zipf_frequency
    return zipf_frequency(word, "en") >= 3.0


def _sentence_initial(span: Span) -> bool:
    """First word of the text, of a line, or after a sentence or clause break."""
    if span.start == 0:
        return True
    before = span.doc[span.start - 1]
    return before.is_punct and before.text in {".", "!", "?", ":", "«", "“", "\"", "—", "–", "-", "|"} \
        or "\n" in before.text_with_ws or before.is_space


def cuts_a_word(span: Span) -> bool:
    """True when the span starts or ends inside a word: "Kok-" of "Kok-borou", "Issyk" of
    "Issyk-Koul". A hyphen or a letter glued to either edge means the word goes on."""
    doc = span.doc
    if span[-1].text in {"-", "‐"} or span[0].text in {"-", "‐"}:
        return True
    if span.end < len(doc) and not span[-1].whitespace_:
        nxt = doc[span.end].text
        if nxt[:1].isalnum() or nxt[:1] in {"-", "‐"}:
            return True
    if span.start > 0 and not doc[span.start - 1].whitespace_:
        prev = doc[span.start - 1].text
        if prev[-1:].isalnum() or prev[-1:] in {"-", "‐"}:
            return True
    return False


class EntityMerger(Batched):
    """Writes span group "entities": KB spans, pattern spans, then cleaned statistical spans."""

    def __init__(self, vocab) -> None:
        self.vocab = vocab
        self.rules = name_rules()
        self.lex = class_lexicon()
        # single-word organisation heads (Cour, Tribunal, Ministry): a name they head is no place
        self._heads = {fold(h) for h in (*self.rules.org_heads_fr, *self.rules.org_heads_en,
                                         *self.lex.org_heads_fr_capital) if " " not in h}

    def __call__(self, doc: Doc) -> Doc:
        kb_spans = [s for s in doc.spans.get("kb", []) if s.label_ != "demonym"]
        kb_spans = [self._company_named(s) for s in self._outside_titles_of_things(doc, kb_spans)]
        known = [(a, b) for a, b, label, _ in state(doc).get("kb_all", [])
                 if label in {"country", "region", "place"}]
        patterns = [self._org_bounds(s, known) for s in
                    longer_model_names(doc, list(doc.spans.get("patterns", [])), self.lex)]
        geo = [s for s in doc.spans.get("kb", []) if s.label_ in _GEO]
        patterns = without_located_kb_names(patterns, kb_spans, geo)
        geo_starts = {s.start: s for s in geo}
        ruled = filter_spans(kb_spans + patterns)
        taken = set()
        for s in list(doc.spans.get("kb", [])) + ruled:
            taken.update(range(s.start, s.end))
        lang = context(doc).lang or "fr"
        french = lang == "fr"
        surnames = self._person_surnames(doc)
        terms = self._quoted_terms(doc)
        extra = []
        # the French model reads Cyrillic as noise: Russian names come from the KB and rules
        ents = [] if lang in CYRILLIC_LANGS else doc.ents
        headlines = headline_ranges(doc, self.lex)
        for ent in ents:
            label = NER_TYPES.get(ent.label_)
            span = self.clean(ent)
            if label is None and ent.label_ == "MISC" and span is not None \
                    and self._named_by_company_word(span):
                label = "organization"   # « la société russo-kazakhe Baïterek »
            if span is not None and label == "organization":
                span = through_place(span, geo_starts)
            if span is not None:
                span = trim_glue(span, self.lex, both_ends=label == "person")
            if span is not None:
                span = self._org_bounds(span, known, label)
            if span is not None and (label == "person" or not french):
                span = self.trim_to_name(span)
            if span is not None:
                span = whole_hyphenated(mend_line_break(span, self.lex))
            if span is not None and only_in_headline(doc, span, headlines):
                continue
            if label is not None and span is not None and self._firm(span):
                inside = [s for s in ruled if span.start <= s.start and s.end <= span.end]
                if inside and all(s.label_ in _GEO for s in inside) and \
                        taken.intersection(range(span.start, span.end)) == \
                        {i for s in inside for i in range(s.start, s.end)}:
                    # « Tashkent Capital Partners »: the firm takes in the town it is named for
                    ruled = [s for s in ruled if s not in inside]
                    taken.difference_update(i for s in inside for i in range(s.start, s.end))
                    label = "organization"
            elif label == "organization" and span is not None:
                inside = places_inside_institution(span, ruled, self._heads)
                if inside and taken.intersection(range(span.start, span.end)) == \
                        {i for s in inside for i in range(s.start, s.end)}:
                    # « Fédération de football du Tadjikistan »: the country is in the name
                    ruled = [s for s in ruled if s not in inside]
                    taken.difference_update(i for s in inside for i in range(s.start, s.end))
            if label is None or span is None or taken.intersection(range(span.start, span.end)):
                continue
            if span is None or field_of(doc, span.start_char, span.end_char) is None:
                continue
            if self._not_a_name(span) or label == "organization" and self._portfolio(span):
                continue
            if span.text.isupper() and len(span) == 1 and label != "place":
                label = "organization"  # an unknown acronym (KHNP, WTA) is not a person
            if span.text not in terms and self.plausible(span, label, french, surnames):
                span, label = self._retyped(span, label, surnames)
                if not taken.intersection(range(span.start, span.end)):
                    extra.append(Span(doc, span.start, span.end, label=label))
        doc.spans["entities"] = self._without_furniture(doc, filter_spans(ruled + extra),
                                                        headlines)
        return doc

    def _org_bounds(self, span: Span, known: list[tuple[int, int]],
                    label: str | None = None) -> Span:
        """An organisation's name without a run-on tail or a second, coordinated name."""
        if (label or span.label_) != "organization":
            return span
        span = extend_to_acronym(span)
        if len(span) < 2:
            return span
        return trim_org_tail(cut_coordination(span, known), self.lex)

    def _without_furniture(self, doc: Doc, spans: list[Span],
                           headlines: list[tuple[int, int]]) -> list[Span]:
        """Drop layout words, tickers and historical states, and rule-found names only a Title
        Case headline writes; cut words glued to a rule-found name and mend names broken
        across a line (KB names are whole already)."""
        out = []
        for span in spans:
            if furniture(doc, span, self.lex) or \
                    not span.kb_id_ and only_in_headline(doc, span, headlines):
                continue
            if not span.kb_id_:
                span = trim_glue(span, self.lex, both_ends=span.label_ == "person")
                if span is None:
                    continue
            out.append(mend_line_break(span, self.lex))
        return out

    def _not_a_name(self, span: Span) -> bool:
        """Capitalised words that are not entities: a holiday (Norouz) or a currency (Tenge)
        heading a title, and a piece of a hyphenated word ("Kok-" of Kok-borou, a sport):
        a name never starts or ends inside a word."""
        return fold(span.text) in self.rules.not_names or cuts_a_word(span)

    def _retyped(self, span: Span, label: str, surnames: set[str]) -> tuple[Span, str]:
        """The type the words say: a parliament (Mejlis, Jogorku Kenesh) is an organisation
        whatever the model guessed, and so is a name after a company word ("le groupe italien
        Webuild"); a name after a site word (la mine Kostenko, le stade X) is that place, named
        with its site word, not a person (nor the town it is named after); a word that is the
        surname of a person named in full in the article is that person ("Bishimbayev")."""
        words = {fold(t.text) for t in span}
        if label != "organization" and words & self.rules.institution_words:
            return span, "organization"
        if label in {"person", "place"} and len(span) > 1 and span[-1].text[:1].isupper() \
                and fold(span[-1].text) in self.lex.company_tails:
            return span, "organization"   # Qazaq Energy Analytics, Kapital Invest: a firm
        if label == "place" and _capitalised(span[0].text) and fold(span[0].text) in self._heads:
            return span, "organization"   # « une Cour constitutionnelle élargie »: not a place
        if label != "person" and len(span) == 1 and fold(span.text) in surnames:
            return span, "person"
        if label != "organization" and self._after_company_word(span):
            return span, "organization"
        if label in {"person", "place"} and span.start > 0:
            before = span.doc[span.start - 1]
            if before.text.islower() and fold(before.text) in self.rules.place_heads:
                return Span(span.doc, span.start - 1, span.end, label="place"), "place"
        return span, label

    def _company_named(self, span: Span) -> Span:
        """« le groupe Samarkand »: a name the KB knows as a place, said right after a company
        word (and at most one adjective), names the company, not the place."""
        if span.label_ == "place" and self._named_by_company_word(span):
            return Span(span.doc, span.start, span.end, label="organization")
        return span

    def _named_by_company_word(self, span: Span) -> bool:
        """After a company word, not after its complement (« le groupe de Bichkek »)."""
        return span.start > 0 and self._after_company_word(span) and \
            fold(span.doc[span.start - 1].text) not in CONNECTORS | LEADING

    def _firm(self, span: Span) -> bool:
        """A name of several capitalised words ending in a firm's word (Capital Partners,
        Energy Analytics, Invest)."""
        return len(span) > 1 and span[-1].text[:1].isupper() and \
            fold(span[-1].text) in self.lex.company_tails and span[0].text[:1].isupper()

    def _portfolio(self, span: Span) -> bool:
        """« le ministre de l’Énergie », « ministre de l’Économie nationale »: the portfolio
        in a minister's title names no organisation of its own (the ministry, when the text
        names it, is found whole by the rules)."""
        doc, i = span.doc, span.start - 1
        while i >= 0 and span.start - i <= 3 and fold(doc[i].text) in _TITLE_CONNECTORS:
            i -= 1
        return i >= 0 and i < span.start - 1 and fold(doc[i].text) in self.lex.minister_titles

    def _after_company_word(self, span: Span) -> bool:
        """"le groupe italien Webuild", "le géant chinois CNNC": a company word, then at most
        one lower-case adjective, just before the name."""
        doc = span.doc
        for back in (1, 2):
            if span.start - back < 0:
                return False
            word = doc[span.start - back].text
            if not word.islower():
                return False
            if fold(word) in self.rules.company_words:
                return True
        return False

    @staticmethod
    def _outside_titles_of_things(doc: Doc, kb_spans: list[Span]) -> list[Span]:
        """Drop places inside the name of a thing: "New York" in "Déclaration de New York".

        The statistical model tags such names MISC; a place strictly inside one, after a
        capitalised head word, is part of the name, not a mention of the place (its country
        still counts: country inference reads every KB match).
        """
        things = [e for e in doc.ents if e.label_ == "MISC" and len(e) > 2 and _UPPER.match(e.text)
                  and not any(t.is_punct and t.text not in "-’'" for t in e)]
        if not things:
            return kb_spans

        def inside(s: Span) -> bool:
            before = fold(doc[s.start - 1].text) if s.start else ""
            return before in {"de", "du", "des", "d'", "of", "la"} and any(
                t.start < s.start and s.end <= t.end for t in things)
        return [s for s in kb_spans if s.label_ != "place" or not inside(s)]

    @staticmethod
    def _quoted_terms(doc: Doc) -> set[str]:
        """Words the article puts in guillemets (« SuperApp »): terms, not names, everywhere."""
        text = doc_text(doc)
        if not any(mark in text for mark in _OPENERS):
            return set()
        words = [t.text for t in doc]  # one pass: indexing the Doc makes a Token each time
        return {words[i] for i in range(1, len(words) - 1)
                if words[i - 1] in _OPENERS and words[i + 1] in _CLOSERS}

    @staticmethod
    def clean(span: Span) -> Span | None:
        """Strip leading determiners/titles and trailing punctuation or possessives."""
        doc, start, end = span.doc, span.start, span.end
        while start < end and (fold(doc[start].text) in LEADING or doc[start].is_punct):
            start += 1
        while end > start and (doc[end - 1].is_punct or fold(doc[end - 1].text) in {"'s", "s", "'"}):
            end -= 1
        if start >= end:
            return None
        return Span(doc, start, end, label=span.label_)

    def trim_to_name(self, span: Span) -> Span | None:
        """Keep the run of capitalised words at the start: the model's spans on English text
        often run on ("Hanzade Doğan will step down…", "” said Yerzhan Sadykov")."""
        doc, start, end = span.doc, span.start, span.end
        while start < end and not _capitalised(doc[start].text):
            start += 1
        stop = start
        particles = self.rules.person_particles | CONNECTORS
        for i in range(start, end):
            word = doc[i].text
            if _capitalised(word) or (doc[i].is_punct and word in {"-", "."}):
                stop = i + 1
            elif fold(word) not in particles:
                break
        if stop <= start:
            return None
        return Span(doc, start, stop, label=span.label_)

    def _person_surnames(self, doc: Doc) -> set[str]:
        """Surnames of multi-word person names in the doc, so a bare surname is kept."""
        out = set()
        for ent in doc.ents:
            if ent.label_ == "PER" and len(ent) > 1:
                out.add(fold(ent[-1].text))
        for span in doc.spans.get("kb", []):
            if span.label_ == "person":
                out.add(fold(span[-1].text))
        for span in doc.spans.get("patterns", []):
            if span.label_ == "person" and len(span) > 1:
                out.add(fold(span[-1].text))
        return out

    def plausible(self, span: Span, label: str, french: bool, surnames: set[str]) -> bool:
        text = dehyphenate(span.text)
        if len(text) < 2 or "\n" in text or not _UPPER.match(text) or any(c.isdigit() for c in text):
            return False
        words = [t for t in span if not t.is_punct and not t.is_space and not continues_a_break(t)]
        folded = [fold(t.text) for t in words]
        if len(words) == 1:
            return self._single_word_ok(span, folded[0], label, surnames, french)
        if fold(text) in self.rules.common_capitalised:
            return False
        if label == "person" or not french:
            particles = self.rules.person_particles | CONNECTORS
            if any(not _capitalised(t.text) and fold(t.text) not in particles for t in words):
                return False
            if label == "person" and len(words) > 5:
                return False
        return not self._quoted(span)

    def _single_word_ok(self, span: Span, word: str, label: str, surnames: set[str],
                        french: bool = True) -> bool:
        if word in surnames:
            return True
        if word in self.rules.common_capitalised or span[0].is_stop or len(word) < 3:
            return False
        if self._quoted(span):
            return False
        if label == "organization" and not _sentence_initial(span):
            return True  # French capitalises institutions mid-sentence: le Sénat, la Douma
        if not french and _sentence_initial(span) and not self._capitalised_mid_sentence(span) \
                and (label == "person" or _common_english(word)):
            return False  # "Delegates are meeting", "Subsidies are": a capital by position
        # a capitalised word that is an ordinary word in lower case (Contenus, Football) is not
        # a name unless the KB or a full name elsewhere says so
        return not self.vocab.has_vector(span.text.lower())

    @staticmethod
    def _capitalised_mid_sentence(span: Span) -> bool:
        """The word written with its capital somewhere no sentence starts. In English a lone
        word the model calls a person only at sentence starts (Inflationary, Delegates,
        Mudslides) owes its capital to its place; a surname without a full name elsewhere is
        rarely met only there, and the KB's and full names' surnames are kept before."""
        doc = span.doc
        for token in doc:
            if token.text == span.text and token.i != span.start and \
                    not _sentence_initial(doc[token.i:token.i + 1]):
                return True
        return False

    @staticmethod
    def _quoted(span: Span) -> bool:
        doc = span.doc
        before = doc[span.start - 1].text if span.start > 0 else ""
        after = doc[span.end].text if span.end < len(doc) else ""
        return before in _OPENERS and after in _CLOSERS


@Language.factory("steppe_entities")
def make_entity_merger(nlp: Language, name: str) -> EntityMerger:
    return EntityMerger(nlp.vocab)
