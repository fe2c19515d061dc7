"""The stories commands on a real SQLite file built from the seed dump."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def seeded(run, db, shared):
    result = run("--db", str(db), "ingest", str(shared / "data" / "seed.txt"))
    assert result.code == 0, result.err
    return db


@pytest.mark.shared
def test_the_seed_clusters_into_stories_you_can_list_show_and_export(run, seeded):
    listed = run("--db", str(seeded), "stories", "list", "--json")
    assert listed.code == 0, listed.err
    data = json.loads(listed.out)
    assert data["total"] == len(data["stories"]) >= 10
    assert sum(s["articles"] for s in data["stories"]) == 21
    first = data["stories"][0]
    shown = run("--db", str(seeded), "stories", "show", first["id"])
    assert shown.code == 0 and first["label"] in shown.out and "fonde l’histoire" in shown.out
    exported = run("--db", str(seeded), "stories", "export")
    rows = [json.loads(line) for line in exported.out.splitlines()]
    assert len(rows) == 21 and set(rows[0]) == {"id", "story", "score"}
    text = run("--db", str(seeded), "stories", "list", "--since", "2000-01-01")
    assert text.code == 0 and "histoire(s)" in text.out


@pytest.mark.shared
def test_rebuild_repeats_the_online_result(run, seeded):
    before = run("--db", str(seeded), "stories", "export").out
    rebuilt = run("--db", str(seeded), "stories", "rebuild")
    assert rebuilt.code == 0 and "21 article(s) regroupé(s) à nouveau" in rebuilt.out
    assert run("--db", str(seeded), "stories", "export").out == before
    csv_out = run("--db", str(seeded), "stories", "export", "--format", "csv").out
    assert csv_out.splitlines()[0] == "id,story,score" and len(csv_out.splitlines()) == 22


@pytest.mark.shared
def test_bad_input_gets_one_line_and_exit_2(run, seeded):
    missing = run("--db", str(seeded), "stories", "show", "s000000000000")
    assert missing.code == 2 and missing.err.strip() == "erreur : aucune histoire n’a l’identifiant « s000000000000 »"
    since = run("--db", str(seeded), "stories", "list", "--since", "hier")
    assert since.code == 2 and "une durée est attendue, par exemple 7d" in since.err
    assert "Traceback" not in missing.err + since.err
