"""Watching sources: poll due feeds, fetch new items' pages, enrich, store — as jobs.

Three job kinds flow through the store's job table:

* ``fetch_source`` {source}: conditional GET of the feed, parse, take the items not seen
  before, queue one ``fetch_page`` per item; record success or the error (with back-off) on
  the source. A failing source is a fact about the source, so this job itself succeeds.
* ``fetch_page`` {source, url, canonical, feed entry}: fetch and extract the page (the feed's
  summary when the page fails), date it, deduplicate and store; queue ``enrich``.
* ``enrich_batch`` {}: the articles waiting for enrichment (``enrich_pending``, written with
  the article) move into ``enrich`` jobs of up to ``batch_size`` ids, in one transaction;
  ``fetch_page`` queues it a little later (``batch_delay_s``), so pages arriving together
  are enriched together, through one loaded pipeline;
* ``enrich`` {ids}: enrich those articles and store the annotations that changed (a re-run
  writes nothing). An article that makes the pipeline raise is split off into its own job,
  which fails and is parked with its error; the rest of the batch is stored.

The task set (queues, retries, locks) is ``steppe.tasks.registry``; jobs are queued through
``ctx.defer``: the store's job table here, procrastinate's with ``steppe worker`` on
PostgreSQL (``steppe.tasks.app``). The handlers are the same.

``run_watch`` is the loop behind ``steppe watch`` and ``steppe worker``: a scheduler step
(queue ``fetch_source`` for due sources; idempotent, so every worker may run it) before each
claim. Enrichment is injected (``annotate``), so tests and fetch-only workers skip spaCy.

Nothing a source serves stops the loop: whatever goes wrong while fetching and parsing a feed
is recorded on that source (``sources list`` shows it) and the loop goes on. Nor does a busy
database: the loop sees the store through ``PatientStore``, which waits out another writer's
lock (SQLite busy, PostgreSQL lock timeout, serialization failure, deadlock) and tries again.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Callable, Iterable

from steppe.alerts.work import AlertWork, queue_evaluation
from steppe.collect import build_candidate, store_candidate
from steppe.enrich.kb_access import refresh_overlay
from steppe.errors import FetchError, InputError, NotFound, SteppeError
from steppe.model import Annotation, Article, Job, Source
from steppe.settings import Settings
from steppe.sources.canonical import canonical_url
from steppe.sources.dates import problem
from steppe.sources.feeds import FeedItem, NotAFeed, parse_feed
from steppe.sources.fetch import Fetcher
from steppe.sources.health import BASELINE_WEEKS, WEEK, Health, source_health
from steppe.sources.pages import extract_page
from steppe.store.base import Store
from steppe.store.patient import PatientStore
from steppe.stories import cluster_new
from steppe.tasks.effects import write_annotations
from steppe.tasks.registry import BATCHER_KEY, Defer, local_defer
from steppe.workers import Apply, Handler, Worker, describe

Annotate = Callable[[list[Article]], Iterable[tuple[Article, Annotation]]]
KINDS = ("fetch_source", "fetch_page", "enrich_batch", "enrich", "evaluate_alerts",
         "deliver_alert")
MAX_BACKOFF_S = 86_400.0
DONE_JOBS_KEPT_S = 7 * 86_400.0


@dataclass
class WatchContext:
    """What the job handlers need: the store, an HTTP client, enrichment and the knobs."""

    store: Store
    fetcher: Fetcher
    annotate: Annotate | None = None
    near_threshold: float = 0.8
    max_future_hours: float = 6.0
    clock: Callable[[], float] = time.time
    warnings: deque[str] = field(default_factory=lambda: deque(maxlen=100))  # the latest
    defer: Defer | None = None      # how jobs are queued (default: the store's job table)
    batch_size: int = 64            # articles per enrich job
    batch_delay_s: float = 0.0      # how long pages gather before their batch is formed (the
    # job table runs jobs in order, so a poll's pages all run before the batcher they queue;
    # parallel workers need a moment instead)
    settings: Settings | None = None  # with settings, alerts are evaluated and delivered too

    def handlers(self) -> dict[str, Handler]:
        out: dict[str, Handler] = {"fetch_source": self.fetch_source,
                                   "fetch_page": self.fetch_page}
        if self.annotate is not None:
            out["enrich_batch"] = self.enrich_batch
            out["enrich"] = self.enrich
            out["reannotate"] = self.enrich  # the same work, on its own (bulk) queue
        if self.settings is not None:
            out.update(AlertWork(self.store, self.settings, self._defer, self.clock).handlers())
        return out

    def _defer(self, jobs: list[tuple[str, dict, str | None]], now: float,
               run_after: float | None = None) -> int:
        defer = self.defer or local_defer(self.store)
        return defer(jobs, now, run_after)

    # -- fetch_source ------------------------------------------------------------------
    def fetch_source(self, jobs: list[Job]) -> Apply | None:
        (job,) = jobs
        try:
            source = self.store.get_source(job.payload["source"])
        except NotFound:
            return None  # removed since it was queued
        now = self.clock()
        try:
            items = self._poll(source)
        except SteppeError as exc:
            return self._record_failure(source, str(exc), now)
        except Exception as exc:  # noqa: BLE001 - no feed may stop the watcher: the source's fault
            where = source.feed_url or source.url
            return self._record_failure(source, f"{where} : flux illisible ({describe(exc)})",
                                        now)
        new = set(self.store.unseen_items(source.name, [i.canonical for i in items]))
        fresh = [i for i in items if i.canonical in new]
        source.last_success, source.last_error, source.consecutive_failures = now, None, 0
        source.next_due = now + source.every_s

        def apply() -> dict[str, int]:
            self.store.mark_items_seen(source.name, [(i.canonical, self._item_time(i, now))
                                                     for i in fresh], now)
            self._defer([("fetch_page", page_payload(source, i), f"page:{i.canonical}")
                         for i in fresh], now)
            self.store.save_source_state(source)
            return {"items found": len(fresh)}
        return apply

    def _poll(self, source: Source) -> list[FeedItem]:
        """The source's feed items ([] when unchanged since the last poll)."""
        url = source.feed_url or source.url
        response = self.fetcher.get(url, source.etag, source.last_modified)
        if response.not_modified:
            return []
        try:
            feed = parse_feed(response.content, response.url, response.content_type)
        except NotAFeed as exc:
            if not exc.alternates or source.feed_url:
                raise
            source.feed_url = exc.alternates[0]  # the page names its feed: follow it from now on
            return self._poll(source)
        if feed.warning:
            self.warnings.append(f"{source.name} : {feed.warning}")
        source.etag = response.headers.get("etag")
        source.last_modified = response.headers.get("last-modified")
        return feed.items

    def _item_time(self, item: FeedItem, now: float) -> float:
        """When an item appeared, for the source's rate: its feed date if sane, else now."""
        if item.published is None or problem(item.published, _utc(now), 6.0):
            return now
        return min(item.published.timestamp(), now)

    def _record_failure(self, source: Source, error: str, now: float) -> Apply:
        source.consecutive_failures += 1
        source.last_error, source.last_error_at = error, now
        backoff = source.every_s * 2 ** min(source.consecutive_failures, 16)
        source.next_due = now + min(backoff, MAX_BACKOFF_S)

        def apply() -> dict[str, int]:
            self.store.save_source_state(source)
            return {"source errors": 1}
        return apply

    # -- fetch_page --------------------------------------------------------------------
    def fetch_page(self, jobs: list[Job]) -> Apply | None:
        (job,) = jobs
        p = job.payload
        if self.store.article_for_url(p["canonical"]):
            return lambda: {"duplicate": 1}
        item = item_from_payload(p)
        page = None
        try:
            response = self.fetcher.get(p["url"])
            page = extract_page(response.content, response.url)
        except (FetchError, InputError) as exc:
            if not item.summary:
                raise
            self.warnings.append(f"{exc} (le résumé du flux a été gardé)")
        now = self.clock()
        candidate = build_candidate(p["url"], p["canonical"], page, item, p.get("source"),
                                    p.get("lang"), now, self.max_future_hours)

        def apply() -> dict[str, int]:
            outcome, article_id = store_candidate(self.store, candidate, None,
                                                  self.near_threshold, now)
            if outcome in ("new", "linked", "updated") and self.annotate is not None:
                self.store.add_pending([article_id], now)
                self._defer([("enrich_batch", {}, BATCHER_KEY)], now, now + self.batch_delay_s)
            return {outcome: 1}
        return apply

    # -- enrich_batch, enrich ----------------------------------------------------------
    def enrich_batch(self, jobs: list[Job]) -> Apply:
        """Every waiting article into enrich jobs of ``batch_size`` (all in the transaction
        that completes this job, so an article is never in two jobs nor in none)."""
        def apply() -> dict[str, int]:
            batches = 0
            while ids := self.store.take_pending(self.batch_size):
                self._defer([("enrich", {"ids": ids}, None)], self.clock())
                batches += 1
            return {"enrich batches": batches}
        return apply

    def enrich(self, jobs: list[Job]) -> Apply | None:
        assert self.annotate is not None
        ids = [i for j in jobs for i in j.payload.get("ids", [j.payload.get("article_id")]) if i]
        articles = [article for article, _ in self.store.get_articles(ids).values()]
        refresh_overlay(self.store)  # the KB curation of this base, reloaded when it moved
        try:
            pairs, failed = list(self.annotate(articles)), []
        except Exception:  # noqa: BLE001 - find the article at fault; keep the others
            if len(articles) == 1:
                raise
            pairs, failed = self._one_by_one(articles)

        def apply() -> dict[str, int]:
            counts = write_annotations(self.store, pairs)
            if failed:  # each on its own: it fails again and is parked with its error
                self._defer([("enrich", {"ids": [i]}, None) for i in failed], self.clock())
                counts["split off"] = len(failed)
            return dict(counts)
        return apply

    def _one_by_one(self, articles: list[Article]) -> tuple[list, list[str]]:
        pairs, failed = [], []
        for article in articles:
            try:
                pairs.extend(self.annotate([article]))  # type: ignore[misc]
            except Exception:  # noqa: BLE001 - recorded when its own job fails
                failed.append(article.id)
        return pairs, failed


