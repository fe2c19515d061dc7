"""Fit the story clustering weights on the development gold set (never on the test part).

    .venv/bin/python tools/fit_story_weights.py tests/quality/stories_dev.jsonl [--grid]

Annotates the gold articles once (cached beside the gold file in /tmp), then scores the
weights in src/steppe/stories/weights.json and, with --grid, a coarse grid around them,
ranking by pairwise F1 with precision held at 0.93 or more. Prints the best settings; copying
them into weights.json is a deliberate, reviewed step.
"""

from __future__ import annotations

import argparse
import itertools
import json
import pickle
from dataclasses import asdict, replace
from pathlib import Path

from steppe.stories.quality import annotate_gold, cluster_pairs, read_gold, scores
from steppe.stories.scoring import default_weights


def load(path: str):
    records = read_gold(path)
    cache = Path("/tmp") / (Path(path).stem + ".annotated.pkl")
    key = Path(path).stat().st_mtime
    if cache.exists():
        saved_key, pairs = pickle.loads(cache.read_bytes())
        if saved_key == key:
            return records, pairs
    pairs = annotate_gold(records)
    cache.write_bytes(pickle.dumps((key, pairs)))
    return records, pairs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold")
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    records, pairs = load(args.gold)
    gold = {r["id"]: r["story"] for r in records}
    base = default_weights()
    pred = cluster_pairs(pairs, base)
    print(json.dumps(scores(gold, pred)))
    if args.errors:
        show_errors(records, gold, pred)
    if not args.grid:
        return
    results = []
    grid = {"timeless_margin": [0.0, 0.05, 0.1, 0.15, 0.2], "entities": [0.35, 0.4],
            "threshold": [0.23, 0.26, 0.29], "threshold_cross": [0.2, 0.23, 0.26]}
    for values in itertools.product(*grid.values()):
        w = replace(base, **dict(zip(grid, values)))
        s = scores(gold, cluster_pairs(pairs, w))
        results.append((s["pairwise"]["precision"] >= 0.93, s["pairwise"]["f1"],
                        s["bcubed"]["f1"], dict(zip(grid, values)), s))
    results.sort(key=lambda r: (r[0], r[1], r[2]), reverse=True)
    for ok, f1, b3, setting, s in results[:10]:
        print(ok, f1, b3, setting, s["pairwise"])


def show_errors(records, gold, pred) -> None:
    by_id = {r["id"]: r for r in records}
    for story in sorted(set(gold.values())):
        members = [i for i in gold if gold[i] == story]
        predicted = sorted({pred.get(i) for i in members})
        if len(predicted) > 1:
            print(f"SPLIT {story}: " + " | ".join(
                f"{i}[{by_id[i]['lang']}]->{pred.get(i)}" for i in members))
    for sid in sorted(set(pred.values())):
        members = [i for i in pred if pred[i] == sid and i in gold]
        stories = {gold[i] for i in members}
        if len(stories) > 1:
            print(f"MERGE {sid}: " + " | ".join(f"{i}:{gold[i]}" for i in members))


if __name__ == "__main__":
    main()
