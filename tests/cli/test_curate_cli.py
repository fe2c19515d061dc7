"""``steppe kb merge|split|alias|unalias|reject|retype|log|undo`` on a real database, with the
jobs they queue run by the in-process worker (``steppe worker --until-idle``)."""

from __future__ import annotations

import json

import pytest

from steppe.enrich.kb_access import get_kb
from steppe.store import open_store

ARTICLES = [
    {"id": "t1", "title": "Visite à Bichkek", "published": "2026-11-01",
     "text": "Kassym-Jomart Tokaïev s’est rendu à Bichkek pour un sommet régional."},
    {"id": "j1", "title": "Japarov et l’énergie", "published": "2026-11-02",
     "text": "Sadyr Japarov a inauguré une centrale près de Bichkek."},
    {"id": "j2", "title": "Japarov à Tachkent", "published": "2026-11-03",
     "text": "Sadyr Japarov a rencontré Chavkat Mirzioïev à Tachkent."},
]
JAPAROV, TOKAYEV = "person:sadyr-japarov", "person:kassym-jomart-tokaiev"


@pytest.fixture
def base(run, tmp_path):
    source = tmp_path / "articles.jsonl"
    source.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES),
                      encoding="utf-8")
    db = tmp_path / "c.db"
    assert run("--db", db, "ingest", "--processes", "1", source).code == 0
    yield db
    get_kb.cache_clear()


def _ids(run, db, query: str) -> list[str]:
    result = run("--db", db, "search", query, "--json")
    assert result.code == 0, result.err
    return sorted(r["id"] for r in json.loads(result.out)["results"])


def _one_line_error(result, code: int, *words: str) -> None:
    assert result.code == code, (result.out, result.err)
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1 and all(w in lines[0] for w in words), result.err


def test_bad_input_is_one_french_line_and_writes_nothing(run, base):
    _one_line_error(run("--db", base, "kb", "merge", JAPAROV, JAPAROV), 2, "elle-même")
    _one_line_error(run("--db", base, "kb", "merge", JAPAROV, "person:personne"), 4,
                    "entité inconnue", "person:personne")
    _one_line_error(run("--db", base, "kb", "split", JAPAROV, "--name", "S. Japarov"), 2,
                    "un côté est vide")
    _one_line_error(run("--db", base, "kb", "split", JAPAROV, "--articles", "j1,j2", "--name",
                        "S. Japarov"), 2, "un côté est vide")
    _one_line_error(run("--db", base, "kb", "split", JAPAROV, "--articles", "t1", "--name",
                        "S. Japarov"), 2, "ne mentionne pas")
    _one_line_error(run("--db", base, "kb", "retype", JAPAROV, "--type", "ministre"), 2,
                    "type inconnu")
    _one_line_error(run("--db", base, "kb", "retype", JAPAROV, "--country", "XX"), 2,
                    "code pays inconnu")
    _one_line_error(run("--db", base, "kb", "alias", JAPAROV, "Japarov"), 2, "déjà un nom")
    _one_line_error(run("--db", base, "kb", "unalias", JAPAROV, "Sadyr Japarov"), 2,
                    "nom principal")
    _one_line_error(run("--db", base, "kb", "undo", "99"), 2, "aucune modification")
    assert run("--db", base, "kb", "log").out.strip() == "aucune modification"


def test_merge_redirects_searches_and_is_logged_then_undone(run, base):
    merged = run("--db", base, "kb", "merge", TOKAYEV, JAPAROV, "--as", "dana")
    assert merged.code == 0, merged.err
    assert merged.out.startswith(f"fusion : {JAPAROV} → {TOKAYEV} (2 articles à réannoter, "
                                 "tâches en file)")
    jobs = run("--db", base, "jobs", "--state", "queued", "--json")
    assert "2 articles" in jobs.out or '"ids"' in jobs.out
    assert run("--db", base, "worker", "--until-idle").code == 0
    assert _ids(run, base, f"entity:{TOKAYEV}") == ["j1", "j2", "t1"]
    assert _ids(run, base, f"entity:{JAPAROV}") == ["j1", "j2", "t1"]   # the old id follows
    with open_store(str(base)) as store:                                 # and the stories
        assert store.count_stories(tag=f"entity:{JAPAROV}") == 0
        assert store.count_stories(tag=f"entity:{TOKAYEV}") == len(
            store.list_story_rows(limit=100))
    log = run("--db", base, "kb", "log", JAPAROV)
    assert "dana  merge" in log.out and f"{JAPAROV} : fusionnée dans {TOKAYEV}" in log.out
    change = json.loads(run("--db", base, "kb", "log", "--json").out.splitlines()[0])
    undone = run("--db", base, "kb", "undo", str(change["id"]), "--as", "aigerim")
    assert undone.code == 0 and undone.out.startswith("annulation : ")
    assert run("--db", base, "worker", "--until-idle").code == 0
    assert _ids(run, base, f"entity:{JAPAROV}") == ["j1", "j2"]
    with open_store(str(base)) as store:
        assert store.count_stories(tag=f"entity:{JAPAROV}") >= 1
    assert f"annulée par n° {change['id'] + 1}" in run("--db", base, "kb", "log").out


def test_reject_drops_mentions_and_new_articles_never_recreate_it(run, base, tmp_path):
    assert run("--db", base, "kb", "reject", "place:bichkek").code == 0
    assert run("--db", base, "worker", "--until-idle").code == 0
    assert _ids(run, base, "entity:place:bichkek") == []
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps({"id": "n1", "published": "2026-11-04", "text":
                                 "Nouvelle manifestation à Bichkek devant le parlement."},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    assert run("--db", base, "ingest", "--processes", "1", later).code == 0
    assert _ids(run, base, "entity:place:bichkek") == []
    assert _ids(run, base, "manifestation") == ["n1"]


def test_retype_split_alias_unalias(run, base):
    retyped = run("--db", base, "kb", "retype", JAPAROV, "--country", "KZ", "--as", "dana")
    assert retyped.code == 0 and "person, KG → person, KZ" in retyped.out
    split = run("--db", base, "kb", "split", JAPAROV, "--articles", "j2", "--name",
                "Sadyr Japarov (homonyme)", "--json")
    assert split.code == 0 and json.loads(split.out)["articles"] == 1
    alias = run("--db", base, "kb", "alias", TOKAYEV, "KJT")
    assert alias.code == 0 and "aucun article à réannoter" in alias.out
    shown = run("--db", base, "kb", "show", "KJT")          # kb show reads the base's curation
    assert shown.code == 0 and TOKAYEV in shown.out
    assert run("--db", base, "kb", "unalias", TOKAYEV, "KJT").code == 0
    assert run("--db", base, "worker", "--until-idle").code == 0
    assert _ids(run, base, f"entity:{JAPAROV}") == ["j1"]
    assert _ids(run, base, "entity:person:sadyr-japarov-homonyme") == ["j2"]
    ops = [json.loads(line)["op"] for line in run("--db", base, "kb", "log", "--json")
           .out.splitlines()]
    assert ops == ["unalias", "alias", "split", "retype"]
