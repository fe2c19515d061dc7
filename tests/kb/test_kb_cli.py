"""`steppe kb show` and `steppe kb add`: any spelling finds the entity; additions take effect."""

from __future__ import annotations

import json

import pytest

from steppe.enrich.kb_access import get_kb


@pytest.mark.parametrize("name", ["Tokayev", "Tokaïev", "Токаев", "TOKAEV"])
def test_show_finds_an_entity_by_any_spelling(run, name):
    result = run("kb", "show", name, "--json")
    assert result.code == 0
    assert json.loads(result.out.splitlines()[0])["id"] == "person:kassym-jomart-tokaiev"


def test_show_plain_text_and_unknown(run):
    out = run("kb", "show", "Bishkek").out
    assert "Bichkek" in out and "place:bichkek" in out and "Бишкек" in out
    missing = run("kb", "show", "Atlantide")
    assert missing.code == 4 and "ne s’appelle « Atlantide »" in missing.err


def test_add_then_annotate_links_the_new_entity(run, tmp_path):
    kb_file = tmp_path / "mine.jsonl"
    added = run("--kb-file", kb_file, "kb", "add", "--type", "person", "--name",
                "Aïgerim Seitkali", "--country", "KZ", "--alias", "Seitkali")
    assert added.code == 0 and "person:aigerim-seitkali" in added.out
    record = json.loads(kb_file.read_text(encoding="utf-8"))
    assert record["name"] == "Aïgerim Seitkali" and record["country"] == "KZ"
    text = tmp_path / "a.txt"
    text.write_text("Selon Seitkali, l’inflation ralentit au Kazakhstan.", encoding="utf-8")
    get_kb.cache_clear()
    out = run("--kb-file", kb_file, "annotate", "--input-format", "text", text)
    (rec,) = out.records()
    assert [e["id"] for e in rec["entities"] if e["type"] == "person"] == ["person:aigerim-seitkali"]
    assert run("--kb-file", kb_file, "kb", "show", "Seitkali").code == 0


@pytest.mark.parametrize("args, message", [
    (["--type", "person", "--name", "  "], "le nom est vide"),
    (["--type", "person", "--name", "X", "--country", "kaz"], "ISO 3166-1 alpha-2"),
    (["--type", "person", "--name", "X", "--country", "ZZ"], "code pays inconnu « ZZ »"),
])
def test_add_rejects_bad_records(run, tmp_path, args, message):
    result = run("--kb-file", tmp_path / "k.jsonl", "kb", "add", *args)
    assert result.code == 2 and message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "k.jsonl").exists()


def test_adding_a_name_twice_merges_and_says_so(run, tmp_path):
    kb_file = tmp_path / "mine.jsonl"
    first = run("--kb-file", kb_file, "kb", "add", "--type", "person", "--name",
                "Aïgerim Seitkali", "--country", "KZ", "--alias", "Seitkali")
    assert first.code == 0 and "ajouté" in first.out
    again = run("--kb-file", kb_file, "kb", "add", "--type", "person", "--name",
                "Aigerim Seitkali", "--alias", "Aigerim Seitqali")
    assert again.code == 0 and "existe déjà (person:aigerim-seitkali)" in again.out
    assert "fusionné" in again.out
    (record,) = [json.loads(line) for line in kb_file.read_text(encoding="utf-8").splitlines()]
    assert record["id"] == "person:aigerim-seitkali" and record["country"] == "KZ"
    assert record["name"] == "Aïgerim Seitkali"
    assert record["aliases"]["fr"] == ["Seitkali", "Aigerim Seitqali"]   # earlier kept first
    get_kb.cache_clear()
    assert run("--kb-file", kb_file, "kb", "show", "Aigerim Seitqali").code == 0


def test_adding_a_bundled_name_merges_into_the_bundled_record(run, tmp_path):
    kb_file = tmp_path / "mine.jsonl"
    result = run("--kb-file", kb_file, "kb", "add", "--type", "person", "--name",
                 "Kassym-Jomart Tokaïev", "--alias", "KJT")
    assert result.code == 0 and "existe déjà (person:kassym-jomart-tokaiev)" in result.out
    (record,) = [json.loads(line) for line in kb_file.read_text(encoding="utf-8").splitlines()]
    assert "Токаев" in record["aliases"]["ru"] and "KJT" in record["aliases"]["fr"]
    assert record["country"] == "KZ"
    get_kb.cache_clear()


def test_broken_user_file_is_named(run, tmp_path):
    kb_file = tmp_path / "broken.jsonl"
    kb_file.write_text('{"id": "person:x", "type": "person", "name": "X"}\n{oops\n', encoding="utf-8")
    get_kb.cache_clear()
    result = run("--kb-file", kb_file, "kb", "show", "X")
    assert result.code == 2 and f"{kb_file}:2: invalid JSON" in result.err
    get_kb.cache_clear()


def test_a_name_holding_unicode_line_separators_reads_back_whole(tmp_path):
    """U+2028, U+2029 and U+0085 are line breaks to str.splitlines(), not to JSONL: an API
    addition holding one used to make the whole knowledge base unreadable (found by
    schemathesis: every later page answered 500)."""
    from steppe.kb import load_kb
    from steppe.kb.user import append_record, new_record

    path = tmp_path / "kb.jsonl"
    odd = "Banque\u2028centrale\u0085du\u2029Tadjikistan"
    append_record(str(path), new_record(odd, "organization", "TJ", ["BNT\u2028"], None, None))
    append_record(str(path), new_record("Aïgerim Seitkali", "person", "KZ", [], None, None))
    assert len(path.read_text(encoding="utf-8").split("\n")) == 3     # two lines and the end
    names = {e.name for e in load_kb(str(path)).entities.values() if e.country in ("TJ", "KZ")}
    assert {odd, "Aïgerim Seitkali"} <= names
