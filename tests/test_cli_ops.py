"""Issue 13, operations: a busy port, the ignore file, make clean, spreadsheet CSV, the index
status in words, and the CLI speaking French to people (English kept for --json)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RECORD = {"id": "kz-1", "title": "Astana accueille le sommet", "published": "2024-07-04",
          "text": "Le 3 juillet 2024, le gouvernement a investi 5,9 milliards de tenges à Astana."}


@pytest.fixture
def stored(run, tmp_path, db) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(RECORD, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run("--db", db, "ingest", path).code == 0
    return db


def test_serve_on_a_busy_port_says_so_and_suggests_port(run, stored):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("--db", stored, "serve", "--port", port)
    assert result.code == 2 and "Traceback" not in result.err
    assert result.err.count("\n") == 1 and f"port {port}" in result.err and "--port" in result.err
    assert result.err.startswith("erreur : ")


def test_a_missing_database_is_still_the_database_code(run, tmp_path):
    assert run("--db", tmp_path / "none.db", "serve").code == 3


def test_gitignore_covers_the_default_index_folder_and_database():
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    for path in ("steppe.db", "steppe.db.index/g000001/meta.json", "news.db.index/.lock"):
        ignored = subprocess.run(["git", "-C", str(REPO), "check-ignore", "-q", path])
        assert ignored.returncode == 0, path


def test_make_clean_removes_the_default_database_and_its_index(tmp_path):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    shutil.copy(REPO / "Makefile", tmp_path / "Makefile")
    leftovers = ["steppe.db", "steppe.db-wal", "steppe.db-shm", "steppe-demo.db"]
    for name in leftovers:
        (tmp_path / name).write_text("x")
    (tmp_path / "steppe.db.index" / "g000001").mkdir(parents=True)
    (tmp_path / "keep.jsonl").write_text("x")
    subprocess.run(["make", "-s", "clean"], cwd=tmp_path, check=True, capture_output=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Makefile", "keep.jsonl"]


def test_export_excel_is_bom_semicolon_and_french_decimals(run, stored, tmp_path):
    out = tmp_path / "articles.csv"
    assert run("--db", stored, "export", "--excel", "-o", out).code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                  # Excel reads UTF-8 only with a BOM
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    (row,) = rows
    assert row["id"] == "kz-1" and row["title"] == "Astana accueille le sommet"
    assert row["amounts"] == "5900000000 KZT"
    assert "2024-07-03" in row["dates"].split("; ")
    assert row["topic_labels"] and len(row["topic_labels"].split("; ")) == len(row["topics"].split("; "))


def test_plain_csv_has_the_new_columns_too(run, stored):
    result = run("--db", stored, "export", "--format", "csv")
    header, row = list(csv.reader(io.StringIO(result.out)))[:2]
    assert header[-4:] == ["topics", "topic_labels", "amounts", "dates"]
    assert dict(zip(header, row))["amounts"] == "5900000000 KZT"
    assert run("--db", stored, "export", "--format", "jsonl", "--excel").code == 2


def test_stories_export_excel(run, stored, tmp_path):
    out = tmp_path / "stories.csv"
    assert run("--db", stored, "stories", "export", "--excel", "-o", out).code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid;story;score")


def test_index_status_in_words(run, stored):
    before = run("--db", stored, "index", "status")
    assert before.code == 0 and "pas encore construit" in before.out
    assert run("--db", stored, "search", "Astana").code == 0
    after = run("--db", stored, "index", "status").out
    assert "État : à jour" in after and "1 documents indexés pour 1 articles" in after
    assert json.loads(run("--db", stored, "index", "status", "--json").out)["behind"] is False


def test_people_read_french_programs_read_english(run, stored, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(RECORD, ensure_ascii=False) + "\n", encoding="utf-8")
    again = run("--db", stored, "ingest", path)
    assert again.out == "nouveaux : 0  doublons : 1  mis à jour : 0  échecs : 0\n"
    assert json.loads(run("--db", stored, "ingest", "--json", path).out)["duplicate"] == 1
    stats = run("--db", stored, "stats").out
    assert "première parution" in stats and "langues" in stats
    assert "first_published" in json.loads(run("--db", stored, "stats", "--json").out)
    missing = run("--db", tmp_path / "no.txt", "ingest", tmp_path / "no.txt")
    assert missing.err.startswith("erreur : ")
    usage = run("ingest", "--chunk", "0", path)
    assert usage.code == 2 and usage.err.count("\n") == 1 and "--chunk" in usage.err
    assert usage.err.startswith("erreur : ")


@pytest.mark.parametrize("args, said", [
    (["search"], "erreur : argument manquant : 'QUERY...' (aide : steppe search --help)"),
    (["ingest", "--chnk", "3", "x"], "erreur : option inconnue : --chnk (vouliez-vous dire --chunk ?)"),
    (["nocmd"], "erreur : commande inconnue : 'nocmd'"),
])
def test_usage_errors_are_one_french_line(run, args, said):
    result = run(*args)
    assert result.code == 2 and result.err.startswith(said) and result.err.count("\n") == 1
