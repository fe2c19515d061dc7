"""Issue 13: one id scheme across annotate, ingest and the Python API; publication dates for
dumps and plain text (``--published``, or the date a lead opens on, provenance ``text``)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import steppe

DUMP = ("Kirghizstan : le parlement se dissout\n"
        "Le 24 juin 2025, à Bichkek, le parlement du Kirghizstan a voté sa dissolution.\n\n"
        "Ouzbékistan : un nouveau pont\n"
        "Le pont de Termez a été inauguré par le président, qui a promis d’autres ouvrages.\n")


def _rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_annotate_ingest_and_python_give_the_same_id(run, tmp_path, db):
    dump = tmp_path / "listing.txt"
    dump.write_text(DUMP, encoding="utf-8")
    records = run("annotate", "--input-format", "dump", dump).records()
    assert [r["id"] for r in records] == ["dump-1", "dump-2"]   # shared/SCHEMA.md's ids stay
    assert run("--db", db, "ingest", dump).code == 0
    stored = {row[0] for row in _rows(db, "SELECT id FROM articles")}
    assert {r["steppe_id"] for r in records} == stored
    text = tmp_path / "one.txt"
    text.write_text(records[1]["text"], encoding="utf-8")
    (one,) = run("annotate", "--input-format", "text", text).records()
    python = steppe.annotate(records[1]["text"]).to_dict()
    assert one["id"] == "text-1" and one["steppe_id"] == python["id"] == python["steppe_id"]


def test_jsonl_ids_are_the_store_ids(run, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "kz-1", "text": "Astana accueille le sommet."}) + "\n",
                    encoding="utf-8")
    (record,) = run("annotate", path).records()
    assert record["id"] == record["steppe_id"] == "kz-1"
    assert steppe.annotate_many([{"id": "kz-1", "text": "x"}]).__next__().to_dict()["steppe_id"] == "kz-1"


def test_a_dump_article_opening_on_its_date_is_dated_from_its_text(run, tmp_path, db):
    dump = tmp_path / "listing.txt"
    dump.write_text(DUMP, encoding="utf-8")
    records = run("annotate", "--input-format", "dump", dump).records()
    assert [(r["published"], r["published_source"]) for r in records] == [
        ("2025-06-24", "text"), (None, None)]
    assert run("--db", db, "ingest", dump).code == 0
    assert set(_rows(db, "SELECT a.published, p.published_source FROM articles a "
                         "LEFT JOIN article_provenance p ON p.article_id = a.id")) == {
        (None, None), ("2025-06-24", "text")}
    again = run("--db", db, "ingest", "--json", dump)                 # idempotent
    assert json.loads(again.out)["duplicate"] == 2
    assert len(_rows(db, "SELECT * FROM article_provenance")) == 1


def test_published_option_dates_every_undated_article(run, tmp_path, db):
    dump = tmp_path / "listing.txt"
    dump.write_text(DUMP, encoding="utf-8")
    result = run("--db", db, "ingest", "--published", "2025-06-25", dump)
    assert result.code == 0, result.err
    assert sorted(r[0] for r in _rows(db, "SELECT published FROM articles")) == [
        "2025-06-25", "2025-06-25"]                       # the option wins over the text
    assert _rows(db, "SELECT * FROM article_provenance") == []
    text = tmp_path / "one.txt"
    text.write_text("Le pont a été inauguré.", encoding="utf-8")
    assert run("--db", db, "ingest", "--input-format", "text", "--published", "2025-07-01",
               text).code == 0
    assert ("2025-07-01",) in _rows(db, "SELECT published FROM articles")


def test_a_bad_published_date_is_named(run, tmp_path, db):
    dump = tmp_path / "listing.txt"
    dump.write_text(DUMP, encoding="utf-8")
    for command in ("ingest", "annotate"):
        result = run("--db", db, command, "--published", "24/06/2025", dump)
        assert result.code == 2 and "--published" in result.err and "Traceback" not in result.err


def test_text_dates_on_postgresql_too(run, tmp_path, pg_url):
    from steppe.store import open_store

    dump = tmp_path / "listing.txt"
    dump.write_text(DUMP, encoding="utf-8")
    records = run("annotate", "--input-format", "dump", dump).records()
    assert run("--db", pg_url, "ingest", dump).code == 0
    with open_store(pg_url, create=False) as store:
        dated = store.get_provenance(records[0]["steppe_id"])
        assert dated is not None and dated.published_source == "text"
        assert store.get_provenance(records[1]["steppe_id"]) is None
        article, _ = store.get_article(records[0]["steppe_id"])
        assert article.published == "2025-06-24"
