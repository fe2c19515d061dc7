"""Check an events gold set against shared/eval/EVENTS_FORMAT.md before anyone scores on it.

    python tools/check_events_gold.py tests/quality/events/*.jsonl

Checks: every line parses; ids are unique across the files; each record has id, lang, title,
text, published and gold.events; every event has one of the 16 types, a known mode for its
type (or none), source and recipient lists of actors with a name (and an ISO alpha-2 country
or none), a date YYYY[-MM[-DD]] or null, a status occurred | announced | hypothetical, and a
text that occurs verbatim in the title or the text; an empty recipient only for the types
that allow it; and the gold scored as a system output gives 1.0 (so the scorer reads the file
as meant). Exit 1 on any problem, each named with its file, id and event number.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import re
import sys
import tempfile
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
EMPTY_RECIPIENT_OK = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "RETREAT", "PROTEST", "MOBILIZE"}
MODES = {
    "CONSULT": {"visit", "phone", "multilateral", "third-party"},
    "AID": {"economic", "military", "humanitarian", "asylum"},
    "COERCE": {"arrest", "ban", "deport", "seize", "censor"},
    "SANCTION": {"tariffs", "visa", "diplomatic", "economic", "embargo"},
    "THREATEN": {"ultimatum", "military", "sanction"},
    "RETREAT": {"release", "resign", "ceasefire", "return", "withdraw", "ease"},
    "ASSAULT": {"kill", "clash", "bomb", "attack", "disperse"},
    "PROTEST": {"demonstrate", "strike", "riot"},
}
STATUSES = {"occurred", "announced", "hypothetical"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
COUNTRY = re.compile(r"^[A-Z]{2}$")


def problems(path: Path, seen: set[str]) -> list[str]:
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            out.append(f"{where}: invalid JSON ({exc.msg})")
            continue
        rid = rec.get("id")
        if not rid or rid in seen:
            out.append(f"{where}: missing or repeated id {rid!r}")
        seen.add(rid)
        for field in ("lang", "text", "gold"):
            if field not in rec:
                out.append(f"{where} {rid}: no {field}")
        events = (rec.get("gold") or {}).get("events")
        if not isinstance(events, list):
            out.append(f"{where} {rid}: gold.events is not a list")
            continue
        body = f"{rec.get('title') or ''}\n{rec.get('text') or ''}"
        for i, ev in enumerate(events, 1):
            out += [f"{where} {rid} event {i}: {p}" for p in _event_problems(ev, body)]
    return out


def _event_problems(ev: dict, body: str) -> list[str]:
    out = []
    kind = ev.get("type")
    if kind not in TYPES:
        return [f"unknown type {kind!r}"]
    mode = ev.get("mode")
    if mode is not None and mode not in MODES.get(kind, set()):
        out.append(f"mode {mode!r} is not one of {kind}'s {sorted(MODES.get(kind, []))}")
    for side in ("source", "recipient"):
        actors = ev.get(side)
        if not isinstance(actors, list):
            out.append(f"{side} is not a list")
            continue
        for actor in actors:
            if not isinstance(actor, dict) or not (actor.get("name") or "").strip():
                out.append(f"{side} actor without a name: {actor!r}")
            elif actor.get("country") is not None and not COUNTRY.match(actor["country"]):
                out.append(f"{side} actor country {actor['country']!r} is not ISO alpha-2")
    if not ev.get("source"):
        out.append("no source")
    if not ev.get("recipient") and kind not in EMPTY_RECIPIENT_OK:
        out.append(f"{kind} needs a recipient")
    if ev.get("date") is not None and not DATE.match(str(ev["date"])):
        out.append(f"date {ev['date']!r} is not YYYY[-MM[-DD]] or null")
    if ev.get("status") not in STATUSES:
        out.append(f"status {ev.get('status')!r}")
    text = ev.get("text") or ""
    if not text or text not in body:
        out.append(f"text is not verbatim in the title or text: {text[:60]!r}")
    return out


def _scores_one(paths: list[Path]) -> list[str]:
    spec = importlib.util.spec_from_file_location("score_events", SHARED / "eval" / "score_events.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    with tempfile.TemporaryDirectory() as tmp:
        gold, system = Path(tmp) / "gold.jsonl", Path(tmp) / "system.jsonl"
        lines = [line for p in paths for line in p.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
        gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
        system.write_text("\n".join(json.dumps({"id": r["id"], "events": r["gold"]["events"]})
                                    for r in map(json.loads, lines)) + "\n", encoding="utf-8")
        with contextlib.redirect_stdout(io.StringIO()) as out:
            scorer.main([str(gold), str(system), "--json"])
        result = json.loads(out.getvalue())
    f1 = result["events"]["f1"]
    total = result["events"]["tp"] + result["events"]["fn"]
    return [] if f1 == 1.0 or total == 0 else [f"the gold scored as output gives F1 {f1}, not 1.0"]


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv]
    if not paths:
        print(__doc__)
        return 2
    seen: set[str] = set()
    found = [p for path in paths for p in problems(path, seen)]
    if not found:
        found = _scores_one(paths)
    for line in found:
        print(line)
    events = sum(len((json.loads(l).get("gold") or {}).get("events") or [])
                 for p in paths for l in p.read_text(encoding="utf-8").splitlines() if l.strip())
    print(f"{len(seen)} records, {events} events, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
