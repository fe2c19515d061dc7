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
built from it once, on first use.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Literal

from .numbers import fold, starts_word, word_trie
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


_S = r"[^\S\r\n]{1,3}"  # horizontal blanks, bounded: no runaway backtracking
_OS = r"[^\S\r\n]{0,3}"
_SP = "[ \u00a0\u202f]"
_DAY_CORE = r"(?:3[01]|[12]\d|0?[1-9])"
_ORDINAL = r"(?:er|ᵉʳ|st|nd|rd|th)?"
_DAY = rf"(?<![\w.,/:])(?<!\d{_SP}){_DAY_CORE}{_ORDINAL}(?!\d)"
_YEAR_CORE = r"(?:19|20)\d{2}"
# A year must not be the head of a longer number ("2018 000", "2018,5").
_YEAR_END = rf"(?!\d|[.,]\d|{_SP}\d{{3}}(?!\d)|[-–/]\d)"
_YEAR_START = rf"(?<![\w.,/])(?<!\d[-–/])(?<!\d{_SP})"
_FULL_YEAR = rf"(?:1[89]|20)\d{{2}}{_YEAR_END}"
_RU_SUFFIX = rf"(?:{_S}(?:годах|годы|года|году|год|гг\.|г\.)(?!\w))"
_CONJ = (rf"(?:{_OS},{_OS}|{_S}(?:et|au|à|and|to|и|по|до){_S}|{_OS}[-–—]{_OS})"
         rf"(?:(?:le|the){_S})?")
_TRAIL_CONJ = rf"(?:{_OS}[-–—]{_OS}|{_S}(?:and|to|through|et|au|и|по){_S})"
_DASH = rf"(?:{_OS}[-–—]{_OS}|/)"
# days listed before their month ("les 3, 4 et 5 mars"): bounded, or a long run of "1er et"
# without a month is re-read from every day in it (quadratic time)
_MAX_LISTED_DAYS = 12
_LEADING_DIGITS = re.compile(r"\d+")
_DAY_TOKEN = re.compile(rf"(\d+){_ORDINAL}")
_GAP = r"[^\S\r\n]*"
_COORD_GAP = re.compile(
    rf"{_GAP}(?:,|(?:,{_GAP})?(?:et|au|à|ou|and|to|or|и|по|до|или)|[-–—])"
    rf"{_GAP}(?:(?:le|the){_GAP})?", re.IGNORECASE)
# "la crise de 2008": a year after "de" is a date only where a reader would
# not read a quantity: not after a quantity word ("plus de 2000"), and
# followed by punctuation or a function word, never by a noun ("de 2000
# manifestants").
_QUANTITY_BEFORE = re.compile(
    r"(?:^|[^\w])(?:plus|moins|près|pres|environ|quelque|autour|hausse|baisse"
    r"|augmentation|diminution|total|nombre|montant|somme|budget|score"
    r"|chiffre|record|niveau|prix|salaire|taux|capacité|plafond|seuil"
    r"|rythme|part|limite|maximum|minimum|moyenne|volume|production"
    r"|population|effectif|effectifs|bilan|amende|coût|cout)[^\S\r\n]+de[^\S\r\n]+$")
_AFTER_DE_YEAR = re.compile(
    rf"{_GAP}(?:$|[.,;:!?)»”\"]|(?:a|ont|avait|avaient|est|était|sont|fut"
    rf"|sur|entre|avec|qui|que|dont|par|pour|en|au|aux|à|et|ou|contre|dans"
    rf"|le|la|les|ne|se|reste|restent|demeure|prévoit|prévoyait|signé|signée"
    rf"|adopté|adoptée|conclu|conclue|du|des|de)(?!\w)|(?:l|n|s|qu)['’])")
# prepositions that may precede a year or a count: the year needs the test above
_YEAR_PREPOSITIONS = ["de", "vers", "pour", "jusqu'à", "jusqu’à", "horizon"]
_YEAR_LIST_GAP = re.compile(
    rf"{_GAP}(?:,|(?:,{_GAP})?(?:et|ou|and|or|и|или)){_GAP}", re.IGNORECASE)


