"""Series over time: months filled with zeros, listings grouped by day."""

from __future__ import annotations

from typing import Any, Iterable, Sequence


def _next_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year + mon // 12:04d}-{mon % 12 + 1:02d}"


def month_series(counts: Iterable[Sequence[Any]], last: int | None = None) -> list[tuple[str, int]]:
    """``[[YYYY-MM, n], …]`` (any order, gaps allowed) → every month from the first to the last,
    oldest first, missing ones at 0; only the ``last`` months when given."""
    known = {str(m): int(n) for m, n in counts if isinstance(m, str) and len(m) == 7}
    if not known:
        return []
    month, end = min(known), max(known)
    series: list[tuple[str, int]] = []
    while month <= end:
        series.append((month, known.get(month, 0)))
        month = _next_month(month)
    return series[-last:] if last else series


def _previous_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year - 1:04d}-12" if mon == 1 else f"{year:04d}-{mon - 1:02d}"


def pad_months(series: list[tuple[str, int]], minimum: int = 12) -> list[tuple[str, int]]:
    """At least ``minimum`` months, zeros added before the first: a chart of one month keeps
    the proportions of a year."""
    if not series:
        return series
    padded = list(series)
    while len(padded) < minimum:
        padded.insert(0, (_previous_month(padded[0][0]), 0))
    return padded


def group_by_day(items: Iterable[dict[str, Any]], key: str = "published") -> list[tuple[str | None, list[dict[str, Any]]]]:
    """Consecutive items sharing a publication day (YYYY-MM-DD, or a coarser date as given),
    in the order given; undated items form a group keyed None."""
    groups: list[tuple[str | None, list[dict[str, Any]]]] = []
    for item in items:
        day = (item.get(key) or "")[:10] or None
        if groups and groups[-1][0] == day:
            groups[-1][1].append(item)
        else:
            groups.append((day, [item]))
    return groups
