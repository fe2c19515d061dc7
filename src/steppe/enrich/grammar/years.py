"""Years for dates written without one ("le 3 mars"): the publication date decides, the
nearest past being likelier than the future; else the article's own explicit years.

Works on the scanner's raw matches (``dates._Raw``: ``year``, ``month``, ``day``, ``explicit``,
``anchor``), filled in place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

FUTURE_WEIGHT = 2.5


def _nearest_year(raw: Any, published: dt.date) -> int | None:
    """The year within one of ``published`` that puts the date closest.

    News mostly reports what happened, so a day in the future counts as 2.5 days in the past:
    "en janvier" in a September article is the January just gone, while "30 novembre" is still
    the coming one.
    """
    distances = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            when = dt.date(year, raw.month or 1, raw.day or 15)
        except ValueError:
            continue  # 29 février outside leap years
        delta = (when - published).days
        distances.append((delta * FUTURE_WEIGHT if delta > 0 else -delta, year))
    return min(distances)[1] if distances else None


def fill_years(raws: list[Any], published: dt.date | None,
               context_years: Sequence[int], published_year: int | None = None) -> None:
    """Give every yearless day or month its year, as a reader would.

    The publication day decides when known (``_nearest_year``). A publication known only to
    its year (``published_year``) gives that year. Without either, the article's own years
    do: the nearest explicit year before the date, else the first one after it ("le 3 mars,
    … Le budget 2025 …" is March 2025; a reader does not leave it undated), else
    ``context_years[0]``.
    """
    explicit_after: list[int | None] = [None] * len(raws)
    following: int | None = None
    for index in range(len(raws) - 1, -1, -1):
        explicit_after[index] = following
        if raws[index].explicit:
            following = raws[index].year
    last_explicit: int | None = None
    for index, raw in enumerate(raws):
        if raw.explicit:
            last_explicit = raw.year
        if raw.year is not None or raw.anchor is not None:
            continue
        if published is not None:
            raw.year = _nearest_year(raw, published)
        elif published_year is not None:
            raw.year = published_year
        elif last_explicit is not None:
            raw.year = last_explicit
        elif explicit_after[index] is not None:
            raw.year = explicit_after[index]
        elif context_years:
            raw.year = int(context_years[0])
    for raw in raws:
        if raw.anchor is not None:
            raw.year = raw.anchor.year
