"""Facet counts over every match: countries, entities, topics, sources, months.

One tantivy aggregation (terms on fast columns) counts them all in a single pass over the
matches, in a worker thread while the caller ranks and cuts snippets (tantivy releases the GIL).
Above ``SAMPLE_ABOVE`` matches the pass runs on a stable pseudo-random sample of the archive
(1/2, 1/4 … 1/256 of it, by a hash of the article id fixed at indexing: one indexed term per
level), the smallest that still holds ``SAMPLE_ABOVE / 2`` matches or more, and counts are
scaled up: a query matching half a million articles gets its panel in a few milliseconds,
marked approximate (``sampled`` is the fraction counted), instead of a pass ten times longer.

Dashboards (the feed, country and entity pages, the stories' filter menus) ask for the same
panels again and again, and a panel depends only on the query and the index's content: their
counts are remembered per index generation and last applied change (``remember``), so a
page pays for its panels once between two index commits. Free-text searches, whose queries
rarely repeat, are counted every time.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Hashable

import tantivy
from tantivy import Occur, Query

from steppe.index.schema import SAMPLE_LEVELS
from steppe.kb import KnowledgeBase

SIZE = 20
SAMPLE_ABOVE = 20_000
FIELDS = {"countries": "country", "topics": "topic", "sources": "source", "months": "month"}

REMEMBERED = 512     # panels kept per index (dashboards in use between two commits)

_pool: ThreadPoolExecutor | None = None
_memo: dict[str, tuple[Hashable, OrderedDict[Hashable, tuple[dict[str, Any], float | None]]]] = {}
_memo_lock = threading.Lock()


def _executor() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="steppe-facets")
    return _pool


def remembered(index: str, version: Hashable, key: Hashable) -> tuple[dict[str, Any], float | None] | None:
    """The raw counts and sampled fraction counted for ``key`` on this version of the index."""
    with _memo_lock:
        found = _memo.get(index)
        if found is None or found[0] != version or key not in found[1]:
            return None
        found[1].move_to_end(key)
        return found[1][key]


def remember(index: str, version: Hashable, key: Hashable,
             value: tuple[dict[str, Any], float | None]) -> None:
    with _memo_lock:
        found = _memo.get(index)
        if found is None or found[0] != version:
            found = _memo[index] = (version, OrderedDict())
        found[1][key] = value
        while len(found[1]) > REMEMBERED:
            found[1].popitem(last=False)


class FacetJob:
    """Facet counts being computed for one query; ``result()`` waits and formats them.
    ``memo`` = (index, version, key): counts remembered there are used, new ones kept."""

    def __init__(self, searcher: tantivy.Searcher, schema: tantivy.Schema, query: Query,
                 total: int, entity_type: str | None,
                 memo: tuple[str, Hashable, Hashable] | None = None) -> None:
        self.searcher = searcher
        self.sampled: float | None = None
        self.memo = memo
        self.raw: dict[str, Any] | None = None
        found = remembered(*memo) if memo else None
        if found is not None:
            self.raw, self.sampled = found
            return
        if total > SAMPLE_ABOVE:
            level = min(SAMPLE_LEVELS, math.ceil(math.log2(total / SAMPLE_ABOVE)))
            self.sampled = 1 / (1 << level)
            sample = Query.term_query(schema, "sample", str(level))
            query = Query.boolean_query([(Occur.Must, query), (Occur.Must, sample)])
        entity_field = f"facet_{entity_type}" if entity_type and entity_type != "country" \
            else "facet_entity"
        aggs = {name: _terms(f, 1000 if name == "months" else SIZE) for name, f in FIELDS.items()}
        aggs["entities"] = _terms(entity_field, SIZE)
        self.future: Future = _executor().submit(searcher.aggregate, query, aggs)

    def result(self, kb: KnowledgeBase) -> dict[str, list[list[Any]]]:
        if self.raw is None:
            self.raw = self.future.result()
            if self.memo:
                remember(*self.memo, (self.raw, self.sampled))
        raw = self.raw
        scale = 1 / self.sampled if self.sampled else 1.0
        buckets = {name: [(b["key"], round(b["doc_count"] * scale))
                          for b in raw.get(name, {}).get("buckets", [])]
                   for name in ("entities", *FIELDS)}
        return {
            "countries": [[code, n] for code, n in buckets["countries"]],
            "entities": [[i, self.label(kb, i), n] for i, n in buckets["entities"]],
            "topics": [[i, self.label(kb, i), n] for i, n in buckets["topics"]],
            "sources": [[s, n] for s, n in buckets["sources"]],
            "months": sorted([[m, n] for m, n in buckets["months"]]),
        }

    def label(self, kb: KnowledgeBase, key: str) -> str:
        """Display name of an entity or topic id: the KB's, else the one indexed with it."""
        entity = kb.get(key)
        if entity is not None:
            return entity.name
        found = self.searcher.terms_with_prefix("label", key + "|", limit=1)
        return found[0][0].partition("|")[2] if found else key


def _terms(field_name: str, size: int) -> dict[str, Any]:
    # segment_size above size keeps the top buckets exact across segments
    return {"terms": {"field": field_name, "size": size, "segment_size": max(size * 5, 100)}}
