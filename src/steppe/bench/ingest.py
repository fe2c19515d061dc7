"""``steppe bench ingest``: items/s for parse + dedup + store, without and with enrichment.

The feed is local (written to a temporary folder, never fetched): N RSS 2.0 items whose
bodies are made of sentences drawn from the demo corpus, so they read like news without being
copies of one another; 4 % are lightly edited copies of an earlier item from another outlet
(near-duplicates to link) and 4 % are tracking-parameter variants of an earlier item's URL
(duplicates to drop). Each run goes through the watcher's own code path — ``parse_feed``,
``build_candidate``, ``store_candidate`` — into a fresh database, one transaction per 500
items. The enrichment pipeline is loaded before the clock starts.

With ``processes`` > 1 the enriched run is made twice, into two fresh databases: first in
this process (``enriched_one_process``), then through that many enrichment worker processes
(``enriched``, the same code path as ``steppe ingest --processes N``; the workers are started
and loaded before the clock); ``speedup`` is the ratio of their items/s and
``same_annotations`` checks that both databases hold the same annotations.
"""

from __future__ import annotations

import random
import re
import tempfile
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator

from steppe.bench.common import demo_records, peak_rss_mb
from steppe.collect import Candidate, build_candidate, store_candidate
from steppe.enrich.parallel import ParallelEnricher
from steppe.model import Article
from steppe.sources.feeds import parse_feed
from steppe.store import open_store
from steppe.watch import Annotate, enricher_annotate

BATCH = 500
_SENTENCE = re.compile(r"(?<=[.!?»])\s+")


def _sentences() -> list[str]:
    out = []
    for record in demo_records():
        out += [s.strip() for s in _SENTENCE.split(record["text"]) if len(s.split()) >= 6]
    return out


def write_feed(path: Path, n: int, seed: int = 7) -> Path:
    """An RSS 2.0 file of ``n`` items (see the module docstring)."""
    rng = random.Random(seed)
    pool = _sentences()
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    bodies: list[str] = []
    items = []
    for i in range(n):
        roll = rng.random()
        if bodies and roll < 0.04:
            body = _edit(rng.choice(bodies), rng)  # the same story, retold elsewhere
            link = f"https://outlet-b.example/{i}"
        elif bodies and roll < 0.08:
            j = rng.randrange(len(bodies))
            body, link = bodies[j], f"https://outlet-a.example/{j}?utm_source=rss&utm_medium={i}"
        else:
            body = " ".join(rng.sample(pool, 8))
            link = f"https://outlet-a.example/{i}"
        bodies.append(body)
        when = format_datetime(start + timedelta(minutes=7 * i))
        items.append(f"<item><title>Dépêche {i}</title><link>{escape(link)}</link>"
                     f"<pubDate>{when}</pubDate><description>{escape(body)}</description></item>")
    path.write_text('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                    "<title>Bench</title><link>https://outlet-a.example/</link>"
                    f"<description>bench</description>{''.join(items)}</channel></rss>",
                    encoding="utf-8")
    return path


def _edit(text: str, rng: random.Random) -> str:
    words = text.split()
    for _ in range(3):
        words[rng.randrange(len(words))] = rng.choice(["cependant", "aussi", "mardi", "encore"])
    return " ".join(words)


def _candidates(feed_path: Path, now: float, counts: dict[str, int]) -> Iterator[Candidate]:
    feed = parse_feed(feed_path.read_bytes(), "https://outlet-a.example/feed.xml")
    counts["duplicate"] = counts.get("duplicate", 0) + feed.repeated  # same URL in the feed
    for item in feed.items:
        source = "outlet-b" if "outlet-b" in item.url else "outlet-a"
        yield build_candidate(item.url, item.canonical, None, item, source, "fr", now)


def _run(feed_path: Path, db_url: str, annotate: Annotate | None) -> dict[str, Any]:
    store = open_store(db_url)
    counts: dict[str, int] = {}
    now = time.time()
    start = time.perf_counter()
    candidates = _candidates(feed_path, now, counts)
    pairs: Iterable[tuple[Candidate, Any]] = ((c, None) for c in candidates)
    if annotate is not None:
        pairs = _annotated(candidates, annotate)
    while True:
        chunk = list(islice(pairs, BATCH))
        if not chunk:
            break
        with store.transaction():
            for candidate, annotation in chunk:
                outcome, _ = store_candidate(store, candidate, annotation, now=now)
                counts[outcome] = counts.get(outcome, 0) + 1
    seconds = time.perf_counter() - start
    store.close()
    total = sum(counts.values())  # every feed entry, whatever became of it
    return {"items": total, "seconds": round(seconds, 2),
            "items_per_s": round(total / seconds, 1), **counts}


