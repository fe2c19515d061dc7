"""Live stories kept decoded between clustering rounds, for as long as nobody else writes.

Loading a candidate story means decoding its JSON profile; an ingest clusters round after
round against the same few thousand live stories, so a process keeps them (with their cached
norms) from one round to the next. The cache is only trusted while the store still carries
the stamp this process wrote with its last round: another writer, a rebuild, a cleared story
or a rolled-back transaction all leave another stamp (or none), and the cache starts empty.
A round that has begun but not flushed leaves the cache untrusted, so a failure half-way
(dicts already changed in memory, rows rolled back) never leaks into the next round.
"""

from __future__ import annotations

import secrets
import weakref
from collections import OrderedDict
from typing import Any

from steppe.store.base import Store

CAPACITY = 6_000  # stories kept; about four weeks of live stories at a thousand articles a day


class StoryCache:
    """Decoded story dicts by pk, least recently used first."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self.stories: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self.stamp: int | None = None

    def begin(self, store: Store) -> None:
        """Start a round: keep the stories only if the store is as this process left it."""
        if self.stamp is None or store.story_stamp() != self.stamp:
            self.stories.clear()
        self.stamp = None  # untrusted until the round is written

    def get(self, pks: list[int]) -> tuple[dict[int, dict[str, Any]], list[int]]:
        """The cached ones, and the pks still to load."""
        found, missing = {}, []
        for pk in pks:
            story = self.stories.get(pk)
            if story is None:
                missing.append(pk)
            else:
                self.stories.move_to_end(pk)
                found[pk] = story
        return found, missing

    def put(self, stories: dict[int, dict[str, Any]]) -> None:
        for pk, story in stories.items():
            self.stories[pk] = story
            self.stories.move_to_end(pk)
        while len(self.stories) > self.capacity:
            self.stories.popitem(last=False)

    def commit(self, store: Store, stories: dict[int, dict[str, Any]]) -> None:
        """After a round's rows are written: stamp the store and keep the round's stories."""
        stamp = secrets.randbits(62)
        store.set_story_stamp(stamp)
        self.put(stories)
        self.stamp = stamp


_CACHES: "weakref.WeakKeyDictionary[Any, StoryCache]" = weakref.WeakKeyDictionary()


def cache_for(store: Store) -> StoryCache:
    """The cache of one open store (one connection: one process's view)."""
    cache = _CACHES.get(store)
    if cache is None:
        cache = _CACHES[store] = StoryCache()
    return cache
