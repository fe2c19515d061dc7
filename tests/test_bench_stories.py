"""``steppe bench stories``: the story corpus, and a tiny run end to end (sense, not speed)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

from steppe.bench.story_corpus import StoryCorpus
from steppe.store import open_store
from steppe.stories import cluster_new

KEYS = {"docs", "backend", "articles_per_s", "p95_ms", "stories", "baseline_store_per_s",
        "fill_s", "peak_rss_mb"}


def test_story_corpus_is_deterministic_and_annotated_consistently():
    one, two = StoryCorpus(seed=5), StoryCorpus(seed=5)
    for i in (0, 1, 700, 5_000):
        (a1, n1), (a2, n2) = one.article(i), two.article(i)
        assert a1 == a2 and n1.to_dict() == n2.to_dict() and one.event_of(i) == two.event_of(i)
    for i in range(400):
        article, annotation = one.article(i)
        for entity in annotation.entities:
            assert ":" in entity.id
            for m in entity.mentions:
                assert _field(article, m.field)[m.start:m.end] == m.text
        for mark in (*annotation.dates, *annotation.money, *annotation.percents):
            assert _field(article, mark.field)[mark.start:mark.end] == mark.text
    langs = Counter(one.article(i)[0].lang for i in range(600))
    assert langs["fr"] > langs["en"] > 0 and langs["ru"] > 0


def test_an_event_is_several_outlets_on_nearby_days_sharing_its_evidence():
    corpus = StoryCorpus(seed=1)
    events: dict[str, list[int]] = {}
    for i in range(512):
        events.setdefault(corpus.event_of(i), []).append(i)
    sizes = Counter(len(v) for v in events.values())
    assert max(sizes) <= 8 and sum(n for s, n in sizes.items() if s > 1) > len(events) / 2
    members = max(events.values(), key=len)
    pairs = [corpus.article(i) for i in members]
    assert len({a.source for a, _ in pairs}) > 1
    days = sorted(date.fromisoformat(a.published) for a, _ in pairs)
    assert (days[-1] - days[0]).days <= 3
    shared = set.intersection(*({e.id for e in n.entities} for _, n in pairs))
    assert shared                                   # the event's actor or place, everywhere


def test_synthetic_events_mostly_land_in_one_story(tmp_path):
    corpus = StoryCorpus(seed=2)
    with open_store(str(tmp_path / "s.db")) as store:
        store.put_articles(list(corpus.iter(600)))
        cluster_new(store)
        story = {aid: sid for aid, sid, _ in store.iter_story_members()}
    by_event: dict[str, set[str]] = {}
    for i in range(600):
        by_event.setdefault(corpus.event_of(i), set()).add(story[f"sty2-{i:08d}"])
    multi = [stories for event, stories in by_event.items()
             if sum(1 for i in range(600) if corpus.event_of(i) == event) > 1]
    assert sum(len(s) == 1 for s in multi) > len(multi) / 2


def test_bench_stories_prints_one_json_line_and_reuses_its_base(run, tmp_path):
    base = tmp_path / "b.db"
    result = run("bench", "stories", "--docs", "300", "--sample", "200", "--backend", base,
                 "--json")
    assert result.code == 0, result.err
    figures = json.loads(result.out.strip().splitlines()[-1])
    assert KEYS <= set(figures)
    assert figures["docs"] == 300 and figures["backend"] == "sqlite" and figures["sample"] == 200
    assert figures["articles_per_s"] > 0 and figures["p95_ms"] > 0 and figures["fill_s"] > 0
    assert 0 < figures["stories"] < 500 and not figures["fill_reused"]
    assert figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"] <= figures["max_ms"]
    assert figures["quality"]["bcubed"]["recall"] > 0.5
    again = run("bench", "stories", "--docs", "300", "--sample", "200", "--backend", base,
                "--json")
    assert again.code == 0, again.err
    second = json.loads(again.out.strip().splitlines()[-1])
    assert second["fill_reused"] and second["stories"] == figures["stories"]
    with open_store(str(base)) as store:
        assert store.count_articles() == 300        # the measured sample was rolled back


def _field(article, name: str) -> str:
    return (article.title or "") if name == "title" else article.text
