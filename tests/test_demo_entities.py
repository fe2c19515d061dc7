"""Every chip on the demo's pages is a correct entity of the correct type (issue 13).

The bundled demo corpus (130 articles, fr/en/ru) is annotated and its distinct entities, as
(id, name, type, country), are compared with ``tests/fixtures/demo_entities.tsv``, a list
reviewed by hand line by line. A change to the KB or the rules that changes a chip shows here
as a diff to review: if the new line is right, regenerate the file and review the diff

    python tests/test_demo_entities.py > tests/fixtures/demo_entities.tsv

(never to make a wrong entity pass: fix its class with a rule or KB data instead).
"""

from __future__ import annotations

import json
import sys
from importlib.resources import files
from pathlib import Path

import steppe

EXPECTED = Path(__file__).resolve().parent / "fixtures" / "demo_entities.tsv"
HEADER = "# id\tname\ttype\tcountry (reviewed by hand; see tests/test_demo_entities.py)"


def demo_entities() -> list[tuple[str, str, str, str]]:
    """Distinct (id, name, type, country) of the demo corpus's annotations, sorted."""
    lines = files("steppe.resources").joinpath("demo_corpus.jsonl").read_text(encoding="utf-8")
    records = [json.loads(line) for line in lines.splitlines() if line.strip()]
    found = set()
    for annotation in steppe.annotate_many(records):
        for e in annotation.entities:
            found.add((e.id, e.name, e.type, e.country or ""))
    return sorted(found, key=lambda row: (row[2], row[0]))


def read_expected() -> list[tuple[str, ...]]:
    rows = [line.split("\t") for line in EXPECTED.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    return [tuple(row) for row in rows]


def test_demo_entities_are_the_reviewed_ones():
    got, expected = demo_entities(), read_expected()
    assert len(set(expected)) == len(expected), "duplicate lines in the expected file"
    missing = sorted(set(expected) - set(got))
    unexpected = sorted(set(got) - set(expected))
    assert not missing and not unexpected, {"missing": missing, "unexpected": unexpected}


def test_no_chip_is_a_known_defect_class():
    """The classes issue 13 names, whatever the reviewed file says."""
    rows = demo_entities()
    assert not [r for r in rows if r[1].endswith("-") or r[1].startswith("-")]
    assert not [r for r in rows if r[2] == "place" and r[1] in {"Tenge", "Norouz", "Mejlis",
                                                               "Madjlisi"}]
    parliaments = ("mejlis", "majlis", "madjlis", "kenesh", "majilis", "maslahaty")
    assert all(r[2] == "organization" for r in rows if any(p in r[0] for p in parliaments))
    persons = {r[1] for r in rows if r[2] == "person"}
    assert not [r for r in rows if r[2] == "organization" and
                any(r[1].endswith(" " + p) for p in persons)]
    generic = [r for r in rows if r[0].startswith("org:commission-electorale-centrale")]
    assert len(generic) >= 4 and all(r[3] for r in generic)   # one per country, each with it


if __name__ == "__main__":
    sys.stdout.write(HEADER + "\n")
    for row in demo_entities():
        sys.stdout.write("\t".join(row) + "\n")
