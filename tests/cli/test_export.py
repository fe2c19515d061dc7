"""``steppe export``: tables and networks written to files and read back, the old whole-record
export unchanged, one-line French errors that leave no file behind; on SQLite and PostgreSQL,
on the hand-built archive and on the seed as ingested."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest

from steppe.store import open_store
from tests.reports.exports_fixture import BACKENDS, MENTIONS, ROWS, TOK, fill, store_url

WHATS = ("articles", "entities", "mentions", "stories")


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The hand-built archive (tests/reports/exports_fixture.py) in a store of each backend."""
    address = store_url(request, tmp_path)
    with open_store(address) as store:
        fill(store)
    return address


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_every_table_in_both_formats(run, url, tmp_path):
    expected = {"articles": len(ROWS), "entities": 4, "mentions": MENTIONS, "stories": 2}
    for what in WHATS:
        out = tmp_path / f"{what}.csv"
        r = run("--db", url, "export", "--what", what, "--format", "csv", "-o", out)
        assert r.code == 0 and r.out == "", r.err
        assert len(_csv(out)) == expected[what], what
        r = run("--db", url, "export", "--what", what, "--format", "jsonl")
        assert r.code == 0 and len(_jsonl(r.out)) == expected[what], what
    articles = {row["id"]: row for row in _csv(tmp_path / "articles.csv")}
    assert articles["a1"]["story"] == "s1" and articles["a1"]["entity_ids"].startswith(TOK)
    entities = {row["id"]: row for row in _csv(tmp_path / "entities.csv")}
    assert entities[TOK]["articles"] == "4" and entities[TOK]["stories"] == "2"
    assert not list(tmp_path.glob(".*.part"))


def test_since_filters_tables(run, url):
    r = run("--db", url, "export", "--what", "articles", "--since", "2025-09-01")
    assert r.code == 0 and [x["id"] for x in _jsonl(r.out)] == ["a3", "a4"]
    r = run("--db", url, "export", "--what", "articles", "--since", "7d")
    assert r.code == 0 and r.out == ""              # everything is from 2025


@pytest.mark.parametrize("fmt, read", [("gexf", nx.read_gexf), ("graphml", nx.read_graphml)])
def test_networks_read_back(run, url, tmp_path, fmt, read):
    out = tmp_path / f"entities.{fmt}"
    r = run("--db", url, "export", "--graph", "entities", "--format", fmt, "-o", out)
    assert r.code == 0 and "4 nœuds, 5 liens (poids : histoires en commun)" in r.err, r.err
    graph = read(out)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (4, 5)
    assert graph.nodes[TOK]["type"] == "person" and int(graph.nodes[TOK]["articles"]) == 4
    r = run("--db", url, "export", "--graph", "entities", "--format", fmt, "--min-weight", "2",
            "-o", out)
    assert r.code == 0 and read(out).number_of_edges() == 1
    countries = tmp_path / "countries.gexf"
    assert run("--db", url, "export", "--graph", "countries", "-o", countries).code == 0
    graph = nx.read_gexf(countries)
    assert sorted(graph.nodes) == ["CN", "KZ", "UZ"] and graph.number_of_edges() == 2
    assert graph.nodes["KZ"]["label"] == "Kazakhstan"


def test_the_whole_record_export_is_unchanged(run, url, tmp_path):
    out = tmp_path / "articles.csv"
    assert run("--db", url, "export", "--format", "csv", "-o", out).code == 0
    assert out.read_text(encoding="utf-8").startswith("id,published,source,url")
    r = run("--db", url, "export")
    records = _jsonl(r.out)
    assert len(records) == len(ROWS) and records[0]["entities"] and records[0]["text"]


