"""Read queries behind ``steppe export`` (issue 16): pages of rows and co-mention pairs.

Exports must run in bounded memory on archives of any size, so every method reads one
*page*, by keyset (``after`` the last key of the previous page, in key order): the caller
loops until a page comes back short. Nothing here sorts or holds a whole table in Python.
The co-mention pairs are counted by the database itself (window functions, both backends),
which spills to disk where Python would not.

Written with ``?`` placeholders like ``reports_sql``; each backend's ``_q`` runs them
(PostgreSQL translates them, so no literal ``?`` or ``%`` may appear in the SQL text).
``since`` is always a first publication day (YYYY-MM-DD, already checked by the caller).
"""

from __future__ import annotations

import json
from typing import Any, Iterable

_CHUNK = 500  # values per IN (…) list
# What a co-mention graph counts: the link table and its key column (a closed list: these
# names go into SQL text, so they never come from the user).
GRAPH_KINDS = {"entities": ("article_entities", "entity_id"),
               "countries": ("article_countries", "code")}


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i:i + _CHUNK]


def _since(since: str | None, params: list[Any], column: str = "a.published_day") -> str:
    """`` AND column >= ?`` (its value appended to ``params``) or nothing."""
    if not since:
        return ""
    params.append(since)
    return f" AND {column} >= ?"


