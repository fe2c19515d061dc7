"""``steppe bench ingest`` runs the watcher's own path on a local feed and reports items/s."""

from __future__ import annotations

import json


def test_bench_ingest_small_without_enrichment(run):
    result = run("bench", "ingest", "--items", "300", "--no-enrich", "--json")
    assert result.code == 0, result.err
    figures = json.loads(result.out.splitlines()[-1])
    plain = figures["plain"]
    assert plain["items"] == 300 and plain["items_per_s"] > 0
    assert plain["new"] + plain["linked"] + plain["duplicate"] == 300
    assert plain["linked"] > 0 and plain["duplicate"] > 0
