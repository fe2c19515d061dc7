"""``steppe bench search``: ingestion and query latency on a synthetic corpus, with a baseline.

The corpus (``bench.synthetic``) is pre-annotated, so ingestion measures the store and the index,
not the enrichment. Each query type runs through ``steppe.search.search`` — parsing, KB alias
expansion, ranking, records from the store, snippets and facet counts — and, in the same run on
the same index, as the equivalent raw tantivy query (top 20 plus the count; the facet type adds
the raw, exact aggregations) without any of Steppe's layers: the baseline. Steppe's facets are
exact up to 20,000 matches and sampled above (``search/facets.py``).
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import tantivy
from tantivy import Occur, Query

from steppe.bench.synthetic import SyntheticCorpus
from steppe.errors import InputError
from steppe.index import Indexer, current_index, index_status
from steppe.index.schema import folding_analyzer, french_analyzer
from steppe.search import search
from steppe.store import Store, open_store

BATCH = 1_000                 # articles per store transaction
COMMIT_EVERY = 50_000         # articles between index commits while ingesting
PROGRESS_EVERY = 50_000
COMMON_WORDS = 200            # a quoted phrase holds at least one word rarer than these
QUERIES_PER_TYPE = 25
ROUNDS = 8
CENTRAL_ASIA = ("KZ", "KG", "UZ", "TJ", "TM")
ALIASES = ("Tokayev", "Bishkek", "Mirziyoyev", "Tashkent", "Dushanbe", "Zhaparov", "Ashgabat",
           "Putin", "Токаев", "Nur-Sultan", "Samarkand", "Rakhmon")
TOPICS = ("politique", "sport", "santé", "environnement", "économie, affaires et finances")

Progress = Callable[[str], None]
_FR = french_analyzer()
_FOLD = folding_analyzer()


def run_search_bench(docs: int = 100_000, backend_url: str | None = None, seed: int = 1,
                     progress: Progress | None = None, rounds: int = ROUNDS) -> dict[str, Any]:
    """Ingest ``docs`` synthetic articles into a store and its index, then time every query type.

    ``backend_url`` picks the store (a temporary SQLite file by default). Returns the figures
    whose JSON form ``steppe bench search --json`` prints as its last line.
    """
    say = progress or (lambda message: None)
    corpus = SyntheticCorpus(seed)
    with tempfile.TemporaryDirectory(prefix="steppe-bench-") as tmp:
        store = open_store(backend_url or str(Path(tmp) / "bench.db"))
        index_dir = Path(tmp) / "index"
        try:
            if store.count_articles():
                raise InputError(f"{backend_url}: the search benchmark needs an empty database")
            ingest = _ingest(store, index_dir, corpus, docs, say)
            status = index_status(store, index_dir)
            say(f"index: {status['docs']:,} documents, {status['size_mb']:,} MB")
            queries = _time_queries(store, index_dir, corpus, rounds, seed, say)
        finally:
            store.close()
    return {
        "docs": docs,
        "backend": "postgresql" if backend_url and backend_url.startswith("postgres") else "sqlite",
        "build_s": ingest["index_s"],
        "index_mb": status["size_mb"],
        "ingest_s": ingest["total_s"],
        "store_s": ingest["store_s"],
        "ingest_per_s": round(docs / ingest["total_s"], 1) if ingest["total_s"] else None,
        "queries": queries,
    }


# -- ingestion -----------------------------------------------------------------------------------
def _ingest(store: Store, index_dir: Path, corpus: SyntheticCorpus, docs: int,
            say: Progress) -> dict[str, float]:
    """Write the articles in batches and hand each batch to the index as it is written.

    Generation time is excluded; tantivy's threads index one batch while the store writes the
    next, as an ingestion flow keeping an ``Indexer`` open would.
    """
    store_s = index_s = 0.0
    with Indexer(store, index_dir, commit_every=COMMIT_EVERY) as indexer:
        for start in range(0, docs, BATCH):
            batch = list(corpus.iter(min(BATCH, docs - start), start))
            began = time.perf_counter()
            store.put_articles(batch)
            stored = time.perf_counter()
            indexer.sync(known={article.id: (article, annotation) for article, annotation in batch})
            store_s += stored - began
            index_s += time.perf_counter() - stored
            done = start + len(batch)
            if done % PROGRESS_EVERY == 0 or done == docs:
                say(f"ingested {done:,} articles ({done / (store_s + index_s):,.0f}/s)")
        began = time.perf_counter()
    index_s += time.perf_counter() - began      # the last commit and merges
    return {"store_s": round(store_s, 2), "index_s": round(index_s, 2),
            "total_s": round(store_s + index_s, 2)}


# -- queries -------------------------------------------------------------------------------------
def query_sets(corpus: SyntheticCorpus, seed: int) -> dict[str, list[tuple[str, Callable]]]:
    """For each query type: (Steppe query, raw tantivy query builder) pairs, deterministic."""
    rng = random.Random(seed * 31)
    words = corpus.words
    pick = lambda lo, hi: _content_word(rng, words, lo, hi)  # noqa: E731
    sets: dict[str, list[tuple[str, Callable]]] = {k: [] for k in (
        "rare_word", "common_word", "two_words", "phrase", "prefix", "filtered_by_date",
        "facets", "alias_entity")}
    for _ in range(QUERIES_PER_TYPE):
        rare, common = pick(20_000, len(words)), pick(20, 80)
        a, b = pick(50, 400), pick(400, 4_000)
        sets["rare_word"].append((rare, _raw_terms([rare])))
        sets["common_word"].append((common, _raw_terms([common])))
        sets["two_words"].append((f"{a} {b}", _raw_terms([a, b])))
        phrase = _phrase(rng, corpus)
        sets["phrase"].append((f'"{phrase}"', _raw_phrase(phrase)))
        stem = pick(100, 3_000)[:rng.randint(4, 5)]
        sets["prefix"].append((f"{stem}*", _raw_prefix(stem)))
        sets["filtered_by_date"].append(_filtered(rng, pick(50, 500)))
        sets["facets"].append(_facets(rng))
        alias = rng.choice(ALIASES)
        sets["alias_entity"].append((alias, _raw_terms([alias])))
    return sets


def _time_queries(store: Store, index_dir: Path, corpus: SyntheticCorpus, rounds: int, seed: int,
                  say: Progress) -> dict[str, Any]:
    handle = current_index(store, index_dir)
    searcher, schema = handle.searcher(), handle.schema
    out: dict[str, Any] = {}
    for kind, pairs in query_sets(corpus, seed).items():
        steppe_ms: list[float] = []
        raw_ms: list[float] = []
        totals: list[int] = []
        for round_no in range(rounds + 1):        # round 0 warms the caches up
            for text, raw in pairs:
                began = time.perf_counter()
                result = search(store, index_dir, text, limit=20)
                took = (time.perf_counter() - began) * 1000
                began = time.perf_counter()
                raw(searcher, schema)
                raw_took = (time.perf_counter() - began) * 1000
                if round_no:
                    steppe_ms.append(took)
                    raw_ms.append(raw_took)
                    totals.append(result.total)
        out[kind] = {**_percentiles(steppe_ms), "hits_median": int(statistics.median(totals)),
                     "example": pairs[0][0], "baseline": _percentiles(raw_ms)}
        say(f"{kind:<18} p50 {out[kind]['p50_ms']:>7} ms  p95 {out[kind]['p95_ms']:>7} ms  "
            f"p99 {out[kind]['p99_ms']:>7} ms   raw p95 {out[kind]['baseline']['p95_ms']:>7} ms  "
            f"({out[kind]['hits_median']:,} hits, e.g. {out[kind]['example']})")
    return out


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)
    return {"p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99)}


# -- query builders ------------------------------------------------------------------------------
def _content_word(rng: random.Random, words: list[str], lo: int, hi: int) -> str:
    while True:
        word = words[rng.randrange(lo, min(hi, len(words)))]
        if len(word) >= 4 and word.isalpha():
            return word


def _phrase(rng: random.Random, corpus: SyntheticCorpus) -> str:
    """Two or three consecutive words of an article of the corpus, as people quote them: not
    only very common words (a phrase such as "de la" is nobody's search)."""
    common = set(corpus.words[:COMMON_WORDS])
    while True:
        article, _ = corpus.article(rng.randrange(0, 1000))
        words = [w for w in article.text.split() if w.isalpha()]
        size = rng.choice((2, 3))
        start = rng.randrange(0, max(1, len(words) - size))
        window = words[start:start + size]
        if len(window) == size and any(w.lower() not in common for w in window):
            return " ".join(window)


def _filtered(rng: random.Random, word: str) -> tuple[str, Callable]:
    country = rng.choice(CENTRAL_ASIA)
    year, month = rng.randint(2017, 2025), rng.randint(1, 7)
    text = f"{word} country:{country} from:{year}-{month:02d} to:{year}-{month + 5:02d} sort:date"
    lo, hi = year * 10000 + month * 100 + 1, year * 10000 + (month + 5) * 100 + 31

    def raw(searcher: tantivy.Searcher, schema: tantivy.Schema) -> Any:
        q = Query.boolean_query([
            (Occur.Must, Query.term_query(schema, "text", _FR.analyze(word)[0])),
            (Occur.Must, Query.term_query(schema, "country", country)),
            (Occur.Must, Query.range_query(schema, "day", tantivy.FieldType.Integer, lo, hi))])
        return searcher.search(q, 20, count=True, order_by_field="day")
    return text, raw


def _facets(rng: random.Random) -> tuple[str, Callable]:
    """What a facet panel asks: a country, a country last month, a topic in a country."""
    country = rng.choice(CENTRAL_ASIA)
    year, month = rng.randint(2017, 2025), rng.randint(1, 12)
    shape = rng.randrange(3)
    if shape == 0:
        text = f"country:{country}"
    elif shape == 1:
        text = f"country:{country} from:{year}-{month:02d} to:{year}-{month:02d}"
    else:
        text = f'country:{country} topic:"{rng.choice(TOPICS)}"'

    def raw(searcher: tantivy.Searcher, schema: tantivy.Schema) -> Any:
        q = Query.term_query(schema, "country", country)
        if shape == 1:
            days = Query.range_query(schema, "day", tantivy.FieldType.Integer,
                                     year * 10000 + month * 100 + 1, year * 10000 + month * 100 + 31)
            q = Query.boolean_query([(Occur.Must, q), (Occur.Must, days)])
        searcher.search(q, 20, count=True, order_by_field="day")
        return searcher.aggregate(q, {name: {"terms": {"field": field, "size": 20}} for name, field in (
            ("countries", "country"), ("entities", "facet_entity"), ("topics", "topic"),
            ("sources", "source"), ("months", "month"))})
    return text, raw


def _raw_terms(words: list[str]) -> Callable:
    def raw(searcher: tantivy.Searcher, schema: tantivy.Schema) -> Any:
        terms = [Query.term_query(schema, "text", t) for w in words for t in _FR.analyze(w)]
        q = terms[0] if len(terms) == 1 else Query.boolean_query([(Occur.Must, t) for t in terms])
        return searcher.search(q, 20, count=True)
    return raw


def _raw_phrase(phrase: str) -> Callable:
    def raw(searcher: tantivy.Searcher, schema: tantivy.Schema) -> Any:
        return searcher.search(Query.phrase_query(schema, "text", _FR.analyze(phrase)), 20, count=True)
    return raw


def _raw_prefix(stem: str) -> Callable:
    def raw(searcher: tantivy.Searcher, schema: tantivy.Schema) -> Any:
        q = Query.regex_query(schema, "text", _FOLD.analyze(stem)[0] + ".*")
        return searcher.search(q, 20, count=True)
    return raw
