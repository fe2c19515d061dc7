"""The agenda: what the press says is coming (or came) within a window of days, in date order.

One line per announced event: the same normalised date in the articles of one story is one
line (a headline and its lead stating the same date are one line too), with the number of
distinct outlets that mention it. Each line quotes the sentence that announces it, taken
whole from the article that said it first (text rather than headline when both do), with
the day it was said and whether it was said beforehand (*annoncé*, see ``reports.dated``).

The store returns only the articles mentioning a date in the window (``dated_articles``);
the window defaults to "from today on", so the archive's past never fills a default agenda.

Announced events (issue 15: an annotation's ``events`` whose status is *announced*, dated
within the window and after the day they were said) are marked on the line of their story and
date, ``"event": {"type", "label", "mode", "source", "recipient"}``; one with no such line
gets a line of its own, its sentence the event's. One event per line: the first said.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from steppe.errors import InputError, quoted
from steppe.reports.agenda_events import announced_events
from steppe.reports.dated import (article_card, article_reference, dates_of, fact_of,
                                  french_day, period_start)
from steppe.store import Store

MAX_LINES = 300
MAX_ARTICLES = 5000    # articles read for one agenda (the store's cap)
OTHERS = 10            # other articles named on a line


def parse_day(value: str | None, name: str) -> str | None:
    """A YYYY-MM-DD bound (empty: none); InputError naming the option and the value."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise InputError(f"{name} {quoted(value)} : une date AAAA-MM-JJ est attendue") from None


def window(start: str | None, end: str | None, today: date | None = None,
           names: tuple[str, str] = ("--from", "--to")) -> tuple[str, str | None]:
    """The agenda's [from, to] days: ``from`` defaults to today; a reversed window is refused."""
    lo = parse_day(start, names[0]) or (today or date.today()).isoformat()
    hi = parse_day(end, names[1])
    if hi is not None and hi < lo:
        raise InputError(f"{names[1]} {hi} est antérieur à {names[0]} {lo}")
    return lo, hi


def agenda(store: Store, start: str | None = None, end: str | None = None,
           country: str | None = None, entity: str | None = None, today: date | None = None,
           limit: int = MAX_LINES, names: tuple[str, str] = ("--from", "--to")) -> dict[str, Any]:
    """``{"from", "to", "total", "lines": […]}``: the dates mentioned within the window, one
    line per (story, date), in date order; ``total`` counts lines before the ``limit``.
    ``names`` are the window's bounds as the caller's user knows them (in error messages)."""
    lo, hi = window(start, end, today, names)
    records = store.dated_articles(lo, hi, entity=entity or None,
                                   country=country.upper() if country else None,
                                   limit=MAX_ARTICLES)
    stories = store.stories_of_articles([r["id"] for r in records])
    groups: dict[tuple[str, str], list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    for record in records:
        article_ref = article_reference(record)
        for ref in dates_of(record):
            day = period_start(ref["value"])
            if day < lo or (hi is not None and day > hi):
                continue
            story = stories.get(record["id"])
            key = (story["story"] if story else "article:" + record["id"], ref["value"])
            groups.setdefault(key, []).append((record, fact_of(record, ref, article_ref)))
    marks = _event_groups(records, stories, lo, hi)
    for key, found in marks.items():
        if key not in groups:
            groups[key] = found
    lines = [_line(found, stories, marks.get(key)) for key, found in groups.items()]
    lines.sort(key=lambda ln: (ln["date"], ln["granularity"] != "year",
                               ln["granularity"] != "month", -ln["outlets"],
                               ln["story"]["label"] if ln["story"] else "", ln["article"]["id"]))
    return {"from": lo, "to": hi, "from_label": french_day(lo),
            "to_label": french_day(hi) if hi else None, "country": country.upper() if country else None,
            "entity": entity or None, "total": len(lines), "lines": lines[:limit],
            "truncated_scan": len(records) >= MAX_ARTICLES}


def _first_said(item: tuple[dict[str, Any], dict[str, Any]]) -> tuple[Any, ...]:
    record, fact = item
    return (not fact["announced"], fact["said_on"] or "9999", fact["field"] != "text",
            record["id"])


def _event_groups(records: list[dict[str, Any]], stories: dict[str, dict[str, Any]], lo: str,
                  hi: str | None) -> dict[tuple[str, str], list[tuple[dict[str, Any], dict[str, Any]]]]:
    """The announced events within the window, by (story, date) like the dated facts."""
    groups: dict[tuple[str, str], list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    for record in records:
        story = stories.get(record["id"])
        for fact in announced_events(record, lo, hi):
            key = (story["story"] if story else "article:" + record["id"], fact["value"])
            groups.setdefault(key, []).append((record, fact))
    return groups


def _line(found: list[tuple[dict[str, Any], dict[str, Any]]],
          stories: dict[str, dict[str, Any]],
          events: list[tuple[dict[str, Any], dict[str, Any]]] | None = None) -> dict[str, Any]:
    """One agenda line from every mention of one date in one story, marked with the first
    announced event of that story and date, if any."""
    found = sorted(found, key=_first_said)
    record, fact = found[0]
    story = stories.get(record["id"])
    seen: dict[str, dict[str, Any]] = {}
    for other, _ in found:
        seen.setdefault(other["id"], article_card(other))
    outlets = {a["source"] or a["id"] for a in seen.values()}
    event = min(events, key=_first_said)[1]["event"] if events else None
    return {**{k: v for k, v in fact.items() if k != "event"}, "event": event,
            "article": article_card(record),
            "story": {"id": story["story"], "label": story["label"], "size": story["size"]}
            if story else None,
            "outlets": len(outlets), "articles": len(seen),
            "others": [a for aid, a in seen.items() if aid != record["id"]][:OTHERS]}
