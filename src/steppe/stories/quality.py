"""Measuring story clustering against a gold grouping: pairwise and B-cubed scores.

A gold file is JSONL with the article fields ``steppe ingest`` reads plus ``story`` (the gold
group). ``cluster_gold`` enriches and stores the articles in a scratch SQLite file in file
order, exactly as an ingest would, and returns the predicted story of each article.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any, Iterable

from steppe.model import Annotation, Article
from steppe.stories.cluster import cluster_new
from steppe.stories.scoring import Weights


def _pairs(groups: dict[str, str]) -> set[tuple[str, str]]:
    by_group: dict[str, list[str]] = defaultdict(list)
    for item, group in groups.items():
        by_group[group].append(item)
    return {tuple(sorted(p)) for members in by_group.values()  # type: ignore[misc]
            for p in combinations(members, 2)}


def _prf(p: float, r: float) -> dict[str, float]:
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def pairwise(gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    """Precision / recall / F1 over pairs of articles put in the same story."""
    g, p = _pairs(gold), _pairs({k: v for k, v in pred.items() if k in gold})
    tp = len(g & p)
    return _prf(tp / len(p) if p else 1.0, tp / len(g) if g else 1.0)


def bcubed(gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    """B-cubed precision / recall / F1 (per article, its cluster against its gold group)."""
    g_members: dict[str, set[str]] = defaultdict(set)
    p_members: dict[str, set[str]] = defaultdict(set)
    for item in gold:
        g_members[gold[item]].add(item)
        p_members[pred.get(item, "solo:" + item)].add(item)
    precision = recall = 0.0
    for item in gold:
        mine = p_members[pred.get(item, "solo:" + item)]
        theirs = g_members[gold[item]]
        both = len(mine & theirs)
        precision += both / len(mine)
        recall += both / len(theirs)
    n = len(gold) or 1
    return _prf(precision / n, recall / n)


def scores(gold: dict[str, str], pred: dict[str, str]) -> dict[str, Any]:
    return {"articles": len(gold), "stories": len(set(gold.values())),
            "predicted_stories": len({pred.get(k, "solo:" + k) for k in gold}),
            "pairwise": pairwise(gold, pred), "bcubed": bcubed(gold, pred)}


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def annotate_gold(records: list[dict[str, Any]]) -> list[tuple[Article, Annotation]]:
    """Articles of gold records with Steppe's annotations (the slow part: do it once)."""
    from steppe.enrich.pipeline import Enricher
    from steppe.sources.records import normalise_published

    articles = [Article(id=r["id"], title=r.get("title"), text=r["text"],
                        published=normalise_published(r["published"]) if r.get("published")
                        else None, source=r.get("source"), url=r.get("url"),
                        lang=r.get("lang"), ingested_at="2026-01-01T00:00:00+00:00")
                for r in records]
    return list(Enricher().annotate_pairs(articles))


def cluster_pairs(pairs: Iterable[tuple[Article, Annotation]],
                  weights: Weights | None = None) -> dict[str, str]:
    """Store and cluster annotated articles in a scratch SQLite file: article id -> story id."""
    from steppe.store.sqlite import SqliteStore

    with tempfile.TemporaryDirectory() as tmp:
        with SqliteStore(str(Path(tmp) / "gold.db")) as store:
            store.put_articles(list(pairs))
            cluster_new(store, weights)
            return {aid: sid for aid, sid, _ in store.iter_story_members()}
