"""``steppe events`` and ``steppe relations``: tables, JSON, CSV/JSONL and GEXF files read
back, one-line errors, relative --since windows; and the issue's end-to-end check on the ingested seed."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import networkx as nx
import pytest

from steppe.reports.relations import partners
from steppe.store import open_store
from tests.reports.events_fixture import fill


@pytest.fixture
def filled(db: Path) -> Path:
    with open_store(str(db)) as store:
        fill(store)
    return db


def test_events_table_lists_one_line_per_event(run, filled):
    r = run("--db", filled, "events", "--type", "sanction")
    assert r.code == 0, r.err
    assert r.out.startswith("2 événements")
    assert "sanction / droits de douane" in r.out and "États-Unis → Kazakhstan" in r.out
    assert "3 / 2" in r.out        # the story's three articles from two outlets


def test_events_json_csv_and_jsonl_parse_back(run, filled, tmp_path):
    data = json.loads(run("--db", filled, "events", "--country", "KZ", "--json").out)
    assert data["total"] == 6 and data["country"] == "KZ"
    rows = list(csv.DictReader(io.StringIO(run("--db", filled, "events", "--format", "csv").out)))
    assert len(rows) == 7 and rows[0]["date"] >= rows[-1]["date"]
    tariffs = [r for r in rows if r["type"] == "SANCTION" and r["reports"] == "3"]
    assert tariffs[0]["mode"] == "tariffs" and tariffs[0]["outlets"] == "2"
    out = tmp_path / "events.jsonl"
    r = run("--db", filled, "events", "--format", "jsonl", "--output", out, "--since", "2025-09-01")
    assert r.code == 0 and r.out == "" and "4 événements" in r.err
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 4 and {x["type"] for x in lines} == {"SANCTION", "AGREE", "CONSULT"}


def test_relations_of_a_pair_and_of_one_country(run, filled):
    r = run("--db", filled, "relations", "KZ", "US")
    assert r.code == 0, r.err
    assert r.out.startswith("Kazakhstan (KZ) — États-Unis (US) : 2 événements")
    assert "US → KZ : 2" in r.out and "-1.00" in r.out and "2025-08" in r.out
    data = json.loads(run("--db", filled, "relations", "CN", "KZ", "--json").out)
    assert data["balance"] == 1.0 and data["total"] == 3
    r = run("--db", filled, "relations", "KZ")
    assert r.code == 0 and "Chine (CN)" in r.out and "Afghanistan (AF)" in r.out
    assert json.loads(run("--db", filled, "relations", "KZ", "--json").out)["partners"][0]["code"] == "CN"


def test_one_country_shows_its_months_and_latest_events_as_the_library(run, filled):
    r = run("--db", filled, "relations", "KZ")
    assert "Événements avec d’autres pays, par mois" in r.out and "2025-07" in r.out
    assert "Derniers événements avec d’autres pays" in r.out
    data = json.loads(run("--db", filled, "relations", "KZ", "--json").out)
    with open_store(str(filled), create=False) as store:
        assert data == json.loads(json.dumps(partners(store, "KZ"), ensure_ascii=False))
    assert [m["month"] for m in data["months"]] == ["2025-07", "2025-08", "2025-09"]
    assert data["latest"][0]["date"] == "2025-09-20"          # the visit, dated by its sentence


def test_since_takes_relative_windows(run, filled):
    assert json.loads(run("--db", filled, "events", "--since", "7d", "--json").out)["since"] == \
        (date.today() - timedelta(days=7)).isoformat()
    assert json.loads(run("--db", filled, "relations", "KZ", "US", "--since", "4w",
                          "--json").out)["since"] == (date.today() - timedelta(weeks=4)).isoformat()
    r = run("--db", filled, "relations", "KZ", "--since", "3 mois")
    assert r.code == 2 and r.err == ("erreur : --since « 3 mois » : une date AAAA-MM-JJ (ou AAAA-MM, "
                                     "AAAA) ou une durée comme 7d, 4w ou 3m est attendue\n")


def test_network_written_as_gexf(run, filled, tmp_path):
    path = tmp_path / "net.gexf"
    r = run("--db", filled, "relations", "--network", path)
    assert r.code == 0 and "5 pays, 4 relations" in r.err
    graph = nx.read_gexf(path)
    assert graph.number_of_nodes() == 5 and graph.edges["KZ", "US"]["material_conflict"] == 2
    assert not list(tmp_path.glob(".net.gexf.*"))   # the temporary file was renamed


@pytest.mark.parametrize("args, message", [
    (["events", "--country", "XX"], "erreur : --country « XX » : code de pays inconnu"),
    (["events", "--type", "BOUM"], "erreur : --type « BOUM » : type d’événement inconnu"),
    (["events", "--since", "2025-02-30"], "erreur : --since « 2025-02-30 » : une date"),
    (["events", "--json", "--format", "csv"], "erreur : --json et --format csv"),
    (["relations", "KZ", "ZZ"], "erreur : B « ZZ » : code de pays inconnu"),
    (["relations"], "erreur : relations : un ou deux codes de pays sont attendus"),
    (["relations", "KZ", "US", "CN"], "erreur : relations : un ou deux codes"),
    (["relations", "KZ", "--network", "x.gexf"], "erreur : --network exporte tous les pays"),
    (["relations", "--network", "/nonexistent/dir/x.gexf"], "erreur : --network « /nonexistent"),
])
def test_bad_input_is_one_line_and_a_non_zero_exit(run, filled, args, message):
    r = run("--db", filled, *args)
    assert r.code == 2, (r.code, r.err)
    assert r.err.startswith(message) and r.err.count("\n") == 1, r.err


def test_a_missing_database_is_an_error(run, tmp_path):
    r = run("--db", tmp_path / "none.db", "events")
    assert r.code == 3 and r.err.startswith("erreur :") and r.err.count("\n") == 1


def test_the_seed_shows_the_tariffs_between_kazakhstan_and_the_united_states(run, shared, db):
    """The issue's check: « steppe relations KZ US on the ingested seed shows the tariffs »."""
    r = run("--db", db, "ingest", shared / "data" / "seed.txt")
    assert r.code == 0, r.err
    r = run("--db", db, "relations", "KZ", "US")
    assert r.code == 0, r.err
    assert "sanction / droits de douane" in r.out and "États-Unis → Kazakhstan" in r.out
    data = json.loads(run("--db", db, "relations", "KZ", "US", "--json").out)
    tariffs = [e for e in data["latest"] if e["type"] == "SANCTION"]
    assert tariffs and tariffs[0]["mode"] == "tariffs"
    assert tariffs[0]["source"]["countries"] == ["US"] and tariffs[0]["recipient"]["countries"] == ["KZ"]
    assert "droits de douane" in tariffs[0]["sentence"]
    assert data["by_type"]["SANCTION"] >= 1 and data["by_quad"]["material_conflict"] >= 1
    listed = json.loads(run("--db", db, "events", "--type", "SANCTION", "--json").out)
    assert any(e["mode"] == "tariffs" for e in listed["events"])
