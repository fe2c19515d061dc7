"""Read queries behind the web pages and reports: one implementation, two backends.

Written with ``?`` placeholders in SQL both SQLite and PostgreSQL accept; each backend's
``_q`` runs them (PostgreSQL translates the placeholders). Every query is bounded: a page
never reads more rows than it shows, or an indexed slice of one entity's or article's links.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from steppe.store.related_sql import related

_CHUNK = 500  # values per IN (…) list


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i:i + _CHUNK]


class ReportsMixin:
    """Store methods for pages: entity facts, the entities of a listing, briefs, related articles."""

    def _q(self, sql: str, params: Iterable[Any] = ()) -> Any:  # pragma: no cover - hook
        raise NotImplementedError

    def entity_facts(self, entity_id: str) -> dict[str, Any] | None:
        """Name, type and country under which articles record ``entity_id``; None if none do."""
        row = self._q("SELECT name, type, country FROM article_entities WHERE entity_id = ? "
                      "LIMIT 1", (entity_id,)).fetchone()
        if row is None:
            return None
        return {"id": entity_id, "name": row[0], "type": row[1], "country": row[2]}

    def entities_of_articles(self, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """The linked entities of each article (most mentioned first), for listings' tags."""
        out: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            rows = self._q(
                "SELECT a.id, e.entity_id, e.name, e.type, e.country, e.mentions "
                "FROM article_entities e JOIN articles a ON a.pk = e.article_pk "
                f"WHERE a.id IN ({_marks(len(chunk))})", chunk).fetchall()
            for aid, eid, name, etype, country, mentions in rows:
                out[aid].append({"id": eid, "name": name, "type": etype, "country": country,
                                 "mentions": int(mentions)})
        for entities in out.values():
            entities.sort(key=lambda e: (-e["mentions"], e["name"]))
        return out

    def article_briefs(self, ids: list[str]) -> list[dict[str, Any]]:
        """Id, title, publication date and source of articles, in the order of ``ids``."""
        found: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            for aid, title, published, source in self._q(
                    "SELECT id, title, published, source FROM articles "
                    f"WHERE id IN ({_marks(len(chunk))})", chunk).fetchall():
                found[aid] = {"id": aid, "title": title, "published": published, "source": source}
        return [found[i] for i in ids if i in found]

    def annotation_records(self, ids: list[str]) -> list[dict[str, Any]]:
        """Brief fields plus the stored annotation lists as plain dicts (``annotation``: None
        when not annotated), in the order of ``ids``: for scans that need no model objects."""
        found: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            for aid, title, published, source, raw in self._q(
                    "SELECT id, title, published, source, annotation FROM articles "
                    f"WHERE id IN ({_marks(len(chunk))})", chunk).fetchall():
                found[aid] = {"id": aid, "title": title, "published": published, "source": source,
                              "annotation": json.loads(raw) if raw else None}
        return [found[i] for i in ids if i in found]

    def related_articles(self, article_id: str, limit: int = 5,
                         entities: int = 5) -> list[tuple[str, int]]:
        """(id, shared entities) of the articles sharing most of this article's ``entities``
        most mentioned persons, organisations and places; newest first among equals
        (``store.related_sql``: without reading every candidate's row)."""
        return related(self._q, article_id, limit, entities)
