"""``steppe bench stories``: story assignment on a base already holding N clustered articles.

The corpus is synthetic and pre-annotated, with story structure: events reported by one to six
outlets over up to three days, sharing the event's entities, date, amount and a few rare words,
spread over three years (so many stories are live every week), a sixth in English or Russian.
Filling stores and clusters N articles in batches (its rate is reported); the measured part
stores a further sample and clusters it. Baseline, in the same process: storing the same
sample without clustering. p95 is over the per-article assignment time (candidate look-up,
scoring, profile update), with each batch's flush shared out over its articles.
"""

from __future__ import annotations

import random
import time
from typing import Any, Callable, Iterator

from steppe.bench.common import peak_rss_mb
from steppe.model import Amount, Annotation, Article, CountryRef, DateRef, Entity, Mention
from steppe.store import open_store
from steppe.stories import cluster
from steppe.stories.scoring import default_weights

BATCH = 2000
SAMPLE = 3000
DAYS = 3 * 365
_SYL = ["ka", "zu", "mir", "tal", "bek", "ost", "ran", "dor", "vel", "sar", "kul", "tem", "nor"]
_VERBS = ["annonce", "signe", "lance", "reporte", "confirme", "suspend", "inaugure", "dément"]
_COUNTRIES = ["KZ", "KG", "UZ", "TJ", "TM", "RU", "CN", "FR", "US", "AF"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYL) for _ in range(rng.randint(2, 4)))


def _event(rng: random.Random, n: int) -> dict[str, Any]:
    return {"n": n, "words": [_word(rng) for _ in range(4)],
            "ents": [f"person:p{rng.randint(0, 3000)}", f"org:o{rng.randint(0, 2000)}",
                     f"place:l{rng.randint(0, 1000)}"],
            "day": rng.randrange(DAYS), "amount": rng.randint(1, 900) * 10**6,
            "countries": rng.sample(_COUNTRIES, 2), "size": rng.choice([1, 1, 2, 2, 3, 4, 5, 6])}


def _article(rng: random.Random, ev: dict[str, Any], k: int) -> tuple[Article, Annotation]:
    words = rng.sample(ev["words"], 3) + [_word(rng)]
    lang = "fr" if rng.random() < 0.83 else rng.choice(["en", "ru"])
    title = f"{words[0].capitalize()} : {rng.choice(_VERBS)} {words[1]} et {words[2]}"
    text = f"Le {words[1]} {rng.choice(_VERBS)} {words[3]} selon {words[0]}, {words[2]}."
    day = ev["day"] + rng.randint(0, 2)
    published = time.strftime("%Y-%m-%d", time.gmtime((18262 + day) * 86400))
    article = Article(id=f"b{ev['n']}-{k}", title=title, text=text, published=published,
                      source=f"outlet{rng.randint(0, 40)}.example", lang=lang,
                      ingested_at="2026-01-01T00:00:00+00:00")
    ann = Annotation.empty(article)
    ann.lang = lang
    ann.entities = [Entity(id=e, name=e, type=e.split(":")[0].replace("org", "organization"),
                           mentions=[Mention("text", 0, 1, e)])
                    for e in rng.sample(ev["ents"], 2)]
    ann.countries = [CountryRef(c, c) for c in ev["countries"]]
    event_day = time.strftime("%Y-%m-%d", time.gmtime((18262 + ev["day"]) * 86400))
    ann.dates = [DateRef("text", 0, 1, event_day, event_day, "day")]
    if rng.random() < 0.5:
        ann.money = [Amount("text", 0, 1, "x", ev["amount"], "USD")]
    return article, ann


def corpus(seed: int, start: int = 0) -> Iterator[tuple[Article, Annotation]]:
    """Articles of successive events, endlessly (event numbers from ``start``)."""
    rng = random.Random(seed)
    n = start
    while True:
        ev = _event(rng, n)
        for k in range(ev["size"]):
            yield _article(rng, ev, k)
        n += 1


def _take(it: Iterator[Any], n: int) -> list[Any]:
    return [next(it) for _ in range(n)]


def run_stories_bench(docs: int, backend: str, tick: Callable[[int], None] | None = None
                      ) -> dict[str, Any]:
    store = open_store(backend)
    try:
        have = store.count_articles()
        fill_start = time.perf_counter()
        source = corpus(seed=7)
        _take(source, have)  # resume a partly filled base
        while have < docs:
            batch = _take(source, min(BATCH, docs - have))
            with store.transaction():
                store.put_articles(batch)
            cluster.cluster_new(store)
            have += len(batch)
            if tick:
                tick(have)
        fill_s = time.perf_counter() - fill_start
        return _measure(store, docs, backend, fill_s)
    finally:
        store.close()


def _measure(store: Any, docs: int, backend: str, fill_s: float) -> dict[str, Any]:
    sample = _take(corpus(seed=docs + 1, start=10**8), SAMPLE)
    base_ids = [(a, n) for a, n in sample[: SAMPLE // 2]]
    baseline_t0 = time.perf_counter()
    with store.transaction():
        store.put_articles(base_ids)
    baseline_s = time.perf_counter() - baseline_t0
    cluster.cluster_new(store)  # not timed: the baseline half is clustered out of the clock
    timed = sample[SAMPLE // 2:]
    latencies: list[float] = []
    original = cluster._Batch.assign

    def assign(self: Any, feats: Any, seq: int, root: Any) -> None:
        t0 = time.perf_counter()
        original(self, feats, seq, root)
        latencies.append(time.perf_counter() - t0)

    with store.transaction():
        store.put_articles(timed)
    cluster._Batch.assign = assign  # type: ignore[method-assign]
    try:
        t0 = time.perf_counter()
        done = cluster.cluster_new(store, default_weights())
        cluster_s = time.perf_counter() - t0
    finally:
        cluster._Batch.assign = original  # type: ignore[method-assign]
    flush_share = max(0.0, cluster_s - sum(latencies)) / max(1, len(latencies))
    latencies = sorted(x + flush_share for x in latencies)
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else 0.0
    store_rate = len(base_ids) / baseline_s if baseline_s else 0.0
    rate = done / cluster_s if cluster_s else 0.0
    return {"docs": docs, "backend": "postgresql" if backend.startswith("postgres") else "sqlite",
            "articles_per_s": round(rate, 1), "p95_ms": round(p95, 3),
            "stories": store.count_stories(), "clustered": done,
            "baseline_store_articles_per_s": round(store_rate, 1),
            "ratio_cluster_to_store": round(rate / store_rate, 3) if store_rate else None,
            "fill_s": round(fill_s, 1), "peak_rss_mb": round(peak_rss_mb(), 1)}
