"""Publication dates with provenance: where each date came from, and which ones to believe.

Candidates come, in order of trust, from the feed entry, the page's metadata, the URL
(``/2025/03/04/``) and the text itself (« 4 mars 2025 »). Impossible dates — further in the
future than a few hours (clocks and time zones drift a little, publishers' CMSs a lot), or
before 1990 (placeholders such as 1970-01-01) — are rejected; the best remaining candidate is
kept, and a flag records what was rejected or that no date was found at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

ORIGINS = ("feed", "page", "url", "text")
MIN_YEAR = 1990

_MONTHS = {
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fév": 2, "mars": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8,
    "septembre": 9, "sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "décembre": 12, "decembre": 12, "déc": 12, "dec": 12,
}
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?!\d)")
_TEXT_FR = re.compile(r"\b(1er|[0-3]?\d)\s+(" + "|".join(sorted(_MONTHS, key=len, reverse=True))
                      + r")\.?\s+((?:19|20)\d{2})\b", re.I)
_TEXT_NUM = re.compile(r"\b([0-3]?\d)[/.]([01]?\d)[/.]((?:19|20)\d{2})\b")
_TEXT_ISO = re.compile(r"\b((?:19|20)\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")
TEXT_HEAD = 600  # a dateline is at the top; dates further down are what the article talks about


@dataclass(frozen=True)
class Candidate:
    origin: str  # feed | page | url | text
    value: datetime | date


@dataclass(frozen=True)
class DateChoice:
    published: str | None  # ISO datetime (UTC) or YYYY-MM-DD
    origin: str | None
    flag: str | None  # e.g. "rejected page 2099-01-01 (future)", "no date"


def parse_iso(value: str | None) -> datetime | date | None:
    """An ISO 8601 date or datetime (``Z`` accepted); None when it is not one."""
    if not value:
        return None
    value = value.strip()
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def date_from_url(url: str) -> date | None:
    match = _URL_DATE.search(url.split("?", 1)[0])
    return _safe_date(*match.groups()) if match else None


def date_from_text(text: str) -> date | None:
    """The first full date written near the top of the text (French or numeric)."""
    head = text[:TEXT_HEAD]
    found: list[tuple[int, date]] = []
    for match in _TEXT_FR.finditer(head):
        day = 1 if match.group(1).lower() == "1er" else int(match.group(1))
        value = _safe_date(match.group(3), _MONTHS[match.group(2).lower()], day)
        if value:
            found.append((match.start(), value))
    for pattern, order in ((_TEXT_NUM, (3, 2, 1)), (_TEXT_ISO, (1, 2, 3))):
        for match in pattern.finditer(head):
            value = _safe_date(*(match.group(i) for i in order))
            if value:
                found.append((match.start(), value))
    return min(found, key=lambda f: f[0])[1] if found else None


def _safe_date(year: object, month: object, day: object) -> date | None:
    try:
        return date(int(year), int(month), int(day))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def problem(value: datetime | date, now: datetime, max_future_hours: float) -> str | None:
    """Why a date is impossible ("future", "before 1990"), or None when it is plausible."""
    if value.year < MIN_YEAR:
        return f"before {MIN_YEAR}"
    limit = now + timedelta(hours=max_future_hours)
    if isinstance(value, datetime):
        return "future" if value > limit else None
    return "future" if value > limit.date() else None


def choose_date(candidates: list[Candidate], now: datetime,
                max_future_hours: float = 6.0) -> DateChoice:
    """The most trusted plausible candidate, with its origin, and a flag naming every
    impossible candidate (even one ranked below the chosen date: a page claiming 2099 is
    worth knowing about)."""
    rejected: list[str] = []
    chosen: Candidate | None = None
    for candidate in sorted(candidates, key=lambda c: ORIGINS.index(c.origin)):
        why = problem(candidate.value, now, max_future_hours)
        if why:
            rejected.append(f"{candidate.origin} {candidate.value.isoformat()} ({why})")
        elif chosen is None:
            chosen = candidate
    if chosen is None:
        return DateChoice(None, None, "no date" + (": rejected " + "; ".join(rejected)
                                                   if rejected else ""))
    return DateChoice(_format(chosen.value), chosen.origin,
                      "rejected " + "; ".join(rejected) if rejected else None)


def _format(value: datetime | date) -> str:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).replace(microsecond=0).isoformat()
    return value.isoformat()
