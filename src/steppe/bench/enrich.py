"""``steppe bench enrich``: Steppe's full pipeline against spaCy's full fr_core_news_md.

Both run in this process, on the same texts, after a warm-up; the ratio is Steppe's tokens/s
over spaCy's, one process each (what the pipeline costs per core). Token counts come from the
same tokenizer for both.

With ``processes`` > 1, Steppe then runs again on the same texts through that many worker
processes (started and loaded before the clock, as a long ingest amortises them): the
``steppe_*`` figures are that run's, ``one_process_*`` the single-process run's, ``speedup``
their ratio, and ``same_annotations`` checks that both runs annotated every article alike.
"""

from __future__ import annotations

from typing import Any

from steppe.bench.common import cycle, demo_records, peak_rss_mb, timed
from steppe.enrich.parallel import ParallelEnricher
from steppe.enrich.pipeline import Enricher, load_full_spacy
from steppe.model import Annotation, Article


def run_enrich_bench(docs: int = 500, batch_size: int = 64, processes: int = 1) -> dict[str, Any]:
    records = list(cycle(demo_records(), docs))
    articles = [Article(id=f"b{i}", title=r.get("title"), text=r["text"],
                        published=r.get("published"), lang=r.get("lang"))
                for i, r in enumerate(records)]
    texts = [f"{a.title}\n\n{a.text}" if a.title else a.text for a in articles]
    enricher = Enricher(batch_size=batch_size)
    spacy_nlp = load_full_spacy()
    tokens = sum(len(enricher.nlp.make_doc(t)) for t in texts)
    list(enricher.annotate_many(articles[:20]))          # warm-up both
    list(spacy_nlp.pipe(texts[:20]))
    spacy_s = timed(lambda: list(spacy_nlp.pipe(texts, batch_size=batch_size)))
    one: list = []
    steppe_s = timed(lambda: one.extend(enricher.annotate_many(articles)))
    one_s, scaling = steppe_s, {}
    if processes > 1:
        steppe_s, scaling = _in_processes(articles, batch_size, processes, one)
    steppe_tps, spacy_tps = tokens / steppe_s, tokens / spacy_s
    return {
        "docs": docs, "tokens": tokens, "batch_size": batch_size, "processes": processes,
        "steppe_s": round(steppe_s, 3), "spacy_s": round(spacy_s, 3),
        "steppe_tokens_per_s": round(steppe_tps, 1), "spacy_tokens_per_s": round(spacy_tps, 1),
        "steppe_articles_per_s": round(docs / steppe_s, 1),
        "spacy_articles_per_s": round(docs / spacy_s, 1),
        "ratio": round(tokens / one_s / spacy_tps, 3), "peak_rss_mb": peak_rss_mb(),
        "one_process_s": round(one_s, 3), "one_process_tokens_per_s": round(tokens / one_s, 1),
        "speedup": round(one_s / steppe_s, 3), **scaling,
    }


def _in_processes(articles: list[Article], batch_size: int, processes: int,
                  reference: list[Annotation]) -> tuple[float, dict[str, Any]]:
    """Seconds for the same articles through ``processes`` workers, and what to report."""
    with ParallelEnricher(processes, batch_size=batch_size) as pool:
        start_s = timed(pool.start)
        got: list = []
        seconds = timed(lambda: got.extend(a for _, a in pool.annotate_pairs(articles)))
        memory = sorted(pool.memory_mb().values())
    same = [a.to_dict() for a in got] == [a.to_dict() for a in reference]
    return seconds, {"workers_start_s": round(start_s, 1), "worker_peak_rss_mb": memory,
                     "same_annotations": same}
