"""What a digest reads of a period: the clustered articles of a window, and the people and
organisations they name, counted by story. Two backends, one text (``?`` placeholders, like
``sources_sql``).

An article's day in a digest is its publication day or, for an undated article (a dump's),
the day it was first ingested: a dump ingested today is in this week's digest. (The stories'
own ``day`` differs for undated articles: it reads the dates the text mentions, which is how
the clustering keeps an event's articles together, not when the news reached the reader.)
The publication day is indexed; undated articles are found on that index too (``IS NULL``)
and then read by their ingestion time, an ISO string compared as text.
"""

from __future__ import annotations

from typing import Any, Iterable

# the day of an article in a digest window (an ingestion time is ISO: its day is its prefix)
DIGEST_DAY = "coalesce(a.published_day, substr(a.ingested_at, 1, 10))"


def _window(first_day: str, last_day: str, tags: list[str]) -> tuple[str, list[Any]]:
    """FROM … WHERE of the clustered articles of a window whose story carries every tag."""
    sql = ("FROM articles a JOIN story_members m ON m.article_id = a.id "
           "WHERE ((a.published_day >= ? AND a.published_day <= ?) OR "
           "(a.published_day IS NULL AND a.ingested_at >= ? AND a.ingested_at < ?))")
    params: list[Any] = [first_day, last_day, first_day, last_day + "\uffff"]
    for tag in tags:
        sql += " AND EXISTS (SELECT 1 FROM story_tags t WHERE t.story_pk = m.story_pk AND t.tag = ?)"
        params.append(tag)
    return sql, params


class DigestMixin:
    """Store methods for ``steppe.reports.digest``."""

    def _q(self, sql: str, params: Iterable[Any] = ()) -> Any:  # pragma: no cover - hook
        raise NotImplementedError

    def digest_articles(self, first_day: str, last_day: str,
                        tags: list[str] | None = None) -> list[tuple[str, int, str | None, str]]:
        """(article id, story pk, source, day) of every clustered article whose digest day
        is in [first_day, last_day] (YYYY-MM-DD) and whose story has all ``tags``."""
        where, params = _window(first_day, last_day, tags or [])
        rows = self._q(f"SELECT a.id, m.story_pk, a.source, {DIGEST_DAY} {where} "
                       "ORDER BY a.pk", params).fetchall()
        return [(aid, int(pk), source, day) for aid, pk, source, day in rows]

    def digest_entities(self, first_day: str, last_day: str, tags: list[str] | None = None,
                        types: tuple[str, ...] = ("person", "organization"),
                        limit: int = 20) -> list[tuple[str, str, str, int, int]]:
        """(entity id, name, type, stories, articles) of the entities of ``types`` named by
        the window's articles, most stories first, then most articles."""
        where, params = _window(first_day, last_day, tags or [])
        marks = ",".join("?" * len(types))
        rows = self._q(
            "SELECT e.entity_id, max(e.name), e.type, count(DISTINCT m.story_pk), count(*) "
            f"{where.replace('WHERE', 'JOIN article_entities e ON e.article_pk = a.pk WHERE', 1)} "
            f"AND e.type IN ({marks}) GROUP BY e.entity_id, e.type "
            "ORDER BY 4 DESC, 5 DESC, 1 LIMIT ?", params + list(types) + [limit]).fetchall()
        return [(eid, name, kind, int(s), int(n)) for eid, name, kind, s, n in rows]

    def digest_latest_day(self, before: str, tags: list[str] | None = None) -> str | None:
        """The latest digest day on or before ``before`` of a clustered article whose story
        has all ``tags``: where an empty period's reader can go instead."""
        sql = (f"SELECT max({DIGEST_DAY}) FROM articles a JOIN story_members m "
               f"ON m.article_id = a.id WHERE {DIGEST_DAY} <= ?")
        params: list[Any] = [before]
        for tag in tags or []:
            sql += (" AND EXISTS (SELECT 1 FROM story_tags t WHERE t.story_pk = m.story_pk "
                    "AND t.tag = ?)")
            params.append(tag)
        row = self._q(sql, params).fetchone()
        return row[0] if row and row[0] else None
