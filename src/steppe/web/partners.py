"""A country's partners (issue 15), for its page and its twin ``/api/countries/{code}``:
``reports.relations.partners`` (top partner countries, quad counts, balance, latest events
of each pair) plus what the panel's chart and list need, the country's events with other
countries month by month by quad class and the latest of them, each event counted once per
story as ``reports.events`` groups them."""

from __future__ import annotations

from collections import Counter
from typing import Any

from steppe.reports.event_labels import QUADS
from steppe.reports.events import event_items, group_events, quad_names
from steppe.reports.relations import partners
from steppe.store import Store
from steppe.store.events_sql import MAX_ROWS

PARTNERS = 8   # partner countries shown
LATEST = 6     # latest events with other countries


def _between_countries(row: dict[str, Any]) -> bool:
    one, other = row["source_country"], row["recipient_country"]
    return bool(one) and bool(other) and one != other


def country_partners(store: Store, code: str, limit: int = PARTNERS,
                     latest: int = LATEST) -> dict[str, Any]:
    """``partners(store, code, limit)`` plus ``months`` (``[{"month", "total", "by_quad"}]``,
    oldest first) and ``latest`` (events with another country, latest first, as
    ``reports.events`` items), both read from the country's latest ``MAX_ROWS`` reports."""
    data = partners(store, code, limit=limit)
    code = data["country"]["code"]
    rows = [r for r in store.event_reports(country=code, limit=MAX_ROWS) if _between_countries(r)]
    groups = group_events(rows)
    months: dict[str, Counter[str]] = {}
    names = quad_names()
    for group in groups:
        first = group["first"]
        if first["day"].startswith("0000"):         # no date known at all: no month
            continue
        months.setdefault(first["day"][:7], Counter())[names.get(int(first["quad"]), "")] += 1
    return {**data,
            "months": [{"month": m, "total": sum(months[m][q] for q in QUADS),
                        "by_quad": {q: months[m][q] for q in QUADS}} for m in sorted(months)],
            "latest": event_items(store, groups[:latest])}
