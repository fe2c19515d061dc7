"""One article with everything known about it: annotations, provenance, the same story told
elsewhere (near-duplicates) and the articles sharing most of its entities."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from steppe.model import Annotation, Article, Provenance
from steppe.store import Store

RELATED = 5


@dataclass
class ArticleReport:
    article: Article
    annotation: Annotation | None
    provenance: Provenance | None
    near_duplicates: list[dict[str, Any]] = field(default_factory=list)
    related: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The API shape: the article's fields, its record of shared/SCHEMA.md under
        ``annotations``, then provenance, near-duplicates and related articles."""
        a = self.article
        return {
            "id": a.id, "title": a.title, "text": a.text, "published": a.published,
            "source": a.source, "url": a.url, "lang": a.lang, "truncated": a.truncated,
            "ingested_at": a.ingested_at, "origin": a.origin,
            "annotations": self.annotation.to_dict() if self.annotation else None,
            "provenance": self.provenance.to_dict() if self.provenance else None,
            "near_duplicates": self.near_duplicates,
            "related": self.related,
        }


def article_report(store: Store, article_id: str, related: int = RELATED) -> ArticleReport:
    """Raises NotFound for an unknown id."""
    article, annotation = store.get_article(article_id)
    provenance = store.get_provenance(article_id)
    copies = _near_duplicates(store, article_id, provenance)
    seen = {article_id, *(c["id"] for c in copies)}
    shared = [(i, n) for i, n in store.related_articles(article_id, limit=related + len(seen))
              if i not in seen][:related]
    briefs = {b["id"]: b for b in store.article_briefs([i for i, _ in shared])}
    return ArticleReport(article, annotation, provenance, copies,
                         [{**briefs[i], "shared_entities": n} for i, n in shared if i in briefs])


def _near_duplicates(store: Store, article_id: str,
                     provenance: Provenance | None) -> list[dict[str, Any]]:
    """The first copy of this story (``original``) and its other copies (``copy``)."""
    root = provenance.near_duplicate_of if provenance else None
    relation: dict[str, str] = {}
    if root:
        relation[root] = "original"
    for other in store.near_duplicates_of(root or article_id):
        if other != article_id:
            relation.setdefault(other, "copy")
    return [{**b, "relation": relation[b["id"]]} for b in store.article_briefs(list(relation))]
