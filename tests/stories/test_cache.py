"""The per-process story cache never serves a story another writer or a rollback has changed."""

from __future__ import annotations

import pytest

from steppe.store import open_store
from steppe.stories import cluster_new, rebuild
from steppe.stories.cache import cache_for

from tests.stories.test_cluster import DECREE, FLOOD_EN, FLOOD_FR, FLOOD_FR2, put, story_of


def _size(store, article_id: str) -> int:
    return store.resolve_story(story_of(store)[article_id])["size"]


def test_a_story_another_connection_changed_is_read_again(tmp_path):
    path = str(tmp_path / "cache.db")
    a, b = open_store(path), open_store(path)
    try:
        put(a, FLOOD_FR)
        assert cache_for(a).stories  # a keeps the story it founded
        put(b, FLOOD_FR2)  # b adds to it: a's copy is now stale
        put(a, FLOOD_EN)
        assert _size(a, "f1") == 3
        assert story_of(a)["f1"] == story_of(a)["f2"] == story_of(a)["f3"]
    finally:
        a.close()
        b.close()


class _Abort(Exception):
    pass


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_rolled_back_round_leaves_nothing_behind(backend, tmp_path, request):
    url = str(tmp_path / "rollback.db") if backend == "sqlite" else request.getfixturevalue("pg_url")
    store = open_store(url)
    try:
        put(store, FLOOD_FR)
        with pytest.raises(_Abort):
            with store.transaction():
                store.put_articles([FLOOD_FR2])
                cluster_new(store)  # the cached story takes f2 in memory ...
                raise _Abort  # ... and the rows go
        put(store, FLOOD_EN)
        assert _size(store, "f1") == 2  # f1 and f3, never the rolled-back f2
        online = story_of(store)
        assert "f2" not in online
        rebuild(store)
        assert story_of(store) == online
        assert _size(store, "f1") == 2
    finally:
        store.close()


def test_the_cache_is_bounded(tmp_path):
    store = open_store(str(tmp_path / "bound.db"))
    try:
        cache = cache_for(store)
        cache.capacity = 1
        put(store, FLOOD_FR)
        put(store, DECREE)
        assert len(cache.stories) == 1
        assert _size(store, "f1") == 1
    finally:
        store.close()
