"""The newsroom feed (Fil): the latest articles, newest first, optionally for one country or
topic, with the counts that let a reader narrow it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from steppe.kb import KnowledgeBase
from steppe.reports.listing import counted_countries, counted_topics, listing_items
from steppe.search import search
from steppe.store import Store


def feed_query(country: str | None = None, topic: str | None = None,
               date_from: date | None = None, date_to: date | None = None) -> str:
    """The search query (docs/query-language.md) behind a feed's filters."""
    parts = []
    if country:
        parts.append(f"country:{country}")
    if topic:
        parts.append(f'topic:"{topic}"' if " " in topic or "," in topic else f"topic:{topic}")
    if date_from:
        parts.append(f"from:{date_from.isoformat()}")
    if date_to:
        parts.append(f"to:{date_to.isoformat()}")
    return " ".join(parts + ["sort:date"])


def latest_articles(store: Store, index_dir: str | Path, kb: KnowledgeBase,
                    country: str | None = None, topic: str | None = None,
                    date_from: date | None = None, date_to: date | None = None,
                    limit: int = 30, offset: int = 0) -> dict[str, Any]:
    """A page of the feed: ``results`` newest first, ``total``, and facet counts of countries
    and topics over every article the filters keep."""
    query = feed_query(country, topic, date_from, date_to)
    result = search(store, index_dir, query, limit=limit, offset=offset, kb=kb)
    return {
        "query": query, "total": result.total, "limit": limit, "offset": offset,
        "filters": {"country": country, "topic": topic,
                    "from": date_from.isoformat() if date_from else None,
                    "to": date_to.isoformat() if date_to else None},
        "results": listing_items(store, kb, result.results),
        "facets": {"countries": counted_countries(kb, result.facets.get("countries", [])),
                   "topics": counted_topics(result.facets.get("topics", []))},
    }
