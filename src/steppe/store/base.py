"""The Store contract every backend keeps, and the factory that picks a backend from a URL.

The database is the truth. Each write gets a sequence number from the store so the derived
search index can catch up in order after a crash or on a new node.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Iterator, Literal, Protocol

from steppe.model import Annotation, Article

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
    def get_article(self, article_id: str) -> tuple[Article, Annotation | None]: ...
    def get_articles(self, ids: list[str]) -> dict[str, tuple[Article, Annotation | None]]: ...
    def iter_articles(self) -> Iterator[tuple[Article, Annotation | None]]: ...
    def changes_since(self, seq: int, limit: int = 10_000) -> list[tuple[int, str, str]]: ...
    def last_seq(self) -> int: ...
    def count_articles(self) -> int: ...
    def stats(self) -> dict[str, Any]: ...
    def schema_version(self) -> int: ...
    def close(self) -> None: ...


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


def open_store(url: str, create: bool = True) -> Store:
    """A store for a database URL: ``postgresql://…`` or a SQLite file path."""
    if url.startswith(("postgresql://", "postgres://")):
        # imported here so SQLite users never load psycopg (nor need libpq)
        from steppe.store.postgres import PostgresStore

        return PostgresStore(url, create=create)
    from steppe.store.sqlite import SqliteStore

    return SqliteStore(url, create=create)
