"""Every article a query matches, not a page of them: for bulk jobs that act on a search.

``search()`` returns a ranked page (at most 500 hits, offsets up to 10,000) because a reader
looks at pages; ``steppe reannotate --where QUERY`` must act on all the matches. The query is
read exactly as ``steppe search`` reads it (same language, KB alias expansion, ``story:``
filter; ``sort:`` and ``group:`` change nothing here) and the index is caught up the same way
first, so both commands agree on what a query matches.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from steppe.index import StaleIndexWarning, checked_index
from steppe.kb import KnowledgeBase
from steppe.search.compile import Compiler
from steppe.search.engine import default_kb
from steppe.search.query import parse_query
from steppe.search.stories import resolve_story_filter, restrict
from steppe.store import Store


def matching_ids(store: Store, index_dir: str | Path, query: str,
                 kb: KnowledgeBase | None = None) -> list[str]:
    """The ids of every stored article ``query`` matches (unordered: callers order them).

    A ``StaleIndexWarning`` is issued, as by ``search()``, when the index could not catch up
    with the store (a full disk): the matches are then those of the last good index."""
    parsed = parse_query(query)                       # bad queries fail before any I/O
    story = resolve_story_filter(store, parsed.story) if parsed.story else None
    handle, stale = checked_index(store, index_dir)
    if stale is not None:
        warnings.warn(StaleIndexWarning(stale.message()), stacklevel=2)
    searcher = handle.searcher()
    compiled = Compiler(handle.schema, searcher, kb or default_kb()).compile(parsed)
    if story is not None:
        compiled.query = restrict(compiled.query, handle.schema, story)
    total = searcher.search(compiled.query, 1, count=True).count or 0
    if not total:
        return []
    hits = searcher.search(compiled.query, total, count=False).hits
    # stored fields are read block by block: in index order each block is decompressed once
    addresses = sorted((address for _, address in hits),
                       key=lambda a: (a.segment_ord, a.doc))
    return [searcher.doc(address)["id"][0] for address in addresses]
