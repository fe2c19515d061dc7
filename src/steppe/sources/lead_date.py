"""The date a dump article gives itself in its first sentence, when nothing else dates it.

Dumps of news listings carry no metadata, but many leads open on the day of the event they
report (« Le 24 juin 2025, à Astana, le président… »). That day is the best publication date a
dump offers, so ingestion and ``annotate`` use it (provenance ``text``) when neither the input
nor ``--published`` gives one. Most dates in a lead are *not* that day — an election
« fixée au 30 novembre 2025 », a balance « au 1er juillet 2025 » — so the rule is narrow:

* only the first sentence of the lead, and only a full date (day, month in French, year);
* the date opens the sentence (« Le 24 juin 2025, », « Mardi 24 juin 2025, », optionally
  followed by a place: « Le 24 juin 2025 à Astana, ») and ends that opening phrase with a comma;
* or an opening phrase of occasion leads to it (« Lors de … le 12 septembre 2025, »,
  « En marge de … du 3 mars 2025, ») with no comma before the date;
* or the sentence says the day is today (« ce 25 septembre 2025 ») anywhere in it;
* never a date in the future (with a day's slack for time zones) nor before 1990.

Spans of days (« les 31 août et 1er septembre »), « au 1er juillet » (as of) and dates inside
the main clause are ignored on purpose: a missing date is better than a wrong one.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from steppe.sources.dates import MIN_YEAR

_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
_WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+"
_DATE = (r"(?P<day>1er|[0-3]?\d)\s+(?P<month>" + "|".join(_MONTHS) + r")\s+(?P<year>(?:19|20)\d{2})\b")
_PLACE = r"(?:\s+(?:à|en|au|aux)\s+[A-ZÀ-Ý][^,.;:!?]{0,40})?"
_OPENING = re.compile(r"^(?:(?:le|ce|dès le)\s+)?(?:" + _WEEKDAY + ")?" + _DATE + _PLACE + r"\s*,",
                      re.I)
_OCCASION = re.compile(
    r"^(?:lors|à l['’]occasion|en marge|au cours|à l['’]issue)\s+d(?:e|u|es|['’])[^,.;:!?]*?"
    r"\b(?:le|du)\s+(?:" + _WEEKDAY + ")?" + _DATE + _PLACE + r"\s*,", re.I)
_TODAY = re.compile(r"\bce\s+(?:" + _WEEKDAY + ")?" + _DATE, re.I)
# A sentence ends at . ! ? or … followed by a space and a capital, or at a line break.
_SENTENCE_END = re.compile(r"[.!?…](?=\s+[«\"A-ZÀ-Ý])|\n")


def first_sentence(text: str) -> str:
    """The lead's first sentence (abbreviations such as « M. » may cut it short: harmless,
    the rule only looks at the sentence's opening)."""
    text = text.lstrip()
    end = _SENTENCE_END.search(text)
    return text[:end.start()] if end else text


def lead_date(text: str, today: date | None = None) -> date | None:
    """The event date the lead's first sentence opens on (see the module's rule), or None."""
    sentence = first_sentence(text)
    for pattern, how in ((_OPENING, re.match), (_OCCASION, re.match), (_TODAY, re.search)):
        found = how(pattern, sentence)
        if found:
            value = _value(found)
            if value is not None and _plausible(value, today):
                return value
    return None


def _value(match: re.Match[str]) -> date | None:
    day = 1 if match["day"].lower() == "1er" else int(match["day"])
    try:
        return date(int(match["year"]), _MONTHS[match["month"].lower()], day)
    except ValueError:  # 31 juin
        return None


def _plausible(value: date, today: date | None) -> bool:
    today = today or datetime.now(timezone.utc).date()
    return MIN_YEAR <= value.year and value <= today + timedelta(days=1)
