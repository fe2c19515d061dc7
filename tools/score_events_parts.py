"""Score Steppe's events on the events gold set, dev and test parts apart.

    python tools/score_events_parts.py [--part dev|test|both] [--show-errors]

The set is ``tests/quality/events/*.jsonl`` (EVENTS_FORMAT.md). The split is fixed by id, as in
round 2: numbers ending in 0, 3, 5 or 8 are the test part, never debugged on (so
``--show-errors`` is refused there); ids starting ``ev-dv`` are dev-only, ``ev-te`` test-only
(the same split as tests/quality/test_event_scores.py). The seed (with its
gold events) is scored with ``--part seed``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from score_parts import annotate_and_score  # noqa: E402  (a sibling tool)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EVENTS = ROOT / "tests" / "quality" / "events"


def part_of(record_id: str) -> str:
    if record_id.startswith("ev-dv"):
        return "dev"
    if record_id.startswith("ev-te"):
        return "test"  # blind sets written as test sets (F, H): never debugged on
    number = int(record_id.rsplit("-", 1)[-1])
    return "test" if number % 5 in (0, 3) else "dev"


def records(part: str) -> list[dict]:
    if part == "seed":
        path = SHARED / "data" / "seed_gold.jsonl"
        return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    out = []
    for path in sorted(EVENTS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                if part == "all" or part_of(rec["id"]) == part:
                    out.append(rec)
    return out


def score(part: str, show_errors: bool, as_json: bool = False) -> str:
    chosen = records(part)
    printed = annotate_and_score(chosen, "score_events.py", annotate=["--events"],
                                 score=(["--show-errors"] if show_errors else [])
                                 + (["--json"] if as_json else []))
    return printed if as_json else f"== events, {part} part: {len(chosen)} records\n" + printed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("dev", "test", "both", "seed"), default="both")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args(argv)
    if args.show_errors and args.part in ("test", "both"):
        parser.error("--show-errors only on --part dev or seed: the test part is never debugged on")
    for part in (("dev", "test") if args.part == "both" else (args.part,)):
        print(score(part, args.show_errors))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
