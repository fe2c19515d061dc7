"""``steppe index status``: how the index compares with the store, without changing either."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from steppe.index.reader import open_index
from steppe.index.schema import SCHEMA_VERSION
from steppe.index.writer import IndexMeta, needs_rebuild
from steppe.store import Store


def index_status(store: Store, index_dir: str | Path) -> dict[str, Any]:
    """Sequence numbers of store and index, documents, size on disk, and whether it lags."""
    index_dir = Path(index_dir)
    store_seq = store.last_seq()
    meta = IndexMeta.read(index_dir)
    handle = open_index(index_dir) if meta else None
    size = _size(index_dir / meta.generation) if meta else 0
    reason = needs_rebuild(meta, store, store_seq)
    return {
        "index_dir": str(index_dir),
        "exists": meta is not None,
        "schema_version": meta.schema if meta else None,
        "expected_schema_version": SCHEMA_VERSION,
        "generation": meta.generation if meta else None,
        "store_last_seq": store_seq,
        "index_last_seq": meta.last_seq if meta else 0,
        "behind": reason is not None or meta is None or meta.last_seq < store_seq,
        "needs_rebuild": reason,
        "store_articles": store.count_articles(),
        "docs": handle.searcher().num_docs if handle else 0,
        "size_mb": round(size / 1_000_000, 2),
        "updated_at": meta.updated_at if meta else None,
    }


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0
