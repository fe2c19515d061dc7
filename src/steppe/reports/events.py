"""Events by story (issue 15): who did what to whom, one event however many outlets report it.

The store keeps one row per event and pair of countries (``store/events_sql.py``); here the
rows are grouped into events: the same type between the same sides (their countries, else
their entities) within one story is one event, its reports counted (articles and distinct
outlets), told by its first report (earliest day, then first stored). An article outside any
story is a story of its own.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from steppe.errors import InputError, quoted
from steppe.reports.event_labels import (country_name, country_names, mode_label, plover,
                                         quad_label, quad_names, status_label, type_label)
from steppe.store import Store
from steppe.store.events_sql import MAX_ROWS
from steppe.stories.days import iso_day, parse_since

LIMIT = 50
_PERIOD = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


# -- checks ------------------------------------------------------------------------------------
def balance(by_quad: dict[str, int]) -> float | None:
    """Cooperation minus conflict over all events, each quad class weighted as plover.json
    says: 1 all cooperation, -1 all conflict; None without events."""
    weights = {v["name"]: float(v["weight"]) for v in plover()["quads"].values()}
    total = sum(abs(weights.get(q, 0.0)) * n for q, n in by_quad.items())
    if not total:
        return None
    return round(sum(weights.get(q, 0.0) * n for q, n in by_quad.items()) / total, 3)


def check_country(value: str | None, name: str) -> str | None:
    """An ISO country code, upper-cased; InputError naming the option when unknown."""
    if value is None or not value.strip():
        return None
    code = value.strip().upper()
    if code not in country_names():
        raise InputError(f"{name} {quoted(value)} : code de pays inconnu "
                         "(un code ISO à deux lettres est attendu, par exemple KZ)")
    return code


def check_type(value: str | None, name: str = "--type") -> str | None:
    """A PLOVER type, upper-cased; InputError listing the known ones otherwise."""
    if value is None or not value.strip():
        return None
    kind = value.strip().upper()
    if kind not in plover()["types"]:
        raise InputError(f"{name} {quoted(value)} : type d’événement inconnu (types : "
                         f"{', '.join(plover()['types'])})")
    return kind


def check_day(value: str | None, name: str = "--since", today: int | None = None) -> str | None:
    """A first day, YYYY-MM-DD: from YYYY-MM-DD (or YYYY-MM, YYYY: their first day) or a
    window back from today as ``steppe stories --since`` reads it (``7d``, ``4w``, ``3m``,
    ``1y``: ``stories.days.parse_since``; ``today`` a day number, for tests); InputError
    naming the option and the value otherwise."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if _PERIOD.match(text) and len(text) < 10:
            return date.fromisoformat(text + "-01-01"[len(text) - 4:]).isoformat()
        day = parse_since(text, today)
        return iso_day(day) if day is not None else None
    except (InputError, ValueError, OverflowError):
        raise InputError(f"{name} {quoted(value)} : une date AAAA-MM-JJ (ou AAAA-MM, AAAA) ou "
                         "une durée comme 7d, 4w ou 3m est attendue") from None


