"""Orchestration: sources → enrich → store, with counts of what was new, duplicate or failed.

Each input file is ingested in one transaction: a file with a bad record is rolled back whole
(and named with its line) unless the caller asks to skip bad records; other files go on.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

from steppe.enrich.pipeline import Enricher
from steppe.errors import InputError, RecordError, SteppeError
from steppe.model import Annotation, Article
from steppe.sources.inputs import read_articles
from steppe.sources.records import normalise_published
from steppe.store.base import IngestResult, Store
from steppe.stories import cluster_new

ErrorSink = Callable[[SteppeError], None]
Tick = Callable[[str, int], None]


def _valid_only(items: Iterable[Article | RecordError], on_error: ErrorSink) -> Iterator[Article]:
    for item in items:
        if isinstance(item, RecordError):
            on_error(item)
        else:
            yield item


def annotate_paths(paths: list[str], enricher: Enricher, fmt: str = "auto",
                   published: str | None = None, on_error: ErrorSink = lambda e: None,
                   max_record: int = 8_000_000) -> Iterator[Annotation]:
    """Annotations of every article of every input, in input order; errors go to ``on_error``."""
    default_published = normalise_published(published) if published else None

    def articles() -> Iterator[Article]:
        for path in paths:
            try:
                for article in _valid_only(read_articles(path, fmt, max_record=max_record), on_error):
                    article.published = article.published or default_published
                    yield article
            except InputError as exc:
                on_error(exc)

    yield from enricher.annotate_many(articles())


def ingest_paths(paths: list[str], store: Store, enricher: Enricher, fmt: str = "auto",
                 source: str | None = None, skip_invalid: bool = False,
                 tick: Tick = lambda path, n: None, max_record: int = 8_000_000) -> IngestResult:
    """Store every article of every input; one transaction per input file."""
    total = IngestResult()
    for path in paths:
        name = source or (Path(path).stem if path != "-" else None)
        try:
            total.merge(_ingest_one(path, store, enricher, fmt, name, skip_invalid, tick, max_record))
        except SteppeError as exc:
            total.fail(str(exc))
    return total


def _ingest_one(path: str, store: Store, enricher: Enricher, fmt: str, source: str | None,
                skip_invalid: bool, tick: Tick, max_record: int) -> IngestResult:
    result = IngestResult()

    def on_error(err: SteppeError) -> None:
        if not skip_invalid:
            raise err
        result.fail(str(err))

    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    items = read_articles(path, fmt, source, max_record=max_record, positional_ids=False)
    with store.transaction():
        pairs = enricher.annotate_pairs(_valid_only(items, on_error))
        for n, (article, annotation) in enumerate(pairs, 1):
            article.ingested_at = now
            result.add(store.put_article(article, annotation))
            tick(path, n)
        cluster_new(store)
    return result


def ingest_articles(articles: Iterable[Article], store: Store, enricher: Enricher) -> IngestResult:
    """Store already-built articles (Python API, demo) in one transaction."""
    result = IngestResult()
    with store.transaction():
        for article, annotation in enricher.annotate_pairs(articles):
            result.add(store.put_article(article, annotation))
        cluster_new(store)
    return result


def export_records(store: Store) -> Iterator[dict]:
    """SCHEMA records of every stored article, with the article's metadata beside them."""
    for article, annotation in store.iter_articles():
        record = (annotation or Annotation.empty(article)).to_dict()
        record.update(source=article.source, url=article.url, truncated=article.truncated,
                      ingested_at=article.ingested_at)
        yield record
