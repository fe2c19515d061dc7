"""``from:`` / ``to:`` as a few posting lists: whole years, whole months, runs of days."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import tantivy
from tantivy import Occur, Query

FIRST_DAY, LAST_DAY = 18000101, 21001231     # the span an open date range stands for


def date_range(schema: tantivy.Schema, lo: int, hi: int) -> Query:
    """Articles published from day ``lo`` to ``hi`` (YYYYMMDD, inclusive), as a union of whole
    years, whole months and at most two runs of days: a few posting lists instead of a scan of
    every article's date, whatever the span."""
    start = _as_date(max(lo, FIRST_DAY))
    end = _as_date(min(hi, LAST_DAY))
    years: list[str] = []
    months: list[str] = []
    parts: list[Query] = []
    while start <= end:
        year_end, month_end = date(start.year, 12, 31), _month_end(start)
        if start.day == 1 and start.month == 1 and year_end <= end:
            years.append(f"{start.year:04d}")
            start = year_end + timedelta(days=1)
        elif start.day == 1 and month_end <= end:
            months.append(f"{start.year:04d}-{start.month:02d}")
            start = month_end + timedelta(days=1)
        else:
            last = min(month_end, end)
            parts.append(Query.range_query(schema, "day", tantivy.FieldType.Integer,
                                           _as_int(start), _as_int(last), use_inverted_index=True))
            start = last + timedelta(days=1)
    if years:
        parts.append(Query.term_set_query(schema, "year", years))
    if months:
        parts.append(Query.term_set_query(schema, "month", months))
    if not parts:
        return Query.empty_query()
    return parts[0] if len(parts) == 1 else Query.boolean_query([(Occur.Should, q) for q in parts])


def _as_date(day: int) -> date:
    return date(day // 10000, day // 100 % 100, day % 100)


def _as_int(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