# -- grouping ------------------------------------------------------------------------------------
def event_key(row: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two reports one event: story (else article), type and both sides."""
    story = row["story"] or "article:" + row["article"]
    return story, row["type"], row["source_key"], row["recipient_key"]


def group_events(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of ``store.event_reports`` (latest first) → events, latest first, each with its
    reports: ``{"key", "rows", "articles", "outlets", "first", "last_day"}``."""
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        group = groups.setdefault(event_key(row), {"rows": [], "articles": {}, "outlets": set(),
                                                   "last_day": row["day"]})
        group["rows"].append(row)
        group["articles"].setdefault(row["article"], row)
        if row["outlet"]:
            group["outlets"].add(row["outlet"])
    out = []
    for key, group in groups.items():
        first = min(group["rows"], key=lambda r: (r["day"], r["pk"], r["idx"]))
        out.append({"key": key, "first": first, **group})
    return out


def event_items(store: Store, groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events as the reports and pages show them, told by each one's first report; the
    actors' names come from that report's annotation (one read for all)."""
    firsts = [g["first"]["article"] for g in groups]
    stored = {r["id"]: r for r in store.annotation_records(firsts)}
    return [_item(g, stored.get(g["first"]["article"])) for g in groups]


def _item(group: dict[str, Any], record: dict[str, Any] | None) -> dict[str, Any]:
    first = group["first"]
    events = ((record or {}).get("annotation") or {}).get("events") or []
    stored = events[first["idx"]] if first["idx"] < len(events) else {}
    quad = quad_names().get(int(first["quad"]), "")
    return {
        "type": first["type"], "type_label": type_label(first["type"], capital=False),
        "mode": first["mode"], "mode_label": mode_label(first["mode"]) or first["mode"],
        "quad": quad, "quad_label": quad_label(quad, capital=False) if quad else "",
        "status": first["status"], "status_label": status_label(first["status"]),
        "date": first["day"], "date_from": first["date_from"], "place": first["place"],
        "source": _side(first["source_key"], stored.get("source")),
        "recipient": _side(first["recipient_key"], stored.get("recipient")),
        "sentence": first["sentence"], "confidence": first["confidence"],
        "reports": len(group["articles"]), "outlets": len(group["outlets"]),
        "articles": list(group["articles"]),
        "first": {"id": first["article"], "title": first["title"], "outlet": first["outlet"],
                  "published": first["published"]},
        "story": {"id": first["story"], "label": first["story_label"]} if first["story"] else None,
    }


def _side(key: str, actors: list[dict[str, Any]] | None) -> dict[str, Any]:
    """One side of an event: its countries (codes and names) and its actors' names."""
    countries = [] if key.startswith("@") or not key else key.split(",")
    names = list(dict.fromkeys(a.get("name") for a in actors or [] if a.get("name")))
    if not names:
        names = [country_name(c) for c in countries] or \
            [n for n in key.lstrip("@").split(",") if n]
    return {"countries": countries, "country_names": [country_name(c) for c in countries],
            "names": names}


def side_text(side: dict[str, Any]) -> str:
    """« Kazakhstan, Ouzbékistan » (else the actors' names, else « ? »): for tables."""
    return ", ".join(side["country_names"] or side["names"]) or "?"


# -- the report ----------------------------------------------------------------------------------
def events(store: Store, since: str | None = None, country: str | None = None,
           type: str | None = None, limit: int = LIMIT, until: str | None = None,
           names: tuple[str, str, str] = ("--since", "--country", "--type")) -> dict[str, Any]:
    """Events deduplicated by story, latest first (by the day of their latest report).

    Returns ``{"since", "country", "type", "total", "events": [item…]}``; ``total`` counts
    every matching event, ``events`` the first ``limit``. Each item: type, type_label, mode,
    mode_label, quad, quad_label, status, status_label, date (YYYY-MM-DD: the event's date,
    else its first report's publication or ingestion day), date_from, place, source and
    recipient (``{"countries", "country_names", "names"}``), sentence (of the first report),
    confidence, reports (articles), outlets (distinct), articles (ids), first (id, title,
    outlet, published) and story (id, label, or None). ``names`` are the options' names as
    the caller's user knows them, for error messages. Reports are read from the latest
    ``MAX_ROWS`` rows: an old event's count may miss reports older than that.
    """
    since = check_day(since, names[0])
    country = check_country(country, names[1])
    type = check_type(type, names[2])
    if limit < 1:
        raise InputError(f"--limit {limit} : au moins 1")
    rows = store.event_reports(since=since, until=until, country=country, type=type,
                               limit=MAX_ROWS)
    groups = group_events(rows)[:limit]
    return {"since": since, "country": country, "type": type,
            "total": store.count_events(since=since, until=until, country=country, type=type),
            "events": event_items(store, groups)}


def flat_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One flat dict per event, for CSV and JSONL exports."""
    out = []
    for e in data["events"]:
        out.append({
            "date": e["date"], "type": e["type"], "mode": e["mode"] or "", "quad": e["quad"],
            "status": e["status"],
            "source": ";".join(e["source"]["countries"]) or ";".join(e["source"]["names"]),
            "recipient": ";".join(e["recipient"]["countries"]) or
            ";".join(e["recipient"]["names"]),
            "reports": e["reports"], "outlets": e["outlets"],
            "story": e["story"]["id"] if e["story"] else "", "article": e["first"]["id"],
            "place": e["place"] or "", "confidence": e["confidence"], "sentence": e["sentence"],
        })
    return out
