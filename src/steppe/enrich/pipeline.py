"""The enrichment pipeline: built once, then streams articles to annotations.

spaCy's ``fr_core_news_md`` contributes only its NER (which carries its own tok2vec); the
tagger, parser and lemmatizer are not loaded, which is what lets the full Steppe pipeline run
faster than spaCy's full pipeline. Steppe's own components follow, in this order:

    ner → steppe_russian_ner → steppe_kb_matcher → steppe_patterns → steppe_entities
        → steppe_russian_entities → steppe_linking → steppe_countries → steppe_institutions
        → steppe_grammar → steppe_topics → steppe_quotes

On Russian text, ``steppe_russian_ner`` replaces the French model's entities with natasha's
(a Russian model, loaded on the first Russian article only) and ``steppe_russian_entities``
adds those the KB and the rules did not find.

Callers (flows, the Python API, benchmarks) only see ``Enricher.annotate_pairs``.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from typing import Any, Iterable, Iterator

from steppe.enrich.doc_state import Context, join_fields, state
from steppe.enrich.gemm import numpy_gemm, one_blas_thread
from steppe.enrich.kb_access import adjust, get_kb, overlay_key
from steppe.enrich.language import detect_language
from steppe.model import Annotation, Article

MODEL = "fr_core_news_md"
UNUSED = ["tok2vec", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer"]
STEPPE_COMPONENTS = ["steppe_russian_ner", "steppe_kb_matcher", "steppe_patterns",
                     "steppe_entities", "steppe_russian_entities", "steppe_linking",
                     "steppe_countries", "steppe_institutions", "steppe_grammar", "steppe_topics",
                     "steppe_quotes"]
# events (issue 15) run by default; ``Enricher(events=False)`` and ``--no-events`` leave them out
EVENT_COMPONENTS = ["steppe_events"]
KB_AWARE = {"steppe_kb_matcher", "steppe_patterns", "steppe_linking", "steppe_countries",
            "steppe_institutions", "steppe_quotes", "steppe_events"}
MAX_CHARS = 200_000  # longer bodies are cut for enrichment (the stored text stays whole)


def build_nlp(kb_file: str = "", events: bool = True):
    """Load the spaCy model with only NER, then add Steppe's components."""
    import spacy

    from steppe.enrich import components  # noqa: F401  (registers the factories)
    from steppe.enrich.components import countries, entities  # noqa: F401
    from steppe.enrich.components import events as _events  # noqa: F401  (not the argument)
    from steppe.enrich.components import (grammar, institutions, kb_matcher,  # noqa: F401
                                          linking, patterns, quotes, russian_ner, topics)

    nlp = spacy.load(MODEL, exclude=UNUSED)
    numpy_gemm(nlp)  # the NER's products through numpy's BLAS (steppe.enrich.gemm)
    nlp.max_length = MAX_CHARS + 10_000
    _split_english_possessive(nlp)
    for name in STEPPE_COMPONENTS + (EVENT_COMPONENTS if events else []):
        nlp.add_pipe(name, config={"kb_file": kb_file} if name in KB_AWARE else {})
    _compile_grammars()
    _fresh_tokenizer_cache(nlp)
    return nlp


TOKENIZER_CACHE = 50_000  # whitespace-separated chunks; spaCy's default is 10,000


def _fresh_tokenizer_cache(nlp) -> None:
    """Empty the tokenizer's cache once the components are built, and let it hold more.

    Why: the KB matcher tokenises tens of thousands of KB names at start-up, which filled
    spaCy's cache (10,000 chunks, after which nothing new is cached): every word of every
    article was then split by the affix regexes again, a tokenizer 20× slower than spaCy's own
    (0.68 against 0.035 ms per demo article). A news stream's vocabulary outgrows 10,000 chunks
    too; 50,000 cached chunks cost a few MB."""
    tokenizer = nlp.tokenizer
    tokenizer.max_cache_size = TOKENIZER_CACHE
    tokenizer.rules = tokenizer.rules  # spaCy's public way to flush the cache (specials reload)


