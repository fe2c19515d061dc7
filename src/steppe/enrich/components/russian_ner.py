"""Russian names from a Russian model: natasha's news NER (slovnet over navec embeddings).

``fr_core_news_md`` reads Cyrillic as noise, so Russian text used to get names from the KB and
the rules only: a person, a company or a village the KB does not know was lost. natasha ships
its NER weights and embeddings (about 30 MB) inside its wheel, so nothing is downloaded when
it runs. It is loaded lazily, once per process, when the first Russian doc arrives: a run
over French or English text never imports it (neither do enrichment workers without Russian
input).

Two components share this module, because ``steppe_entities`` leaves the statistical model
out on Cyrillic text (the French model's guesses there are noise):

- ``steppe_russian_ner`` right after ``ner``: on a Russian doc, ``doc.ents`` becomes natasha's
  PER / LOC / ORG spans, so what reads the model's persons (the institution patterns stop
  before a person's name) reads Russian ones;
- ``steppe_russian_entities`` right after ``steppe_entities``: natasha's spans that the KB and
  the rules did not cover join the span group "entities", before linking. The KB stays first:
  a span overlapping a KB or rule span is dropped, except a multi-word organisation whose name
  holds a country or a place ("Федерация тенниса Казахстана"), as institution patterns do, and
  except the rule's person guesses by shape where natasha reads the words otherwise. Names
  natasha cuts short are completed, another case of a place or organisation already met joins
  it, and titles, common acronyms and lone adjectives are dropped.
"""

from __future__ import annotations

import json
import os
import re
import threading
from functools import lru_cache
from importlib.resources import files
from typing import Any, Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from steppe.enrich.components.entities import NER_TYPES, _sentence_initial, cuts_a_word
from steppe.enrich.components.linking import ID_PREFIX
from steppe.enrich.doc_state import context, field_of, state
from steppe.enrich.rules import name_rules
from steppe.enrich.components.class_lexicon import class_lexicon
from steppe.kb import fold, stem_cyrillic
from steppe.kb.loader import slug
from steppe.enrich.components.batching import Batched

RUSSIAN = {"ru"}
LABELS = {"PER", "LOC", "ORG"}          # natasha's types: the French model's names for them
ABSORBABLE = {"country", "region", "place", "demonym"}
FLAG = "russian_ner"                     # state(doc) key: doc.ents are natasha's
# acronyms of things any country has (a nuclear or hydro plant, the media, GDP, VAT): natasha
# tags them as organisations
COMMON_ACRONYMS = {"АЭС", "ГЭС", "ТЭЦ", "ГРЭС", "СМИ", "ВВП", "НДС", "ДТП", "ЖКХ", "НКО", "ИИ"}
_SITE = re.compile(r"^(?:АЭС|ГЭС|ТЭЦ|ГРЭС)(?:-\d+)?$")      # Камбаратинская ГЭС-1
_ADJECTIVE = re.compile(r"(?:[сц]к(?:ий|ой|ая|ое|ие|ого|ому|ом|ую|их|ым|ыми)"
                        r"|н(?:ый|ая|ое|ые|ого|ому|ую|ых|ым|ыми))$")
_SITE_WORD = re.compile(r"^(?:парк|площад|улиц|проспект|бульвар|аэропорт|стадион|шахт|рудник"
                        r"|месторождени|озер|рек|ущель|перевал|водохранилищ|канал|мост|поселк"
                        r"|посёлк|сел|аул|кишлак)"
                        r"(?:а|е|и|у|о|ы|ь|я|ю|ой|ом|ою|ем|ей|ью|ами|ах|ях)?$")
_OPENING_QUOTES = {"«", "\"", "“"}
_KIN = {"place": ("place", "region"), "organization": ("organization",)}

_lock = threading.Lock()
_running = threading.Lock()
_tagger: Any = None


def natasha_tagger() -> Any:
    """natasha's Segmenter and NewsNERTagger, and a handle on numpy's BLAS, built once per
    process on first use.

    Imported here, not at module level, so that French-only runs never load natasha."""
    global _tagger
    with _lock:
        if _tagger is None:
            from natasha import NewsEmbedding, NewsNERTagger, Segmenter
            from threadpoolctl import ThreadpoolController

            _tagger = (Segmenter(), NewsNERTagger(NewsEmbedding()), ThreadpoolController())
    return _tagger