def _annotated(candidates: Iterable[Candidate], annotate: Annotate) -> Iterator[tuple[Candidate, Any]]:
    """Candidates with their annotations, streamed through the pipeline in input order."""
    by_id: dict[int, Candidate] = {}

    def articles():
        for c in candidates:
            by_id[id(c.article)] = c
            yield c.article

    for article, annotation in annotate(articles()):  # type: ignore[arg-type]
        yield by_id.pop(id(article)), annotation


def run_ingest_bench(items: int = 5000, enrich: bool = True, batch_size: int = 64,
                     processes: int = 1, backend: str | None = None) -> dict[str, Any]:
    """Figures of both runs (the enriched one only with ``enrich``, twice with ``processes``
    > 1), each into a fresh SQLite file in a temporary folder; with a PostgreSQL ``backend``,
    the enriched runs go through procrastinate workers (``bench.ingest_queue``): one worker
    process, then ``processes``."""
    with tempfile.TemporaryDirectory(prefix="steppe-bench-") as tmp:
        folder = Path(tmp)
        feed = write_feed(folder / "feed.xml", items)
        figures: dict[str, Any] = {"feed_items": items, "processes": processes,
                                   "feed_mb": round(feed.stat().st_size / 1e6, 1)}
        if backend is not None:
            return _through_queue(figures, feed, backend, enrich, batch_size, processes)
        figures["plain"] = _run(feed, str(folder / "plain.db"), None)
        if enrich:
            annotate = enricher_annotate(batch_size)
            loading = time.perf_counter()
            list(annotate([Article(id="warm-up", text=" ".join(_sentences()[:20]), lang="fr")]))
            figures["enricher_load_s"] = round(time.perf_counter() - loading, 1)
            figures["enriched"] = _run(feed, str(folder / "enriched.db"), annotate)
        if enrich and processes > 1:
            figures["enriched_one_process"] = figures.pop("enriched")
            figures.update(_in_processes(feed, folder, batch_size, processes))
            figures["speedup"] = round(figures["enriched"]["items_per_s"]
                                       / figures["enriched_one_process"]["items_per_s"], 3)
            figures["same_annotations"] = (_annotations(str(folder / "enriched.db"))
                                           == _annotations(str(folder / "enriched_n.db")))
        figures["peak_rss_mb"] = peak_rss_mb()
        return figures


def _in_processes(feed: Path, folder: Path, batch_size: int, processes: int) -> dict[str, Any]:
    """The enriched run through ``processes`` workers, started before the clock."""
    with ParallelEnricher(processes, batch_size=batch_size) as pool:
        loading = time.perf_counter()
        pool.start()
        start_s = round(time.perf_counter() - loading, 1)
        run = _run(feed, str(folder / "enriched_n.db"), pool.annotate_pairs)
        return {"workers_start_s": start_s, "enriched": run,
                "worker_peak_rss_mb": sorted(pool.memory_mb().values())}


def _annotations(db_url: str) -> dict[str, Any]:
    with open_store(db_url, create=False) as store:
        return {a.id: ann.to_dict() if ann else None for a, ann in store.iter_articles()}


def _through_queue(figures: dict[str, Any], feed: Path, backend: str, enrich: bool,
                   batch_size: int, processes: int) -> dict[str, Any]:
    from steppe.bench.ingest_queue import run_queue

    figures.update(backend=backend.split("?")[0].rsplit("@", 1)[-1], runner="procrastinate")
    if not enrich:
        raise ValueError("--backend measures the enriched ingest through workers; drop --no-enrich")
    figures["enriched"] = run_queue(feed, backend, 1, batch_size)
    if processes > 1:
        figures["enriched_one_process"] = figures.pop("enriched")
        figures["enriched"] = run_queue(feed, backend, processes, batch_size)
        figures["speedup"] = round(figures["enriched"]["items_per_s"]
                                   / figures["enriched_one_process"]["items_per_s"], 3)
        # the enrichment queue alone (items stored first): how the workers themselves scale
        one = run_queue(feed, backend, 1, batch_size, backlog=True)
        many = run_queue(feed, backend, processes, batch_size, backlog=True)
        figures["backlog"] = {"one_process": one, "processes": many,
                              "speedup": round(many["articles_per_s"] / one["articles_per_s"],
                                               3)}
    figures["peak_rss_mb"] = peak_rss_mb()
    return figures
