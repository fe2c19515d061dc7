"""The Store contract every backend keeps, and the factory that picks a backend from a URL.

The database is the truth. Each write gets a sequence number from the store so the derived
search index can catch up in order after a crash or on a new node.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Iterator, Literal, Protocol

from steppe.model import Annotation, Article, Job, Provenance, Source

Outcome = Literal["new", "duplicate", "updated"]
ANNOTATION_LISTS = ("countries", "entities", "dates", "money", "percents", "topics", "quotes")


@dataclass
class IngestResult:
    """Counts of one ingestion run, with the reasons of what failed."""

    new: int = 0
    duplicate: int = 0
    updated: int = 0
    failed: int = 0
    errors: list[str] | None = None

    def add(self, outcome: Outcome) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def fail(self, message: str) -> None:
        self.failed += 1
        self.errors = (self.errors or []) + [message]

    def merge(self, other: "IngestResult") -> None:
        for name in ("new", "duplicate", "updated"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for message in other.errors or []:
            self.fail(message)

    def to_dict(self) -> dict[str, Any]:
        return {"new": self.new, "duplicate": self.duplicate, "updated": self.updated,
                "failed": self.failed, "errors": list(self.errors or [])}


class Store(Protocol):
    """What every backend offers; tests run the same suite against each."""

    url: str

    def transaction(self) -> AbstractContextManager[None]: ...
    def put_article(self, article: Article, annotation: Annotation | None) -> Outcome: ...
    def put_articles(self, pairs: list[tuple[Article, Annotation | None]]) -> list[Outcome]: ...
    def get_article(self, article_id: str) -> tuple[Article, Annotation | None]: ...
    def get_articles(self, ids: list[str]) -> dict[str, tuple[Article, Annotation | None]]: ...
    def iter_articles(self) -> Iterator[tuple[Article, Annotation | None]]: ...
    def changes_since(self, seq: int, limit: int = 10_000) -> list[tuple[int, str, str]]: ...
    def last_seq(self) -> int: ...
    def count_articles(self) -> int: ...
    def stats(self) -> dict[str, Any]: ...
    def schema_version(self) -> int: ...
    def close(self) -> None: ...
    # sources, feed items, provenance, near-duplicates, jobs (store/sources_sql.py)
    def add_source(self, source: Source) -> None: ...
    def get_source(self, name: str) -> Source: ...
    def list_sources(self) -> list[Source]: ...
    def remove_source(self, name: str) -> None: ...
    def save_source_state(self, source: Source) -> None: ...
    def due_sources(self, now: float) -> list[Source]: ...
    def count_source_items(self, name: str, since: float, until: float | None = None) -> int: ...
    def unseen_items(self, source: str, urls: list[str]) -> list[str]: ...
    def mark_items_seen(self, source: str, items: list[tuple[str, float]], now: float) -> int: ...
    def put_provenance(self, p: Provenance) -> None: ...
    def get_provenance(self, article_id: str) -> Provenance | None: ...
    def near_duplicates_of(self, article_id: str) -> list[str]: ...
    def add_url_alias(self, url: str, article_id: str, kind: str, source: str | None,
                      now: float) -> bool: ...
    def article_for_url(self, url: str) -> str | None: ...
    def article_id_for_hash(self, chash: str) -> str | None: ...
    def put_minhash(self, article_id: str, signature: bytes, buckets: list[int]) -> None: ...
    def near_duplicate_candidates(self, buckets: list[int]) -> list[tuple[str, str | None, bytes]]: ...
    def set_annotation(self, article_id: str, annotation: Annotation | None) -> None: ...
    def enqueue_jobs(self, jobs: list[tuple[str, dict[str, Any], str | None]], now: float,
                     run_after: float | None = None) -> int: ...
    def claim_jobs(self, worker: str, limit: int, lease_s: float, now: float,
                   kinds: list[str] | None = None, max_attempts: int = 5) -> list[Job]: ...
    def complete_job(self, job: Job, worker: str, now: float) -> bool: ...
    def fail_job(self, job: Job, worker: str, error: str, now: float, retry_at: float,
                 max_attempts: int) -> str: ...
    def list_jobs(self, state: str | None = None, limit: int = 50) -> list[Job]: ...
    def job_counts(self) -> dict[str, dict[str, int]]: ...
    def pending_jobs(self, kinds: list[str] | None = None) -> int: ...
    def requeue_parked(self, now: float) -> int: ...
    def prune_jobs(self, before: float) -> int: ...
    # read queries for pages and reports (store/reports_sql.py)
    def entity_facts(self, entity_id: str) -> dict[str, Any] | None: ...
    def entities_of_articles(self, ids: list[str]) -> dict[str, list[dict[str, Any]]]: ...
    def article_briefs(self, ids: list[str]) -> list[dict[str, Any]]: ...
    def annotation_records(self, ids: list[str]) -> list[dict[str, Any]]: ...
    def related_articles(self, article_id: str, limit: int = 5,
                         entities: int = 5) -> list[tuple[str, int]]: ...


class Closing:
    """Stores are context managers: ``with open_store(url) as store:`` closes them."""

    def close(self) -> None:  # pragma: no cover - every backend defines its own
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def annotation_json(annotation: Annotation | None) -> str | None:
    """The annotation lists as stored (title and text live in the article row already)."""
    if annotation is None:
        return None
    data = annotation.to_dict()
    return json.dumps({k: data[k] for k in ("lang", *ANNOTATION_LISTS)}, ensure_ascii=False)


def annotation_from_json(raw: str | None, article: Article) -> Annotation | None:
    if not raw:
        return None
    data = json.loads(raw)
    data.update(id=article.id, title=article.title, text=article.text, published=article.published)
    return Annotation.from_dict(data)


ARTICLE_COLUMNS = ("id, content_hash, title, text, published, source, url, lang, "
                   "ingested_at, truncated, origin, annotation")


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def published_day(published: str | None) -> str | None:
    """Sortable day of a publication date of any granularity (YYYY-MM → YYYY-MM-01)."""
    if not published:
        return None
    day = published[:10]
    return day + "-01-01"[len(day) - 4:] if len(day) < 10 else day


def article_values(article: Article, annotation: Annotation | None) -> tuple[Any, ...]:
    """Column values for ARTICLE_COLUMNS + published_day, in order."""
    return (article.id, article.content_hash, article.title, article.text, article.published,
            article.source, article.url, article.lang, article.ingested_at or now_iso(),
            bool(article.truncated), article.origin, annotation_json(annotation),
            published_day(article.published))


def article_from_row(row: tuple[Any, ...]) -> tuple[Article, Annotation | None]:
    """(Article, Annotation) from a row of ARTICLE_COLUMNS."""
    (aid, chash, title, text, published, source, url, lang, ingested, truncated,
     origin, ann) = row
    article = Article(id=aid, title=title, text=text, published=published, source=source,
                      url=url, lang=lang, ingested_at=ingested, truncated=bool(truncated),
                      content_hash=chash, origin=origin)
    return article, annotation_from_json(ann, article)


def link_rows(pk: int, annotation: Annotation | None) -> tuple[list[tuple], list[tuple]]:
    """Rows of article_entities and article_countries for one article."""
    if annotation is None:
        return [], []
    return ([(pk, e.id, e.name, e.type, e.country, len(e.mentions)) for e in annotation.entities],
            [(pk, c.code, c.count) for c in annotation.countries])


def open_store(url: str, create: bool = True) -> Store:
    """A store for a database URL: ``postgresql://…`` or a SQLite file path."""
    if url.startswith(("postgresql://", "postgres://")):
        # imported here so SQLite users never load psycopg (nor need libpq)
        from steppe.store.postgres import PostgresStore

        return PostgresStore(url, create=create)
    from steppe.store.sqlite import SqliteStore

    return SqliteStore(url, create=create)
