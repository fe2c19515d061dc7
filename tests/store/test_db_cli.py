"""`steppe db migrate` and `steppe db copy` through the CLI on real databases."""

from __future__ import annotations

import json

import pytest

RECORDS = [{"id": f"n{i}", "title": f"Titre {i}", "text": f"Texte {i} à Bichkek."} for i in range(3)]


def test_migrate_and_copy_between_sqlite_files(run, tmp_path):
    src, dst = tmp_path / "a.db", tmp_path / "b.db"
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS), encoding="utf-8")
    assert run("--db", src, "ingest", path).code == 0
    assert run("--db", src, "db", "migrate").out.strip() == "la base est à jour"
    first = run("db", "copy", "--from", src, "--to", dst)
    assert first.code == 0 and "copiés : 3" in first.out
    again = run("db", "copy", "--from", src, "--to", dst)
    assert "copiés : 0" in again.out
    assert [r["id"] for r in run("--db", dst, "export").records()] == ["n0", "n1", "n2"]


@pytest.mark.postgres
def test_copy_sqlite_to_postgres_and_back(run, tmp_path, pg_url):
    src, back = tmp_path / "a.db", tmp_path / "back.db"
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS), encoding="utf-8")
    run("--db", src, "ingest", path)
    assert run("--db", pg_url, "db", "migrate").code == 0
    assert "copiés : 3" in run("db", "copy", "--from", src, "--to", pg_url).out
    assert "copiés : 3" in run("db", "copy", "--from", pg_url, "--to", back).out
    assert run("--db", src, "export").records() == run("--db", back, "export").records()


def test_copy_from_missing_database(run, tmp_path):
    result = run("db", "copy", "--from", tmp_path / "none.db", "--to", tmp_path / "b.db")
    assert result.code == 3 and "base de données introuvable" in result.err
