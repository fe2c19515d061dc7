"""Articles as listings show them: headline, lead, date, source and tags (countries, the most
mentioned entities, topics), built from search hits plus one query for the entities.

An article without a title is listed under its first sentence, and an excerpt that ends a
sentence carries no ellipsis: a listing never shows "(sans titre)" or "Tachkent.…"."""

from __future__ import annotations

import html
import re
from typing import Any

from steppe.kb import KnowledgeBase
from steppe.reports.french import first_sentence, tidy_excerpt
from steppe.search import Hit
from steppe.store import Store

TAG_ENTITIES = 4
ID_TYPES = {"person": "person", "org": "organization", "organization": "organization",
            "place": "place", "country": "country", "region": "region"}


def entity_type(entity_id: str, kb: KnowledgeBase) -> str:
    """Type of an entity id: the KB's, else the one its prefix says (``org:…`` → organization)."""
    entity = kb.get(entity_id)
    if entity is not None:
        return entity.type
    return ID_TYPES.get(entity_id.partition(":")[0], "other")


def listing_items(store: Store, kb: KnowledgeBase, hits: list[Hit],
                  entities: int = TAG_ENTITIES) -> list[dict[str, Any]]:
    """One dict per hit with stable field names (the JSON of listings)."""
    linked = store.entities_of_articles([h.id for h in hits]) if hits else {}
    return [listing_item(hit, kb, linked.get(hit.id, []), entities) for hit in hits]


def listing_item(hit: Hit, kb: KnowledgeBase, linked: list[dict[str, Any]],
                 entities: int = TAG_ENTITIES) -> dict[str, Any]:
    named = [e for e in linked if e["type"] not in ("country", "region")][:entities]
    snippet = tidy_excerpt(hit.snippet) or ""
    title, title_html = hit.title, hit.title_html
    if not (title or "").strip():
        title = untitled_title(snippet)
        title_html = html.escape(title)
    return {
        "id": hit.id, "title": title, "title_html": title_html, "untitled": not hit.title,
        "lead": html.unescape(snippet) if "<mark>" not in snippet else None,
        "snippet": snippet, "published": hit.published, "source": hit.source,
        "url": hit.url, "lang": hit.lang, "score": hit.score,
        "countries": [{"code": c, "name": kb.country_name(c)} for c in hit.countries],
        "entities": [{"id": e["id"], "name": e["name"], "type": e["type"]} for e in named],
        "topics": list(hit.topics),
    }


_TAG = re.compile(r"<[^>]+>")


def untitled_title(snippet_or_text: str) -> str:
    """The title an untitled article is shown under: the first sentence of its text (from a
    snippet, marks and a leading '…' removed); 'Article sans titre' when there is no text."""
    plain = html.unescape(_TAG.sub("", snippet_or_text or "")).lstrip("… ").strip()
    return first_sentence(plain) or "Article sans titre"


def counted_countries(kb: KnowledgeBase, facet: list[list[Any]]) -> list[dict[str, Any]]:
    return [{"code": code, "name": kb.country_name(code), "count": n} for code, n in facet]


def counted_entities(kb: KnowledgeBase, facet: list[list[Any]],
                     skip: str | None = None) -> list[dict[str, Any]]:
    return [{"id": i, "name": label, "type": entity_type(i, kb), "count": n}
            for i, label, n in facet if i != skip]


def counted_topics(facet: list[list[Any]]) -> list[dict[str, Any]]:
    return [{"id": i, "label": label, "count": n} for i, label, n in facet]
