"""An entity's page: who or what it is, how often the news names it month by month, with whom,
what it said and what was said about it, and the latest articles naming it.

Counts come from the search index's facets (one query, ``entity:ID``); quotes are read from
the annotations of the most recent articles only (``SCAN``, found through the index's
date column and read as plain dicts), which bounds the page's cost.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from steppe.errors import NotFound, quoted
from steppe.kb import KnowledgeBase
from steppe.reports.chronology import page_timeline
from steppe.reports.listing import counted_countries, counted_entities, counted_topics, listing_items
from steppe.reports.quotes import quotes_about, quotes_by
from steppe.reports.recent import recent_ids
from steppe.reports.story_cache import live_story_count
from steppe.reports.timeline import month_series
from steppe.search import search
from steppe.store import Store

LATEST = 10
SCAN = 100            # recent articles read for quotes
CO_MENTIONS = 15
ENTITY_ID = re.compile(r"^[A-Za-z]+:[^\s\"\\()]{1,200}$")


def entity_facts(store: Store, kb: KnowledgeBase, entity_id: str) -> dict[str, Any]:
    """Name, type, country, aliases, role: the knowledge base's, else as articles record it."""
    if not ENTITY_ID.match(entity_id):
        raise NotFound(f"aucune entité n’a l’identifiant {quoted(entity_id)}")
    known = kb.get(entity_id)
    if known is not None:
        return {"id": known.id, "name": known.name, "type": known.type, "country": known.country,
                "aliases": [a for a in known.all_names() if a != known.name],
                "role": known.role, "in_kb": True}
    facts = store.entity_facts(entity_id)
    if facts is None:
        raise NotFound(f"aucune entité n’a l’identifiant {quoted(entity_id)}")
    return {**facts, "aliases": [], "role": None, "in_kb": False}


def entity_report(store: Store, index_dir: str | Path, kb: KnowledgeBase, entity_id: str,
                  latest: int = LATEST, scan: int = SCAN) -> dict[str, Any]:
    """Raises NotFound for an id neither the knowledge base nor any article knows."""
    facts = entity_facts(store, kb, entity_id)
    result = search(store, index_dir, f'entity:"{entity_id}" sort:date', limit=latest, kb=kb,
                    remember_facets=True)
    speaks = facts["type"] in ("person", "organization")
    records = store.annotation_records(recent_ids(store, index_dir, entity_id, scan)) if speaks else []
    return {
        **facts,
        "articles": result.total,
        "stories": live_story_count(store, tag=_story_tag(facts)),
        "timeline": [{"month": m, "count": n} for m, n in month_series(result.facets.get("months", []))],
        "co_mentions": counted_entities(kb, result.facets.get("entities", []), skip=entity_id)[:CO_MENTIONS],
        "countries": counted_countries(kb, result.facets.get("countries", [])),
        "topics": counted_topics(result.facets.get("topics", [])),
        "quotes_by": quotes_by(entity_id, records),
        "quotes_about": quotes_about(entity_id, records),
        "latest": listing_items(store, kb, result.results),
        "chronology": page_timeline(store, {"kind": "entity", "id": facts["id"],
                                            "name": facts["name"], "type": facts["type"]},
                                    [h.id for h in result.results], result.facets.get("months", [])),
    }


def _story_tag(facts: dict[str, Any]) -> str:
    """The story tag counting this entity's stories: a country's stories are tagged by its
    code, as on its country page (the two pages must give the same count)."""
    if facts.get("type") == "country" and facts.get("country"):
        return f"country:{facts['country']}"
    return f"entity:{facts['id']}"
