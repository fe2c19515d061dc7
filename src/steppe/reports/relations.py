"""Relations between countries (issue 15): a pair's events month by month, a country's
partners, the network of all pairs. Events are counted once per story (``reports.events``):
ten outlets reporting one sanction make one sanction.

Quad classes are PLOVER's (resources/plover.json): verbal_cooperation, material_cooperation,
verbal_conflict, material_conflict. The balance is cooperation minus conflict over all events
(weights from the same file): 1 all cooperation, -1 all conflict, None without events.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from steppe.errors import InputError
from steppe.reports.event_labels import country_name, quad_labels, quad_names
from steppe.reports.events import balance, check_country, check_day, event_items, group_events
from steppe.store import Store
from steppe.store.events_sql import MAX_ROWS

LATEST = 10        # latest events of a pair
PARTNER_LATEST = 3  # latest events shown per partner
COUNTRY_LATEST = 6  # latest events of a country with other countries
_ROWS = 2000       # rows read for a pair's latest events


def _quads() -> dict[str, int]:
    return {name: 0 for name in quad_labels()}


def _country(code: str) -> dict[str, str]:
    return {"code": code, "name": country_name(code)}


def latest_events(store: Store, a: str, b: str, since: str | None = None,
                  limit: int = LATEST) -> list[dict[str, Any]]:
    """The latest events between two countries (either way), deduplicated by story."""
    rows = store.event_reports(since=since, pair=(a, b), limit=_ROWS)
    return event_items(store, group_events(rows)[:limit])


def relations(store: Store, a: str, b: str, since: str | None = None,
              names: tuple[str, str, str] = ("A", "B", "--since")) -> dict[str, Any]:
    """The events between countries ``a`` and ``b`` (ISO codes, both directions).

    Returns::

        {"a": {"code", "name"}, "b": {"code", "name"}, "since": "YYYY-MM-DD" | None,
         "total": int,                       # events, once per story
         "directions": {"a_to_b": int, "b_to_a": int},   # a meeting of both counts in both
         "by_quad": {quad_name: int},        # the four quad classes, in order
         "by_type": {TYPE: int},             # most frequent first
         "balance": float | None,            # in [-1, 1]
         "quads": [{"name", "label"}],       # quad classes in order, French labels
         "months": [{"month": "YYYY-MM", "total", "by_quad", "by_type", "balance"}],  # oldest first
         "latest": [event…]}                 # as reports.events.events' items, latest first

    ``names`` are the arguments' names as the caller's user knows them (error messages).
    InputError for an unknown country code, the same country twice or a bad date.
    """
    a, b = check_country(a, names[0]), check_country(b, names[1])
    if not a or not b:
        raise InputError(f"{names[0] if not a else names[1]} : un code de pays est attendu")
    if a == b:
        raise InputError(f"{names[0]} et {names[1]} sont le même pays ({a}) : il en faut deux")
    since = check_day(since, names[2])
    counts = store.event_pair_counts(since=since, pair=(a, b))
    months: dict[str, dict[str, Any]] = {}
    by_quad, by_type = _quads(), Counter()
    for _, _, kind, quad, month, n in counts:
        slot = months.setdefault(month, {"month": month, "total": 0, "by_quad": _quads(),
                                         "by_type": Counter()})
        name = quad_names().get(quad, "")
        for target_quad, target_type in ((slot["by_quad"], slot["by_type"]), (by_quad, by_type)):
            target_quad[name] = target_quad.get(name, 0) + n
            target_type[kind] += n
        slot["total"] += n
    for slot in months.values():
        slot["by_type"] = dict(slot["by_type"].most_common())
        slot["balance"] = balance(slot["by_quad"])
    directed = Counter()
    for source, recipient, *_, n in store.event_pair_counts(since=since, pair=(a, b),
                                                              directed=True):
        directed["a_to_b" if source == a else "b_to_a"] += n
    return {"a": _country(a), "b": _country(b), "since": since,
            "total": sum(m["total"] for m in months.values()),
            "directions": {"a_to_b": directed["a_to_b"], "b_to_a": directed["b_to_a"]},
            "by_quad": by_quad, "by_type": dict(by_type.most_common()),
            "balance": balance(by_quad),
            "quads": [{"name": k, "label": v} for k, v in quad_labels().items()],
            "months": [months[m] for m in sorted(months)],
            "latest": latest_events(store, a, b, since)}


def partners(store: Store, country: str, limit: int = 10, since: str | None = None,
             names: tuple[str, str] = ("--country", "--since"),
             latest: int = COUNTRY_LATEST) -> dict[str, Any]:
    """A country's partners, most events first (events once per story, both directions), and
    its events with other countries month by month and latest first.

    Returns::

        {"country": {"code", "name"}, "since": … | None,
         "total": int,                      # events it takes part in, partner or not
         "quads": [{"name", "label"}],
         "partners": [{"code", "name", "total", "by_quad": {quad_name: int},
                       "balance": float | None,
                       "months": [{"month", "total"}],        # oldest first, for a chart
                       "latest": [event…]}],                  # at most 3, latest first
         "months": [{"month", "total", "by_quad"}],   # its events with other countries, oldest first
         "latest": [event…]}                          # the latest ``latest`` of them

    An event with several partners (« Tachkent et Astana condamnent… ») counts for each
    partner, but once in ``months`` and ``latest`` (see ``country_events``).
    """
    code = check_country(country, names[0])
    if not code:
        raise InputError(f"{names[0]} : un code de pays est attendu")
    if limit < 1:
        raise InputError(f"--limit {limit} : au moins 1")
    since = check_day(since, names[1])
    by_partner: dict[str, dict[str, Any]] = {}
    for one, other, _, quad, month, n in store.event_pair_counts(since=since, country=code):
        partner = other if one == code else one
        slot = by_partner.setdefault(partner, {"total": 0, "by_quad": _quads(),
                                               "months": Counter()})
        slot["total"] += n
        slot["by_quad"][quad_names().get(quad, "")] += n
        slot["months"][month] += n
    ranked = sorted(by_partner.items(), key=lambda kv: (-kv[1]["total"], kv[0]))[:limit]
    return {"country": _country(code), "since": since,
            "total": store.count_events(since=since, country=code),
            "quads": [{"name": k, "label": v} for k, v in quad_labels().items()],
            "partners": [{**_country(p), "total": s["total"], "by_quad": s["by_quad"],
                          "balance": balance(s["by_quad"]),
                          "months": [{"month": m, "total": s["months"][m]}
                                     for m in sorted(s["months"])],
                          "latest": latest_events(store, code, p, since, PARTNER_LATEST)}
                         for p, s in ranked],
            **country_events(store, code, since, latest)}


def _between_countries(row: dict[str, Any]) -> bool:
    one, other = row["source_country"], row["recipient_country"]
    return bool(one) and bool(other) and one != other


def country_events(store: Store, code: str, since: str | None = None,
                   latest: int = COUNTRY_LATEST) -> dict[str, list[dict[str, Any]]]:
    """A country's events with other countries, each once however many partners it has and
    however many outlets report it (``reports.events.group_events``): ``{"months": [{"month",
    "total", "by_quad"}] (oldest first, by the event's day; an event without any known day
    has no month), "latest": [event…] (latest first, at most ``latest``)}``, read from the
    country's latest ``MAX_ROWS`` reports."""
    rows = [r for r in store.event_reports(since=since, country=code, limit=MAX_ROWS)
            if _between_countries(r)]
    groups = group_events(rows)
    months: dict[str, dict[str, int]] = {}
    for group in groups:
        first = group["first"]
        quad = quad_names().get(int(first["quad"]))
        if quad and not first["day"].startswith("0000"):
            months.setdefault(first["day"][:7], _quads())[quad] += 1
    return {"months": [{"month": m, "total": sum(months[m].values()), "by_quad": months[m]}
                       for m in sorted(months)],
            "latest": event_items(store, groups[:latest])}


def relation_network(store: Store, since: str | None = None,
                     names: tuple[str] = ("--since",)) -> nx.Graph:
    """Countries as nodes (``name``, ``events``: events with other countries), pairs as
    undirected edges with ``total``, one count per quad class (``verbal_cooperation`` …)
    and ``balance`` (0.0 when undefined: GEXF attributes have one type)."""
    since = check_day(since, names[0])
    edges: dict[tuple[str, str], dict[str, int]] = defaultdict(_quads)
    for one, other, _, quad, _, n in store.event_pair_counts(since=since):
        edges[(one, other)][quad_names().get(quad, "")] += n
    graph = nx.Graph()
    for (one, other), by_quad in sorted(edges.items()):
        for code in (one, other):
            if code not in graph:
                graph.add_node(code, label=country_name(code), name=country_name(code),
                               events=0)
        total = sum(by_quad.values())
        graph.nodes[one]["events"] += total
        graph.nodes[other]["events"] += total
        graph.add_edge(one, other, total=total, weight=total, **by_quad,
                       balance=float(balance(by_quad) or 0.0))
    return graph