@lru_cache(maxsize=1)
def office_words() -> re.Pattern[str]:
    """Titles and institutions' common nouns in any case (президент, аким, министерство),
    from the quote rules' data, where they stand for a person or an institution."""
    data = json.loads(files("steppe.enrich.resources").joinpath("quote_titles.json")
                      .read_text(encoding="utf-8"))
    forms = [f for group in data.get("groups", {}).values() for f in group]
    forms += data.get("institutions", [])
    return re.compile(rf"(?:{'|'.join(forms)})", re.I)


def is_russian(doc: Doc) -> bool:
    return (context(doc).lang or "") in RUSSIAN


def natasha_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, type) of natasha's names in ``text``, sentence by sentence.

    natasha's Segmenter cuts the sentences (a name never crosses one, and the tagger's
    batches stay short); the offsets are the text's own."""
    from natasha import Doc as NatashaDoc

    segmenter, tagger, blas = natasha_tagger()
    ndoc = NatashaDoc(text)
    ndoc.segment(segmenter)
    sents = [s for s in ndoc.sents if s.text.strip()]
    found = []
    # natasha's convolutions are numpy matrix products, which OpenBLAS spreads over every
    # core: on a shared machine, or with one enrichment process per core, the threads wait
    # for each other and Russian articles took 3 to 4 times longer (docs/performance.md)
    with _running, blas.limit(limits=1, user_api="blas"):  # one thread at a time restores it
        markups = list(tagger.map([s.text for s in sents]))
    for sent, markup in zip(sents, markups):
        found += [(sent.start + sp.start, sent.start + sp.stop, sp.type)
                  for sp in markup.spans if sp.type in LABELS]
    return found


class RussianNER:
    """Replaces ``doc.ents`` of a Russian doc with natasha's names."""

    def __call__(self, doc: Doc) -> Doc:
        if is_russian(doc) and doc.text.strip():
            doc.ents = self.to_spans(doc, natasha_spans(doc.text))
            state(doc)[FLAG] = True
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    @staticmethod
    def to_spans(doc: Doc, found: list[tuple[int, int, str]]) -> list[Span]:
        """natasha's offsets on the doc's tokens: a name glued to a token the French tokenizer
        keeps whole ("Токаев:") takes the whole token ("expand")."""
        spans = []
        for start, end, label in found:
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None and len(span):
                spans.append(span)
        return filter_spans(spans)


