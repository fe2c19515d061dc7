"""A person's, an organisation's or a country's timeline: its stories and dated facts, in order.

Two kinds of facts, each with its sentence and its article:

* **published**: an article naming the subject appeared (its publication day, or for an
  undated article the day its text presents as "today", else the day it was ingested, said
  as such); the sentence is the headline, or the first sentence naming the subject;
* **mentioned**: a date the article mentions in a sentence naming the subject (or anywhere
  in an article whose headline names it), at the first day of its period.

Zoom: a year, or a month of a year, keeps the facts dated within it (the store reads only
the articles published or mentioning a date in it); unzoomed, the latest articles are read.
Either way at most ``limit`` facts are returned, the latest ones, and ``more`` says how many
were left out, so a page never grows with the archive.
"""

from __future__ import annotations

import calendar
from typing import Any

from steppe.errors import InputError
from steppe.reports.dated import (article_card, article_reference, dates_of, fact_of,
                                  french_day, period_start, said_label, sentence_of)
from steppe.store import Store

LIMIT = 60
SCAN = 200          # latest articles read for an unzoomed timeline
ZOOM_SCAN = 1000    # articles read for one year or month


def zoom_window(year: int | None, month: int | None) -> tuple[str | None, str | None]:
    """[first day, last day] of a year or of a month of it; (None, None) unzoomed."""
    if month is not None and year is None:
        raise InputError("un mois ne se choisit qu’avec son année")
    if year is None:
        return None, None
    if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        raise InputError(f"période inconnue : année {year}, mois {month}")
    if month is None:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    last = calendar.monthrange(year, month)[1]
    return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"


def timeline(store: Store, subject: dict[str, Any], year: int | None = None,
             month: int | None = None, limit: int = LIMIT, scan: int | None = None) -> dict[str, Any]:
    """The subject's stories and dated facts, oldest first, within a year or month if given."""
    lo, hi = zoom_window(year, month)
    entity = subject["id"] if subject["kind"] == "entity" else None
    country = subject.get("code") if subject["kind"] == "country" else None
    records = store.dated_articles(lo, hi, entity=entity, country=country, published=True,
                                   limit=scan or (ZOOM_SCAN if lo else SCAN))
    facts = _collect(records, subject, store, lo, hi)
    shown = facts[-limit:] if limit else facts
    return {"subject": subject, "year": year, "month": month,
            "period": _period_label(year, month), "from": lo, "to": hi,
            **_zoom(store, entity, country, year),
            "stories": _stories(shown), "facts": shown, "total": len(facts),
            "more": len(facts) - len(shown), "articles_read": len(records),
            "truncated_scan": len(records) >= (scan or (ZOOM_SCAN if lo else SCAN))}


def page_timeline(store: Store, subject: dict[str, Any], ids: list[str],
                  months: list[Any], limit: int = 8) -> dict[str, Any]:
    """The few latest facts an entity's or a country's page shows, from the articles the page
    lists already (``ids``: its latest, found by the search index) and the zoom menu from its
    month counts (the search facet ``[[YYYY-MM, n], …]``): the page scans nothing more, the
    full timeline being its own page."""
    facts = _collect(store.dated_records(ids), subject, store, None, None)
    shown = facts[-limit:]
    years: dict[int, int] = {}
    for month, count in months:
        if isinstance(month, str) and month[:4].isdigit():
            years[int(month[:4])] = years.get(int(month[:4]), 0) + int(count)
    return {"subject": subject, "year": None, "month": None, "period": _period_label(None, None),
            "from": None, "to": None, "months": [],
            "years": [{"year": y, "count": n} for y, n in sorted(years.items())],
            "stories": _stories(shown), "facts": shown, "total": len(facts),
            "more": len(facts) - len(shown), "articles_read": len(ids), "truncated_scan": True}


def _collect(records: list[dict[str, Any]], subject: dict[str, Any], store: Store,
             lo: str | None, hi: str | None) -> list[dict[str, Any]]:
    """Every fact of these articles about the subject within [lo, hi], in date order."""
    stories = store.stories_of_articles([r["id"] for r in records])
    facts = []
    for record in records:
        for fact in _facts(record, subject):
            if (lo is None or fact["date"] >= lo) and (hi is None or fact["date"] <= hi):
                story = stories.get(record["id"])
                fact["story"] = {"id": story["story"], "label": story["label"]} if story else None
                facts.append(fact)
    facts.sort(key=lambda f: (f["date"], f["kind"] != "published", f["article"]["id"]))
    return facts


