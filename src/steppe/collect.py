"""Fetched items → articles with provenance, deduplicated, into the store.

Three levels of sameness, checked in this order inside the caller's transaction:

1. the canonical URL is already known (a tracking variant, a second feed listing it) → duplicate;
2. near-duplicate text (MinHash LSH, verified on signatures):
   * from the same outlet → a lightly edited re-post: the URL is linked to the first copy,
     nothing new is stored;
   * from another outlet → the same story told twice: stored as its own article, linked to
     the first copy (``near_duplicate_of``);
3. the exact content hash is known → duplicate, the URL linked to the stored article.

Used by the watcher's page jobs, ``steppe fetch`` and ``steppe bench ingest`` alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from steppe.model import Annotation, Article, Provenance, derived_id
from steppe.sources import neardup
from steppe.sources.dates import Candidate as DateCandidate
from steppe.sources.dates import choose_date, date_from_text, date_from_url, parse_iso
from steppe.sources.feeds import FeedItem
from steppe.sources.pages import Page
from steppe.store.base import Store


@dataclass
class Candidate:
    """An article ready to store, with its provenance and near-duplicate fingerprint."""

    article: Article
    provenance: Provenance
    aliases: list[str] = field(default_factory=list)  # canonical URLs that lead to it
    signature: bytes | None = None
    buckets: list[int] = field(default_factory=list)


def iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, tz=timezone.utc).replace(microsecond=0).isoformat()


def build_candidate(url: str, canonical: str, page: Page | None, item: FeedItem | None,
                    source: str | None, lang: str | None, now: float,
                    max_future_hours: float = 6.0) -> Candidate:
    """The article of a page (or, when the page failed, of its feed entry)."""
    if page is not None:
        title, text, author = page.title or (item.title if item else None), page.text, page.author
        canonical_self = page.canonical or canonical
    else:
        assert item is not None and item.summary, "a feed fallback needs the entry's summary"
        title, text, author, canonical_self = item.title, item.summary, item.author, canonical
    dates = []
    if item is not None and item.published is not None:
        dates.append(DateCandidate("feed", item.published))
    page_date = parse_iso(page.date) if page is not None else None
    if page_date is not None:
        dates.append(DateCandidate("page", page_date))
    for origin, value in (("url", date_from_url(url)), ("text", date_from_text(text))):
        if value is not None:
            dates.append(DateCandidate(origin, value))
    choice = choose_date(dates, datetime.fromtimestamp(now, tz=timezone.utc), max_future_hours)
    article = Article(id="", title=title, text=text, published=choice.published, source=source,
                      url=canonical_self, lang=(page.lang if page else None) or lang,
                      ingested_at=iso(now), truncated=page is None, origin=url)
    article.id = derived_id(canonical_self, article.content_hash)
    provenance = Provenance(article.id, canonical_self, choice.origin, choice.flag,
                            author=author, content_from="page" if page is not None else "feed")
    candidate = Candidate(article, provenance, list(dict.fromkeys([canonical_self, canonical])))
    if neardup.long_enough(text):
        candidate.signature = neardup.signature(text)
        candidate.buckets = neardup.buckets(candidate.signature)
    return candidate


def find_near_duplicate(store: Store, candidate: Candidate,
                        threshold: float) -> tuple[str, str | None, float] | None:
    """(first copy's id, its source, similarity) of the closest stored near-duplicate."""
    if candidate.signature is None:
        return None
    best: tuple[str, str | None, float] | None = None
    for article_id, source, sig in store.near_duplicate_candidates(candidate.buckets):
        score = neardup.similarity(candidate.signature, sig)
        if score >= threshold and (best is None or score > best[2]):
            best = (article_id, source, score)
    if best is None:
        return None
    first = store.get_provenance(best[0])
    if first is not None and first.near_duplicate_of:
        return (first.near_duplicate_of, best[1], best[2])
    return best


def store_candidate(store: Store, candidate: Candidate, annotation: Annotation | None = None,
                    threshold: float = 0.8, now: float = 0.0) -> tuple[str, str]:
    """Store one candidate (inside the caller's transaction): (outcome, article id).

    Outcomes: "new", "linked" (new, near-duplicate of another outlet's article), "updated",
    "duplicate" (nothing new stored; the URL now leads to the article that was there).
    """
    article, provenance = candidate.article, candidate.provenance
    with store.transaction():
        for url in candidate.aliases:
            known = store.article_for_url(url)
            if known:
                return "duplicate", known
        near = find_near_duplicate(store, candidate, threshold)
        if near and near[1] == article.source:
            _alias(store, candidate, near[0], "near", now)
            return "duplicate", near[0]
        if near:
            provenance.near_duplicate_of, provenance.similarity = near[0], round(near[2], 3)
        outcome = store.put_article(article, annotation)
        if outcome == "duplicate":
            existing = store.article_id_for_hash(article.content_hash) or article.id
            _alias(store, candidate, existing, "exact", now)
            return "duplicate", existing
        store.put_provenance(provenance)
        if candidate.signature is not None:
            store.put_minhash(article.id, candidate.signature, candidate.buckets)
        _alias(store, candidate, article.id, "self", now)
        return ("linked" if near and outcome == "new" else outcome), article.id


def _alias(store: Store, candidate: Candidate, article_id: str, kind: str, now: float) -> None:
    for url in candidate.aliases:
        store.add_url_alias(url, article_id, kind, candidate.article.source, now)
