"""``steppe bench stories`` end to end on a small SQLite base (figures checked for sense, not speed)."""

from __future__ import annotations

import json


def test_bench_stories_prints_one_json_line(run, tmp_path):
    result = run("bench", "stories", "--docs", "300", "--backend", str(tmp_path / "b.db"), "--json")
    assert result.code == 0, result.err
    figures = json.loads(result.out.strip().splitlines()[-1])
    assert {"docs", "backend", "articles_per_s", "p95_ms", "stories"} <= set(figures)
    assert figures["docs"] == 300 and figures["backend"] == "sqlite"
    assert figures["articles_per_s"] > 0 and figures["p95_ms"] > 0
    # events of 1-6 reports: far fewer stories than articles, but more than one
    assert 1 < figures["stories"] < 300 + 3000
