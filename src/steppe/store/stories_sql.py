"""Stories in the store: rows, memberships, the candidate postings and tags; two backends, one text.

Written with ``?`` placeholders like ``sources_sql``; a backend supplies ``_q`` (one statement),
``_many`` (one statement, many rows) and may override ``story_postings`` with a single round
trip. The clustering itself lives in ``steppe.stories``: this module only reads and writes rows.
Writes happen inside the caller's ``transaction()``, which on PostgreSQL is the writers' lock,
so two processes never cluster at the same time and no membership is lost or doubled.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from steppe.errors import UnknownStory, quoted

STORY_COLUMNS = ("pk, id, merged_into, label_id, label, label_score, size, sources, first_day, "
                 "last_day, founded_seq, profile")
MEMBER_COLUMNS = "article_id, story_pk, score, centrality, day, seq, why"
_CHUNK = 500
_MAX_REDIRECTS = 64


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i:i + _CHUNK]


def story_row(row: tuple[Any, ...]) -> dict[str, Any]:
    """A stories row as a dict, its profile parsed."""
    names = [c.strip() for c in STORY_COLUMNS.split(",")]
    out = dict(zip(names, row))
    out["profile"] = json.loads(out["profile"])
    return out


class StoriesMixin:
    """Store methods for ``steppe.stories`` and the pages that show stories."""

    def _q(self, sql: str, params: Iterable[Any] = ()) -> Any:  # pragma: no cover - hook
        raise NotImplementedError

    def _many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:  # pragma: no cover - hook
        raise NotImplementedError

    # -- clustering state ------------------------------------------------------------------
    def story_cursor(self) -> int:
        row = self._q("SELECT value FROM story_state WHERE name = 'cursor'").fetchone()
        return int(row[0]) if row else 0

    def set_story_cursor(self, seq: int) -> None:
        self._q("INSERT INTO story_state (name, value) VALUES ('cursor', ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value", (int(seq),))

    def story_stamp(self) -> int | None:
        """The token the last clustering round wrote (``steppe.stories.cache``): a process
        whose cached stories carry another token knows someone else has written since."""
        row = self._q("SELECT value FROM story_state WHERE name = 'stamp'").fetchone()
        return int(row[0]) if row else None

    def set_story_stamp(self, stamp: int) -> None:
        self._q("INSERT INTO story_state (name, value) VALUES ('stamp', ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value", (int(stamp),))

    def next_story_pk(self) -> int:
        return int(self._q("SELECT coalesce(max(pk), 0) + 1 FROM stories").fetchone()[0])

    def clear_stories(self, pks: list[int] | None = None) -> None:
        """Forget every story (or the given ones, with their members, postings and tags)."""
        if pks is None:
            for table in ("story_keys", "story_tags", "story_members", "stories", "story_state"):
                self._q(f"DELETE FROM {table}")
            return
        for chunk in _chunks(pks):
            marks = _marks(len(chunk))
            for table, column in (("story_keys", "story_pk"), ("story_tags", "story_pk"),
                                  ("story_members", "story_pk"), ("stories", "pk")):
                self._q(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)
        self._q("DELETE FROM story_state WHERE name = 'stamp'")  # cached copies are stale

    def stories_since(self, since_day: int) -> list[int]:
        """Live stories with news on or after a day, and the stories merged into them."""
        live = [int(r[0]) for r in self._q("SELECT pk FROM stories WHERE merged_into IS NULL "
                                           "AND last_day >= ?", (since_day,)).fetchall()]
        out, frontier = set(live), list(live)
        while frontier:
            found = []
            for chunk in _chunks(frontier):
                found += [int(r[0]) for r in self._q(
                    f"SELECT pk FROM stories WHERE merged_into IN ({_marks(len(chunk))})",
                    chunk).fetchall()]
            frontier = [pk for pk in found if pk not in out]
            out.update(frontier)
        return sorted(out)

    def member_changes(self, pks: list[int]) -> list[tuple[int, str, str]]:
        """(seq, article id, "insert") of the members of these stories, in clustering order."""
        rows: list[tuple[int, str, str]] = []
        for chunk in _chunks(pks):
            rows += [(int(seq), aid, "insert") for seq, aid in self._q(
                f"SELECT seq, article_id FROM story_members WHERE story_pk IN "
                f"({_marks(len(chunk))})", chunk).fetchall()]
        return sorted(rows)

    def story_postings(self, keys: list[int], lo: int, hi: int, limit: int,
                       also_day: int | None = None) -> dict[int, list[tuple[int, int]]]:
        """For each key, its latest ``limit`` postings (day, story pk) with lo <= day <= hi,
        then (``also_day``) up to ``limit`` more on that one day, latest first."""
        out: dict[int, list[tuple[int, int]]] = {}
        sql = ("SELECT day, story_pk FROM (SELECT day, story_pk FROM story_keys WHERE key = ? "
               "AND day >= ? AND day <= ? ORDER BY day DESC, story_pk DESC LIMIT ?)")
        if also_day is not None:
            sql += (" UNION ALL SELECT day, story_pk FROM (SELECT day, story_pk FROM story_keys "
                    "WHERE key = ? AND day = ? ORDER BY story_pk DESC LIMIT ?)")
        for key in keys:
            params: tuple[int, ...] = (key, lo, hi, limit)
            if also_day is not None:
                params += (key, also_day, limit)
            rows = self._q(sql, params).fetchall()
            if rows:
                out[key] = [(int(d), int(s)) for d, s in rows]
        return out

    def load_stories(self, pks: list[int]) -> dict[int, dict[str, Any]]:
        out: dict[int, dict[str, Any]] = {}
        for chunk in _chunks(sorted(set(pks))):
            for row in self._q(f"SELECT {STORY_COLUMNS} FROM stories WHERE pk IN "
                               f"({_marks(len(chunk))})", chunk).fetchall():
                out[int(row[0])] = story_row(row)
        return out

    def clustered_ids(self, ids: list[str]) -> set[str]:
        """Which of these articles already belong to a story."""
        found: set[str] = set()
        for chunk in _chunks(ids):
            found.update(r[0] for r in self._q(
                f"SELECT article_id FROM story_members WHERE article_id IN ({_marks(len(chunk))})",
                chunk).fetchall())
        return found

    def near_duplicate_roots(self, ids: list[str]) -> dict[str, str]:
        """article id -> the article it is a near-duplicate of, for those that are."""
        out: dict[str, str] = {}
        for chunk in _chunks(ids):
            out.update((a, b) for a, b in self._q(
                "SELECT article_id, near_duplicate_of FROM article_provenance WHERE article_id "
                f"IN ({_marks(len(chunk))}) AND near_duplicate_of IS NOT NULL", chunk).fetchall())
        return out

    def member_story_pks(self, ids: list[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for chunk in _chunks(ids):
            out.update((a, int(s)) for a, s in self._q(
                f"SELECT article_id, story_pk FROM story_members WHERE article_id IN "
                f"({_marks(len(chunk))})", chunk).fetchall())
        return out

    def save_story_batch(self, stories: list[dict[str, Any]], members: list[tuple],
                         keys: list[tuple[int, int, int]], tags: list[tuple[str, int]],
                         merges: list[tuple[int, int]]) -> None:
        """Write what one clustering batch changed, in a handful of statements."""
        if stories:
            self._insert_rows(
                "stories", STORY_COLUMNS,
                [(s["pk"], s["id"], s["merged_into"], s["label_id"], s["label"],
                  s["label_score"], s["size"], s["sources"], s["first_day"], s["last_day"],
                  s["founded_seq"], json.dumps(s["profile"], ensure_ascii=False,
                                               separators=(",", ":")))
                 for s in stories],
                "ON CONFLICT (pk) DO UPDATE SET merged_into = excluded.merged_into, "
                "label_id = excluded.label_id, label = excluded.label, "
                "label_score = excluded.label_score, size = excluded.size, "
                "sources = excluded.sources, first_day = excluded.first_day, "
                "last_day = excluded.last_day, profile = excluded.profile")
        for old, new in merges:
            self._q("UPDATE story_members SET story_pk = ? WHERE story_pk = ?", (new, old))
            self._q("DELETE FROM story_tags WHERE story_pk = ?", (old,))
        if members:
            self._insert_rows("story_members", MEMBER_COLUMNS, members,
                              "ON CONFLICT (article_id) DO UPDATE SET story_pk = "
                              "excluded.story_pk, score = excluded.score, "
                              "centrality = excluded.centrality, why = excluded.why")
        if keys:
            self._insert_rows("story_keys", "key, day, story_pk", keys)
        if tags:
            self._insert_rows("story_tags", "tag, story_pk", tags,
                              "ON CONFLICT (tag, story_pk) DO NOTHING")

    def _insert_rows(self, table: str, columns: str, rows: list[tuple],
                     conflict: str = "") -> None:
        """INSERT many rows (PostgreSQL overrides this with COPY: same rows, same conflicts)."""
        marks = _marks(columns.count(",") + 1)
        self._many(f"INSERT INTO {table} ({columns}) VALUES ({marks}) {conflict}", rows)

    # -- reads for pages, the CLI and search -----------------------------------------------
    def resolve_story(self, story_id: str) -> dict[str, Any]:
        """The live story behind an id, following merges; NotFound when there is none."""
        row = self._q(f"SELECT {STORY_COLUMNS} FROM stories WHERE id = ?", (story_id,)).fetchone()
        for _ in range(_MAX_REDIRECTS):
            if row is None:
                raise UnknownStory(f"aucune histoire n’a l’identifiant {quoted(story_id)}")
            story = story_row(row)
            if story["merged_into"] is None:
                return story
            row = self._q(f"SELECT {STORY_COLUMNS} FROM stories WHERE pk = ?",
                          (story["merged_into"],)).fetchone()
        raise UnknownStory(f"aucune histoire n’a l’identifiant {quoted(story_id)}")

    def story_member_rows(self, story_pk: int, limit: int = 500) -> list[dict[str, Any]]:
        """Members of a story, oldest first, with their score and why (JSON parsed)."""
        rows = self._q(f"SELECT {MEMBER_COLUMNS} FROM story_members WHERE story_pk = ? "
                       "ORDER BY day, seq LIMIT ?", (story_pk, limit)).fetchall()
        names = [c.strip() for c in MEMBER_COLUMNS.split(",")]
        out = []
        for row in rows:
            item = dict(zip(names, row))
            item["why"] = json.loads(item["why"])
            out.append(item)
        return out

    def list_story_rows(self, since_day: int | None = None, tag: str | None = None,
                        limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Live stories, latest first; ``tag`` is ``country:KZ``, ``topic:…`` or ``entity:…``."""
        where, params = ["s.merged_into IS NULL"], []
        if since_day is not None:
            where.append("s.last_day >= ?")
            params.append(since_day)
        join = ""
        if tag:
            join = "JOIN story_tags t ON t.story_pk = s.pk AND t.tag = ? "
            params.insert(0, tag)
        cols = ", ".join("s." + c.strip() for c in STORY_COLUMNS.split(","))
        rows = self._q(f"SELECT {cols} FROM stories s {join}WHERE {' AND '.join(where)} "
                       "ORDER BY s.last_day DESC, s.pk DESC LIMIT ? OFFSET ?",
                       params + [limit, offset]).fetchall()
        return [story_row(r) for r in rows]

    def count_stories(self, since_day: int | None = None, tag: str | None = None) -> int:
        if tag:
            sql = ("SELECT count(*) FROM story_tags t JOIN stories s ON s.pk = t.story_pk "
                   "WHERE t.tag = ? AND s.merged_into IS NULL")
            params: list[Any] = [tag]
        else:
            sql, params = "SELECT count(*) FROM stories s WHERE s.merged_into IS NULL", []
        if since_day is not None:
            sql += " AND s.last_day >= ?"
            params.append(since_day)
        return int(self._q(sql, params).fetchone()[0])

    def stories_of_articles(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """article id -> {"story": id, "size": n, "label": …} for the clustered ones."""
        out: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(ids):
            for aid, sid, size, label in self._q(
                    "SELECT m.article_id, s.id, s.size, s.label FROM story_members m "
                    "JOIN stories s ON s.pk = m.story_pk "
                    f"WHERE m.article_id IN ({_marks(len(chunk))})", chunk).fetchall():
                out[aid] = {"story": sid, "size": int(size), "label": label}
        return out

    def article_cards(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """id -> title, published, source, lang and url, for story timelines."""
        out: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            for aid, title, published, source, lang, url in self._q(
                    "SELECT id, title, published, source, lang, url FROM articles "
                    f"WHERE id IN ({_marks(len(chunk))})", chunk).fetchall():
                out[aid] = {"title": title, "published": published, "source": source,
                            "lang": lang, "url": url}
        return out

    def story_member_ids(self, story_pk: int, limit: int = 10_000) -> list[str]:
        return [r[0] for r in self._q("SELECT article_id FROM story_members WHERE story_pk = ? "
                                      "ORDER BY day, seq LIMIT ?", (story_pk, limit)).fetchall()]

    def iter_story_members(self) -> Iterable[tuple[str, str, float | None]]:
        """(article id, story id, score) of every clustered article, in clustering order."""
        last = -1
        while True:
            rows = self._q("SELECT m.seq, m.article_id, s.id, m.score FROM story_members m "
                           "JOIN stories s ON s.pk = m.story_pk WHERE m.seq > ? "
                           "ORDER BY m.seq LIMIT 1000", (last,)).fetchall()
            for _, aid, sid, score in rows:
                yield aid, sid, score
            if len(rows) < 1000:
                return
            last = rows[-1][0]