class ExportsMixin:
    """Store methods for exports: articles, entities, mentions, stories, co-mention pairs."""

    def _q(self, sql: str, params: Iterable[Any] = ()) -> Any:  # pragma: no cover - hook
        raise NotImplementedError

    # -- rows --------------------------------------------------------------------------------
    def export_article_page(self, after_pk: int, limit: int,
                            since: str | None = None) -> list[dict[str, Any]]:
        """Articles with pk > ``after_pk`` in pk order, with their live story (if any)."""
        params: list[Any] = [after_pk]
        where = _since(since, params)
        rows = self._q(
            "SELECT a.pk, a.id, a.published, a.source, a.url, a.lang, a.title, a.truncated, "
            "s.id, s.label FROM articles a "
            "LEFT JOIN story_members m ON m.article_id = a.id "
            "LEFT JOIN stories s ON s.pk = m.story_pk "
            f"WHERE a.pk > ?{where} ORDER BY a.pk LIMIT ?", params + [limit]).fetchall()
        return [{"pk": int(pk), "id": aid, "published": published, "source": source, "url": url,
                 "lang": lang, "title": title, "truncated": bool(truncated), "story": sid,
                 "story_label": label}
                for pk, aid, published, source, url, lang, title, truncated, sid, label in rows]

    def export_links(self, pks: list[int]) -> dict[int, dict[str, list[dict[str, Any]]]]:
        """The entity and country links of articles (by pk), most mentioned first."""
        out: dict[int, dict[str, list[dict[str, Any]]]] = {
            pk: {"entities": [], "countries": []} for pk in pks}
        for chunk in _chunks(sorted(set(pks))):
            # the range as well as the list: PostgreSQL scans the whole table for a long IN
            # list it has no fresh statistics about, but always walks the key's index for a range
            where = f"article_pk >= ? AND article_pk <= ? AND article_pk IN ({_marks(len(chunk))})"
            params = [chunk[0], chunk[-1], *chunk]
            for pk, eid, name, etype, country, n in self._q(
                    "SELECT article_pk, entity_id, name, type, country, mentions "
                    f"FROM article_entities WHERE {where}", params).fetchall():
                out[int(pk)]["entities"].append({"id": eid, "name": name, "type": etype,
                                                 "country": country, "mentions": int(n)})
            for pk, code, n in self._q(
                    f"SELECT article_pk, code, mentions FROM article_countries WHERE {where}",
                    params).fetchall():
                out[int(pk)]["countries"].append({"code": code, "mentions": int(n)})
        for links in out.values():
            links["entities"].sort(key=lambda e: (-e["mentions"], e["name"], e["id"]))
            links["countries"].sort(key=lambda c: (-c["mentions"], c["code"]))
        return out

    def export_annotation_page(self, after_pk: int, limit: int,
                               since: str | None = None) -> list[tuple[int, str, dict[str, Any]]]:
        """(pk, id, stored annotation lists) of annotated articles with pk > ``after_pk``:
        mentions and their offsets live only in the annotation."""
        params: list[Any] = [after_pk]
        where = _since(since, params)
        rows = self._q(f"SELECT a.pk, a.id, a.annotation FROM articles a WHERE a.pk > ?{where} "
                       "AND a.annotation IS NOT NULL ORDER BY a.pk LIMIT ?",
                       params + [limit]).fetchall()
        return [(int(pk), aid, json.loads(raw)) for pk, aid, raw in rows]

    def export_entity_page(self, after_id: str, limit: int,
                           since: str | None = None) -> list[dict[str, Any]]:
        """Entities with id > ``after_id`` in id order, with the number of articles (and of
        live stories, and of mentions) that name them, and their first and last days."""
        params: list[Any] = [after_id]
        where = _since(since, params)
        rows = self._q(
            "SELECT e.entity_id, min(e.name), min(e.type), min(e.country), "
            "count(DISTINCT e.article_pk), count(DISTINCT m.story_pk), sum(e.mentions), "
            "min(a.published_day), max(a.published_day) "
            "FROM article_entities e JOIN articles a ON a.pk = e.article_pk "
            "LEFT JOIN story_members m ON m.article_id = a.id "
            f"WHERE e.entity_id > ?{where} GROUP BY e.entity_id ORDER BY e.entity_id LIMIT ?",
            params + [limit]).fetchall()
        return [{"id": eid, "name": name, "type": etype, "country": country,
                 "articles": int(articles), "stories": int(stories), "mentions": int(mentions),
                 "first_day": first, "last_day": last}
                for eid, name, etype, country, articles, stories, mentions, first, last in rows]

    def export_story_page(self, after_pk: int, limit: int,
                          since_day: int | None = None) -> list[dict[str, Any]]:
        """Live stories with pk > ``after_pk`` in pk order, with their outlets' names and
        countries (``since_day``: stories still running on or after that day number)."""
        params: list[Any] = [after_pk]
        where = ""
        if since_day is not None:
            where, params = " AND s.last_day >= ?", params + [since_day]
        rows = self._q(
            "SELECT s.pk, s.id, s.label, s.first_day, s.last_day, s.size, s.sources "
            f"FROM stories s WHERE s.merged_into IS NULL AND s.pk > ?{where} "
            "ORDER BY s.pk LIMIT ?", params + [limit]).fetchall()
        stories = {int(r[0]): {"pk": int(r[0]), "id": r[1], "label": r[2], "first_day": int(r[3]),
                               "last_day": int(r[4]), "articles": int(r[5]),
                               "outlets": int(r[6]), "sources": [], "countries": []}
                   for r in rows}
        for chunk in _chunks(list(stories)):
            marks = _marks(len(chunk))
            for pk, source in self._q(
                    "SELECT DISTINCT m.story_pk, a.source FROM story_members m "
                    f"JOIN articles a ON a.id = m.article_id WHERE m.story_pk IN ({marks}) "
                    "AND a.source IS NOT NULL ORDER BY m.story_pk, a.source", chunk).fetchall():
                stories[int(pk)]["sources"].append(source)
            for pk, code, n in self._q(
                    "SELECT m.story_pk, c.code, count(*) FROM story_members m "
                    "JOIN articles a ON a.id = m.article_id "
                    "JOIN article_countries c ON c.article_pk = a.pk "
                    f"WHERE m.story_pk IN ({marks}) GROUP BY m.story_pk, c.code "
                    "ORDER BY m.story_pk, count(*) DESC, c.code", chunk).fetchall():
                stories[int(pk)]["countries"].append(code)
        return list(stories.values())

    # -- co-mention networks -----------------------------------------------------------------
    def comention_pairs(self, kind: str, since: str | None = None, per_unit: int = 20,
                        min_weight: int = 1, by_story: bool = True
                        ) -> Iterable[tuple[str, str, int]]:
        """(a, b, weight) with a < b: in how many stories (``by_story``; an article outside
        any story is a story of its own) or articles both keys of ``kind`` appear.

        Bounded: an article contributes its ``per_unit`` most-mentioned keys, and a story
        its ``per_unit`` keys named by most of its articles, so a unit makes at most
        per_unit·(per_unit−1)/2 pairs however long it is."""
        table, key = GRAPH_KINDS[kind]
        unit = "coalesce(sm.story_pk, -a.pk)" if by_story else "a.pk"
        params: list[Any] = []
        where = _since(since, params)
        params += [per_unit, per_unit, min_weight]
        return self._q(
            "WITH picked AS ("
            f"  SELECT x.article_pk, x.{key} AS k, x.mentions, ROW_NUMBER() OVER "
            f"    (PARTITION BY x.article_pk ORDER BY x.mentions DESC, x.{key}) AS r "
            f"  FROM {table} x JOIN articles a ON a.pk = x.article_pk WHERE 1 = 1{where}), "
            "units AS ("
            f"  SELECT {unit} AS u, p.k, count(*) AS n, sum(p.mentions) AS m "
            "  FROM picked p JOIN articles a ON a.pk = p.article_pk "
            "  LEFT JOIN story_members sm ON sm.article_id = a.id "
            f"  WHERE p.r <= ? GROUP BY {unit}, p.k), "
            "capped AS ("
            "  SELECT u, k, ROW_NUMBER() OVER (PARTITION BY u ORDER BY n DESC, m DESC, k) AS r "
            "  FROM units), "
            # GROUP BY, not a plain filter: SQLite indexes a grouped CTE for the self-join
            # below but not one holding a window function (a nested loop: hours on 100k articles)
            "kept AS (SELECT u, k FROM capped WHERE r <= ? GROUP BY u, k) "
            "SELECT one.k, two.k, count(*) FROM kept one "
            "JOIN kept two ON two.u = one.u AND one.k < two.k "
            "GROUP BY one.k, two.k HAVING count(*) >= ? "
            "ORDER BY one.k, two.k", params).fetchall()

    def comention_nodes(self, kind: str, keys: list[str],
                        since: str | None = None) -> dict[str, dict[str, Any]]:
        """For each key of ``kind``: the articles and live stories (since ``since``) that
        name it, and for entities their name, type and country."""
        table, key = GRAPH_KINDS[kind]
        described = kind == "entities"
        extra = ", min(x.name), min(x.type), min(x.country)" if described else ""
        out: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(list(dict.fromkeys(keys))):
            params: list[Any] = list(chunk)
            where = _since(since, params)
            for row in self._q(
                    f"SELECT x.{key}, count(DISTINCT x.article_pk), count(DISTINCT sm.story_pk)"
                    f"{extra} FROM {table} x JOIN articles a ON a.pk = x.article_pk "
                    "LEFT JOIN story_members sm ON sm.article_id = a.id "
                    f"WHERE x.{key} IN ({_marks(len(chunk))}){where} GROUP BY x.{key}",
                    params).fetchall():
                node = {"articles": int(row[1]), "stories": int(row[2])}
                if described:
                    node.update(name=row[3], type=row[4], country=row[5])
                out[row[0]] = node
        return out
