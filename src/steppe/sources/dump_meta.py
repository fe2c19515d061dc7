"""Lines of a dump that are neither headline nor lead: a date line ("12 septembre 2025",
"Publié le 12/09/2025 à 10:32"), a byline ("Par Aïgerim Seitkali"), a rubric ("ÉCONOMIE")
above a headline. The segmenter (``dump.py``) passes them through unlabelled."""

from __future__ import annotations

import re
from datetime import date, datetime

_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre")
_DAY = r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
_TIME = r"(?:\s*(?:à|,|-|–)?\s*(?P<h>\d{1,2})\s*[h:]\s*(?P<m>\d{2}))?"
_PUBLISHED = r"(?:(?:publié|mis\s+à\s+jour|modifié)\s+le\s+)"
_DATE_WORDS = re.compile(rf"^{_PUBLISHED}?{_DAY}(?P<d>\d{{1,2}})(?:er)?\s+"
                         rf"(?P<mon>{'|'.join(_MONTHS)})"
                         rf"\s+(?P<y>\d{{4}}){_TIME}\.?$", re.IGNORECASE)
_DATE_DIGITS = re.compile(rf"^{_PUBLISHED}(?P<d>\d{{1,2}})/(?P<mon>\d{{1,2}})/(?P<y>\d{{4}})"
                          rf"{_TIME}\.?$",
                          re.IGNORECASE)
_NAME = r"[A-ZÀ-ÖØ-Þ][\w’'.-]*"
_BYLINE = re.compile(rf"^(?:Par|De notre correspondante?)\s+{_NAME}"
                     rf"(?:\s+(?:{_NAME}|et|de|du|d’|avec)){{0,6}}"
                     r"(?:\s*,\s*(?:à\s+)?[A-ZÀ-ÖØ-Þ][\w’'-]*)?$")
# rubric names: a closed list, since a free one-word line may be anything (a cut lead's last word)
_RUBRICS = frozenset((
    "politique", "économie", "société", "culture", "sport", "sports", "monde", "international",
    "diplomatie", "énergie", "sécurité", "opinion", "opinions", "analyse", "analyses", "entretien",
    "reportage", "éditorial", "environnement", "santé", "éducation", "transports", "région",
    "régions", "asie centrale", "actualité", "actualités", "géopolitique", "défense", "justice",
    "médias", "religion", "histoire", "tribune", "éco", "business", "finances", "société civile",
    "droits humains", "kazakhstan", "ouzbékistan", "kirghizstan", "tadjikistan", "turkménistan",
    "afghanistan", "mongolie", "caucase", "russie", "chine"))
_RUBRIC_PARTS = re.compile(r"\s*[/|·•–—-]\s*|\s+et\s+")


def dateline_date(line: str) -> str | None:
    """ISO date (or date and time) of a date line, None when the line is no date line."""
    m = _DATE_WORDS.match(line) or _DATE_DIGITS.match(line)
    if m is None:
        return None
    mon = m["mon"]
    month = int(mon) if mon.isdigit() else _MONTHS.index(mon.lower()) + 1
    try:
        day = date(int(m["y"]), month, int(m["d"]))
        if m["h"] is None:
            return day.isoformat()
        return datetime(day.year, day.month, day.day, int(m["h"]), int(m["m"])).isoformat()
    except ValueError:
        return None


def meta_kind(line: str) -> str:
    """"date", "byline", "rubric" (a rubric only when a headline follows), or ""."""
    if dateline_date(line) is not None:
        return "date"
    if _BYLINE.match(line):
        return "byline"
    if all(part in _RUBRICS for part in _RUBRIC_PARTS.split(line.rstrip(" :").lower())):
        return "rubric"
    return ""
