"""The CLI end to end on real files and a real SQLite database, including every bad input."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.conftest import count_rows

RECORD = {"id": "kz-1", "title": "Astana accueille le sommet",
          "text": "Le sommet s’est tenu à Astana le 3 juillet 2024.", "published": "2024-07-04"}


def write_jsonl(path, records):
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)
                              for r in records) + "\n", encoding="utf-8")
    return path


def test_annotate_seed_dump_gives_gold_titles_and_texts(run, shared, seed_gold):
    result = run("annotate", "--input-format", "dump", shared / "data" / "seed.txt")
    assert result.code == 0, result.err
    records = result.records()
    assert [r["id"] for r in records] == [f"dump-{i}" for i in range(1, 22)]
    assert [(r["title"], r["text"]) for r in records] == [(g["title"], g["text"]) for g in seed_gold]
    keys = {"id", "lang", "title", "text", "published", "countries", "entities", "dates",
            "money", "percents", "topics", "quotes"}
    assert all(keys <= set(r) for r in records)
    assert {r["lang"] for r in records} == {"fr"}


def test_annotate_gold_jsonl_keeps_ids(run, shared, seed_gold):
    result = run("annotate", shared / "data" / "seed_gold.jsonl")
    assert result.code == 0
    assert [r["id"] for r in result.records()] == [g["id"] for g in seed_gold]


def test_annotate_bad_lines_reported_others_annotated(run, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [RECORD, "{not json", {"id": "x", "title": "t"}, RECORD])
    result = run("annotate", path)
    assert result.code == 1
    assert len(result.records()) == 2
    assert f"{path}:2 : JSON invalide" in result.err
    assert f"{path}:3 : l’enregistrement n’a pas de « text »" in result.err


def test_annotate_text_and_published(run, tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("Premier paragraphe.\n\nSecond paragraphe.", encoding="utf-8")
    result = run("annotate", "--input-format", "text", "--published", "2025-01-02", path)
    (record,) = result.records()
    assert record["id"] == "text-1" and record["published"] == "2025-01-02"
    assert record["text"] == "Premier paragraphe.\n\nSecond paragraphe."


def test_ingest_seed_twice_is_idempotent(run, shared, db):
    first = run("--db", db, "ingest", "--json", shared / "data" / "seed.txt")
    assert first.code == 0, first.err
    assert json.loads(first.out)["new"] == 21
    second = run("--db", db, "ingest", "--json", shared / "data" / "seed.txt")
    assert json.loads(second.out) == {"new": 0, "duplicate": 21, "updated": 0, "failed": 0,
                                      "errors": []}
    assert count_rows(db) == 21
    stats = json.loads(run("--db", db, "stats", "--json").out)
    assert stats["articles"] == 21 and stats["truncated"] == 1 and stats["sources"] == {"seed": 21}


def test_export_jsonl_and_csv(run, tmp_path, db):
    write_jsonl(tmp_path / "in.jsonl", [RECORD])
    run("--db", db, "ingest", tmp_path / "in.jsonl")
    (record,) = run("--db", db, "export").records()
    assert record["id"] == "kz-1" and record["published"] == "2024-07-04"
    out = tmp_path / "out.csv"
    assert run("--db", db, "export", "--format", "csv", "-o", out).code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,published,source") and lines[1].startswith("kz-1,2024-07-04")


def test_jsonl_same_id_new_text_is_an_update(run, tmp_path, db):
    write_jsonl(tmp_path / "a.jsonl", [RECORD])
    write_jsonl(tmp_path / "b.jsonl", [dict(RECORD, text="Le sommet a été reporté.")])
    run("--db", db, "ingest", tmp_path / "a.jsonl")
    result = run("--db", db, "ingest", "--json", tmp_path / "b.jsonl")
    assert json.loads(result.out)["updated"] == 1 and count_rows(db) == 1


# -- bad input: one line naming what and where, non-zero exit, nothing stored ---------------

def _bad_inputs(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "huge.txt").write_bytes(b"a" * 50_000_000)
    write_jsonl(tmp_path / "badjson.jsonl", [RECORD, RECORD | {"id": "2", "text": "b"}, "{oops"])
    write_jsonl(tmp_path / "notext.jsonl", [RECORD, {"id": "n", "title": "sans texte"}])
    (tmp_path / "folder").mkdir()
    return {
        "empty.txt": "empty.txt : entrée vide",
        "binary.bin": "binary.bin : fichier binaire",
        "huge.txt": "huge.txt:1 : ligne de 50 000 000 caractères",
        "badjson.jsonl": "badjson.jsonl:3 : JSON invalide",
        "notext.jsonl": "notext.jsonl:2 : l’enregistrement n’a pas de « text »",
        "folder": "folder : c’est un dossier",
        "missing.txt": "missing.txt : fichier introuvable",
    }


def test_each_bad_input_is_named_and_stores_nothing(run, tmp_path, db):
    for name, message in _bad_inputs(tmp_path).items():
        result = run("--db", db, "ingest", tmp_path / name)
        assert result.code != 0, name
        assert message in result.err, (name, result.err)
        assert len(result.err.strip().splitlines()) == 1, result.err
        assert "Traceback" not in result.err
        assert count_rows(db) == 0, name


def test_bad_file_does_not_stop_good_ones(run, tmp_path, db):
    write_jsonl(tmp_path / "good.jsonl", [RECORD])
    write_jsonl(tmp_path / "bad.jsonl", [RECORD | {"id": "b", "text": "autre"}, "{oops"])
    result = run("--db", db, "ingest", "--json", tmp_path / "bad.jsonl", tmp_path / "good.jsonl")
    assert result.code == 1
    assert json.loads(result.out)["new"] == 1 and count_rows(db) == 1
    skipped = run("--db", db, "ingest", "--json", "--skip-invalid", tmp_path / "bad.jsonl")
    assert json.loads(skipped.out)["new"] == 1 and json.loads(skipped.out)["failed"] == 1
    assert count_rows(db) == 2


def test_unwritable_database_path(run, tmp_path, shared):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for bad in (blocker / "steppe.db", tmp_path):
        result = run("--db", bad, "ingest", shared / "data" / "seed.txt")
        assert result.code == 3
        assert result.err.startswith(f"erreur : {bad} : ") and "impossible (" in result.err and "Traceback" not in result.err


def test_newer_schema_database_refused(run, tmp_path, shared):
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    result = run("--db", path, "ingest", shared / "data" / "seed.txt")
    assert result.code == 3 and "est plus récent que ce que connaît cette version de Steppe" in result.err
    assert "articles" not in {r[0] for r in sqlite3.connect(path).execute(
        "SELECT name FROM sqlite_master")}


def test_stats_on_missing_database(run, tmp_path):
    result = run("--db", tmp_path / "none.db", "stats")
    assert result.code == 3 and "base de données introuvable (lancez d’abord « steppe ingest »)" in result.err


@pytest.mark.parametrize("command", ["annotate", "ingest", "export", "stats", "demo"])
def test_every_command_has_help_with_an_example(run, command):
    result = run(command, "--help")
    assert result.code == 0 and "Example" in result.out
