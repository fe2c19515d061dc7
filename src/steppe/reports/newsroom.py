"""The newsroom feed (Fil): the latest articles, newest first, optionally for one country or
topic, with the counts that let a reader narrow it and the number of stories they make.

Each facet is counted without its own filter (the other filters kept): choosing a country
replaces the country filter, so "Ouzbékistan 39" beside a Kirghizstan feed must be the 39
articles the Ouzbékistan feed shows, not the 11 that mention both."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from steppe.kb import KnowledgeBase
from steppe.reports.listing import counted_countries, counted_topics, listing_items
from steppe.reports.story_cache import live_story_count
from steppe.search import search
from steppe.store import Store
from steppe.stories.days import day_number


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
    """A page of the feed: ``results`` newest first, ``total``, facet counts of countries
    and topics over every article the filters keep, and ``stories`` (see ``feed_stories``)."""
    query = feed_query(country, topic, date_from, date_to)
    result = search(store, index_dir, query, limit=limit, offset=offset, kb=kb,
                    remember_facets=True)

    def facet_without(name: str, dropped: dict[str, Any]) -> list[list[Any]]:
        """Facet ``name`` over the feed with the ``dropped`` filters removed."""
        if not dropped:
            return result.facets.get(name, [])
        other = feed_query(**{"country": country, "topic": topic, "date_from": date_from,
                              "date_to": date_to, **dropped})
        return search(store, index_dir, other, limit=1, kb=kb,
                      remember_facets=True).facets.get(name, [])

    topics = counted_topics(facet_without("topics", {"topic": None} if topic else {}))
    return {
        "query": query, "total": result.total, "limit": limit, "offset": offset,
        "stories": feed_stories(store, country, _topic_id(topic, topics), date_from, date_to),
        "filters": {"country": country, "topic": topic,
                    "from": date_from.isoformat() if date_from else None,
                    "to": date_to.isoformat() if date_to else None},
        "results": listing_items(store, kb, result.results),
        "facets": {"countries": counted_countries(
                       kb, facet_without("countries", {"country": None} if country else {})),
                   "topics": topics},
    }


def feed_stories(store: Store, country: str | None = None, topic_id: str | None = None,
                 date_from: date | None = None, date_to: date | None = None) -> int | None:
    """Live stories behind a feed: all of them, or those about its country or its topic, with
    news since ``date_from``. None when the filters have no story equivalent (a country and a
    topic together, or an end date): stories are tagged one filter at a time."""
    tags = [t for t in (country and f"country:{country}", topic_id and f"topic:{topic_id}") if t]
    if len(tags) > 1 or date_to is not None:
        return None
    since = day_number(date_from.isoformat()) if date_from else None
    return live_story_count(store, since, tags[0] if tags else None)


def _topic_id(topic: str | None, counted: list[dict[str, Any]]) -> str | None:
    """The IPTC id of a topic filter given as an id or a French label (the feed takes both)."""
    if not topic:
        return None
    wanted = topic.strip().lower()
    return next((t["id"] for t in counted if wanted in (t["id"], t["label"].lower())), topic)
