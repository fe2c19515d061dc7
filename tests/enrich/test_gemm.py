"""Steppe's spaCy models multiply through numpy's BLAS (steppe.enrich.gemm): the NER must find
the same entities, label for label and character for character, as with spaCy's own blis."""

from __future__ import annotations

import json
from pathlib import Path

import spacy

from steppe.enrich.gemm import numpy_gemm, one_blas_thread
from steppe.enrich.pipeline import MODEL, UNUSED

DEMO = Path(__file__).resolve().parents[2] / "src" / "steppe" / "resources"


def _texts() -> list[str]:
    """The demo corpus's articles (titles and texts), French, English and Russian alike."""
    path = next(DEMO.rglob("demo*.jsonl"))
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [f"{r.get('title') or ''}\n\n{r['text']}" for r in records]


def test_the_ner_finds_with_numpy_what_it_finds_with_blis():
    texts = _texts()
    assert len(texts) > 50
    stock = spacy.load(MODEL, exclude=UNUSED)
    fast = spacy.load(MODEL, exclude=UNUSED)
    numpy_gemm(fast)
    with one_blas_thread():
        found = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in fast.pipe(texts)]
    assert found == [[(e.start_char, e.end_char, e.label_) for e in d.ents]
                     for d in stock.pipe(texts)]
    assert sum(map(len, found)) > 500


def test_the_enrichment_pipeline_multiplies_through_numpy():
    from thinc.api import NumpyOps

    from steppe.enrich.pipeline import build_nlp

    ner = build_nlp(events=False).get_pipe("ner")
    assert all(isinstance(node.ops, NumpyOps) and not node.ops.use_blis
               for node in ner.model.walk())
