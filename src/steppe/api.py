"""The Python API for researchers and notebooks.

    >>> import steppe
    >>> a = steppe.annotate("Tokaïev a reçu Mirzioïev à Astana le 3 mars 2025.")
    >>> a.to_dict()["countries"]
    >>> for ann in steppe.annotate_many(records):   # streams through one loaded pipeline
    ...     ...

The pipeline is loaded once per process, on first use.

Ids: an article given without ``id`` gets the id ``steppe ingest`` stores the same text under
(``t`` + 15 hex of its content hash, or ``u`` + 15 hex of its URL), so results join with the
database and with ``steppe annotate``'s ``steppe_id``; every record also carries that id as
``steppe_id`` (equal to ``id`` unless an ``id`` was given, which ingestion keeps too).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any, Iterable, Iterator

from steppe.enrich.pipeline import Enricher
from steppe.model import Annotation, Article, derived_id
from steppe.sources.records import normalise_published


@dataclass
class AnnotationRecord(Annotation):
    """An Annotation whose ``to_dict()`` also names the store's id (``steppe_id``)."""

    steppe_id: str | None = None

    @classmethod
    def of(cls, annotation: Annotation, steppe_id: str) -> "AnnotationRecord":
        values = {f.name: getattr(annotation, f.name) for f in fields(Annotation)}
        return cls(**values, steppe_id=steppe_id)


@lru_cache(maxsize=4)
def enricher(kb_file: str = "") -> Enricher:
    return Enricher(kb_file=kb_file)


def _article(text: str, title: str | None = None, published: str | None = None,
             lang: str | None = None, id: str | None = None, **extra: Any) -> Article:
    article = Article(id=id or "", title=title, text=text, published=normalise_published(published),
                      lang=lang, source=extra.get("source"), url=extra.get("url"))
    article.id = article.id or derived_id(article.url, article.content_hash)
    return article


def annotate(text: str, title: str | None = None, published: str | None = None,
             lang: str | None = None) -> Annotation:
    """Annotate one article; ``.to_dict()`` of the result is the shared/SCHEMA.md record
    (plus ``steppe_id``, the id ``steppe ingest`` stores the same text under)."""
    return next(annotate_many([_article(text, title, published, lang)]))


def annotate_many(items: Iterable[dict[str, Any] | Article | str],
                  batch_size: int = 64) -> Iterator[Annotation]:
    """Annotate many articles (dicts with ``text`` and optional ``title``, ``published``,
    ``lang``, ``id``; Articles; or plain strings) streaming through one pipeline, in order."""
    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, Article):
                yield item
            elif isinstance(item, str):
                yield _article(item)
            else:
                yield _article(**{k: v for k, v in item.items() if k in
                                  ("text", "title", "published", "lang", "id", "source", "url")})
    e = enricher()
    e.batch_size = batch_size
    for article, annotation in e.annotate_pairs(articles()):
        yield AnnotationRecord.of(annotation, article.id)
