"""Explicit calendar dates in French, English and Russian news text.

Only dates a reader could put on a calendar are returned: a day, a month or
a year that is written out ("25 septembre 2025", "mars 2024", "en 2018").
Relative expressions ("hier", "lundi"), durations ("3 mois"), ages
("30 ans") and bare numbers are left alone: precision matters more than
recall because every hit becomes a fact in the knowledge base.

How it runs: two cheap scanners find where a date may start (a digit that
can be a day or a year, or a cue/month word followed by what it needs);
the full date regex for digit-led or word-led dates is tried only there.
Python then decides what a regex cannot: whether a bare year has a date
cue, which year a day without one belongs to, and whether the day exists.
The vocabulary is data (``resources/months.json``) and every regex is
built from it once, on first use (``date_patterns.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .date_patterns import (_AFTER_DE_YEAR, _NOUN_BEFORE_YEAR, _NUMBERING_WORDS, _COORD_GAP, _DAY_TOKEN, _LEADING_DIGITS,
                            _QUANTITY_BEFORE, _YEAR_LIST_GAP, _candidate_regexes, _count_after,
                            _date_regexes, _vocabulary)
from .numbers import fold, starts_word
from .years import fill_years

__all__ = ["DateHit", "find_dates"]

Granularity = Literal["day", "month", "year"]


@dataclass(frozen=True)
class DateHit:
    """One date: ``text == source[start:end]``; ``value`` is ISO-like."""

    start: int
    end: int
    text: str
    value: str
    granularity: Granularity


@dataclass
class _Raw:
    """A date before its year is known; ``anchor`` shares month and year."""

    start: int
    end: int
    year: int | None
    month: int | None = None
    day: int | None = None
    explicit: bool = False
    anchor: _Raw | None = None


def _group(m: re.Match, name: str) -> str | None:
    """A group of either regex; None if absent from the one that matched."""
    return m.group(name) if name in m.re.groupindex else None


def _month_number(m: re.Match, text: str, group: str) -> int | None:
    """Month named by ``group`` in the original text; "Sept" needs its
    capital because "sept" is also French for seven."""
    name = text[m.start(group):m.end(group)]
    voc = _vocabulary()
    return voc.months.get(fold(name)) or voc.undotted.get(name)


def _days(m: re.Match, group: str, month: int, anchor: _Raw) -> list[_Raw]:
    """The days listed in ``group`` ("3, 4 et " of "3, 4 et 5 juillet")."""
    offset = m.start(group)
    return [_Raw(offset + d.start(), offset + d.end(), None, month,
                 int(d.group(1)), anchor=anchor)
            for d in _DAY_TOKEN.finditer(m.group(group))]


def _numeric(m: re.Match) -> list[_Raw]:
    if _group(m, "iso"):
        y, mo, d = m.group("iy", "im", "id")
    else:
        d, mo, y = m.group("nd", "nm", "ny")
    return [_Raw(m.start(), m.end(), int(y), int(mo), int(d), explicit=True)]


def _year_range(m: re.Match) -> list[_Raw]:
    first = "ra" if _group(m, "ra") else "rb"
    y1, y2 = int(m.group(first)), int(m.group("r2"))
    counted = not m.group("rsuf") and _count_after().match(m.string, m.end())
    if counted or not y1 < y2 <= y1 + 100:
        return []  # "de 1990 à 2000 tenges" is a range of prices
    return [_Raw(m.start(first), m.end(first), y1, explicit=True),
            _Raw(m.start("r2"), m.end(), y2, explicit=True)]


def _day_month(m: re.Match, text: str) -> list[_Raw]:
    month = _month_number(m, text, "dmm")
    if month is None:
        return []
    year = int(m.group("dy")) if m.group("dy") else None
    main = _Raw(m.start(), m.end(), year, month,
                int(_LEADING_DIGITS.match(m.group("dd")).group()),
                explicit=year is not None)
    if not m.group("lead"):
        return [main]
    leads = _days(m, "lead", month, main)
    leads[0].start = m.start()  # weekday first
    main.start = m.start("dwd2") if m.group("dwd2") else m.start("dd")
    return [*leads, main]


def _month_day(m: re.Match, text: str) -> list[_Raw]:
    month = _month_number(m, text, "em")
    if month is None:
        return []
    year = int(m.group("ey")) if m.group("ey") else None
    main = _Raw(m.start(), m.end(), year, month,
                int(_LEADING_DIGITS.match(m.group("ed")).group()),
                explicit=year is not None)
    if not m.group("etrail"):
        return [main]
    trail = _days(m, "etrail", month, main)
    main.end, trail[-1].end = m.end("ed"), m.end()  # the year ends the list
    return [main, *trail]


def _month_range(m: re.Match, text: str) -> list[_Raw]:
    """Both ends of "de janvier à septembre 2024"; a year crossing puts
    "de novembre à février 2024" in 2023 first."""
    first, last = _month_number(m, text, "mr1"), _month_number(m, text, "mr2")
    if first is None or last is None:
        return []
    y1 = int(m.group("mr1y")) if m.group("mr1y") else None
    y2 = int(m.group("mr2y")) if m.group("mr2y") else None
    if y1 is None and y2 is not None:
        y1 = y2 - (first > last)
    elif y2 is None and y1 is not None:
        y2 = y1 + (last < first)
    end1 = m.end("mr1y") if m.group("mr1y") else m.end("mr1")
    return [_Raw(m.start("mr1"), end1, y1, first,
                 explicit=m.group("mr1y") is not None),
            _Raw(m.start("mr2"), m.end(), y2, last,
                 explicit=m.group("mr2y") is not None)]


def _month_year(m: re.Match, text: str) -> list[_Raw]:
    month = _month_number(m, text, "mm")
    if month is None or not (m.group("mc") or m.group("mmod")
                             or m.group("myy")):
        return []  # a lone month name is too ambiguous ("Mars", "May")
    year = int(m.group("myy")) if m.group("myy") else None
    start = m.start("mmod") if m.group("mmod") else m.start("mm")
    return [_Raw(start, m.end(), year, month, explicit=year is not None)]


def _year(m: re.Match, text: str, previous: _Raw | None) -> list[_Raw]:
    """A bare year needs a cue, a modifier, "году", or a listed sibling
    ("en 2018 et 2019"), and must not count something ("2018 habitants")."""
    if not m.group("ysuf") and _count_after().match(m.string, m.end()):
        return []
    listed = (previous is not None and previous.month is None
              and previous.explicit
              and _YEAR_LIST_GAP.fullmatch(text, previous.end, m.start()))
    if _group(m, "yde") and not _group(m, "ymod") and (
            _QUANTITY_BEFORE.search(m.string, max(0, m.start() - 40),
                                    m.start("yy"))
            or not _AFTER_DE_YEAR.match(m.string, m.end())):
        return []
    if not (_group(m, "yc") or _group(m, "yde") or _group(m, "ymod")
            or m.group("ysuf") or listed or _named_year(m, text)):
        return []
    start = m.start("ymod") if _group(m, "ymod") else m.start("yy")
    return [_Raw(start, m.end(), int(m.group("yy")), explicit=True)]


def _named_year(m: re.Match, text: str) -> bool:
    """A year dating an edition, a budget, a season ("le budget 2025 ne prévoyait", "la Coupe
    du monde 2026,", "l'exercice 2024."): right after a common noun that does not number
    things, and followed by punctuation or a function word, never by a noun ("compte 2020
    écoles"). After a capitalised word the year is part of a name ("Vision 2030")."""
    before = _NOUN_BEFORE_YEAR.search(text, max(0, m.start("yy") - 30), m.start("yy"))
    return bool(before and before.group(1)[0].islower()
                and before.group(1).casefold() not in _NUMBERING_WORDS
                and _AFTER_DE_YEAR.match(m.string, m.end()))


def _raws_of(m: re.Match, text: str, previous: _Raw | None) -> list[_Raw]:
    """Dispatch a match to the builder of its alternative."""
    if _group(m, "iso") or _group(m, "dmy"):
        return _numeric(m)
    if m.group("range"):
        return _year_range(m)
    for group, build in (("mr", _month_range), ("dm", _day_month),
                         ("md", _month_day),
                         ("my", _month_year)):
        if _group(m, group):
            return build(m, text)
    return _year(m, text, previous)


def _word_start(folded: str, index: int) -> bool:
    """A word start, also after an elided article ("l'été 2021", "d'avril")."""
    return starts_word(folded, index) or (
        index >= 2 and folded[index - 1] in "'’" and folded[index - 2] in "ld"
        and starts_word(folded, index - 2))


def _scan(text: str) -> list[_Raw]:
    """Match dates in folded text; build raws from the original text."""
    folded = fold(text)
    digit_scan, word_scan = _candidate_regexes()
    starts = [m.start() for m in digit_scan.finditer(folded)]
    starts += [m.start() for m in word_scan.finditer(" " + folded)
               if _word_start(folded, m.start())]
    digit_led, word_led = _date_regexes()
    raws: list[_Raw] = []
    end = 0
    for start in sorted(starts):
        if start < end:
            continue
        regex = digit_led if folded[start].isdigit() else word_led
        m = regex.match(folded, start)
        found = _raws_of(m, text, raws[-1] if raws else None) if m else None
        if found:
            raws += found
            end = m.end()
    return raws


def _key(raw: _Raw) -> tuple[int, int]:
    return (raw.month or 0, raw.day or 0)


def _coordinate(raws: list[_Raw], text: str) -> None:
    """Share a year inside "31 août et 1er septembre 2025"-like phrases.

    A year crossing is honoured: "31 décembre et 1er janvier 2026" puts the
    first day in 2025.
    """
    def linked(a: _Raw, b: _Raw) -> bool:
        return (a.anchor is None and b.anchor is None and a.month is not None
                and b.month is not None
                and bool(_COORD_GAP.fullmatch(text, a.end, b.start)))

    for left, right in reversed(list(zip(raws, raws[1:], strict=False))):
        if left.year is None and right.year is not None and linked(left, right):
            left.year = right.year - (_key(left) > _key(right))
    for left, right in zip(raws, raws[1:], strict=False):
        if right.year is None and left.year is not None and linked(left, right):
            right.year = left.year + (_key(right) < _key(left))


def _to_hit(raw: _Raw, text: str) -> DateHit | None:
    if raw.year is None:
        return None
    if raw.day is not None:
        try:
            value = dt.date(raw.year, raw.month, raw.day).isoformat()
        except ValueError:
            return None  # 31 février
        granularity: Granularity = "day"
    elif raw.month is not None:
        value, granularity = f"{raw.year:04d}-{raw.month:02d}", "month"
    else:
        value, granularity = f"{raw.year:04d}", "year"
    return DateHit(raw.start, raw.end, text[raw.start:raw.end], value,
                   granularity)


def find_dates(text: str, published: dt.date | None = None,
               context_years: Sequence[int] = (),
               published_year: int | None = None) -> list[DateHit]:
    """Explicit dates in ``text``, in order of appearance.

    A day or month written without a year takes it, in this order, from a
    coordinated neighbour ("31 août et 1er septembre 2025"), from
    ``published`` (the candidate year nearest to it), from
    ``published_year`` (a publication known to its year only), from a year
    stated just before it, else the article's present (``years.fill_years``),
    or from ``context_years[0]``.
    Dates whose year stays unknown, or that do not exist (31 février),
    are dropped.
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    raws = _scan(text)
    _coordinate(raws, text)
    fill_years(raws, published, context_years, published_year, text)
    hits = (_to_hit(raw, text) for raw in raws)
    return [hit for hit in hits if hit is not None]
