"""Years for dates written without one ("le 3 mars"): the publication date decides, the
nearest past being likelier than the future; else the article's own explicit years.

Works on the scanner's raw matches (``dates._Raw``: ``year``, ``month``, ``day``, ``explicit``,
``anchor``), filled in place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

FUTURE_WEIGHT = 2.5


def _ahead(text: str, raw: Any) -> bool:
    """Whether the words just before ``raw``, in its sentence, speak of the future.

    Before only: the verb that governs a date precedes it in news copy (« accueillera … le
    3 septembre », "will be held on March 3"), while a future after it is often another
    clause's (« signé le 3 mars, l'accord sera appliqué … »).
    """
    if not text:
        return False
    window = max(0, raw.start - 100)
    starts = [m.end() for m in _SENTENCE_END.finditer(text, window, raw.start)]
    return bool(_AHEAD.search(text, starts[-1] if starts else window, raw.start))


def _nearest_year(raw: Any, published: dt.date, ahead: bool = False) -> int | None:
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
        if ahead and delta < (-20 if raw.day is None else 0):
            continue  # « se tiendra en août » in an April article: this August, not the last
        distances.append((delta * FUTURE_WEIGHT if delta > 0 else -delta, year))
    return min(distances)[1] if distances else None


# A year after these cues is a horizon or a starting point, not the time the news is in.
_FUTURE = re.compile(
    r"(?:jusqu[’']?(?:en|à|au)|d[’']ici(?: à)?(?: la)?(?: fin(?: de)?)?|à l[’']horizon(?: de)?"
    r"|horizon|pour|prévue?s?(?: pour| en)?|attendue?s?(?: pour| en)?|annoncée?s?(?: pour| en)?"
    r"|objectif|until|by(?: the end of)?|through|до(?: конца)?|к)\s*$", re.IGNORECASE)
_SINCE = re.compile(r"(?:depuis|avant|since|before|с|после|après)\s*$", re.IGNORECASE)
# A verb in the future before a yearless date puts it ahead (« accueillera … le 3 septembre »,
# "will open on March 3", « пройдёт в августе »).
_AHEAD = re.compile(
    r"\b(?:\w{2,}(?:era|eront)|sera|seront|aura|auront|fera|feront"
    r"|\w*(?:ouvr|réun|offr|part|sort|fin|chois|accueill|serv)(?:ira|iront)"
    r"|\w*(?:ien|au|ou|en)(?:dra|dront)|\w*(?:ou|ve)(?:rra|rront)|\w*evr(?:a|ont)"
    r"|\w*ettr(?:a|ont)"
    r"|prochaine?s?|will|shall|next|upcoming|(?:is|are) (?:due|scheduled|set|expected) to"
    r"|пройд[её]т|состоится|состоятся|будет|будут|планируется|ожидается|предстоит"
    r"|следующ\w*)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?\n]")
NEAR = 200  # characters: a year stated this close before a yearless date, same paragraph, is its year


def fill_years(raws: list[Any], published: dt.date | None,
               context_years: Sequence[int], published_year: int | None = None,
               text: str = "") -> None:
    """Give every yearless day or month its year, as a reader would.

    The publication day decides when known (``_nearest_year``). A publication known only to
    its year (``published_year``) gives that year. Without either, the article's own years
    do, as a reader takes them: a year stated just before, in the same paragraph, goes on
    (« l'automne 2022. Le 26 octobre… »), unless it was a horizon or a starting point
    (« jusqu'en 2050 », « fermés depuis 2021 »); otherwise the article's present, the latest
    year it states that is not a horizon (news tells of now; the past it recalls is older:
    « construit en 1955 … le 8 avril » is not 1955); else ``context_years[0]``.
    """
    stated: list[tuple[int, int, bool]] = []  # (start, year, usable nearby)
    for raw in raws:
        if raw.explicit and raw.year is not None:
            before = text[max(0, raw.start - 30):raw.start]
            future = bool(_FUTURE.search(before))
            stated.append((raw.start, raw.year, not future and not _SINCE.search(before)))
    present = max((year for at, year, near in stated if near or not _FUTURE.search(
        text[max(0, at - 30):at])), default=None)
    for raw in raws:
        if raw.year is not None or raw.anchor is not None:
            continue
        ahead = _ahead(text, raw)
        if published is not None:
            raw.year = _nearest_year(raw, published, ahead)
        elif published_year is not None:
            raw.year = published_year
        elif not ahead and (near := _year_just_before(stated, raw.start, text)) is not None:
            raw.year = near
        elif present is not None:
            raw.year = present
        elif context_years:
            raw.year = int(context_years[0])
    for raw in raws:
        if raw.anchor is not None:
            raw.year = raw.anchor.year


def _year_just_before(stated: list[tuple[int, int, bool]], at: int, text: str) -> int | None:
    """The last usable year stated within ``NEAR`` characters before ``at``, no paragraph
    break between."""
    for start, year, usable in reversed(stated):
        if start >= at:
            continue
        if at - start > NEAR or "\n\n" in text[start:at]:
            return None
        if usable:
            return year
    return None