def _compile_grammars() -> None:
    """Compile the date, money and percent regexes with the pipeline (a fraction of a second,
    once), not inside the first article that holds a date."""
    from steppe.enrich.grammar import find_dates, find_money, find_percents

    sample = "le 1er janvier 2025, 5 millions de dollars, 3 %"
    find_dates(sample)
    for lang in ("fr", "en", "ru"):
        find_money(sample, lang)
        find_percents(sample, lang)


_BUILT: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_BUILT_MAX = 2


def shared_nlp(kb_file: str = "", events: bool = True):
    """The pipeline for ``kb_file``, built once per process and thread and reused.

    Building takes seconds (the KB matcher's patterns most of all), and a process that
    enriches several times (the Python API, a test suite calling the CLI in-process, ``watch``
    cycles) would pay it each time. The key holds the user KB file's size and modification
    time, so ``steppe kb add`` between two calls gets a fresh pipeline; and the thread, since a
    spaCy pipeline is not meant to be run by two threads at once."""
    key = (kb_file, _stamp(kb_file), overlay_key(), threading.get_ident(), events)
    nlp = _BUILT.get(key)
    if nlp is None:
        nlp = build_nlp(kb_file, events)
        _BUILT[key] = nlp
        while len(_BUILT) > _BUILT_MAX:
            _BUILT.popitem(last=False)
    return nlp


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path) if path else None
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size) if st else None


_TAG = re.compile(r"<[!/]?[A-Za-z][^<>]{0,300}>")


def mask_markup(text: str) -> str:
    """Blank out HTML tags left in a text, keeping every offset: spaces of the same length."""
    return _TAG.sub(lambda m: " " * len(m.group()), text) if "<" in text else text


def _split_english_possessive(nlp) -> None:
    """English text through the French tokenizer keeps "Kazakhstan'" + "s"; split "'s" off."""
    from spacy.util import compile_suffix_regex

    suffixes = list(nlp.Defaults.suffixes) + [r"(?<=[A-Za-z])['’]s"]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


class Enricher:
    """Loads the pipeline once; annotates articles in batches, in input order."""

    def __init__(self, batch_size: int = 64, kb_file: str = "", events: bool = True) -> None:
        self.batch_size = batch_size
        self.kb_file = kb_file
        self.events = events
        self._nlp = None
        self._overlay: tuple[str, int] = ("", 0)

    @property
    def nlp(self):
        if self._nlp is None or self._overlay != overlay_key():  # curation: rebuild once
            self._overlay = overlay_key()
            self._nlp = shared_nlp(self.kb_file, self.events)
        return self._nlp

    @property
    def kb(self):
        return get_kb(self.kb_file)

    def annotate(self, article: Article) -> Annotation:
        return next(iter(self.annotate_many([article])))

    def annotate_many(self, articles: Iterable[Article]) -> Iterator[Annotation]:
        for _, annotation in self.annotate_pairs(articles):
            yield annotation

    def annotate_pairs(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Annotation]]:
        """(article, annotation) pairs, streaming through ``nlp.pipe``, in input order."""
        from steppe.enrich.convert import to_annotation

        docs = self.nlp.pipe(self._inputs(articles), as_tuples=True, batch_size=self.batch_size)
        with one_blas_thread():  # (numpy's BLAS, on this process's one core)
            for doc, article in docs:
                kb = self.kb
                yield article, adjust(article.id, to_annotation(doc, article, kb), kb)

    def _inputs(self, articles: Iterable[Article]) -> Iterator[tuple[object, Article]]:
        for article in articles:
            if not article.lang:
                article.lang = detect_language(f"{article.title or ''}\n{article.text}")
            text, _ = join_fields(article.title, article.text[:MAX_CHARS])
            masked = mask_markup(text)
            doc = self.nlp.make_doc(masked)
            st = state(doc)
            st["context"] = Context(len(article.title or ""), bool(article.title),
                                    article.published, article.lang)
            st["text"] = masked  # doc.text, known already: spaCy's tokenizer loses no character
            yield doc, article


def load_full_spacy():
    """spaCy's complete fr_core_news_md pipeline: the benchmark baseline."""
    import spacy

    return spacy.load(MODEL)
