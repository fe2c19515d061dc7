"""Quality gates: enrichment scores on gold sets, pinned as floors (DESIGN habit 9).

Raise a floor when the score rises; never lower one quietly. The seed is the development set
of the issue (floors 0.95); ``dev_gold.jsonl`` is the team's own set written in other outlets'
styles in French, English and Russian, a guard against tuning to the seed's sentences.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
from pathlib import Path

import pytest

import steppe
from steppe.model import Article

HERE = Path(__file__).resolve().parent

SEED_FLOORS = {"countries": 0.95, "persons": 0.95, "orgs": 0.95, "places": 0.95,
               "dates": 0.95, "money": 0.95, "percents": 0.95, "topics": 0.85}
DEV_FLOORS = {"countries": 0.97, "persons": 0.96, "orgs": 0.95, "places": 0.95,
              "dates": 0.97, "money": 0.97, "percents": 0.97, "quotes": 0.97, "topics": 0.93}


# Round 2 (issue 14): the harder set in round2/, split by id into a dev part (debugged on) and a
# test part (scored only); floors a little under the scores measured at the close.
ROUND2_DEV_FLOORS = {"countries": 0.97, "persons": 0.96, "orgs": 0.95, "places": 0.97,
                     "dates": 0.97, "money": 0.98, "percents": 0.98, "quotes": 0.97,
                     "topics": 0.93}
ROUND2_TEST_FLOORS = {"countries": 0.97, "persons": 0.97, "orgs": 0.86, "places": 0.89,
                      "dates": 0.94, "money": 0.97, "percents": 0.98, "quotes": 0.90,
                      "topics": 0.95}


def round2_part(part: str) -> list[dict]:
    """The round-2 records of one part: numbers ending in 0, 3, 5 or 8 are the test part
    (``tools/score_parts.py`` splits the same way); ``r2-dv…`` records, written later for the
    dev part, are never in the test part."""
    out = []
    for path in sorted((HERE / "round2").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                number = int(rec["id"].rsplit("-", 1)[-1])
                test = number % 5 in (0, 3) and not rec["id"].startswith("r2-dv")
                if ("test" if test else "dev") == part:
                    out.append(rec)
    return out


def _scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("steppe_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score(shared: Path, gold: Path, tmp_path: Path) -> dict:
    records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line]
    articles = [Article(id=r["id"], title=r.get("title"), text=r["text"],
                        published=r.get("published"), lang=r.get("lang")) for r in records]
    out = tmp_path / "out.jsonl"
    out.write_text("".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n"
                           for a in steppe.annotate_many(articles)), encoding="utf-8")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        _scorer(shared).main([str(gold), str(out), "--json"])
    return json.loads(buf.getvalue().strip().splitlines()[-1])


def _check(result: dict, floors: dict) -> list[str]:
    low = []
    for field, floor in floors.items():
        value = result[field]["top1"] if field == "topics" else result[field]["f1"]
        if value < floor:
            low.append(f"{field}: {value} < floor {floor}")
    return low


@pytest.mark.shared
def test_seed_scores_hold_their_floors(shared, tmp_path):
    result = _score(shared, shared / "data" / "seed_gold.jsonl", tmp_path)
    assert not _check(result, SEED_FLOORS), result


@pytest.mark.shared
def test_dev_set_scores_hold_their_floors(shared, tmp_path):
    result = _score(shared, HERE / "dev_gold.jsonl", tmp_path)
    assert not _check(result, DEV_FLOORS), result


@pytest.mark.shared
@pytest.mark.parametrize(("part", "floors"), [("dev", ROUND2_DEV_FLOORS),
                                              ("test", ROUND2_TEST_FLOORS)])
def test_round2_parts_hold_their_floors(shared, tmp_path, part, floors):
    records = round2_part(part)
    assert len(records) >= 40  # the split keeps both parts large enough to mean something
    gold = tmp_path / f"round2_{part}.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    result = _score(shared, gold, tmp_path)
    assert not _check(result, floors), result
