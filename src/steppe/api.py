"""The Python API for researchers and notebooks.

    >>> import steppe
    >>> a = steppe.annotate("Tokaïev a reçu Mirzioïev à Astana le 3 mars 2025.")
    >>> a.to_dict()["countries"]
    >>> for ann in steppe.annotate_many(records):   # streams through one loaded pipeline
    ...     ...

The pipeline is loaded once per process, on first use.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable, Iterator

from steppe.enrich.pipeline import Enricher
from steppe.model import Annotation, Article
from steppe.sources.records import normalise_published


@lru_cache(maxsize=4)
def enricher(kb_file: str = "") -> Enricher:
    return Enricher(kb_file=kb_file)


def _article(text: str, title: str | None = None, published: str | None = None,
             lang: str | None = None, id: str | None = None, **extra: Any) -> Article:
    article = Article(id=id or "", title=title, text=text, published=normalise_published(published),
                      lang=lang, source=extra.get("source"), url=extra.get("url"))
    article.id = article.id or article.content_hash[:16]
    return article


def annotate(text: str, title: str | None = None, published: str | None = None,
             lang: str | None = None) -> Annotation:
    """Annotate one article; ``.to_dict()`` of the result is the shared/SCHEMA.md record."""
    return enricher().annotate(_article(text, title, published, lang))


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
    yield from e.annotate_many(articles())
