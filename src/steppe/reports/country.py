"""A country's dashboard: article volume by month, who and what the news about it names,
its topic mix, the countries it is most often mentioned with. All from search facets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from steppe.errors import NotFound, quoted
from steppe.kb import KnowledgeBase
from steppe.reports.chronology import page_timeline
from steppe.reports.listing import counted_countries, counted_entities, counted_topics, listing_items
from steppe.reports.story_cache import live_story_count
from steppe.reports.timeline import month_series
from steppe.search import search
from steppe.store import Store

CENTRAL_ASIA = ("KZ", "KG", "UZ", "TJ", "TM")
LATEST = 8
TOP = 10


def country_code(kb: KnowledgeBase, code: str) -> str:
    """``code`` upper-cased if the knowledge base knows the country; NotFound otherwise."""
    upper = code.strip().upper()
    if len(upper) != 2 or upper not in kb.country_by_code:
        raise NotFound(f"aucun pays n’a le code {quoted(code)}")
    return upper


def country_report(store: Store, index_dir: str | Path, kb: KnowledgeBase, code: str,
                   latest: int = LATEST, top: int = TOP) -> dict[str, Any]:
    code = country_code(kb, code)
    base = search(store, index_dir, f"country:{code} sort:date", limit=latest, kb=kb,
                  remember_facets=True)
    persons = search(store, index_dir, f"country:{code} type:person", limit=1, kb=kb,
                     remember_facets=True)
    orgs = search(store, index_dir, f"country:{code} type:organization", limit=1, kb=kb,
                  remember_facets=True)
    entity = kb.country_by_code[code]
    return {
        "code": code, "name": entity.name, "entity_id": entity.id, "articles": base.total,
        "stories": live_story_count(store, tag=f"country:{code}"),
        "timeline": [{"month": m, "count": n} for m, n in month_series(base.facets.get("months", []))],
        "persons": counted_entities(kb, persons.facets.get("entities", []))[:top],
        "organizations": counted_entities(kb, orgs.facets.get("entities", []))[:top],
        "topics": counted_topics(base.facets.get("topics", [])),
        "countries": [c for c in counted_countries(kb, base.facets.get("countries", []))
                      if c["code"] != code][:top],
        "sources": [{"name": s, "count": n} for s, n in base.facets.get("sources", [])][:top],
        "latest": listing_items(store, kb, base.results),
        "chronology": page_timeline(store, {"kind": "country", "id": entity.id, "code": code,
                                            "name": entity.name, "type": "country"},
                                    [h.id for h in base.results], base.facets.get("months", [])),
    }


def countries_overview(store: Store, index_dir: str | Path, kb: KnowledgeBase) -> dict[str, Any]:
    """Article counts per country: Central Asia's five first (even at zero), then the others
    the archive mentions most."""
    result = search(store, index_dir, "", limit=1, kb=kb, remember_facets=True)
    counts = {code: n for code, n in result.facets.get("countries", [])}
    codes = list(CENTRAL_ASIA) + [c for c in counts if c not in CENTRAL_ASIA]
    return {"articles": result.total,
            "countries": [{"code": c, "name": kb.country_name(c), "count": counts.get(c, 0),
                           "central_asia": c in CENTRAL_ASIA} for c in codes]}
