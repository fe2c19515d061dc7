"""The ids of the most recent articles linked to an entity, straight from the index's fast
``day`` column: pages that scan recent annotations (quotes) need ids, not search hits."""

from __future__ import annotations

from pathlib import Path

import tantivy

from steppe.index import current_index
from steppe.store import Store


def recent_ids(store: Store, index_dir: str | Path, entity_id: str, limit: int) -> list[str]:
    """Up to ``limit`` ids of articles linked to ``entity_id``, newest first."""
    handle = current_index(store, index_dir)
    searcher = handle.searcher()
    query = tantivy.Query.term_query(handle.schema, "entity", entity_id)
    found = searcher.search(query, limit, order_by_field="day")
    return [searcher.doc(address)["id"][0] for _, address in found.hits]