@dataclass(frozen=True)
class _Vocabulary:
    months: dict[str, int]  # every lower-case month name and abbreviation
    undotted: dict[str, int]  # "Sept", "Jan": need their capital
    month_words: list[str]  # all month words as matched (folded)
    english_words: list[str]  # English ones, for "September 25"
    words: dict[str, list[str]]  # weekdays, cues, modifiers, seasons...


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    data = json.loads(files("steppe.enrich.resources").joinpath(
        "months.json").read_text(encoding="utf-8"))
    months = {**data["fr"], **data["en"], **data["ru"]}
    undotted = [fold(name) for name in data["en_undotted"]]
    return _Vocabulary(months, data["en_undotted"], [*months, *undotted],
                       [*data["en"], *undotted],
                       {k: v for k, v in data.items() if isinstance(v, list)})


@lru_cache(maxsize=1)
def _count_after() -> re.Pattern[str]:
    """A bare year followed by a unit or count noun is a quantity."""
    nouns = word_trie(_vocabulary().words["count_nouns"])
    return re.compile(rf"{_GAP}(?:%|[€$₸₽£¥]|{nouns})")


@lru_cache(maxsize=1)
def _date_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(regex for dates starting with a digit, regex for those starting with
    a word).  Splitting them halves the alternatives tried per candidate."""
    voc = _vocabulary()
    month, en_month = word_trie(voc.month_words), word_trie(voc.english_words)
    weekday = rf"{word_trie(voc.words['weekdays'])},?{_S}"
    cues = word_trie(voc.words["cues"])
    mods = voc.words["modifiers"]
    month_mods = rf"(?:mi-|mid-|{word_trie(mods)}{_S})"
    year_mods = rf"(?:mi-|mid-|{word_trie(mods + voc.words['seasons'])}{_S})"
    range_tail = rf"(?P<r2>{_YEAR_CORE}){_YEAR_END}(?P<rsuf>{_RU_SUFFIX})?"

    def day_month(prefix: str) -> str:
        # "du mercredi 5 au jeudi 6 janvier": a weekday may name each day
        lead = (rf"(?:(?:{_DAY}{_CONJ}(?:{weekday})?){{0,{_MAX_LISTED_DAYS - 1}}}"
                rf"{_DAY}{_CONJ})")
        return (rf"(?P<dm>{prefix}(?:(?P<lead>{lead})(?P<dwd2>{weekday})?)?"
                rf"(?P<dd>{_DAY}){_S}(?P<dmm>{month})"
                rf"(?:,?{_S}(?P<dy>{_FULL_YEAR})(?P<dsuf>{_RU_SUFFIX})?)?)")

    digit_led = (
        rf"(?P<iso>{_YEAR_START}(?P<iy>{_YEAR_CORE})-(?P<im>1[0-2]|0[1-9])"
        rf"-(?P<id>3[01]|[12]\d|0[1-9])(?!\d|[-:]?\d))",
        rf"(?P<dmy>(?<![\w.,/-])(?P<nd>{_DAY_CORE})(?P<ns>[./-])"
        rf"(?P<nm>1[0-2]|0?[1-9])(?P=ns)(?P<ny>{_YEAR_CORE})(?!\d|[.,/-]\d))",
        rf"(?P<range>{_YEAR_START}(?P<rb>{_YEAR_CORE}){_DASH}{range_tail})",
        day_month(""),
        rf"(?P<yr>{_YEAR_START}(?P<yy>{_YEAR_CORE}){_YEAR_END}"
        rf"(?P<ysuf>{_RU_SUFFIX})?)",
    )
    word_led = (
        rf"(?P<range>{word_trie(voc.words['range_cues'])}{_S}"
        rf"(?P<ra>{_YEAR_CORE})(?:{_DASH}|{_S}(?:à|et|au|to|and|по|до){_S})"
        rf"{range_tail})",
        # "de janvier à septembre 2024", "entre janvier et août 2025": the
        # first month needs no year of its own
        rf"(?P<mr>(?:{word_trie(voc.words['range_cues'])}{_S}|d['’])"
        rf"(?P<mr1>{month})(?:,?{_S}(?P<mr1y>{_FULL_YEAR}))?"
        rf"(?:{_S}(?:à|au|et|to|and|по|до){_S}|{_OS}[-–]{_OS})(?P<mr2>{month})"
        rf"(?:,?{_S}(?P<mr2y>{_FULL_YEAR})(?P<mr2suf>{_RU_SUFFIX})?"
        rf"|(?!,?{_S}\d)))",
        day_month(rf"(?P<dwd>{weekday})"),
        rf"(?P<md>(?P<ewd>{weekday})?(?P<em>{en_month}){_S}"
        rf"(?P<ed>{_DAY_CORE}(?:st|nd|rd|th)?(?!\d))(?![.,]\d|{_OS}%|:)"
        rf"(?P<etrail>(?:{_TRAIL_CONJ}{_DAY_CORE}(?:st|nd|rd|th)?(?!\d))*)"
        rf"(?:,?{_S}(?P<ey>{_FULL_YEAR}))?)",
        rf"(?P<my>(?:(?P<mc>{cues}){_S})?(?P<mmod>{month_mods})?"
        rf"(?P<mm>{month})(?:,?{_S}(?P<myy>{_FULL_YEAR})"
        rf"(?P<msuf>{_RU_SUFFIX})?|(?!{_S}\d)))",
        rf"(?P<yr>(?:(?P<yc>{cues}){_S}|(?P<yde>{word_trie(_YEAR_PREPOSITIONS)}){_S})?(?P<ymod>{year_mods})?"
        rf"{_YEAR_START}(?P<yy>{_YEAR_CORE}){_YEAR_END}"
        rf"(?P<ysuf>{_RU_SUFFIX})?)",
    )
    return re.compile("|".join(digit_led)), re.compile("|".join(word_led))


@lru_cache(maxsize=1)
def _candidate_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Cheap scanners for the places where a date may start.

    The digit scanner keeps numbers that can begin a date (a year, or a day
    followed by a month, a separator or a conjunction); the word scanner
    keeps cues, modifiers, weekdays and months followed by what they need.
    Both start with a plain character (class), so ``re`` skips everything
    else at C speed; the large date regexes then run only at these places.
    """
    voc = _vocabulary()
    months = word_trie(voc.month_words)
    modifiers = word_trie(voc.words["modifiers"] + voc.words["seasons"])
    tails: dict[str, str] = {}

    def add(words, tail: str) -> None:
        for word in words:
            tails[word] = f"{tails[word]}|{tail}" if word in tails else tail

    add(voc.words["range_cues"], rf"(?={_S}(?:{_YEAR_CORE}|{months}))")
    add(["d'", "d’"], rf"(?={months})")
    add(_YEAR_PREPOSITIONS[1:], rf"(?={_S}{_YEAR_CORE})")
    add(voc.words["cues"], rf"(?={_S}(?:\d|mi-|mid-|{modifiers}|{months}))")
    add(voc.words["modifiers"] + voc.words["seasons"],
        rf"(?={_S}(?:\d|{months}))")
    add(["mi-", "mid-"], rf"(?={_OS}(?:\d|{months}))")
    add(voc.words["weekdays"],
        rf"(?=,?{_S}(?:\d|{word_trie(voc.english_words)}))")
    add(voc.month_words + voc.english_words, rf"(?=,?{_S}\d)")
    links = word_trie(["et", "au", "à", "and", "to", "и", "по", "до", "le"])
    digits = (rf"\d(?<![\w.,]\d)(?:\d{{3}}(?!\d)|\d?(?!\d){_ORDINAL}"
              rf"(?=[./-]\d|{_OS},{_S}|{_OS}[–—-]|{_S}(?:{links}|{months})))")
    # Words are matched with the character before them, so that ``re`` only
    # stops at word boundaries (the text is scanned with a space in front).
    words = rf"[^\w](?:{word_trie(tails, tails=tails)})"
    return re.compile(digits), re.compile(words)


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
            or m.group("ysuf") or listed):
        return []
    start = m.start("ymod") if _group(m, "ymod") else m.start("yy")
    return [_Raw(start, m.end(), int(m.group("yy")), explicit=True)]


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
               context_years: Sequence[int] = ()) -> list[DateHit]:
    """Explicit dates in ``text``, in order of appearance.

    A day or month written without a year takes it, in this order, from a
    coordinated neighbour ("31 août et 1er septembre 2025"), from
    ``published`` (the candidate year nearest to it), from the nearest
    preceding explicit year in ``text``, or from ``context_years[0]``.
    Dates whose year stays unknown, or that do not exist (31 février),
    are dropped.
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    raws = _scan(text)
    _coordinate(raws, text)
    fill_years(raws, published, context_years)
    hits = (_to_hit(raw, text) for raw in raws)
    return [hit for hit in hits if hit is not None]
