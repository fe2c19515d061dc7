"""Which articles a bulk job works on, in a stable order: one implementation for both backends.

``steppe reannotate`` walks the archive by the articles' internal ``pk``: it only grows (new
articles get higher ones, an update keeps its row), so "done up to pk N" is a position that
stays true while other writers add articles, and a re-run can start right after it. Pages are
read by key (``pk > ?``), never by offset, so each costs the same at the end of a million rows
as at the start. Written with ``?`` placeholders like ``sources_sql``; PostgreSQL translates them.
"""

from __future__ import annotations

from typing import Any, Iterable

_CHUNK = 500  # values per IN (…) list


class TargetsMixin:
    """Store methods behind ``steppe reannotate``: (pk, id) of articles, in pk order."""

    def _q(self, sql: str, params: Iterable[Any] = ()) -> Any:  # pragma: no cover - hook
        raise NotImplementedError

    def article_keys_after(self, after_pk: int, limit: int,
                           since: str | None = None) -> list[tuple[int, str]]:
        """(pk, id) of the next ``limit`` articles after ``after_pk``, in pk order; with
        ``since`` (YYYY-MM-DD) only those published that day or later (undated ones never)."""
        where, params = _since_clause(since)
        rows = self._q(f"SELECT pk, id FROM articles WHERE pk > ?{where} ORDER BY pk LIMIT ?",
                       (int(after_pk), *params, int(limit))).fetchall()
        return [(int(pk), str(aid)) for pk, aid in rows]

    def count_articles_after(self, after_pk: int, since: str | None = None) -> int:
        """How many articles ``article_keys_after`` would walk through from ``after_pk`` on
        (the total of a progress bar)."""
        where, params = _since_clause(since)
        row = self._q(f"SELECT count(*) FROM articles WHERE pk > ?{where}",
                      (int(after_pk), *params)).fetchone()
        return int(row[0])

    def article_keys_of(self, ids: list[str], since: str | None = None) -> list[tuple[int, str]]:
        """(pk, id) of those of ``ids`` that are stored (and published on or after ``since``),
        in pk order: a search's matches put in the same order as a walk of the archive."""
        where, params = _since_clause(since)
        found: list[tuple[int, str]] = []
        unique = list(dict.fromkeys(ids))
        for i in range(0, len(unique), _CHUNK):
            chunk = unique[i:i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._q(f"SELECT pk, id FROM articles WHERE id IN ({marks}){where}",
                           (*chunk, *params)).fetchall()
            found.extend((int(pk), str(aid)) for pk, aid in rows)
        return sorted(found)


def _since_clause(since: str | None) -> tuple[str, tuple[Any, ...]]:
    """``published_day`` is a sortable YYYY-MM-DD (a month-only date counts as its first day)."""
    if since is None:
        return "", ()
    return " AND published_day >= ?", (since,)
