"""``steppe bench stories``: story assignment on a base already holding N clustered articles.

The corpus is ``bench.story_corpus.StoryCorpus``: pre-annotated articles in publication order,
events told by 1–8 outlets in French, English or Russian, about a thousand articles a day (a
million articles span 2.7 years, and every week holds the same number of live stories).

* **Fill** (or reuse): articles 0..N-1 are written with ``put_articles`` in batches of
  ``BATCH`` and clustered after each batch with ``cluster_new``, as an ingest does; both are
  timed (generating the articles is not). A base is reused when it holds exactly N articles,
  all clustered, written by this benchmark with the same corpus and the same weights (a
  side file records that and the fill's figures); other weights only re-cluster it.
* **Warm-up**: ``WARMUP`` other articles are stored and clustered, then rolled back.
* **Baseline**: the sample (articles N..N+S-1) is stored with ``put_articles`` alone.
* **Measured**: the same sample is stored, then clustered by ``cluster_new``, which takes
  the articles just written as they are instead of reading them back, as an ingest does
  (``stories.cluster.written``). Throughput is
  the sample over the wall time of ``cluster_new``. An article's latency is the time of its
  own ``features_of`` and ``_Batch.assign`` calls (candidate look-up, scoring, profile
  update) plus an equal share of the rest of its round (reading the changes and articles,
  the round's postings look-up, the flush of the round's rows): ``p95_ms`` is the 95th percentile of that.

Baseline and measured runs each happen inside one transaction that is rolled back, so the
base stays at N articles for the next run; their commits are therefore not timed (the fill's
figures include commits: one per batch).
"""

from __future__ import annotations

import hashlib
import json
import statistics
import tempfile
import time
from collections import Counter, deque
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable, Iterator

from steppe.bench.common import peak_rss_mb
from steppe.bench.story_corpus import StoryCorpus
from steppe.errors import InputError
from steppe.store import Store, open_store
from steppe.stories import cluster, cluster_new, rebuild
from steppe.stories.cluster import written
from steppe.stories.days import day_number
from steppe.stories.quality import bcubed
from steppe.stories.scoring import default_weights

BATCH = 1_000                 # articles per put_articles call and per clustering round
SAMPLE = 3_000
WARMUP = 1_000
PROGRESS_EVERY = 50_000
VACUUM_EVERY = 100_000        # PostgreSQL: what autovacuum would do (the test server has it off)
MAINTAINED = ("articles", "changes", "article_entities", "article_countries", "stories",
              "story_members", "story_keys", "story_tags")

Progress = Callable[[str], None]
Advance = Callable[[int, int], None]


def default_db_path(docs: int) -> Path:
    return Path(tempfile.gettempdir()) / f"steppe-bench-stories-{docs}.db"


def run_stories_bench(docs: int = 100_000, backend_url: str | None = None, sample: int = SAMPLE,
                      seed: int = 1, progress: Progress | None = None,
                      advance: Advance | None = None) -> dict[str, Any]:
    """Fill or reuse a base of ``docs`` clustered articles, then time the clustering of a
    further ``sample``; returns the figures ``steppe bench stories --json`` prints last."""
    say = progress or (lambda message: None)
    corpus = StoryCorpus(seed)
    url = backend_url or str(default_db_path(docs))
    postgres = url.startswith(("postgres://", "postgresql://"))
    fill = _ensure_base(url, docs, corpus, postgres, say, advance)
    with open_store(url, create=False) as store:
        say(f"warming up on {WARMUP:,} articles (rolled back)")
        with _discarded(store):
            warm: dict[str, Any] = {}
            _store_all(store, list(corpus.iter(WARMUP, docs + sample)), warm)
            cluster_new(store, fresh=warm)
        items = list(corpus.iter(sample, docs))
        _maintain(store)
        say(f"baseline: storing {sample:,} articles without clustering")
        with _discarded(store):
            baseline_s = _store_all(store, items)
        _maintain(store)
        say(f"measured: storing then clustering {sample:,} articles")
        with _discarded(store):
            fresh: dict[str, Any] = {}
            _store_all(store, items, fresh)
            timing = _time_clustering(store, fresh)
            outcome = _outcome(store, corpus, docs, items)
    per_s = round(sample / timing["total_s"], 1)
    baseline_per_s = round(sample / baseline_s, 1)
    latencies = timing["latencies_ms"]
    return {
        "docs": docs, "backend": "postgresql" if postgres else "sqlite", "sample": sample,
        "articles_per_s": per_s, "p50_ms": _at(latencies, 0.50), "p95_ms": _at(latencies, 0.95),
        "p99_ms": _at(latencies, 0.99), "max_ms": round(max(latencies), 2),
        "cpu_ms_per_article": round(timing["cpu_s"] / sample * 1000, 3),
        "stories": outcome["stories"], "stories_live_7d": outcome["stories_live_7d"],
        "baseline_store_per_s": baseline_per_s,
        "ratio_store_to_cluster": round(baseline_per_s / per_s, 2),
        "quality": outcome["quality"], **{k: v for k, v in fill.items() if k.startswith("fill")},
        "weights": _weights_tag(), "peak_rss_mb": peak_rss_mb(),
    }


