"""Dated facts: a date an article mentions, with the sentence that says it and the day it was said.

The agenda and the timelines share this. A fact is a stored ``DateRef`` (a span of the title
or the text, a normalised value, a granularity) turned into what a reader needs:

* the **first day** of its period (``2025-11`` is listed on 2025-11-01, ``2026`` on 2026-01-01)
  and a French label that says when it is only a month or a year ("novembre 2025 (mois)");
* the **sentence** that holds it, copied whole (``reports.sentences``), and where the date sits
  in it, so a page can mark it after escaping the rest;
* the **reference day** of the article, the day the date was said, and whether the date is
  after it (*annoncé*). A dated article's reference is its publication day. An undated one (a
  dump's lead) is read for the day the text presents as "today": a date introduced by deixis
  ("a pris ce 25 septembre 2025 une décision", "aujourd'hui, 3 mars 2025") or opening the text
  as a dateline ("Le 30 août 2025, …"); failing that, for a later date, the earliest
  day-precise earlier date mentioned shortly before it in the same field; failing that, the
  day the article was ingested. The basis is kept ("texte", "publication", "ingestion") so
  every *annoncé* says what it rests on.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from steppe.reports.sentences import sentence_at

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
BASIS_LABELS = {"publication": "date de publication", "texte": "date du texte",
                "ingestion": "date d’ingestion"}
NEAR_BEFORE = 300   # characters before a later date searched for the day it was said
_WEEKDAYS = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
# deixis right before a date: "ce 25 septembre", "ce jeudi 25 septembre", "aujourd'hui, le 3 mars"
_DEIXIS = re.compile(
    rf"(?:\b(?:en\s+)?ce(?:\s+jour)?,?|\baujourd['’]hui,?|\bce\s+{_WEEKDAYS},?|\btoday,?|"
    rf"\bсегодня,?)\s+(?:{_WEEKDAYS}\s+)?(?:le\s+)?$", re.IGNORECASE)
_DATELINE = re.compile(r"^\s*(?:(?:le|on)\s+)?$", re.IGNORECASE)
_DATELINE_AFTER = re.compile(r"^\s*[,:–—-]")
_RANGE_JOIN = re.compile(r"^\s*(?:au|et|à|to|and|по|[-–—/])\s*$", re.IGNORECASE)


def period_start(value: str) -> str:
    """First day of a YYYY, YYYY-MM or YYYY-MM-DD value (as the store's window compares it)."""
    value = value[:10]
    if len(value) == 4:
        return value + "-01-01"
    if len(value) == 7:
        return value + "-01"
    return value


def french_day(value: str | None) -> str:
    """'2025-11-30' → '30 novembre 2025', '2025-11' → 'novembre 2025', '2026' → '2026'."""
    if not value:
        return "date inconnue"
    parts = value[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else None
        day = int(parts[2]) if len(parts) > 2 else None
    except ValueError:
        return value
    if month is None or not 1 <= month <= 12:
        return str(year)
    if day is None:
        return f"{MONTHS[month - 1]} {year}"
    return f"{'1er' if day == 1 else day} {MONTHS[month - 1]} {year}"


def date_label(value: str, granularity: str) -> str:
    """The French label of a mentioned date, saying when it is only a month or a year."""
    label = french_day(value)
    if granularity == "month":
        return f"{label} (mois)"
    if granularity == "year":
        return f"{label} (année)"
    return label


def valid_day(value: str | None) -> str | None:
    """``value`` as YYYY-MM-DD when it is a real calendar day, else None."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def field_text(record: dict[str, Any], field: str) -> str:
    return (record.get("title") or "") if field == "title" else (record.get("text") or "")


def dates_of(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The article's stored dates whose span still matches its text (an annotation out of step
    with an edited article is skipped rather than quoted wrongly)."""
    out = []
    for d in ((record.get("annotation") or {}).get("dates") or []):
        text = field_text(record, d.get("field", "text"))
        start, end = int(d.get("start", -1)), int(d.get("end", -1))
        if 0 <= start < end <= len(text) and text[start:end] == d.get("text") and d.get("value"):
            out.append(d)
    return out


def text_day(record: dict[str, Any]) -> str | None:
    """The day an undated article's own text presents as "today" (deixis or a dateline)."""
    for d in dates_of(record):
        if d.get("granularity") != "day" or not valid_day(d["value"]):
            continue
        text = field_text(record, d["field"])
        before = text[max(0, d["start"] - 40):d["start"]]
        if _DEIXIS.search(before):
            return d["value"][:10]
        if d["field"] == "text" and _DATELINE.match(text[:d["start"]]) and \
                _DATELINE_AFTER.match(text[d["end"]:]):
            return d["value"][:10]
    return None


def article_reference(record: dict[str, Any]) -> tuple[str | None, str]:
    """(day, basis) the article speaks from, when known for the whole article: its publication
    day, else its text's own "today"; (None, "ingestion") when only a date's context can say."""
    published = valid_day(record.get("published"))
    if published:
        return published, "publication"
    if record.get("published") and len(record["published"]) >= 4:
        return period_start(record["published"]), "publication"
    day = text_day(record)
    return (day, "texte") if day else (None, "ingestion")


def reference_for(record: dict[str, Any], ref: dict[str, Any],
                  article_ref: tuple[str | None, str]) -> tuple[str | None, str]:
    """The day a given date was said: the article's reference, else the earliest earlier
    day-precise date shortly before it in the same field, else the ingestion day."""
    if article_ref[0]:
        return article_ref
    start = period_start(ref["value"])
    text = field_text(record, ref["field"])
    earlier = [d["value"][:10] for d in dates_of(record)
               if d["field"] == ref["field"] and d.get("granularity") == "day"
               and ref["start"] - NEAR_BEFORE <= d["start"] < ref["start"]
               and not _RANGE_JOIN.match(text[d["end"]:ref["start"]])   # "du 31 août au 1er"
               and valid_day(d["value"]) and d["value"][:10] < start]
    if earlier:
        return min(earlier), "texte"
    return valid_day(record.get("ingested_at")), "ingestion"


def sentence_of(record: dict[str, Any], field: str, start: int, end: int) -> dict[str, Any]:
    """The sentence holding a span, and the span's place in it (for marking after escaping)."""
    text = field_text(record, field)
    s, e = sentence_at(text, start, end)
    return {"sentence": text[s:e], "mark": [start - s, end - s]}


def fact_of(record: dict[str, Any], ref: dict[str, Any],
            article_ref: tuple[str | None, str]) -> dict[str, Any]:
    """One mentioned date as a fact: when, its label, its sentence, when it was said."""
    day, basis = reference_for(record, ref, article_ref)
    start = period_start(ref["value"])
    return {"date": start, "value": ref["value"], "granularity": ref.get("granularity", "day"),
            "label": date_label(ref["value"], ref.get("granularity", "day")),
            "field": ref["field"], "text": ref["text"],
            **sentence_of(record, ref["field"], ref["start"], ref["end"]),
            "said_on": day, "said_on_basis": basis,
            "announced": bool(day) and start > (day or ""),
            "said_label": said_label(day, basis)}


def said_label(day: str | None, basis: str) -> str:
    """'le 25 septembre 2025 (date du texte)': the day a date was said, and on what basis."""
    if not day:
        return "date inconnue"
    return f"le {french_day(day)} ({BASIS_LABELS.get(basis, basis)})"


def article_card(record: dict[str, Any]) -> dict[str, Any]:
    return {"id": record["id"], "title": record.get("title"), "source": record.get("source"),
            "url": record.get("url"), "published": record.get("published")}
