"""PostgreSQL's story postings in one round trip: a lateral join over all the keys.

SQLite answers ``story_postings`` with one indexed query per key, in-process and cheap;
PostgreSQL pays a network round trip per query, so it takes every key's newest postings in one
statement. Mixed in before ``StoriesMixin`` so this override wins.
"""

from __future__ import annotations

from typing import Any


class PostgresStoryPostingsMixin:
    """Needs ``_q`` (a parameterised query on the store's connection)."""

    def story_postings(self, keys: list[int], lo: int, hi: int, limit: int,
                       also_day: int | None = None) -> dict[int, list[tuple[int, int]]]:
        """One round trip for all keys (a lateral join), where SQLite loops in-process."""
        out: dict[int, list[tuple[int, int]]] = {}
        if not keys:
            return out
        extra = ""
        params: list[Any] = [list(keys), lo, hi, limit]
        if also_day is not None:
            extra = ("UNION ALL SELECT k.key, p.day, p.story_pk FROM unnest(?::bigint[]) AS k(key) "
                     "CROSS JOIN LATERAL (SELECT day, story_pk FROM story_keys WHERE key = k.key "
                     "AND day = ? ORDER BY story_pk DESC LIMIT ?) p ")
            params += [list(keys), also_day, limit]
        for key, day, story in self._q(
                "SELECT k.key, p.day, p.story_pk FROM unnest(?::bigint[]) AS k(key) "
                "CROSS JOIN LATERAL (SELECT day, story_pk FROM story_keys WHERE key = k.key "
                "AND day >= ? AND day <= ? ORDER BY day DESC, story_pk DESC LIMIT ?) p "
                + extra, params):
            out.setdefault(int(key), []).append((int(day), int(story)))
        return out
