"""Move a whole base from one backend to another (SQLite ↔ PostgreSQL), ids intact.

Articles travel with their annotations, ingestion metadata, ids and content hashes, so the
copy is the same base; only the sequence numbers are the target's own (they describe the
target's history of writes, which the target's search index follows).
"""

from __future__ import annotations

from itertools import islice

from steppe.store.base import Store


def copy_store(source: Store, target: Store, batch: int = 1000) -> dict[str, int]:
    """Copy every article of ``source`` into ``target``, ``batch`` articles per transaction.

    Idempotent because ``put_articles`` recognises what the target already holds: a second
    run reports everything as duplicates and writes nothing. Returns
    ``{"articles": written, "duplicates": already_there}``.
    """
    if batch < 1:
        raise ValueError("un lot compte au moins 1 article")
    counts = {"articles": 0, "duplicates": 0}
    pairs = source.iter_articles()
    while True:
        chunk = list(islice(pairs, batch))
        if not chunk:
            return counts
        # one transaction per batch: a crash loses at most one batch, and a re-run resumes
        for outcome in target.put_articles(chunk):
            counts["duplicates" if outcome == "duplicate" else "articles"] += 1