# -- the base ------------------------------------------------------------------------------------
def _ensure_base(url: str, docs: int, corpus: StoryCorpus, postgres: bool, say: Progress,
                 advance: Advance | None) -> dict[str, Any]:
    """The base of ``docs`` clustered articles: reused, re-clustered, resumed or built."""
    side = _side_file(url, postgres)
    meta = _read_meta(side)
    corpus_tag = _corpus_tag(corpus, docs)
    with open_store(url) as store:
        have = store.count_articles()
        ours = meta.get("corpus") == corpus_tag and meta.get("docs") == docs
        if have and not ours:
            if postgres or not side.exists():  # never delete a base this bench did not build
                raise InputError(f"{url}: holds {have:,} articles this benchmark did not write "
                                 f"for --docs {docs:,}; give an empty database")
            store.close()
            _remove_sqlite(Path(url))
            return _ensure_base(url, docs, corpus, postgres, say, advance)
        if not have:
            meta = {"docs": docs, "corpus": corpus_tag, "fill_store_s": 0.0, "fill_cluster_s": 0.0}
        weights = _weights_tag()
        if have == docs and meta.get("weights") == weights \
                and store.story_cursor() == store.last_seq():
            say(f"reusing {store.url} ({docs:,} articles, clustered)")
            return dict(meta, fill_reused=True)
        if have and meta.get("weights") != weights:
            say(f"re-clustering {have:,} articles (clustered with other weights)")
            began = time.perf_counter()
            rebuild(store)
            meta.update(fill_cluster_s=round(time.perf_counter() - began, 1), fill_reclustered=True)
        meta["weights"] = weights
        _fill(store, corpus, have, docs, meta, side, say, advance)
        meta["fill_vacuum_s"] = round(meta.get("fill_vacuum_s", 0.0) + _maintain(store), 1)
        meta["fill_s"] = round(meta["fill_store_s"] + meta["fill_cluster_s"], 1)
        meta["fill_per_s"] = round(docs / meta["fill_s"], 1) if meta["fill_s"] else None
        _write_meta(side, meta)
        return dict(meta, fill_reused=False)


def _fill(store: Store, corpus: StoryCorpus, have: int, docs: int, meta: dict[str, Any],
          side: Path, say: Progress, advance: Advance | None) -> None:
    """Write and cluster articles ``have``..``docs``-1 batch by batch, as an ingest would."""
    if have:
        say(f"resuming the fill at {have:,} articles")
        began = time.perf_counter()
        cluster_new(store)  # what an interrupted fill stored but did not cluster
        meta["fill_cluster_s"] += time.perf_counter() - began
    for start in range(have, docs, BATCH):
        batch = list(corpus.iter(min(BATCH, docs - start), start))
        began = time.perf_counter()
        outcomes = store.put_articles(batch)
        stored = time.perf_counter()
        cluster_new(store, fresh=written(batch, outcomes))
        meta["fill_store_s"] += stored - began
        meta["fill_cluster_s"] += time.perf_counter() - stored
        done = start + len(batch)
        if advance:
            advance(done, docs)
        if done % VACUUM_EVERY == 0 and done < docs:
            meta["fill_vacuum_s"] = meta.get("fill_vacuum_s", 0.0) + _maintain(store)
        if done % PROGRESS_EVERY == 0 or done == docs:
            spent = meta["fill_store_s"] + meta["fill_cluster_s"]
            rate = (done - have) / spent if spent and done > have else 0.0
            eta = (docs - done) / rate if rate else 0.0
            say(f"filled {done:,} / {docs:,} articles: store {meta['fill_store_s']:,.0f} s, "
                f"clustering {meta['fill_cluster_s']:,.0f} s ({rate:,.0f}/s), "
                f"ETA {eta / 60:,.1f} min")
            _write_meta(side, meta)
    meta["fill_store_s"] = round(meta["fill_store_s"], 1)
    meta["fill_cluster_s"] = round(meta["fill_cluster_s"], 1)


def _side_file(url: str, postgres: bool) -> Path:
    if not postgres:
        return Path(f"{url}.bench.json")
    digest = hashlib.blake2b(url.encode("utf-8"), digest_size=6).hexdigest()
    return Path(tempfile.gettempdir()) / f"steppe-bench-stories-pg-{digest}.json"