def page_payload(source: Source, item: FeedItem) -> dict[str, object]:
    return {"source": source.name, "lang": source.lang, "url": item.url,
            "canonical": item.canonical, "title": item.title, "summary": item.summary,
            "author": item.author,
            "published": item.published.isoformat() if item.published else None}


def item_from_payload(p: dict) -> FeedItem:
    published = datetime.fromisoformat(p["published"]) if p.get("published") else None
    return FeedItem(url=p["url"], canonical=p["canonical"], title=p.get("title"),
                    summary=p.get("summary"), published=published, author=p.get("author"))


def _utc(moment: float) -> datetime:
    return datetime.fromtimestamp(moment, tz=timezone.utc)


def schedule_due(store: Store, now: float, defer: Defer | None = None) -> int:
    """Queue a ``fetch_source`` job for every due source (at most one per source), and a
    batcher when articles wait for enrichment with none queued (a safety net)."""
    defer = defer or local_defer(store)
    queued = defer([("fetch_source", {"source": s.name}, f"source:{s.name}")
                    for s in store.due_sources(now)], now)
    if store.count_pending():
        defer([("enrich_batch", {}, BATCHER_KEY)], now)
    return queued


def run_watch(ctx: WatchContext, *, once: bool = False, until_idle: bool = False,
              kinds: list[str] | None = None, lease_s: float = 300, max_attempts: int = 5,
              retry_base_s: float = 30, batch_size: int = 64, idle_sleep: float = 2.0,
              stop: Callable[[], bool] = lambda: False,
              on_step: Callable[[Worker], None] | None = None) -> Worker:
    """The watch loop: schedule due sources, run jobs. ``once`` polls every due source once
    and returns when all the work it caused is done; otherwise it runs until ``stop()``.

    The loop, its worker and the handlers share one ``PatientStore``: a database busy with
    another writer makes them wait and retry, not exit (a lost connection is the worker's
    to restore)."""
    patient = PatientStore(ctx.store)
    ctx = replace(ctx, store=patient, batch_size=batch_size)
    handlers = {k: h for k, h in ctx.handlers().items() if not kinds or k in kinds}
    # --once must not wait out a failing webhook's back-off: its deliveries get one attempt
    # each at the end; their jobs stay queued for the next watch (a sent one is a no-op)
    deliver_at_end = once and handlers.pop("deliver_alert", None) is not None
    worker = Worker(patient, handlers, lease_s=lease_s, max_attempts=max_attempts,
                    retry_base_s=retry_base_s, batch={"enrich": 4}, clock=ctx.clock)

    def waiting(reason: str, first: bool) -> None:
        worker.counts["database busy, retried"] += 1
        if first:
            ctx.warnings.append(f"base de données occupée ({reason}) ; nouvel essai après une attente")
        if on_step is not None:
            on_step(worker)  # a long wait shows on the progress line, not as a hang
    patient.on_wait = waiting
    scheduled_once = False
    last_prune = 0.0

    def between() -> None:
        nonlocal scheduled_once, last_prune
        now = ctx.clock()
        if "fetch_source" in handlers and not (once and scheduled_once):
            schedule_due(ctx.store, now, ctx.defer)
            scheduled_once = True
        if "evaluate_alerts" in handlers:
            queue_evaluation(ctx.store, ctx._defer, now)  # once per cycle: two small reads
        if now - last_prune > 3600:
            ctx.store.prune_jobs(now - DONE_JOBS_KEPT_S)
            last_prune = now
        if on_step is not None:
            on_step(worker)

    worker.run(until_idle=once or until_idle, stop=stop, idle_sleep=idle_sleep, between=between)
    if deliver_at_end and ctx.settings is not None:
        for line in AlertWork(patient, ctx.settings, ctx._defer, ctx.clock).deliver_due():
            worker.counts[f"{line['channel']} {line['state']}"] += 1
    return worker


