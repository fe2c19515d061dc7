"""Check a gold set against shared/eval/GOLD_FORMAT.md before anyone scores on it.

    python tools/check_gold.py tests/quality/round2/*.jsonl

Checks: every line parses; ids are unique; the fields and value shapes are the format's; every
date, money, percent and quote text, and at least one name or alias of every entity, occurs
verbatim in the title or text; countries are sorted ISO codes; a system output built from the
gold itself scores 1.0 on every field (so the scorer reads the file as meant). Exit 1 on any
problem, each named with its file, id and field.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
FIELDS = {"id", "lang", "source", "url", "published", "title", "text", "gold"}
GOLD_LISTS = ("countries", "countries_optional", "persons", "persons_optional", "orgs",
              "orgs_optional", "places", "regions", "dates", "money", "percents", "topics",
              "quotes")
VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _fold(text: str) -> str:
    """Case, accents and apostrophe variants aside, as the scorer compares names."""
    text = unicodedata.normalize("NFKD", re.sub(r"[’‘`´ʼ]", "'", text))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def problems(path: Path, seen: set[str]) -> list[str]:
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            out.append(f"{where}: not JSON ({exc})")
            continue
        rid = rec.get("id")
        where = f"{where} {rid}"
        if rid in seen:
            out.append(f"{where}: duplicate id")
        seen.add(rid)
        missing = FIELDS - rec.keys()
        if missing:
            out.append(f"{where}: missing {sorted(missing)}")
            continue
        body = (rec.get("title") or "") + "\n" + rec["text"]
        folded = _fold(body)
        gold = rec["gold"]
        for key in GOLD_LISTS:
            if not isinstance(gold.get(key, []), list):
                out.append(f"{where}: gold.{key} is not a list")
        if gold.get("countries", []) != sorted(set(gold.get("countries", []))):
            out.append(f"{where}: countries not sorted/unique")
        for kind in ("persons", "orgs", "places", "persons_optional", "orgs_optional"):
            for ent in gold.get(kind, []):
                if isinstance(ent, str):
                    names = [ent]
                else:
                    names = [ent.get("name", "")] + list(ent.get("aliases", []))
                if not any(n and _fold(n) in folded for n in names):
                    out.append(f"{where}: {kind} {names[0]!r}: no name or alias in the text")
        for kind in ("dates", "money", "percents"):
            for item in gold.get(kind, []):
                if item.get("text") not in body:
                    out.append(f"{where}: {kind} {item.get('text')!r} not in the text")
        for item in gold.get("dates", []):
            if item.get("value") is not None and not VALUE.match(str(item["value"])):
                out.append(f"{where}: date value {item.get('value')!r} is not YYYY[-MM[-DD]]")
        for item in gold.get("quotes", []):
            if item.get("text") not in body:
                out.append(f"{where}: quote {item.get('text', '')[:40]!r}… not in the text")
        for code in gold.get("topics", []):
            if not re.match(r"^medtop:\d{8}$", code):
                out.append(f"{where}: topic {code!r}")
    return out


def self_score(paths: list[Path]) -> list[str]:
    """Gold as output must score 1.0: a shape the scorer misreads shows up here."""
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = []
    for path in paths:
        with tempfile.TemporaryDirectory() as tmp:
            pred = Path(tmp) / "pred.jsonl"
            lines = []
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    rec = json.loads(line)
                    g = rec["gold"]
                    entities = [{"type": kind, "name": e["name"], "aliases": e.get("aliases", [])}
                                for field, kind in (("persons", "person"), ("orgs", "organization"),
                                                    ("places", "place"))
                                for e in g.get(field, [])]
                    lines.append(json.dumps({"id": rec["id"], "entities": entities, **{
                        k: g.get(k, []) for k in ("countries", "dates", "money", "percents",
                                                  "topics", "quotes")}}, ensure_ascii=False))
            pred.write_text("\n".join(lines) + "\n", encoding="utf-8")
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                module.main([str(path), str(pred), "--json"])
            result = json.loads(buf.getvalue().strip().splitlines()[-1])
            for field, scores in result.items():
                if isinstance(scores, dict):
                    value = scores.get("f1", scores.get("top1"))
                    if value is not None and value < 1.0:
                        out.append(f"{path}: gold as output scores {field} {value}")
    return out


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv]
    seen: set[str] = set()
    found = [p for path in paths for p in problems(path, seen)]
    if not found:
        found = self_score(paths)
    for line in found:
        print(line)
    print(f"{len(found)} problem(s) in {len(paths)} file(s), {len(seen)} records")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
