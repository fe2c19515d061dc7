"""Re-enrich stored articles after a pipeline or knowledge-base change.

Annotations are computed once, at ingestion; when the KB learns a new minister or a component
is fixed, the archive keeps the old ones until it is re-enriched. This walks the chosen
articles (all, those published since a day, and/or those a search query matches) in their
internal ``pk`` order, in batches. Each batch's changed annotations and the run's position
(the last ``pk`` done) commit in one transaction, in the ``ingest_progress`` table that makes
``steppe ingest`` resumable, under a key derived from the targets: a run stopped by Ctrl-C,
a crash or ``kill -9`` loses at most the batch in hand, and a re-run with the same targets
starts after the last committed batch. A finished run forgets its position, so running it
again walks everything again and, with nothing changed, writes nothing: an annotation equal
to the stored one is not rewritten (``tasks.effects.write_annotations``), so neither the
search index nor anyone following the change sequence is disturbed for nothing.

The enricher sees one stream of articles, not one call per batch, so a ``ParallelEnricher``
keeps its worker processes fed while this process reads and writes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, deque
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Protocol

from steppe.enrich.kb_access import refresh_overlay
from steppe.errors import EnrichmentError, InputError, quoted
from steppe.index import default_index_dir
from steppe.kb import KnowledgeBase
from steppe.model import Annotation, Article
from steppe.search.matches import matching_ids
from steppe.store.base import Store, now_iso
from steppe.tasks.effects import write_annotations

BATCH = 200            # articles per transaction
KEY_PREFIX = "reannotate:"

Pair = tuple[Article, Annotation]
Annotate = Callable[[list[Article]], Iterable[Pair]]
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}$")


class PairEnricher(Protocol):
    """What ``reannotate`` needs of an enricher (``Enricher``, ``ParallelEnricher``)."""

    def annotate_pairs(self, articles: Iterable[Article]) -> Iterator[Pair]: ...


def since_day(value: str) -> str:
    """``value`` if it is a real YYYY-MM-DD day, else an InputError saying what is expected."""
    try:
        if _DAY.match(value.strip()):
            return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        pass
    raise InputError(f"--since {quoted(value)} : un jour AAAA-MM-JJ est attendu, par exemple "
                     "2025-09-01")


@dataclass(frozen=True)
class TargetSpec:
    """What a run was asked to re-annotate; its ``key`` names the run's recorded position."""

    since: str | None = None
    where: str | None = None

    def key(self) -> str:
        """The same arguments give the same key, so a re-run finds its position."""
        spec = json.dumps([self.since, self.where], ensure_ascii=False)
        return KEY_PREFIX + hashlib.sha256(spec.encode("utf-8")).hexdigest()[:16]

    def label(self) -> str:
        parts = [f"since {self.since}" if self.since else "",
                 f"where {self.where!r}" if self.where else ""]
        return "reannotate " + (" ".join(p for p in parts if p) or "all articles")


@dataclass
class Targets:
    """The articles of a run, in ``pk`` order. Without a query they are read from the store a
    page at a time (memory stays flat over the whole archive); a query's matches are held as
    (pk, id) pairs, a few dozen bytes each."""

    spec: TargetSpec
    matched: list[tuple[int, str]] | None = None   # None: every article (``since`` in SQL)

    def count(self, store: Store, after: int = 0) -> int:
        if self.matched is None:
            return store.count_articles_after(after, self.spec.since)
        return sum(1 for pk, _ in self.matched if pk > after)

    def pages(self, store: Store, after: int, size: int) -> Iterator[list[tuple[int, str]]]:
        """Lists of up to ``size`` (pk, id) after ``after``; read by key, never by offset."""
        if self.matched is not None:
            rest = [item for item in self.matched if item[0] > after]
            for i in range(0, len(rest), size):
                yield rest[i:i + size]
            return
        while page := store.article_keys_after(after, size, self.spec.since):
            yield page
            after = page[-1][0]


def select_targets(store: Store, since: str | None = None, where: str | None = None,
                   index_dir: str | Path | None = None,
                   kb: KnowledgeBase | None = None) -> Targets:
    """All articles, those published on or after ``since`` (YYYY-MM-DD; undated ones are left
    out) and/or those the search query ``where`` matches (the index is caught up first, as
    ``steppe search`` does; ``index_dir`` defaults to the one beside the database)."""
    spec = TargetSpec(since_day(since) if since else None, (where or "").strip() or None)
    if spec.where is None:
        return Targets(spec)
    folder = index_dir if index_dir is not None else default_index_dir(store.url)
    ids = matching_ids(store, folder, spec.where, kb)
    return Targets(spec, store.article_keys_of(ids, spec.since) if ids else [])


@dataclass
class ReannotateResult:
    """Counts of a run so far; ``on_batch`` gets it after each committed batch."""

    key: str
    targets: int              # articles this run set out to do (after any resumed position)
    resumed_after: int = 0    # articles an earlier, interrupted run with these targets did
    done: int = 0             # articles this run has done (committed)
    batches: int = 0
    reannotated: int = 0      # annotation changed and written
    unchanged: int = 0        # annotation already so: nothing written
    missing: int = 0          # deleted since the targets were chosen

    def add(self, counts: Counter[str], articles: int) -> None:
        self.done += articles
        self.batches += 1
        self.reannotated += counts["enriched"]
        self.unchanged += counts["unchanged"]
        self.missing += counts["missing"]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Page:
    """One batch of targets as read: how many articles the enricher gets for it."""

    last_pk: int
    size: int                 # ids in the page (the position counts these)
    found: int                # articles read (the others are missing)


