"""The dependency parser, run only on the sentences that may hold an event.

Why a second pipeline: enrichment runs spaCy's NER alone (the parser would cost more than all
the rest); events need the parse of the few sentences with a trigger and an actor. This loads
fr_core_news_md's tagger, parser and lemmatizer once per process, on the first such sentence.
"""

from __future__ import annotations

import threading
from typing import Any

MODEL = "fr_core_news_md"
_LOCK = threading.Lock()
_NLP: list[Any] = []


def parser_nlp():
    """tok2vec, morphologizer and parser of the French model."""
    if not _NLP:
        with _LOCK:
            if not _NLP:
                import spacy

                # no lemmatizer nor attribute ruler: they cost as much as the parse, and the
                # lexicon knows its words' forms (``forms``)
                nlp = spacy.load(MODEL, exclude=["ner", "attribute_ruler", "lemmatizer"])
                nlp.tokenizer.max_cache_size = 50_000
                _NLP.append(nlp)
    return _NLP[0]


def parse(texts: list[str], batch_size: int = 64) -> list[Any]:
    """One parsed Doc per text, in order."""
    if not texts:
        return []
    return list(parser_nlp().pipe(texts, batch_size=batch_size))