@pytest.mark.parametrize("args, message", [
    (["--what", "people"], "--what « people » : attendu articles, entities, mentions ou stories"),
    (["--what", "articles", "--graph", "entities"], "--what et --graph s’excluent"),
    (["--graph", "entities", "--what", "mentions"], "--what et --graph s’excluent"),
    (["--what", "articles", "--since", "hier"], "--since « hier » : une date AAAA-MM-JJ"),
    (["--graph", "countries", "--since", "2025-13-45"], "--since « 2025-13-45 »"),
    (["--what", "articles", "--format", "gexf"], "--format « gexf » : attendu csv ou jsonl"),
    (["--graph", "people"], "--graph « people » : attendu entities ou countries"),
    (["--graph", "entities", "--format", "csv"], "--format « csv » : attendu gexf ou graphml"),
    (["--graph", "entities", "--min-weight", "0"], "--min-weight 0 : au moins 1"),
])
def test_bad_input_is_one_french_line_and_leaves_the_file_alone(run, url, tmp_path, args,
                                                                message):
    out = tmp_path / "out.file"
    out.write_text("ancien contenu", encoding="utf-8")
    r = run("--db", url, "export", *args, "-o", out)
    assert r.code != 0 and r.out == ""
    assert r.err.startswith("erreur : ") and r.err.count("\n") == 1 and message in r.err, r.err
    assert out.read_text(encoding="utf-8") == "ancien contenu"
    assert [p.name for p in tmp_path.iterdir() if p.name != "exports.db"] == ["out.file"]


@pytest.mark.parametrize("args", [["--what", "articles"], ["--graph", "countries"], []])
def test_an_unwritable_output_is_refused_and_nothing_is_written(run, url, tmp_path, args):
    missing = tmp_path / "absent" / "out.csv"
    r = run("--db", url, "export", *args, "-o", missing)
    assert r.code != 0 and r.err.count("\n") == 1
    assert f"-o « {missing} » : écriture impossible (dossier introuvable)" in r.err, r.err
    assert not missing.parent.exists()
    r = run("--db", url, "export", *args, "-o", tmp_path)       # a folder
    assert r.code != 0 and "écriture impossible (c’est un dossier)" in r.err, r.err


def test_a_network_needs_a_file(run, url):
    r = run("--db", url, "export", "--graph", "countries")
    assert r.code != 0 and "--graph écrit un fichier : ajoutez -o FICHIER.gexf" in r.err


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_seed_as_ingested(run, shared, tmp_path, request, backend):
    """The real pipeline: the seed dump ingested, every table and both networks exported;
    counts agree with the store's."""
    address = str(tmp_path / "seed.db") if backend == "sqlite" else request.getfixturevalue("pg_url")
    assert run("--db", address, "ingest", "--processes", "1", shared / "data" / "seed.txt").code == 0
    with open_store(address) as store:
        articles, stories = store.count_articles(), store.count_stories()
        entities = len({e["id"] for r in store.annotation_records(
            [a.id for a, _ in store.iter_articles()]) for e in r["annotation"]["entities"]})
    out = {w: tmp_path / f"{w}.csv" for w in WHATS}
    for what in WHATS:
        assert run("--db", address, "export", "--what", what, "--format", "csv",
                   "-o", out[what]).code == 0
    rows = _csv(out["articles"])
    assert len(rows) == articles == 21
    assert any(r["title"].startswith("Volodymyr Zelensky rencontre Kassym-Jomart Tokaïev")
               for r in rows)
    assert len(_csv(out["entities"])) == entities
    assert len(_csv(out["stories"])) == stories > 0
    assert any(r["entity"] == "person:kassym-jomart-tokaiev" for r in _csv(out["mentions"]))
    gexf = tmp_path / "countries.gexf"
    r = run("--db", address, "export", "--graph", "countries", "-o", gexf)
    assert r.code == 0, r.err
    graph = nx.read_gexf(gexf)
    assert "KZ" in graph and graph.number_of_edges() >= 1
    assert all(int(d["weight"]) >= 1 for *_, d in graph.edges(data=True))
