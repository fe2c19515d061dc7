"""The dependency parser, run only on the sentences that may hold an event.

Why a second pipeline: enrichment runs spaCy's NER alone (the parser would cost more than all
the rest); events need the parse of the few sentences with a trigger and an actor. This loads
fr_core_news_md's tok2vec, morphologizer and parser once per process, on the first such
sentence.

Its matrix products go through numpy (``steppe.enrich.gemm``), as the NER's do.
"""

from __future__ import annotations

import threading
from typing import Any

from steppe.enrich.gemm import numpy_gemm, one_blas_thread

MODEL = "fr_core_news_md"
_LOCK = threading.Lock()
_NLP: list[Any] = []


def parser_nlp(fast_gemm: bool = True):
    """tok2vec, morphologizer and parser of the French model (``fast_gemm``: with numpy's
    matrix products instead of blis's; False gives the model as spaCy loads it)."""
    if not fast_gemm:
        return _load()
    if not _NLP:
        with _LOCK:
            if not _NLP:
                nlp = _load()
                numpy_gemm(nlp)
                _NLP.append(nlp)
    return _NLP[0]


def _load():
    import spacy

    # no lemmatizer nor attribute ruler: they cost as much as the parse, and the lexicon knows
    # its words' forms (``forms``)
    nlp = spacy.load(MODEL, exclude=["ner", "attribute_ruler", "lemmatizer"])
    nlp.tokenizer.max_cache_size = 50_000
    return nlp


def parse(texts: list[str], batch_size: int = 64) -> list[Any]:
    """One parsed Doc per text, in order."""
    if not texts:
        return []
    nlp = parser_nlp()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # batches of like lengths
    out: list[Any] = [None] * len(texts)
    with one_blas_thread():
        for i, doc in zip(order, nlp.pipe((texts[i] for i in order), batch_size=batch_size)):
            out[i] = repaired(doc)
    return out


def repaired(doc):
    """The parse with three of the parser's commonest mistakes on news leads mended.

    « Achgabat réclame à Téhéran … » read as a name and a clause on it (the finite verb an
    ``acl`` of the name, the name the root): a finite indicative verb is never a noun's
    ``acl`` in French UD, so the verb is the root and the name before it its subject.

    « La police a dispersé le rassemblement et interpellé une dizaine de manifestants » with
    the second verb's object hung on the first: an object after a conjoined verb that has
    none is that verb's.

    A name cut in two at the end of a subject, its last word the subject of a second root."""
    for verb in doc:
        noun = verb.head
        if verb.dep_ == "acl" and verb.pos_ == "VERB" and noun.dep_ == "ROOT" and \
                noun.pos_ in ("PROPN", "NOUN") and noun.i < verb.i and \
                "Fin" in verb.morph.get("VerbForm") and "Ind" in verb.morph.get("Mood") and \
                not any(c.dep_.startswith("nsubj") for c in verb.children):
            verb.head, verb.dep_ = verb, "ROOT"
            noun.head, noun.dep_ = verb, "nsubj"
            for child in list(noun.children):
                if child.i > verb.i:  # (the sentence's final stop and what follows the verb)
                    child.head = verb
            break
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if len(roots) == 2 and roots[0].pos_ in ("NOUN", "PROPN") and roots[0].i < roots[1].i:
        # « Plus de 800 employés de la société Burgylau | Servis sont en grève »: a name cut
        # in two, its last word read as the subject of a second root; the whole phrase is it
        name = next((c for c in roots[1].children if c.dep_ == "nsubj" and c.pos_ == "PROPN"
                     and c.i == roots[0].right_edge.i + 1 and c.i < roots[1].i
                     and doc[c.i - 1].pos_ == "PROPN"), None)
        if name is not None:
            name.head, name.dep_ = doc[name.i - 1], "flat:name"
            roots[0].head, roots[0].dep_ = roots[1], "nsubj"
    for verb in doc:
        first = verb.head
        if verb.dep_ == "conj" and verb.pos_ == "VERB" and first.pos_ == "VERB" and \
                not any(c.dep_ in ("obj", "ccomp", "xcomp") for c in verb.children):
            stolen = next((c for c in first.children if c.dep_ == "obj" and c.i > verb.i), None)
            if stolen is not None:
                stolen.head = verb
    return doc
