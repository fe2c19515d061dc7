"""The dependency parser, run only on the sentences that may hold an event.

Why a second pipeline: enrichment runs spaCy's NER alone (the parser would cost more than all
the rest); events need the parse of the few sentences with a trigger and an actor. This loads
fr_core_news_md's tok2vec, morphologizer and parser once per process, on the first such
sentence.

Why numpy's matrix products: thinc multiplies with blis by default, whose kernels run this
model's products at a third of the speed of the OpenBLAS that numpy ships (34 against 94
GFLOPS on one core of the reference machine, docs/performance.md). The parse is the same to
the last arc (a test compares both on the gold sentences); BLAS runs on one thread, as each
enrichment worker already has its core.
"""

from __future__ import annotations

import threading
from typing import Any

MODEL = "fr_core_news_md"
_LOCK = threading.Lock()
_NLP: list[Any] = []
_THREADS: list[Any] = []


def parser_nlp(fast_gemm: bool = True):
    """tok2vec, morphologizer and parser of the French model (``fast_gemm``: with numpy's
    matrix products instead of blis's; False gives the model as spaCy loads it)."""
    if not fast_gemm:
        return _load()
    if not _NLP:
        with _LOCK:
            if not _NLP:
                nlp = _load()
                _numpy_gemm(nlp)
                _NLP.append(nlp)
    return _NLP[0]


def _load():
    import spacy

    # no lemmatizer nor attribute ruler: they cost as much as the parse, and the lexicon knows
    # its words' forms (``forms``)
    nlp = spacy.load(MODEL, exclude=["ner", "attribute_ruler", "lemmatizer"])
    nlp.tokenizer.max_cache_size = 50_000
    return nlp


def _numpy_gemm(nlp) -> None:
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        for node in component.model.walk():
            node.ops = ops


def _one_thread():
    """A context running BLAS on one thread (threadpoolctl; its controller is built once,
    since finding the loaded libraries takes a while)."""
    if not _THREADS:
        from threadpoolctl import ThreadpoolController

        _THREADS.append(ThreadpoolController())
    return _THREADS[0].limit(limits=1, user_api="blas")


def parse(texts: list[str], batch_size: int = 64) -> list[Any]:
    """One parsed Doc per text, in order."""
    if not texts:
        return []
    nlp = parser_nlp()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # batches of like lengths
    out: list[Any] = [None] * len(texts)
    with _one_thread():
        for i, doc in zip(order, nlp.pipe((texts[i] for i in order), batch_size=batch_size)):
            out[i] = doc
    return out