def _read_meta(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_meta(path: Path, meta: dict[str, Any]) -> None:
    path.write_text(json.dumps(meta), encoding="utf-8")


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".bench.json"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _corpus_tag(corpus: StoryCorpus, docs: int) -> str:
    """What the base's articles are: the corpus's seed and its first and last articles."""
    probe = [corpus.article(i) for i in (0, docs - 1)]
    text = json.dumps([[a.to_dict(), n.to_dict()] for a, n in probe], sort_keys=True)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def _weights_tag() -> str:
    text = json.dumps(asdict(default_weights()), sort_keys=True)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()


def _maintain(store: Store) -> float:
    """PostgreSQL: VACUUM (ANALYZE) the tables the benchmark writes, as autovacuum would in
    production: rolled-back samples leave dead rows, and an unvacuumed bulk load keeps the
    planner off index-only scans (the candidate look-up was 10 times slower). Seconds spent."""
    if not type(store).__name__.startswith("Postgres"):
        return 0.0
    began = time.perf_counter()
    for table in MAINTAINED:
        store._q(f"VACUUM (ANALYZE) {table}")  # type: ignore[attr-defined]
    return time.perf_counter() - began


# -- measuring -----------------------------------------------------------------------------------
class _Rollback(Exception):
    """Raised to end a transaction whose writes must not stay."""


@contextmanager
def _discarded(store: Store) -> Iterator[None]:
    """One transaction, rolled back at the end: the base stays as it was."""
    try:
        with store.transaction():
            yield
            raise _Rollback
    except _Rollback:
        pass


def _store_all(store: Store, items: list, fresh: dict[str, Any] | None = None) -> float:
    """Store ``items`` in batches; ``fresh`` collects what ``cluster_new`` may take as is."""
    began = time.perf_counter()
    for start in range(0, len(items), BATCH):
        batch = items[start:start + BATCH]
        outcomes = store.put_articles(batch)
        if fresh is not None:
            fresh.update(written(batch, outcomes))
    return time.perf_counter() - began


def _time_clustering(store: Store, fresh: dict[str, Any]) -> dict[str, Any]:
    """Run ``cluster_new`` with each article's own work timed (``features_of`` and
    ``_Batch.assign``, wrapped for the run) and each round's remainder shared out."""
    own: list[float] = []
    latencies: list[float] = []
    pending: deque[float] = deque()  # features are built for a whole round, then assigned
    state = {"round_start": 0.0}
    features_of, assign = cluster.features_of, cluster._Batch.assign

    def timed_features(*args: Any) -> Any:
        began = time.perf_counter()
        try:
            return features_of(*args)
        finally:
            pending.append(time.perf_counter() - began)

    def timed_assign(self: Any, *args: Any) -> None:
        began = time.perf_counter()
        try:
            assign(self, *args)
        finally:
            own.append((pending.popleft() if pending else 0.0) + time.perf_counter() - began)

    def round_done(_done: int) -> None:
        now = time.perf_counter()
        if own:
            share = max(0.0, now - state["round_start"] - sum(own)) / len(own)
            latencies.extend((x + share) * 1000 for x in own)
            own.clear()
        state["round_start"] = now

    cluster.features_of, cluster._Batch.assign = timed_features, timed_assign  # type: ignore
    try:
        cpu = time.process_time()
        state["round_start"] = began = time.perf_counter()
        cluster_new(store, tick=round_done, fresh=fresh)
        total = time.perf_counter() - began
        cpu = time.process_time() - cpu
    finally:
        cluster.features_of, cluster._Batch.assign = features_of, assign  # type: ignore
    return {"total_s": total, "cpu_s": cpu, "latencies_ms": sorted(latencies)}


def _outcome(store: Store, corpus: StoryCorpus, docs: int, items: list) -> dict[str, Any]:
    """Live stories after the sample, those of its last week, and how the sample's articles
    grouped against the synthetic events (B-cubed)."""
    ids = [article.id for article, _ in items]
    gold = {aid: corpus.event_of(docs + n) for n, aid in enumerate(ids)}
    pred = {aid: row["story"] for aid, row in store.stories_of_articles(ids).items()}
    last = max(day_number(article.published) or 0 for article, _ in items)
    sizes = Counter(gold.values())
    found: dict[str, set[str | None]] = {}
    for aid, event in gold.items():
        found.setdefault(event, set()).add(pred.get(aid))
    whole = [len(stories) == 1 for event, stories in found.items() if sizes[event] > 1]
    return {"stories": store.count_stories(), "stories_live_7d": store.count_stories(last - 7),
            "quality": {"events": len(found), "events_in_one_story": round(
                statistics.mean(whole), 3) if whole else None, "bcubed": bcubed(gold, pred)}}


def _at(ordered: list[float], q: float) -> float:
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)
