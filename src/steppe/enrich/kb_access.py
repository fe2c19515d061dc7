"""One loaded knowledge base per process and user file, shared by all components.

The cache key includes the user file's modification time, so an entity added with
``steppe kb add`` is seen by the next pipeline built in the same process.

The KB used is bundled + user file + the curation overlay of the database in use
(``steppe.kb.curation``). Workers are long-lived, so whoever works on a store calls
``refresh_overlay(store)`` once per batch: one ``SELECT max(id)`` on the change log, and only
when it moved (or the store is another database) are the active changes read again. The
overlay is held per process; ``overlay_key()`` changes with it, so pipelines keyed on it are
rebuilt with the curated KB.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from typing import Any, Protocol

from steppe.kb import KnowledgeBase, load_kb
from steppe.kb.curation import Overlay, apply_overlay, build_overlay
from steppe.model import Annotation


class CurationSource(Protocol):
    """What ``refresh_overlay`` needs of a store (duck-typed: enrich sits below the store)."""

    def identity(self) -> str: ...
    def kb_change_version(self) -> int: ...
    def active_kb_changes(self) -> list[Any]: ...


_lock = threading.Lock()
_overlay: tuple[tuple[str, int], Overlay] = (("", 0), Overlay())


def refresh_overlay(store: CurationSource) -> Overlay:
    """The overlay of ``store``'s curation log, reloaded only when the log moved."""
    global _overlay
    key = (store.identity(), store.kb_change_version())
    if _overlay[0] == key:
        return _overlay[1]
    overlay = build_overlay(store.active_kb_changes(), key[1]) if key[1] else Overlay()
    with _lock:
        _overlay = (key, overlay)
    return overlay


def current_overlay() -> Overlay:
    return _overlay[1]


def overlay_state() -> tuple[tuple[str, int], Overlay]:
    """The overlay with its key, to hand to enrichment processes (they have no store)."""
    return _overlay


def reset_overlay() -> None:
    """Forget the overlay (tests: a process that worked on one curated base, then annotates
    without a store, would otherwise keep that base's curation)."""
    install_overlay((("", 0), Overlay()))


def install_overlay(state: tuple[tuple[str, int], Overlay] | None) -> None:
    """Use the overlay a parent process held when it started this one."""
    global _overlay
    if state is not None:
        with _lock:
            _overlay = state


def overlay_key() -> tuple[str, int]:
    """Changes whenever the overlay does (part of the pipeline cache's key)."""
    return _overlay[0] if not _overlay[1].is_empty() else ("", 0)


def adjust(article_id: str, annotation: Annotation, kb: KnowledgeBase) -> Annotation:
    """The article-level part of the overlay (splits, rejected forms), after linking."""
    from steppe.kb.curation import adjust_annotation

    return adjust_annotation(article_id, annotation, _overlay[1], kb)


def get_kb(user_file: str = "") -> KnowledgeBase:
    try:
        stamp = os.stat(user_file).st_mtime_ns if user_file else 0
    except OSError:
        stamp = -1
    key, overlay = _overlay
    if overlay.is_empty():
        return _load(user_file, stamp)
    return _curated(user_file, stamp, key, overlay)


@lru_cache(maxsize=4)
def _load(user_file: str, stamp: int) -> KnowledgeBase:
    return load_kb(user_file or None)


@lru_cache(maxsize=4)
def _curated(user_file: str, stamp: int, key: tuple[str, int], overlay: Overlay) -> KnowledgeBase:
    return apply_overlay(_load(user_file, stamp), overlay)


def _clear() -> None:
    _load.cache_clear()
    _curated.cache_clear()


get_kb.cache_clear = _clear  # type: ignore[attr-defined]
