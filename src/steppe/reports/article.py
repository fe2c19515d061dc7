"""One article with everything known about it: annotations, provenance, the same story told
elsewhere (near-duplicates) and the articles sharing most of its entities; and the side
panel's facts as a reader wants them: each date, amount and percentage once (a figure in the
title and again in the text is one figure), dates in time order."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from steppe.model import Annotation, Article, Provenance
from steppe.reports.french import first_sentence
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
    related_briefs = [{**briefs[i], "shared_entities": n} for i, n in shared if i in briefs]
    return ArticleReport(article, annotation, provenance, _titled(store, copies),
                         _titled(store, related_briefs))


def _titled(store: Store, briefs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Briefs whose article has no title get its first sentence (one read each; rare)."""
    for brief in briefs:
        if not (brief.get("title") or "").strip():
            other, _ = store.get_article(brief["id"])
            brief["title"] = first_sentence(other.text) or "Article sans titre"
    return briefs


def display_title(article: Article) -> str:
    """The article's title, or its first sentence when it has none."""
    return (article.title or "").strip() or first_sentence(article.text) or "Article sans titre"


_LINE = re.compile(r":(\d+)$")


def _origin_parts(origin: str) -> tuple[str, str | None]:
    line = _LINE.search(origin)
    path = origin[:line.start()] if line else origin
    name = path if "://" in path else PurePath(path.replace("\\", "/")).name or path
    return name, line.group(1) if line else None


def origin_label(origin: str | None) -> str | None:
    """Where the article was read, without the server's folders: 'demo.jsonl, ligne 87'
    for '/srv/data/demo.jsonl:87' (a path on the server is nobody else's business)."""
    if not origin:
        return None
    name, line = _origin_parts(origin)
    return f"{name}, ligne {line}" if line else name


def public_origin(origin: str | None) -> str | None:
    """The origin as the web API gives it: 'demo.jsonl:87', the file's name without folders."""
    if not origin:
        return None
    name, line = _origin_parts(origin)
    return f"{name}:{line}" if line else name


def side_dates(annotation: Annotation | None) -> list[dict[str, Any]]:
    """Each date value once, oldest first, with the distinct ways the article wrote it."""
    if annotation is None:
        return []
    merged: dict[str, list[str]] = {}
    for d in annotation.dates:
        said = merged.setdefault(d.value, [])
        if d.text not in said:
            said.append(d.text)
    return [{"value": v, "said": merged[v]} for v in sorted(merged)]


def side_amounts(annotation: Annotation | None) -> list[dict[str, Any]]:
    """Each (amount, currency) once, in order of first appearance (title first)."""
    if annotation is None:
        return []
    merged: dict[tuple[float, str], list[str]] = {}
    for m in _reading_order(annotation.money):
        said = merged.setdefault((m.amount, m.currency), [])
        if m.text not in said:
            said.append(m.text)
    return [{"amount": a, "currency": c, "said": said} for (a, c), said in merged.items()]


def side_percents(annotation: Annotation | None) -> list[dict[str, Any]]:
    """Each percentage once, in order of first appearance."""
    if annotation is None:
        return []
    merged: dict[float, list[str]] = {}
    for p in _reading_order(annotation.percents):
        said = merged.setdefault(p.value, [])
        if p.text not in said:
            said.append(p.text)
    return [{"value": v, "said": said} for v, said in merged.items()]


def _reading_order(items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda x: (x.field != "title", x.start))


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
