"""Story counts and ranking windows, kept per process until the stories change.

Stories change only when a clustering round commits, and every round rewrites the store's
story version (``Store.story_version``: the clustering cursor, a random stamp, the highest
story pk) in the same transaction as its rows. What a page derives from the stories alone — how many live stories
a filter keeps, which 200 are the most recent — is therefore kept under that version and
recomputed after the next round; a page pays one small read to check it. A store without a
version (never clustered, stories cleared) is always asked afresh.

A round committing while a value is computed can leave a newer value under the older
version: requests still seeing that version get the newer value, which is what they would
have read a moment later; the next version is computed again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable, NamedTuple, TypeVar

from steppe.store import Store

CAPACITY = 512  # values kept per base: filters × periods in use between two rounds

T = TypeVar("T")


class WindowRow(NamedTuple):
    """A live story as the ranking needs it (no profile)."""

    pk: int
    sources: int
    size: int
    last_day: int


class _BaseMemo:
    def __init__(self, version: tuple[int, ...]) -> None:
        self.version = version
        self.values: OrderedDict[tuple[Any, ...], Any] = OrderedDict()


_memos: dict[str, _BaseMemo] = {}
_lock = threading.Lock()


def remembered(store: Store, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or its value from an earlier call under the store's current version."""
    version = store.story_version()
    if version is None:
        return compute()
    base = str(getattr(store, "url", id(store)))
    with _lock:
        memo = _memos.get(base)
        if memo is not None and key in memo.values and memo.version == version:
            memo.values.move_to_end(key)
            return memo.values[key]
    value = compute()
    with _lock:
        memo = _memos.get(base)
        if memo is None or memo.version != version:
            memo = _memos[base] = _BaseMemo(version)
        memo.values[key] = value
        while len(memo.values) > CAPACITY:
            memo.values.popitem(last=False)
    return value


def live_story_count(store: Store, since_day: int | None = None, tag: str | None = None) -> int:
    """``store.count_stories`` (read on indexes only), remembered until the stories change."""
    return remembered(store, ("count", since_day, tag),
                      lambda: store.count_live_stories(since_day, tag))


def story_window(store: Store, since_day: int | None, tag: str | None,
                 limit: int) -> list[WindowRow]:
    """The ``limit`` most recent live stories of a filter, light, remembered until the
    stories change."""
    return remembered(store, ("window", since_day, tag, limit),
                      lambda: [WindowRow(*r) for r in store.live_story_window(since_day, tag, limit)])


def forget_all() -> None:
    """Drop every remembered value (tests)."""
    with _lock:
        _memos.clear()
