"""Articles by the dates they mention: what the agenda and the timelines read. Two backends, one text.

There is no table of mentioned dates (the dates live in the stored annotation JSON), so the
window test runs inside the database, over the JSON, and only the articles with a date in
the window come back: a narrow window on a large base never loads the archive's annotations
into Python. Entity and country filters go through the indexed link tables first, which
narrows the JSON scan to the articles naming them. Each backend names its JSON reader
(``_DATES``: the annotation's dates as rows of ``articles a``, ``_DATE_VALUE``: a row's
value); everything else is written once with ``?`` placeholders like ``sources_sql``.

A date of any granularity counts from its first day: ``2025-11`` is ``2025-11-01`` and
``2026`` is ``2026-01-01`` (the agenda lists them there). An undated article counts by the
day it was ingested.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

MAX_ROWS = 5000
_CHUNK = 500  # values per IN (…) list

# the first day of a YYYY, YYYY-MM or YYYY-MM-DD value, as text that sorts like a date
_START = ("(CASE length({v}) WHEN 4 THEN {v} || '-01-01' WHEN 7 THEN {v} || '-01' "
          "ELSE substr({v}, 1, 10) END)")
_DAY = "coalesce(a.published_day, substr(a.ingested_at, 1, 10))"
_COLUMNS = "a.id, a.title, a.text, a.published, a.source, a.url, a.ingested_at, a.annotation"


def period_start_sql(value: str) -> str:
    return _START.format(v=value)


class AgendaMixin:
    """Store methods for ``reports.agenda`` and ``reports.chronology``; a backend sets ``_DATES``."""

    _DATES = ""         # the annotation's dates as rows, joined to ``articles a``
    _DATE_VALUE = ""    # a date row's normalised value

    def _q(self, sql: str, params: Iterable[Any] = ()) -> Any:  # pragma: no cover - hook
        raise NotImplementedError

    def dated_articles(self, lo: str | None, hi: str | None, entity: str | None = None,
                       country: str | None = None, published: bool = False,
                       limit: int = MAX_ROWS) -> list[dict[str, Any]]:
        """Articles mentioning a date whose first day is within [lo, hi] (YYYY-MM-DD, either
        end open), or (``published``) dated or ingested within it, optionally only those
        naming an entity or a country; latest first, at most ``limit``. Each is a dict of
        id, title, text, published, source, url, ingested_at and annotation (parsed).

        The keys are chosen and sorted first, the rows read after: a sort carrying whole
        texts through it costs a large entity's every article."""
        where, params = self._link_filter(entity, country)
        window, wparams = self._window(lo, hi, published)
        if window:
            where.append(window)
            params += wparams
        pks = [int(r[0]) for r in self._q(
            f"SELECT a.pk FROM articles a WHERE {' AND '.join(where) or '1 = 1'} "
            f"ORDER BY {_DAY} DESC, a.pk DESC LIMIT ?", params + [int(limit)]).fetchall()]
        return self._dated_rows("a.pk", pks)

    def dated_records(self, ids: list[str]) -> list[dict[str, Any]]:
        """The rows ``dated_articles`` returns, for articles already chosen (a page's latest,
        found by the search index), in the order of ``ids``."""
        return self._dated_rows("a.id", list(dict.fromkeys(ids)))

    def _dated_rows(self, key: str, values: list[Any]) -> list[dict[str, Any]]:
        names = [c.strip()[2:] for c in _COLUMNS.split(",")]
        found: dict[Any, dict[str, Any]] = {}
        for i in range(0, len(values), _CHUNK):
            chunk = values[i:i + _CHUNK]
            for row in self._q(f"SELECT {key}, {_COLUMNS} FROM articles a WHERE {key} IN "
                               f"({','.join('?' * len(chunk))})", chunk).fetchall():
                item = dict(zip(names, row[1:]))
                item["annotation"] = json.loads(item["annotation"]) if item["annotation"] else None
                found[row[0]] = item
        return [found[v] for v in values if v in found]

    def dated_months(self, entity: str | None = None,
                     country: str | None = None) -> list[tuple[str, int]]:
        """(YYYY-MM, articles) of the articles naming an entity or a country, by the month they
        were published (or ingested), and for undated articles (a dump's, whose ingestion day
        says little) by the months of the dates they mention too; oldest first: the zoom menu
        of a timeline. Only undated articles' JSON is read: a dated article's facts sit near
        its publication, and reading every annotation of a large entity would cost its page."""
        where, params = self._link_filter(entity, country)
        cond = " AND ".join(where) or "1 = 1"
        start = period_start_sql(self._DATE_VALUE)
        rows = self._q(f"SELECT m, count(*) FROM (SELECT a.pk AS pk, substr({_DAY}, 1, 7) AS m "
                       f"FROM articles a WHERE {cond} UNION SELECT a.pk AS pk, "
                       f"substr({start}, 1, 7) AS m FROM articles a, {self._DATES} "
                       f"WHERE {cond} AND a.published_day IS NULL) months GROUP BY m ORDER BY m",
                       params + params).fetchall()
        return [(str(m), int(n)) for m, n in rows if m]

    @staticmethod
    def _link_filter(entity: str | None, country: str | None) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if entity:
            where.append("a.pk IN (SELECT article_pk FROM article_entities WHERE entity_id = ?)")
            params.append(entity)
        if country:
            where.append("a.pk IN (SELECT article_pk FROM article_countries WHERE code = ?)")
            params.append(country.upper())
        return where, params

    def _window(self, lo: str | None, hi: str | None,
                published: bool) -> tuple[str, list[Any]]:
        if lo is None and hi is None:
            return "", []
        bounds, params = [], []
        start = period_start_sql(self._DATE_VALUE)
        if lo is not None:
            bounds.append(f"{start} >= ?")
            params.append(lo)
        if hi is not None:
            bounds.append(f"{start} <= ?")
            params.append(hi)
        mentioned = (f"EXISTS (SELECT 1 FROM {self._DATES} "
                     f"WHERE {' AND '.join(bounds)})")
        if not published:
            return "a.annotation IS NOT NULL AND " + mentioned, params
        day_bounds = [b.replace(start, _DAY) for b in bounds]
        return f"(({' AND '.join(day_bounds)}) OR {mentioned})", params + params


class SqliteAgendaMixin(AgendaMixin):
    """SQLite reads the annotation's dates with JSON1's ``json_each``."""

    _DATES = "json_each(a.annotation, '$.dates') d"
    _DATE_VALUE = "json_extract(d.value, '$.value')"


class PostgresAgendaMixin(AgendaMixin):
    """PostgreSQL casts the annotation text to ``jsonb`` and unnests its dates."""

    _DATES = "jsonb_array_elements(a.annotation::jsonb -> 'dates') AS d(value)"
    _DATE_VALUE = "(d.value ->> 'value')"