class RussianEntities(Batched):
    """Adds natasha's names that neither the KB nor the rules found to span group "entities"."""

    def __init__(self) -> None:
        self.rules = name_rules()

    def __call__(self, doc: Doc) -> Doc:
        if not state(doc).get(FLAG):
            return doc
        spans = [s for s in (self.clean(e) for e in doc.ents) if s is not None]
        spans = [s for s in self.agreed_types(spans) if self.acceptable(s)]
        kb = list(doc.spans.get("kb", []))
        current = self.without_guesses(doc, spans)
        added: list[Span] = []
        absorbed: set[tuple[int, int]] = set()
        for span in spans:
            span = self.completed(span, kb)
            if span is None:
                continue
            blocking = [s for s in current + kb if s.start < span.end and span.start < s.end]
            if blocking and not self._absorbs(span, blocking):
                continue
            absorbed.update((s.start, s.end) for s in blocking)
            added.append(span)
        kept = [s for s in current if (s.start, s.end) not in absorbed]
        added = same_entities(kept, filter_spans(added))
        doc.spans["entities"] = filter_spans(kept + added)
        return doc

    @staticmethod
    def without_guesses(doc: Doc, spans: list[Span]) -> list[Span]:
        """The merged entities less the rule's person guesses that natasha contradicts.

        Without a model, Russian persons were found by shape (two capitalised words ending
        like a name), which takes "компании Алтынсервис Дмитрий Кравец" for a person
        "Алтынсервис Дмитрий"; where natasha reads the same words otherwise, natasha wins.
        KB matches are never dropped."""
        guesses = {(s.start, s.end) for s in doc.spans.get("patterns", []) if s.label_ == "person"}
        kept = []
        for span in doc.spans.get("entities", []):
            if not span.kb_id_ and (span.start, span.end) in guesses:
                over = [s for s in spans if s.start < span.end and span.start < s.end]
                if over and not any((s.start, s.end, s.label_) == (span.start, span.end, "person")
                                    for s in over):
                    continue
            kept.append(span)
        return kept

    @staticmethod
    def agreed_types(spans: list[Span]) -> list[Span]:
        """One type for one word: natasha tags a company's one-word name as a person in one
        sentence ("холдинг Алтынсервис") and as an organisation in the next; a lone word that
        it calls an organisation anywhere in the article is an organisation."""
        orgs = [s.text for s in spans if s.label_ == "organization" and len(s) == 1]
        return [Span(s.doc, s.start, s.end, label="organization")
                if s.label_ == "person" and len(s) == 1 and any(same_word(s.text, o) for o in orgs)
                else s for s in spans]

    @staticmethod
    def clean(ent: Span) -> Span | None:
        """The model's span without punctuation at its edges, with our label."""
        start, end = ent.start, ent.end
        while start < end and ent.doc[start].is_punct:
            start += 1
        while end > start and ent.doc[end - 1].is_punct:
            end -= 1
        label = NER_TYPES.get(ent.label_)
        if start >= end or label is None:
            return None
        return Span(ent.doc, start, end, label=label)

    def acceptable(self, span: Span) -> bool:
        """A name: capitalised, no digits, one line, in one field, not a word cut in two,
        not a holiday or a currency, not a common acronym (АЭС is any nuclear plant), not
        a title or an institution's common noun that natasha reads as a name ("— сказал
        Президент", "Аким города")."""
        text = span.text
        if len(text) < 2 or not text[:1].isupper() or "\n" in text:
            return False
        named = span[:-1].text if len(span) > 1 and _SITE.match(span[-1].text) else text
        if any(c.isdigit() for c in named) or cuts_a_word(span) or text in COMMON_ACRONYMS:
            return False
        if field_of(span.doc, span.start_char, span.end_char) is None:
            return False
        if len(span) == 1 and fold(text) in self.rules.common_capitalised:
            return False
        lex = class_lexicon()
        if span.label_ == "person" and (
                len(span) == 1 and text.endswith(lex.ru_family_plural_endings)
                or fold(re.split(r"[-‐ ]", text)[-1]) in lex.ru_seniority_words):
            # « отца и сына Осмоновых » names a family; « Осмонов-старший » one of its
            # members by age, whom the bare surname already links to
            return False
        if len(span) == 1 and self._common_word_by_position(span):
            return False
        return fold(text) not in self.rules.not_names and not office_words().fullmatch(text)

    def _common_word_by_position(self, span: Span) -> bool:
        """« Фракция поддерживает… », « Значительная часть Послания… »: an everyday word
        (wordfreq's Zipf scale, a fixed table) that the text capitalises only where a
        sentence or a quotation starts, or as a person's name met once, is no name natasha
        may add.
        Institutions (Сенат) keep their capital by right and stay."""
        from wordfreq import zipf_frequency
        word = span.text
        if fold(word) in self.rules.institution_words or zipf_frequency(word.lower(), "ru") < 3.5:
            return False
        # a surname the article also writes in another case (Миллер after Алексеем Миллером)
        # is a name whatever its frequency
        return not any(t.i != span.start and t.text[:1].isupper() and same_word(word, t.text)
                       for t in span.doc) and (_sentence_initial(span) or span.label_ == "person")

    @staticmethod
    def completed(span: Span, kb: list[Span]) -> Span | None:
        """The whole name when natasha stopped short, or None when what is left is no name.

        "Федерации тенниса" + "Казахстана": an organisation ending on a lower-case word is a
        generic description that the country in the genitive right after it completes.
        "Камбаратинской" + "ГЭС-1": an adjective before a site acronym names the site (and
        natasha's "Рогунской ГЭС" is the site, not an organisation). An
        adjective alone (Камбаратинской, Российской) is not a name."""
        doc, end = span.doc, span.end
        if len(span) > 1 and _SITE.match(span[-1].text):
            return Span(doc, span.start, end, label="place")   # Рогунской ГЭС: a site
        following = doc[end] if end < len(doc) and span[-1].whitespace_ else None
        if span.label_ == "organization" and span[-1].text.islower() and following is not None:
            country = next((s for s in kb if s.start == end
                            and s.label_ in {"country", "region"}), None)
            if country is not None:
                return Span(doc, span.start, country.end, label="organization")
        if len(span) == 1 and span.label_ != "person" and _ADJECTIVE.search(span.text):
            if following is not None and _SITE.match(following.text):
                return Span(doc, span.start, end + 1, label="place")
            return None
        return sited(span)

    @staticmethod
    def _absorbs(span: Span, blocking: list[Span]) -> bool:
        """A multi-word organisation name takes in the countries and places written inside it
        ("Федерация тенниса Казахстана"), and so does the name of a site ("парк «Новый
        Узбекистан»"); the country still counts, from the KB match. A place natasha finds
        by itself does not ("Республики Казахстан" is the country)."""
        named = span.label_ == "organization" or (span.label_ == "place"
                                                   and site_word(span) is not None)
        return named and len(span) > 1 and all(
            s.label_ in ABSORBABLE and span.start <= s.start and s.end <= span.end
            and len(s) < len(span) for s in blocking)


