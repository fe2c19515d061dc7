"""Days as whole numbers since 1970-01-01: how stories keep time (windows, spans, filters)."""

from __future__ import annotations

from datetime import date, timedelta

from steppe.errors import InputError, quoted

EPOCH = date(1970, 1, 1)
_UNITS = {"d": 1, "w": 7, "m": 30, "y": 365}


def day_number(value: str | None) -> int | None:
    """Days since 1970 of a YYYY-MM-DD… string (any longer ISO form is cut); None if unusable."""
    if not value or len(value) < 10:
        return None
    try:
        return (date.fromisoformat(value[:10]) - EPOCH).days
    except ValueError:
        return None


def iso_day(day: int) -> str:
    return (EPOCH + timedelta(days=int(day))).isoformat()


def today_number() -> int:
    return (date.today() - EPOCH).days


def parse_since(value: str | None, today: int | None = None) -> int | None:
    """``7d``, ``2w``, ``3m``, ``1y`` or ``YYYY-MM-DD`` → a day number; None for no bound."""
    if not value:
        return None
    value = value.strip()
    if value[:-1].isdigit() and value[-1:] in _UNITS:
        return (today if today is not None else today_number()) - int(value[:-1]) * _UNITS[value[-1]]
    day = day_number(value) if len(value) == 10 else None
    if day is None:
        raise InputError(f"since {quoted(value)} : une durée est attendue, par exemple 7d ou 2w, "
                         "ou une date AAAA-MM-JJ")
    return day
