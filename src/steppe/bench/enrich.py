"""``steppe bench enrich``: Steppe's full pipeline against spaCy's full fr_core_news_md.

Both run in this process, on the same texts, after a warm-up; the ratio is Steppe's tokens/s
over spaCy's. Token counts come from the same tokenizer for both.
"""

from __future__ import annotations

from typing import Any

from steppe.bench.common import cycle, demo_records, peak_rss_mb, timed
from steppe.enrich.pipeline import Enricher, load_full_spacy
from steppe.model import Article


def run_enrich_bench(docs: int = 500, batch_size: int = 64) -> dict[str, Any]:
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
    steppe_s = timed(lambda: list(enricher.annotate_many(articles)))
    steppe_tps, spacy_tps = tokens / steppe_s, tokens / spacy_s
    return {
        "docs": docs, "tokens": tokens, "batch_size": batch_size,
        "steppe_s": round(steppe_s, 3), "spacy_s": round(spacy_s, 3),
        "steppe_tokens_per_s": round(steppe_tps, 1), "spacy_tokens_per_s": round(spacy_tps, 1),
        "steppe_articles_per_s": round(docs / steppe_s, 1),
        "spacy_articles_per_s": round(docs / spacy_s, 1),
        "ratio": round(steppe_tps / spacy_tps, 3), "peak_rss_mb": peak_rss_mb(),
    }
