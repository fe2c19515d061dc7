"""One loaded knowledge base per process and user file, shared by all components."""

from __future__ import annotations

from functools import lru_cache

from steppe.kb import KnowledgeBase, load_kb


@lru_cache(maxsize=4)
def get_kb(user_file: str = "") -> KnowledgeBase:
    return load_kb(user_file or None)
