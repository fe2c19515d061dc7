"""Lists of live stories for pages: the ranking window read light, rows loaded by pk, and the
token that says whether anything of the stories changed. Two backends, one text.

A list page shows 20 stories out of the 200 most recent it ranks (``reports.stories``). The
200 are read here without their profiles (a decoded profile is most of a story's cost), in
the order ``list_story_rows`` gives, and only the rows shown are loaded whole. A tag filter
is answered one of two ways, whichever reads fewer rows: walking the live stories from the
most recent and keeping those with the tag (a common tag: a few rows per hit), or reading the
tag's stories and sorting them (a rare tag: few stories at all). Same rows, same order.
Counts of live stories read the partial indexes of migration 0006 (``stories_live``,
``stories_merged``) and never the rows.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Iterable

from steppe.store.stories_sql import STORY_COLUMNS, story_row

WINDOW_COLUMNS = "s.pk, s.sources, s.size, s.last_day"
# story s has the tag: looked up per story (OFFSET 0 keeps PostgreSQL from making it a join)
_HAS_TAG = "EXISTS (SELECT 1 FROM story_tags t WHERE t.tag = ? AND t.story_pk = s.pk LIMIT 1 OFFSET 0)"
_CHUNK = 500


class StoryListsMixin:
    """Store methods for the stories list, the feed's top stories and the counts pages show."""

    def _q(self, sql: str, params: Iterable[Any] = ()) -> Any:  # pragma: no cover - hook
        raise NotImplementedError

    def story_version(self) -> tuple[int, int, int] | None:
        """(cursor, stamp, highest pk) of the clustering, in one read. Every clustering round
        rewrites the cursor and the stamp in the transaction of its rows (the highest pk also
        moves with stories written without a round, as benchmarks do): while the three read
        the same, no story changed. None without a stamp (never clustered, or stories
        cleared): nothing may be kept then."""
        row = self._q("SELECT (SELECT value FROM story_state WHERE name = 'cursor'), "
                      "(SELECT value FROM story_state WHERE name = 'stamp'), "
                      "(SELECT max(pk) FROM stories)").fetchone()
        if row is None or row[1] is None:
            return None
        return int(row[0] or 0), int(row[1]), int(row[2] or 0)

    def live_story_window(self, since_day: int | None = None, tag: str | None = None,
                          limit: int = 200) -> list[tuple[int, int, int, int]]:
        """(pk, sources, size, last_day) of the ``limit`` most recent live stories (with news
        on or after ``since_day``, with ``tag``), latest first: ``list_story_rows``'s rows and
        order, without the profiles."""
        walk = bool(tag) and self._walk_recent(tag, limit)
        sql, params = self._live(WINDOW_COLUMNS, since_day, tag, walk)
        rows = self._q(f"{sql} ORDER BY s.last_day DESC, s.pk DESC LIMIT ?",
                       params + [limit]).fetchall()
        return [(int(pk), int(sources), int(size), int(day)) for pk, sources, size, day in rows]

    def count_live_stories(self, since_day: int | None = None, tag: str | None = None) -> int:
        """``count_stories``, on indexes: live stories are counted on the partial index of
        them; a tag's, as its tag rows less those of merged stories (a tag row always names a
        story); a tag's since a day, walking the live stories since then or the tag's rows,
        whichever are fewer."""
        if tag and since_day is None:
            return int(self._q(
                "SELECT (SELECT count(*) FROM story_tags WHERE tag = ?) - (SELECT count(*) "
                f"FROM stories s WHERE s.merged_into IS NOT NULL AND {_HAS_TAG})",
                (tag, tag)).fetchone()[0])
        sql, params = self._live("count(*)", since_day, None, walk=False)
        live = int(self._q(sql, params).fetchone()[0])
        if not tag:
            return live
        tagged = int(self._q("SELECT count(*) FROM story_tags WHERE tag = ?", (tag,)).fetchone()[0])
        sql, params = self._live("count(*)", since_day, tag, walk=live <= tagged)
        return int(self._q(sql, params).fetchone()[0])

    def _live(self, columns: str, since_day: int | None, tag: str | None,
              walk: bool) -> tuple[str, list[Any]]:
        """SELECT ``columns`` of the live stories of a filter: walking them (``walk``: each
        story's tag looked up) or joining the tag's rows."""
        where, params = ["s.merged_into IS NULL"], []
        if since_day is not None:
            # news since the day; or an undated member (a dump's) first ingested since then:
            # a story's days come from dates in such an article's text, its window from arrival
            where.append("(s.last_day >= ? OR s.pk IN (SELECT m.story_pk FROM articles a JOIN "
                         "story_members m ON m.article_id = a.id WHERE a.published_day IS NULL "
                         "AND a.ingested_at >= ?))")
            params += [since_day, (date(1970, 1, 1) + timedelta(days=since_day)).isoformat()]
        join = ""
        if tag and walk:
            where.append(_HAS_TAG)
            params.append(tag)
        elif tag:
            join = "JOIN story_tags t ON t.story_pk = s.pk AND t.tag = ? "
            params.insert(0, tag)
        return f"SELECT {columns} FROM stories s {join}WHERE {' AND '.join(where)}", params

    def _walk_recent(self, tag: str, limit: int) -> bool:
        """Whether walking the stories by recency reads fewer rows than reading the tag's:
        about ``limit`` × stories / tagged against tagged (pks are dense: max is the count)."""
        tagged = int(self._q("SELECT count(*) FROM story_tags WHERE tag = ?", (tag,)).fetchone()[0])
        stories = int(self._q("SELECT coalesce(max(pk), 0) FROM stories").fetchone()[0])
        return tagged * tagged >= limit * stories

    def stories_by_pk(self, pks: list[int]) -> dict[int, dict[str, Any]]:
        """Whole story rows (profile parsed) by pk, for the few a page shows."""
        out: dict[int, dict[str, Any]] = {}
        for i in range(0, len(pks), _CHUNK):
            chunk = pks[i:i + _CHUNK]
            for row in self._q(f"SELECT {STORY_COLUMNS} FROM stories WHERE pk IN "
                               f"({','.join('?' * len(chunk))})", chunk).fetchall():
                out[int(row[0])] = story_row(row)
        return out
