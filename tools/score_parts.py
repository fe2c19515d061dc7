"""Score Steppe on the round-2 gold set, dev part and test part apart.

    python tools/score_parts.py                 # both parts, a table per part
    python tools/score_parts.py --part dev --show-errors
    python tools/score_parts.py --lang ru       # one language's records only

The test part is scored at the end of a change and never debugged on: this tool refuses
``--show-errors`` on it. The split is fixed by id (``part_of``), so a record never moves between
parts when files are edited or records added.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ROUND2 = ROOT / "tests" / "quality" / "round2"


def part_of(record_id: str) -> str:
    """"test" for two ids in five (numbers ending in 0, 3, 5 or 8), "dev" for the others;
    records added to the dev part later (``r2-dv…`` ids) never join the test part."""
    if record_id.startswith("r2-dv"):  # written after the split was fixed: dev only
        return "dev"
    number = int(record_id.rsplit("-", 1)[-1])
    return "test" if number % 5 in (0, 3) else "dev"


def records(part: str, lang: str | None = None) -> list[dict]:
    out = []
    for path in sorted(ROUND2.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                if (part == "all" or part_of(rec["id"]) == part) and (
                        lang is None or rec.get("lang") == lang):
                    out.append(rec)
    return out


def annotate_and_score(chosen: list[dict], scorer: str, annotate: list[str] = (),
                       score: list[str] = ()) -> str:
    """Annotate ``chosen`` with ``steppe annotate`` (plus ``annotate`` options) and score the
    output with ``../shared/eval/<scorer>`` (plus ``score`` options); its printout."""
    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp) / "gold.jsonl"
        gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen),
                        encoding="utf-8")
        out = Path(tmp) / "out.jsonl"
        with out.open("w", encoding="utf-8") as sink:
            subprocess.run([str(Path(sys.executable).parent / "steppe"), "annotate", *annotate,
                            "--input-format", "jsonl", str(gold)], stdout=sink, check=True,
                           cwd=ROOT)
        done = subprocess.run([sys.executable, str(SHARED / "eval" / scorer), str(gold),
                               str(out), *score], capture_output=True, text=True, check=True)
        return done.stdout


def score(part: str, lang: str | None, show_errors: bool) -> str:
    chosen = records(part, lang)
    printed = annotate_and_score(chosen, "score.py", score=["--show-errors"] if show_errors else [])
    return f"== round 2, {part} part{f', {lang}' if lang else ''}: {len(chosen)} records\n" \
        + printed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("dev", "test", "all", "both"), default="both")
    parser.add_argument("--lang")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args(argv)
    if args.show_errors and args.part in ("test", "all", "both"):
        parser.error("--show-errors only on --part dev: the test part is never debugged on")
    for part in (("dev", "test") if args.part == "both" else (args.part,)):
        print(score(part, args.lang, args.show_errors))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
