"""The database effects of tasks, written so that running a task twice changes nothing twice.

A job queue delivers at least once: a worker killed after its writes committed but before
the queue recorded the job as done runs it again. Each effect here is keyed (by article id
and content) so that the second run is a no-op.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from steppe.model import Annotation, Article
from steppe.store.base import Store, annotation_json


def write_annotations(store: Store, pairs: Iterable[tuple[Article, Annotation]]) -> Counter[str]:
    """Store each article's new annotation in one transaction, skipping those whose stored
    annotation is already the same (a re-run, or a pipeline change that did not touch them):
    no change row, so the index and stories are not disturbed for nothing.

    Counts: ``enriched`` (written), ``unchanged`` (already so), ``missing`` (deleted since)."""
    pairs = list(pairs)
    counts: Counter[str] = Counter()
    if not pairs:
        return counts
    stored = store.get_articles([a.id for a, _ in pairs])
    with store.transaction():
        for article, annotation in pairs:
            if article.id not in stored:
                counts["missing"] += 1
                continue
            if annotation_json(stored[article.id][1]) == annotation_json(annotation):
                counts["unchanged"] += 1
                continue
            store.set_annotation(article.id, annotation)
            counts["enriched"] += 1
    return counts