def site_word(span: Span) -> int | None:
    """Index of the site word before a name ("в парке «Новый Узбекистан»", "у шахты имени
    Костенко"), or None."""
    doc, start = span.doc, span.start
    while start > 0 and (doc[start - 1].text in _OPENING_QUOTES
                         or doc[start - 1].lower_ == "имени"):
        start -= 1
    return start - 1 if start > 0 and _SITE_WORD.match(doc[start - 1].lower_) else None


def sited(span: Span) -> Span:
    """A name after a site word is that site, a place, whatever natasha says (a park named
    "Новый Узбекистан" is no organisation). A person's name keeps its site word, so that
    the mine is not taken for the man."""
    head = site_word(span)
    if head is None:
        return span
    return Span(span.doc, head if span.label_ == "person" else span.start, span.end, label="place")


def same_word(a: str, b: str) -> bool:
    """Two forms of one Russian word: equal stems, or stems that differ only in an ending, of
    at most the shorter's last letter and at most three letters of the longer (Федерация /
    Федерации, Миллер / Миллером, not Алматы / Алмалы)."""
    a, b = stem_cyrillic(fold(a)), stem_cyrillic(fold(b))
    if a == b:
        return True
    common = len(os.path.commonprefix([a, b]))
    shorter, longer = sorted((len(a), len(b)))
    return common >= max(4, shorter - 1) and longer - common <= 3


def _name_words(span: Span) -> list[str]:
    words = [t.text for t in span if not t.is_punct]
    return [w for w in words if not w.islower()] if len(words) > 1 else words


def _same_name(span: Span, known: Span) -> bool:
    """``span`` names ``known`` in another case; a place may drop its head word ("Балхаша" for
    "Озеро Балхаш", "Нарын" for "река Нарын")."""
    words, known_words = _name_words(span), _name_words(known)
    if known.label_ in {"place", "region"} and len(known) > len(words):
        known_words = [t.text for t in known if not t.is_punct][-len(words):]
    return bool(words) and len(words) == len(known_words) and all(
        same_word(a, b) for a, b in zip(words, known_words))


def same_entities(known: list[Span], added: list[Span]) -> list[Span]:
    """natasha's places and organisations in another case of a name already met are that
    entity: "Балхаша" after "озеро Балхаш" takes the lake's id, "Курсива" joins "Курсив".
    Persons are left to linking, which joins a surname to its full name and may know a
    Cyrillic name under a Latin spelling."""
    out: list[Span] = []
    for span in added:
        if span.label_ == "person":
            out.append(span)
            continue
        match = next((s for s in known + out if s.label_ in _KIN.get(span.label_, ())
                      and _same_name(span, s)), None)
        if match is None:
            out.append(span)
            continue
        entity_id = match.kb_id_ or f"{ID_PREFIX[match.label_]}:{slug(match.text)}"
        out.append(Span(span.doc, span.start, span.end, label=match.label_, kb_id=entity_id))
    return out


@Language.factory("steppe_russian_ner")
def make_russian_ner(nlp: Language, name: str) -> RussianNER:
    return RussianNER()


@Language.factory("steppe_russian_entities")
def make_russian_entities(nlp: Language, name: str) -> RussianEntities:
    return RussianEntities()
