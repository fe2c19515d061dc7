"""The search benchmark: a deterministic synthetic corpus and the figures' shape."""

from __future__ import annotations

from steppe.bench.search import run_search_bench
from steppe.bench.synthetic import SyntheticCorpus

QUERY_TYPES = {"rare_word", "common_word", "two_words", "phrase", "prefix", "filtered_by_date",
               "facets", "alias_entity"}


def test_the_corpus_is_deterministic_and_annotated_consistently():
    one, two = SyntheticCorpus(seed=7), SyntheticCorpus(seed=7)
    for i in (0, 1, 999):
        (a1, n1), (a2, n2) = one.article(i), two.article(i)
        assert a1 == a2 and n1.to_dict() == n2.to_dict()
    article, annotation = one.article(3)
    assert article.published and article.source and article.lang == "fr"
    assert annotation.entities and annotation.topics
    for entity in annotation.entities:
        for m in entity.mentions:
            text = article.title if m.field == "title" else article.text
            assert text[m.start:m.end] == m.text
    codes = {c.code for c in annotation.countries}
    assert codes == {e.country for e in annotation.entities if e.country}
    assert SyntheticCorpus(seed=8).article(3)[0].text != article.text


def test_words_follow_a_long_tailed_law():
    corpus = SyntheticCorpus(seed=1)
    counts: dict[str, int] = {}
    for article, _ in corpus.iter(300):
        for word in article.text.lower().split():
            counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    assert ranked[0] > 20 * ranked[len(ranked) // 2]       # a few very common words, many rare
    assert len(corpus.words) >= 50_000


def test_bench_reports_every_query_type_with_its_baseline():
    result = run_search_bench(docs=300, rounds=1)
    assert result["docs"] == 300 and result["backend"] == "sqlite"
    assert result["build_s"] >= 0 and result["index_mb"] > 0 and result["ingest_per_s"] > 0
    assert set(result["queries"]) == QUERY_TYPES
    for figures in result["queries"].values():
        assert figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"]
        assert set(figures["baseline"]) == {"p50_ms", "p95_ms", "p99_ms"}
