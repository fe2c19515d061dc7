"""What the event construction tests share: an enricher with events, and the events of one
sentence. Apart from the test files so that each can be run alone (the first file gathers the
others' cases, which would otherwise import it back while it loads)."""

from __future__ import annotations

import pytest

from steppe.enrich.pipeline import Enricher
from steppe.model import Article


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher(events=True)


def found(enricher: Enricher, text: str):
    article = Article(id="t", title=None, text=text, lang="fr", published="2025-06-04")
    return next(iter(enricher.annotate_many([article]))).events