def _period_label(year: int | None, month: int | None) -> str:
    if year is None:
        return "toute la période"
    return french_day(f"{year:04d}-{month:02d}") if month else str(year)


def _zoom(store: Store, entity: str | None, country: str | None,
          year: int | None) -> dict[str, Any]:
    """Years with articles (for the zoom menu) and, for a chosen year, its months."""
    months = store.dated_months(entity=entity, country=country)
    years: dict[int, int] = {}
    for m, n in months:
        if m[:4].isdigit():
            years[int(m[:4])] = years.get(int(m[:4]), 0) + n
    in_year = [{"month": int(m[5:7]), "label": french_day(m), "count": n}
               for m, n in months if year is not None and m[:4] == f"{year:04d}" and len(m) == 7]
    return {"years": [{"year": y, "count": n} for y, n in sorted(years.items())],
            "months": in_year}


def _mentions(record: dict[str, Any], subject: dict[str, Any]) -> list[dict[str, Any]]:
    """The subject's mentions in an article, headline first, in order."""
    out = []
    for e in (record.get("annotation") or {}).get("entities") or []:
        if e.get("id") == subject["id"] or (subject["kind"] == "country" and
                                            e.get("type") == "country" and
                                            e.get("country") == subject.get("code")):
            out += e.get("mentions") or []
    return sorted(out, key=lambda m: (m.get("field") != "title", m.get("start", 0)))


def _facts(record: dict[str, Any], subject: dict[str, Any]) -> list[dict[str, Any]]:
    mentions = _mentions(record, subject)
    article_ref = article_reference(record)
    facts = [_published(record, mentions, article_ref)]
    in_title = any(m.get("field") == "title" for m in mentions)
    seen: set[str] = set()
    # one fact per date and article: the text's sentence rather than the headline's
    for ref in sorted(dates_of(record), key=lambda d: (d["field"] != "text", d["start"])):
        if ref["value"] in seen:
            continue
        fact = fact_of(record, ref, article_ref)
        if fact["said_on_basis"] == "texte" and fact["date"] == fact["said_on"] and \
                ref["value"][:10] == (article_ref[0] or ""):
            continue                       # the text's own "today": the published fact says it
        if in_title or _names_subject(fact, ref, mentions):
            seen.add(ref["value"])
            facts.append({**fact, "kind": "mentioned", "article": article_card(record)})
    return facts


def _names_subject(fact: dict[str, Any], ref: dict[str, Any],
                   mentions: list[dict[str, Any]]) -> bool:
    """Whether a date's sentence also names the subject."""
    s_start = ref["start"] - fact["mark"][0]
    s_end = s_start + len(fact["sentence"])
    return any(m.get("field") == ref["field"] and s_start <= m.get("start", -1) < s_end
               for m in mentions)


def _published(record: dict[str, Any], mentions: list[dict[str, Any]],
               article_ref: tuple[str | None, str]) -> dict[str, Any]:
    """The fact that an article about the subject appeared, quoting its headline or the first
    sentence naming the subject."""
    day, basis = article_ref
    if day is None:
        day = (record.get("ingested_at") or "")[:10] or None
    first = mentions[0] if mentions else None
    if first is not None and (first.get("field") == "text" or record.get("title")):
        quote = sentence_of(record, first["field"], first["start"], first["end"])
    else:
        quote = {"sentence": record.get("title") or (record.get("text") or "")[:200], "mark": None}
    return {"kind": "published", "date": period_start(day) if day else "", "value": day,
            "granularity": "day", "label": french_day(day), "said_on": day,
            "said_on_basis": basis, "said_label": said_label(day, basis), "announced": False,
            **quote, "article": article_card(record)}


def _stories(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stories of the shown facts, in the order they first appear, with their span."""
    out: dict[str, dict[str, Any]] = {}
    for fact in facts:
        story = fact.get("story")
        if not story:
            continue
        row = out.setdefault(story["id"], {**story, "first": fact["date"], "last": fact["date"],
                                           "facts": 0})
        row["last"] = fact["date"]
        row["facts"] += 1
    return list(out.values())
