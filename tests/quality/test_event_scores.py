"""Event extraction (issue 15) holds its floors on the seed and on our own gold, both parts.

The gold is ``tests/quality/events/*.jsonl`` (EVENTS_FORMAT.md), split by id as round 2: the test
part (numbers ending in 0, 3, 5 or 8, and blind sets F, H, R and U, ids ``ev-te-*``) is scored,
never debugged on. Floors sit a little under what was measured; the issue's targets (F1 0.70,
precision 0.80) are above them still.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
from pathlib import Path

import pytest

from steppe.enrich.pipeline import Enricher
from steppe.model import Article

HERE = Path(__file__).resolve().parent
# (F1, precision) floors, a little under what we measure (NOTES.md, Events): seed 0.839 /
# 0.929, dev 0.806 / 0.898 (786 records, twenty-two sets written blind to the system among
# them; the last two, Z and AA, at 0.729 / 0.896 and 0.745 / 0.867 at first contact), test
# 0.702 / 0.821 (246 records: the older 46 at 0.542 / 0.671, the six blind test sets F, H, R,
# U, V and Y at 0.719 / 0.837 together, Y the hardest at 0.627 / 0.766).
# The test part stays the lowest: its floor follows the measure, not the wish.
SEED_FLOORS = (0.80, 0.90)
DEV_FLOORS = (0.80, 0.89)
TEST_FLOORS = (0.69, 0.81)


def part_of(record_id: str) -> str:
    if record_id.startswith("ev-dv"):
        return "dev"
    if record_id.startswith("ev-te"):
        return "test"  # blind set F, written as a test set: never debugged on
    return "test" if int(record_id.rsplit("-", 1)[-1]) % 5 in (0, 3) else "dev"


def _events_score(shared: Path, records: list[dict], tmp_path: Path) -> dict:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    articles = [Article(id=r["id"], title=r.get("title"), text=r["text"],
                        published=r.get("published"), lang=r.get("lang")) for r in records]
    out = tmp_path / "out.jsonl"
    enricher = Enricher(events=True)
    out.write_text("".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n"
                           for a in enricher.annotate_many(articles)), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("score_events",
                                                  shared / "eval" / "score_events.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        scorer.main([str(gold), str(out), "--json"])
    return json.loads(buf.getvalue().strip().splitlines()[-1])["events"]


def _records(part: str) -> list[dict]:
    out = []
    for path in sorted((HERE / "events").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and part_of(json.loads(line)["id"]) == part:
                out.append(json.loads(line))
    return out


@pytest.mark.shared
def test_seed_events_hold_their_floors(shared, tmp_path):
    records = [json.loads(line) for line in
               (shared / "data" / "seed_gold.jsonl").read_text("utf-8").splitlines() if line]
    result = _events_score(shared, records, tmp_path)
    assert result["f1"] >= SEED_FLOORS[0] and result["p"] >= SEED_FLOORS[1], result


@pytest.mark.shared
@pytest.mark.parametrize(("part", "floors"), [("dev", DEV_FLOORS), ("test", TEST_FLOORS)])
def test_our_event_gold_parts_hold_their_floors(shared, tmp_path, part, floors):
    records = _records(part)
    assert len(records) >= 40
    result = _events_score(shared, records, tmp_path)
    assert result["f1"] >= floors[0] and result["p"] >= floors[1], result