def fetch_one(ctx: WatchContext, url: str, source: str | None = None,
              lang: str | None = None) -> tuple[str, str]:
    """``steppe fetch URL``: fetch, extract, date, deduplicate, enrich and store one page.
    Returns (outcome, article id)."""
    canonical = canonical_url(url)
    known = ctx.store.article_for_url(canonical)
    if known:
        return "duplicate", known
    response = ctx.fetcher.get(url)
    page = extract_page(response.content, response.url)
    now = ctx.clock()
    candidate = build_candidate(url, canonical, page, None, source, lang, now,
                                ctx.max_future_hours)
    annotation = None
    if ctx.annotate is not None:
        ((_, annotation),) = list(ctx.annotate([candidate.article]))
    with ctx.store.transaction():
        outcome = store_candidate(ctx.store, candidate, annotation, ctx.near_threshold, now)
    cluster_new(ctx.store)
    return outcome


def sources_health(store: Store, now: float) -> list[tuple[Source, Health]]:
    """Every source with its health (see ``steppe.sources.health``)."""
    out = []
    for source in store.list_sources():
        recent = store.count_source_items(source.name, now - WEEK)
        baseline = store.count_source_items(source.name, now - WEEK * (1 + BASELINE_WEEKS),
                                            now - WEEK)
        out.append((source, source_health(source, now, recent, baseline)))
    return out


def enricher_annotate(batch_size: int = 64, kb_file: str = "") -> Annotate:
    """An ``annotate`` that loads the enrichment pipeline on first use (a worker that only
    ever fetches never pays for spaCy)."""
    from steppe.enrich.pipeline import Enricher

    enricher: list[Enricher] = []

    def annotate(articles: list[Article]) -> Iterable[tuple[Article, Annotation]]:
        if not enricher:
            enricher.append(Enricher(batch_size=batch_size, kb_file=kb_file))
        return enricher[0].annotate_pairs(articles)
    return annotate
