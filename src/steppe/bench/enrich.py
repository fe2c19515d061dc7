"""``steppe bench enrich``: Steppe's full pipeline against spaCy's full fr_core_news_md.

Both run in this process, on the same texts, after the same warm-up; the ratio is Steppe's
tokens/s over spaCy's, one process each (what the pipeline costs per core). Token counts come
from the same tokenizer for both, counted after the clocks (counting first would put every text
through this process's tokenizer before its timed run and not through the workers').

With ``processes`` > 1, Steppe also runs on the same texts through that many worker processes
(started and loaded before any clock, as a long ingest amortises them): the ``steppe_*``
figures are that run's, ``one_process_*`` the single-process run's, ``speedup`` their ratio,
and ``same_annotations`` checks that every run annotated every article alike.

Each figure is the best of ``rounds`` timed runs, interleaved round by round (one process,
N processes, spaCy) so that both sides meet the same conditions. The machine may be shared:
N processes need N idle cores where one process needs one, so another job costs the N-process
run far more (2 processes on 2 cores: 1.05x beside others' tests, 1.24x beside one busy loop,
up to 1.94x when idle; docs/performance.md, Scaling). ``seconds_by_round`` keeps every run;
``load_before`` is the 1-minute load average when the bench starts (others' work),
``load_after`` after the last round. The CPU seconds of the best runs (``one_process_cpu_s``,
each worker's ``workers_cpu_s``, and ``parent_cpu_s``, this process's while the workers ran)
tell a busy machine (wall time above the workers' CPU time) from a parallel overhead (workers'
CPU seconds adding up to more than one process's).
"""

from __future__ import annotations

import json
import os
import time
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from steppe.bench.common import cycle, demo_records, peak_rss_mb, timed
from steppe.enrich.parallel import ParallelEnricher
from steppe.enrich.pipeline import Enricher, load_full_spacy
from steppe.model import Article

ROUNDS = 5  # best of five: the first round of each pipeline runs ~15 % slow (caches filling)
WARM_UP = 20  # the first 20 demo articles: the texts each worker warms up on before it is ready


def run_enrich_bench(docs: int = 500, batch_size: int = 64, processes: int = 1,
                     rounds: int = ROUNDS, events: bool = True) -> dict[str, Any]:
    load_before = os.getloadavg()[0]  # others' work: ours has not started
    records = list(cycle(demo_records(), docs))
    articles = [Article(id=f"b{i}", title=r.get("title"), text=r["text"],
                        published=r.get("published"), lang=r.get("lang"))
                for i, r in enumerate(records)]
    texts = [f"{a.title}\n\n{a.text}" if a.title else a.text for a in articles]
    enricher = Enricher(batch_size=batch_size, events=events)
    spacy_nlp = load_full_spacy()
    list(enricher.annotate_many(articles[:WARM_UP]))      # warm-up, as each worker's
    list(spacy_nlp.pipe(texts[:WARM_UP]))
    runs: dict[str, list[_Run]] = {"one_process": [], "steppe": [], "spacy": []}
    scaling: dict[str, Any] = {}
    annotations: set[str] = set()  # every run's, as JSON: one element if all runs agree
    with ExitStack() as stack:
        pool = None
        if processes > 1:
            pool = stack.enter_context(ParallelEnricher(processes, batch_size=batch_size,
                                                        events=events))
            scaling["workers_start_s"] = round(timed(pool.start), 1)
        pids = sorted(pool.memory_mb()) if pool else []
        for _ in range(rounds):
            runs["one_process"].append(_run(lambda: list(enricher.annotate_many(articles))))
            if pool is not None:
                runs["steppe"].append(_run(
                    lambda: [a for _, a in pool.annotate_pairs(articles)], pids))
            runs["spacy"].append(_run(
                lambda: len(list(spacy_nlp.pipe(texts, batch_size=batch_size)))))
            if pool is not None:
                annotations |= {_as_json(runs["one_process"][-1]), _as_json(runs["steppe"][-1])}
        load_after = os.getloadavg()[0]
        if pool is not None:
            scaling.update({"worker_peak_rss_mb": sorted(pool.memory_mb().values()),
                            "same_annotations": len(annotations) == 1})
    tokens = sum(len(enricher.nlp.make_doc(t)) for t in texts)
    one, spacy = _best(runs["one_process"]), _best(runs["spacy"])
    steppe = _best(runs["steppe"]) if pool is not None else one
    if pool is not None:
        scaling.update({"workers_cpu_s": [round(s, 2) for s in steppe.workers_cpu_s],
                        "parent_cpu_s": round(steppe.cpu_s, 2)})
    steppe_tps, spacy_tps = tokens / steppe.seconds, tokens / spacy.seconds
    return {
        "docs": docs, "events": events, "tokens": tokens, "batch_size": batch_size,
        "processes": processes,
        "steppe_s": round(steppe.seconds, 3), "spacy_s": round(spacy.seconds, 3),
        "steppe_tokens_per_s": round(steppe_tps, 1), "spacy_tokens_per_s": round(spacy_tps, 1),
        "steppe_articles_per_s": round(docs / steppe.seconds, 1),
        "spacy_articles_per_s": round(docs / spacy.seconds, 1),
        "ratio": round(tokens / one.seconds / spacy_tps, 3), "peak_rss_mb": peak_rss_mb(),
        "one_process_s": round(one.seconds, 3),
        "one_process_tokens_per_s": round(tokens / one.seconds, 1),
        "speedup": round(one.seconds / steppe.seconds, 3),
        "rounds": rounds, "load_before": round(load_before, 2), "load_after": round(load_after, 2),
        "seconds_by_round": {name: [round(r.seconds, 3) for r in rs] for name, rs in runs.items()
                             if rs},
        "one_process_cpu_s": round(one.cpu_s, 2), **scaling,
    }


@dataclass
class _Run:
    """One timed run: wall seconds, this process's CPU seconds, each worker's, the result."""

    seconds: float
    cpu_s: float
    workers_cpu_s: list[float]
    result: Any


def _run(fn: Callable[[], Any], pids: Sequence[int] = ()) -> _Run:
    workers_before = [_cpu_s(pid) for pid in pids]
    cpu_before, start = time.process_time(), time.perf_counter()
    result = fn()
    seconds, cpu_s = time.perf_counter() - start, time.process_time() - cpu_before
    workers = [_cpu_s(pid) - before for pid, before in zip(pids, workers_before)]
    return _Run(seconds, cpu_s, workers, result)


def _as_json(run: _Run) -> str:
    """The run's annotations as one JSON string (and the run lets go of them)."""
    annotations, run.result = run.result, []
    return json.dumps([a.to_dict() for a in annotations], sort_keys=True, default=str)


def _best(runs: list[_Run]) -> _Run:
    return min(runs, key=lambda run: run.seconds)


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far; 0 where /proc is missing."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
