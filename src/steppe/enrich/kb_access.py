"""One loaded knowledge base per process and user file, shared by all components.

The cache key includes the user file's modification time, so an entity added with
``steppe kb add`` is seen by the next pipeline built in the same process.
"""

from __future__ import annotations

import os
from functools import lru_cache

from steppe.kb import KnowledgeBase, load_kb


def get_kb(user_file: str = "") -> KnowledgeBase:
    try:
        stamp = os.stat(user_file).st_mtime_ns if user_file else 0
    except OSError:
        stamp = -1
    return _load(user_file, stamp)


@lru_cache(maxsize=4)
def _load(user_file: str, stamp: int) -> KnowledgeBase:
    return load_kb(user_file or None)


get_kb.cache_clear = _load.cache_clear  # type: ignore[attr-defined]
