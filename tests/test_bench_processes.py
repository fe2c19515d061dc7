"""``steppe bench enrich|ingest --processes N``: the one-process baseline and the N-process run
in the same invocation, on the same texts, with the same annotations; the last JSON line holds
``processes``, the speedup and each worker's memory (bench enrich: also every interleaved round
and the CPU seconds behind the best ones)."""

from __future__ import annotations

import json

import pytest


def _last_json(out: str) -> dict:
    return json.loads(out.strip().splitlines()[-1])


def test_bench_enrich_in_two_processes(run, monkeypatch):
    monkeypatch.setenv("STEPPE_BATCH_SIZE", "8")  # tasks of 16: both workers get some
    result = run("bench", "enrich", "--docs", "64", "--processes", "2", "--rounds", "2",
                 "--json")
    assert result.code == 0, result.err
    figures = _last_json(result.out)
    assert figures["processes"] == 2 and figures["same_annotations"] is True
    assert figures["steppe_tokens_per_s"] > 0 and figures["one_process_tokens_per_s"] > 0
    assert abs(figures["speedup"] - figures["one_process_s"] / figures["steppe_s"]) < 0.01
    assert len(figures["worker_peak_rss_mb"]) == 2 and min(figures["worker_peak_rss_mb"]) > 100
    assert {"ratio", "spacy_tokens_per_s", "peak_rss_mb", "load_before", "load_after",
            "one_process_cpu_s", "parent_cpu_s"} <= set(figures)
    # each figure is the best of the interleaved rounds, every round kept
    rounds = figures["seconds_by_round"]
    assert set(rounds) == {"one_process", "steppe", "spacy"}
    assert all(len(seconds) == figures["rounds"] for seconds in rounds.values())
    assert figures["steppe_s"] == min(rounds["steppe"])
    assert figures["one_process_s"] == min(rounds["one_process"])
    assert len(figures["workers_cpu_s"]) == 2


def test_bench_ingest_in_two_processes(run, monkeypatch):
    monkeypatch.setenv("STEPPE_BATCH_SIZE", "8")
    result = run("bench", "ingest", "--items", "80", "--processes", "2", "--json")
    assert result.code == 0, result.err
    figures = _last_json(result.out)
    assert figures["processes"] == 2 and figures["same_annotations"] is True
    assert figures["enriched"]["items"] == figures["enriched_one_process"]["items"] == 80
    assert figures["enriched"]["items_per_s"] > 0 and figures["speedup"] > 0
    assert len(figures["worker_peak_rss_mb"]) == 2


@pytest.mark.postgres
@pytest.mark.slow
def test_bench_ingest_through_procrastinate_workers(run, pg_url, monkeypatch):
    import steppe.bench.ingest_queue as ingest_queue

    monkeypatch.setattr(ingest_queue, "ANNOTATE", "tests.tasks.helpers:light")
    monkeypatch.setenv("STEPPE_BATCH_SIZE", "8")
    result = run("bench", "ingest", "--items", "60", "--processes", "2", "--backend", pg_url,
                 "--json")
    assert result.code == 0, result.err
    figures = _last_json(result.out)
    assert figures["runner"] == "procrastinate" and figures["processes"] == 2
    for run_ in (figures["enriched_one_process"], figures["enriched"]):
        assert run_["items"] == 60 and run_["annotated"] == run_["new"] + run_["linked"]
        assert run_["items_per_s"] > 0
    assert len(figures["enriched"]["worker_rss_mb"]) == 2
    assert figures["backlog"]["processes"]["articles"] == figures["enriched"]["annotated"]
    assert figures["speedup"] > 0 and figures["backlog"]["speedup"] > 0
    bad = run("bench", "ingest", "--backend", "mysql://x")
    assert bad.code != 0 and "une URL postgresql:// est attendue" in bad.err
