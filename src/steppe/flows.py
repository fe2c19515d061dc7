"""Orchestration: sources → enrich → store, with counts of what was new, duplicate or failed.

Ingestion streams: an input is read a record at a time, enriched in batches and written in
chunks (``CHUNK`` articles or ``CHUNK_SECONDS`` of work, whichever comes first). Each chunk is
one transaction holding its articles with their annotations, entity links, change rows, story
clustering and the file's position, so nothing is ever half-written; between chunks the
writers' lock is free for the web API, the watcher or another ingest. A failure loses the
chunk in hand, not the file: a re-run of the same file starts after the last committed chunk
(and re-running is always safe: ids are deterministic and duplicates are detected).
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from steppe.enrich.kb_access import refresh_overlay
from steppe.enrich.pipeline import Enricher
from steppe.errors import InputError, RecordError, SteppeError
from steppe.model import Annotation, Article, Provenance, derived_id
from steppe.sources.inputs import Input, Position
from steppe.sources.lead_date import lead_date
from steppe.sources.records import normalise_published
from steppe.store.base import IngestResult, Outcome, Store, now_iso
from steppe.stories import cluster_new
from steppe.stories.cluster import written

CHUNK = 500           # articles per transaction
CHUNK_SECONDS = 5.0   # …or this much enrichment, so the lock is taken often on slow inputs
MAX_MESSAGES = 1_000  # error messages kept per file (the count goes on): memory stays flat

ErrorSink = Callable[[SteppeError], None]
T = TypeVar("T")


@dataclass
class IngestProgress:
    """What a progress display needs after each chunk."""

    path: str
    articles: int          # articles stored (or found duplicate) from this file in this run
    done_bytes: int        # bytes of the file read so far
    total_bytes: int | None
    resumed_from: int = 0  # articles an earlier run had committed from this file


Tick = Callable[[IngestProgress], None]


def _valid_only(items: Iterable[Article | RecordError], on_error: ErrorSink) -> Iterator[Article]:
    for item in items:
        if isinstance(item, RecordError):
            on_error(item)
        else:
            yield item


@dataclass
class Annotated:
    """One ``steppe annotate`` record: the annotation, the id ``steppe ingest`` stores the same
    article under, and where its publication date came from (``text``: its first sentence)."""

    annotation: Annotation
    steppe_id: str
    published_source: str | None = None

    def record(self) -> dict:
        """The shared/SCHEMA.md record plus ``steppe_id`` and ``published_source``."""
        out = self.annotation.to_dict()
        out["steppe_id"] = self.steppe_id
        out["published_source"] = self.published_source
        return out


def store_id(article: Article, kind: str) -> str:
    """The id ingestion stores ``article`` under: a JSONL ``id`` as given, else derived from
    the URL or the content (dumps and text get positional ids in ``annotate`` only)."""
    return article.id if kind == "jsonl" else derived_id(article.url, article.content_hash)


def date_article(article: Article, default: str | None, kind: str) -> str | None:
    """Give an undated article ``default`` (``--published``), else, for dumps and plain text,
    the date its lead opens on; returns "text" when the date was read from the lead."""
    if article.published:
        return None
    if default:
        article.published = default
        return None
    if kind in ("dump", "text"):
        found = lead_date(article.text)
        if found is not None:
            article.published = found.isoformat()
            return "text"
    return None


def annotate_paths(paths: list[str], enricher: Enricher, fmt: str = "auto",
                   published: str | None = None, on_error: ErrorSink = lambda e: None,
                   max_record: int = 8_000_000) -> Iterator[Annotated]:
    """Annotations of every article of every input, in input order; errors go to ``on_error``."""
    default_published = normalise_published(published) if published else None
    extras: dict[int, tuple[str, str | None]] = {}  # id(article) → (steppe_id, date's origin)

    def articles() -> Iterator[Article]:
        for path in paths:
            try:
                with Input(path, fmt, None, max_record) as source_input:
                    items = (item for item, _ in source_input.items())
                    for article in _valid_only(items, on_error):
                        origin = date_article(article, default_published, source_input.kind)
                        extras[id(article)] = (store_id(article, source_input.kind), origin)
                        yield article
            except InputError as exc:
                on_error(exc)

    for article, annotation in enricher.annotate_pairs(articles()):
        steppe_id, origin = extras.pop(id(article))
        yield Annotated(annotation, steppe_id, origin)


def ingest_paths(paths: list[str], store: Store, enricher: Enricher, fmt: str = "auto",
                 source: str | None = None, skip_invalid: bool = False,
                 tick: Tick = lambda p: None, max_record: int = 8_000_000,
                 chunk: int = CHUNK, chunk_seconds: float = CHUNK_SECONDS,
                 published: str | None = None) -> IngestResult:
    """Store every article of every input, in chunks; a failed file does not stop the others.

    ``published`` (``--published``) dates the articles that have no date of their own; without
    it, a dump's or text's article opening on its date gets that date (``sources.lead_date``).
    """
    total = IngestResult()
    refresh_overlay(store)  # the KB as curated in this base (a rejected name stays rejected)
    default = normalise_published(published) if published else None
    for path in paths:
        name = source or (Path(path).stem if path != "-" else None)
        one = _ingest_one(path, store, enricher, fmt, name, skip_invalid, tick, max_record,
                          chunk, chunk_seconds, default)
        total.merge(one)
        total.failed += one.failed - len(one.errors or [])  # errors beyond MAX_MESSAGES
    return total


def _ingest_one(path: str, store: Store, enricher: Enricher, fmt: str, source: str | None,
                skip_invalid: bool, tick: Tick, max_record: int, chunk: int,
                chunk_seconds: float, published: str | None = None) -> IngestResult:
    """One input, chunk after chunk, resuming after the chunks an earlier run committed."""
    result, state = IngestResult(), _FileState(path, published)
    try:
        with Input(path, fmt, source, max_record, positional_ids=False) as source_input:
            state.start(store, source_input)
            tick(state.progress(source_input))
            positions: deque[Position] = deque()  # of the articles inside the enricher
            items = source_input.items(state.resume)
            dating = _Dating(published, source_input.kind, state.text_dated)
            articles = _articles(items, positions, _error_sink(result, skip_invalid), dating)
            for batch in _chunks(enricher.annotate_pairs(articles), chunk, chunk_seconds):
                last = [positions.popleft() for _ in batch][-1]
                for outcome in _commit(store, batch, state, last):
                    result.add(outcome)
                tick(state.progress(source_input))
            state.finish(store)
    except SteppeError as exc:
        result.fail(state.explain(exc))
    return result


def _error_sink(result: IngestResult, skip_invalid: bool) -> ErrorSink:
    """Stop the file at a bad record, or count it (and keep at most MAX_MESSAGES messages)."""
    def on_error(err: SteppeError) -> None:
        if not skip_invalid:
            raise err
        if len(result.errors or []) < MAX_MESSAGES:
            result.fail(str(err))
        else:
            result.failed += 1
    return on_error


@dataclass
class _Dating:
    """How the articles of one input get a missing date, and which got theirs from the text."""

    default: str | None
    kind: str
    from_text: set[str]

    def apply(self, article: Article) -> None:
        if date_article(article, self.default, self.kind) == "text":
            self.from_text.add(article.id)


def _articles(items: Iterable[tuple[Article | RecordError, Position]],
              positions: deque[Position], on_error: ErrorSink,
              dating: _Dating | None = None) -> Iterator[Article]:
    """The valid articles, dated, their positions queued in the same order for the commit."""
    now = now_iso()
    for item, position in items:
        if isinstance(item, RecordError):
            on_error(item)
            continue
        item.ingested_at = now
        if dating is not None:
            dating.apply(item)
        positions.append(position)
        yield item


class _FileState:
    """The identity and position of the input being ingested, as recorded in the store."""

    def __init__(self, path: str, published: str | None = None) -> None:
        self.path = path if path == "-" else str(Path(path).resolve())  # as the store keeps it
        self.shown = path
        self.published = published
        self.text_dated: set[str] = set()  # ids whose date was read from their lead
        self.key: str | None = None
        self.resume: Position | None = None
        self.articles = self.resumed = 0

    def start(self, store: Store, source_input: Input) -> None:
        self.key = source_input.identity()
        if self.key and self.published:  # another --published stores other data: not a resume
            self.key += f"/published={self.published}"
        recorded = store.ingest_progress(self.key) if self.key else None
        if recorded is not None:
            self.resume = Position.from_json(recorded["position"])
            self.articles = self.resumed = recorded["articles"]

    def progress(self, source_input: Input) -> IngestProgress:
        return IngestProgress(self.shown, self.articles - self.resumed, source_input.consumed,
                              source_input.size, self.resumed)

    def save(self, store: Store, position: Position, count: int) -> None:
        """Record the position (inside the chunk's transaction)."""
        if self.key:
            store.save_ingest_progress(self.key, self.path, position.to_json(),
                                       self.articles + count, now_iso())

    def finish(self, store: Store) -> None:
        if self.key:
            store.clear_ingest_progress(self.key, self.path)

    def explain(self, exc: SteppeError) -> str:
        """The error, and what of the file is already stored (a re-run skips it)."""
        if not self.articles:
            return str(exc)
        return f"{exc} ({self.articles:,} earlier articles are stored: a re-run skips them)"


def _commit(store: Store, batch: list[tuple[Article, Annotation]], state: _FileState,
            position: Position) -> list[Outcome]:
    """One chunk in one transaction: articles, links, changes, stories and the position."""
    _stamp(batch)
    with store.transaction():
        outcomes = store.put_articles(batch)
        _record_text_dates(store, batch, outcomes, state.text_dated)
        cluster_new(store, fresh=written(batch, outcomes))
        state.save(store, position, len(batch))
    state.articles += len(batch)
    return outcomes


def _record_text_dates(store: Store, batch: list[tuple[Article, Annotation]],
                       outcomes: list[Outcome], text_dated: set[str]) -> None:
    """Provenance ``text`` for the stored articles dated from their lead (the article page
    and ``steppe fetch`` show where a date came from); duplicates keep what they had."""
    for (article, _), outcome in zip(batch, outcomes):
        if article.id in text_dated:
            text_dated.discard(article.id)
            if outcome != "duplicate":
                store.put_provenance(Provenance(article.id, published_source="text"))


def _chunks(items: Iterable[T], size: int, seconds: float) -> Iterator[list[T]]:
    """Lists of at most ``size`` items, cut early once ``seconds`` passed since the first."""
    batch: list[T] = []
    started = 0.0
    for item in items:
        if not batch:
            started = time.monotonic()
        batch.append(item)
        if len(batch) >= size or time.monotonic() - started >= seconds:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest_articles(articles: Iterable[Article], store: Store, enricher: Enricher,
                    chunk: int = CHUNK) -> IngestResult:
    """Store already-built articles (Python API, demo), ``chunk`` per transaction."""
    result = IngestResult()
    refresh_overlay(store)
    for batch in _chunks(enricher.annotate_pairs(articles), chunk, CHUNK_SECONDS):
        _stamp(batch)
        with store.transaction():
            outcomes = store.put_articles(batch)
            for outcome in outcomes:
                result.add(outcome)
            cluster_new(store, fresh=written(batch, outcomes))
    return result


def _stamp(batch: list[tuple[Article, Annotation]]) -> None:
    """Give each article its ingestion time now, as the store would (so the clustering can
    use the articles in hand: they are then exactly what is stored)."""
    now = now_iso()
    for article, _ in batch:
        article.ingested_at = article.ingested_at or now


def export_records(store: Store) -> Iterator[dict]:
    """SCHEMA records of every stored article, with the article's metadata beside them."""
    for article, annotation in store.iter_articles():
        record = (annotation or Annotation.empty(article)).to_dict()
        record.update(source=article.source, url=article.url, truncated=article.truncated,
                      ingested_at=article.ingested_at)
        yield record
