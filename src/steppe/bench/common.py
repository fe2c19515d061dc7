"""Shared helpers for benchmarks: peak memory, timing, the texts to run on."""

from __future__ import annotations

import json
import resource
import time
from importlib.resources import files
from typing import Callable, Iterator


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def demo_records() -> list[dict]:
    path = files("steppe.resources").joinpath("demo_corpus.jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    return [r for r in records if r.get("lang", "fr") == "fr"]  # benches compare French text


def cycle(records: list[dict], n: int) -> Iterator[dict]:
    for i in range(n):
        yield records[i % len(records)]