def reannotate(store: Store, enricher: PairEnricher, targets: Targets, batch: int = BATCH,
               restart: bool = False,
               on_batch: Callable[[ReannotateResult], None] | None = None) -> ReannotateResult:
    """Re-annotate ``targets`` with ``enricher``, ``batch`` articles per transaction, resuming
    after the last batch an earlier run with the same targets committed (``restart``: from the
    start). ``on_batch`` is called once before the first batch (totals known, nothing done)
    and after each committed batch."""
    key = targets.spec.key()
    refresh_overlay(store)  # the KB as this base's curation log says (steppe.curate)
    after, result = _start(store, targets, restart)
    tick = on_batch or (lambda _: None)
    tick(result)
    pending: deque[_Page] = deque()
    buffer: list[Pair] = []
    stream = _articles(store, targets.pages(store, after, batch), pending)
    for pair in enricher.annotate_pairs(stream):
        buffer.append(pair)
        buffer = _commit_ready(store, targets.spec, pending, buffer, result, tick)
    buffer = _commit_ready(store, targets.spec, pending, buffer, result, tick)
    if buffer or pending:  # never mark as done what was not annotated
        raise EnrichmentError(f"l’enrichissement a rendu {'moins' if pending else 'plus'} "
                              "d’articles qu’il n’en a reçu ; les lots précédents sont enregistrés")
    store.clear_ingest_progress(key)
    return result


def defer_batches(store: Store, targets: Targets, defer: Callable[..., int], batch: int = BATCH,
                  restart: bool = False,
                  on_batch: Callable[[ReannotateResult], None] | None = None) -> ReannotateResult:
    """Queue ``reannotate`` jobs of ``batch`` ids for workers (``steppe worker``, queue
    ``reannotate``) instead of enriching here. Each job is deferred with the run's position
    in one transaction, so a re-run after an interruption queues only what was not queued;
    a job's queueing lock (``reannotate:KEY:PK``) keeps a batch from waiting twice. The
    workers' effect is ``reannotate_batch``'s: idempotent."""
    key = targets.spec.key()
    after, result = _start(store, targets, restart)
    tick = on_batch or (lambda _: None)
    for page in targets.pages(store, after, batch):
        with store.transaction():
            defer([("reannotate", {"ids": [aid for _, aid in page]}, f"{key}:{page[-1][0]}")],
                  0.0)
            store.save_ingest_progress(key, targets.spec.label(),
                                       json.dumps({"pk": page[-1][0], "queued": True}),
                                       result.resumed_after + result.done + len(page), now_iso())
        result.done += len(page)
        result.batches += 1
        tick(result)
    store.clear_ingest_progress(key)
    return result


def reannotate_batch(store: Store, annotate: Annotate, ids: list[str]) -> Counter[str]:
    """One batch by id, for a job queue: read the articles, annotate them, write the changed
    annotations in one transaction (a re-delivered job writes nothing the second time).
    Counts: ``enriched``, ``unchanged``, ``missing`` (ids no longer stored)."""
    refresh_overlay(store)
    articles, missing = _read(store, list(dict.fromkeys(ids)))
    counts = write_annotations(store, annotate(articles)) if articles else Counter()
    counts["missing"] += missing
    return counts


def _start(store: Store, targets: Targets, restart: bool) -> tuple[int, ReannotateResult]:
    """(last pk done, the run's counts so far): after an interrupted run with the same
    targets, or from the start (``restart`` forgets that run's position)."""
    key = targets.spec.key()
    if restart:
        store.clear_ingest_progress(key)
    after, resumed = _recorded(store, key)
    return after, ReannotateResult(key, targets.count(store, after), resumed)


def _recorded(store: Store, key: str) -> tuple[int, int]:
    """(last pk done, articles done) of an interrupted run with this key; (0, 0) if none."""
    row = store.ingest_progress(key)
    if row is None:
        return 0, 0
    return int(json.loads(row["position"])["pk"]), int(row["articles"])


def _read(store: Store, ids: list[str]) -> tuple[list[Article], int]:
    """The stored articles of ``ids`` in that order, and how many are no longer stored."""
    stored = store.get_articles(ids)
    articles = [stored[i][0] for i in ids if i in stored]
    return articles, len(ids) - len(articles)


def _articles(store: Store, pages: Iterable[list[tuple[int, str]]],
              pending: deque[_Page]) -> Iterator[Article]:
    """The articles of each page in pk order; each page is queued before its articles go
    out, so the consumer knows which pairs make up which batch."""
    for page in pages:
        articles, _ = _read(store, [aid for _, aid in page])
        pending.append(_Page(page[-1][0], len(page), len(articles)))
        yield from articles


def _commit_ready(store: Store, spec: TargetSpec, pending: deque[_Page], buffer: list[Pair],
                  result: ReannotateResult,
                  tick: Callable[[ReannotateResult], None]) -> list[Pair]:
    """Commit every page whose articles are all annotated; the pairs left over."""
    while pending and len(buffer) >= pending[0].found:
        page = pending.popleft()
        pairs, buffer = buffer[:page.found], buffer[page.found:]
        with store.transaction():  # the batch's writes and its position: both or neither
            counts = write_annotations(store, pairs)
            store.save_ingest_progress(spec.key(), spec.label(), json.dumps({"pk": page.last_pk}),
                                       result.resumed_after + result.done + page.size, now_iso())
        counts["missing"] += page.size - page.found
        result.add(counts, page.size)
        tick(result)
    return buffer
