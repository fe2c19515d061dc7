"""`steppe agenda` and `steppe timeline`: text and JSON, one-line errors, and the seed's agenda."""

from __future__ import annotations

import json

import pytest

from steppe.store import open_store
from tests.reports.dated_fixture import ALL, fill


@pytest.fixture(scope="module")
def dated_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("briefing") / "dated.db"
    with open_store(str(path)) as store:
        fill(store, ALL)
    return path


def test_agenda_text_and_json(run, dated_db):
    result = run("--db", dated_db, "agenda", "--from", "2025-09-26", "--to", "2025-12-31")
    assert result.code == 0, result.err
    out = result.out
    assert out.startswith("Agenda du 26 septembre 2025 au 31 décembre 2025 : 3 événements")
    assert "2025-11-30  30 novembre 2025" in out
    assert "désormais fixées au 30 novembre 2025." in out
    assert "annoncé le 25 septembre 2025 (date du texte) · 1 média · Akipress · kg-dissolution" in out
    data = json.loads(run("--db", dated_db, "agenda", "--from", "2025-09-26", "--json").out)
    assert [ln["value"] for ln in data["lines"]][:2] == ["2025-10-03", "2025-11-30"]
    assert data["from"] == "2025-09-26" and data["to"] is None


def test_agenda_filters_and_month_labels(run, dated_db):
    out = run("--db", dated_db, "agenda", "--from", "2026-01-01", "--to", "2026-12-31",
              "--entity", "person:kassym-jomart-tokaiev").out
    assert "2026-01-01  2026 (année)" in out and "2026-03-01  mars 2026 (mois)" in out
    kg = json.loads(run("--db", dated_db, "agenda", "--from", "2000-01-01", "--country", "KG",
                        "--json").out)
    assert {ln["article"]["id"] for ln in kg["lines"]} == {"kg-dissolution"}


@pytest.mark.parametrize("args, message", [
    (["--from", "2025-13-01"], "erreur : --from « 2025-13-01 » : une date AAAA-MM-JJ est attendue"),
    (["--to", "tomorrow"], "erreur : --to « tomorrow » : une date AAAA-MM-JJ est attendue"),
    (["--from", "2025-10-01", "--to", "2025-09-01"], "erreur : --to 2025-09-01 est antérieur à --from 2025-10-01"),
])
def test_agenda_bad_dates_are_one_line(run, dated_db, args, message):
    result = run("--db", dated_db, "agenda", *args)
    assert result.code == 2 and result.err.strip() == message
    assert "Traceback" not in result.err


def test_timeline_text_json_and_errors(run, dated_db):
    result = run("--db", dated_db, "timeline", "Kirghizstan")
    assert result.code == 0, result.err
    assert result.out.startswith("Kirghizstan (pays, country:KG) — toute la période : 2 faits")
    assert "2025-11-30  30 novembre 2025  [annoncé]" in result.out
    data = json.loads(run("--db", dated_db, "timeline", "KZ", "--year", "2026", "--month", "3",
                          "--json").out)
    assert data["subject"]["code"] == "KZ" and [f["value"] for f in data["facts"]] == ["2026-03"]
    unknown = run("--db", dated_db, "timeline", "nobody at all")
    assert unknown.code == 4 and unknown.err.strip() == "erreur : aucune entité ni aucun pays ne s’appelle « nobody at all »"
    month = run("--db", dated_db, "timeline", "KZ", "--month", "3")
    assert month.code == 2 and month.err.strip() == "erreur : --month demande --year"


@pytest.mark.shared
def test_seed_agenda_lists_the_kyrgyz_early_elections(run, shared, tmp_path):
    db = tmp_path / "seed.db"
    assert run("--db", db, "ingest", shared / "data" / "seed.txt").code == 0
    result = run("--db", db, "agenda", "--from", "2025-09-26")
    assert result.code == 0, result.err
    assert "2025-11-30  30 novembre 2025" in result.out
    assert "élections anticipées, désormais fixées au 30 novembre 2025." in result.out
    assert "annoncé le 25 septembre 2025 (date de publication)" in result.out  # read from its lead
    data = json.loads(run("--db", db, "agenda", "--from", "2025-09-26", "--json").out)
    line = [ln for ln in data["lines"] if ln["value"] == "2025-11-30"][0]
    assert line["announced"] and line["said_on"] == "2025-09-25"
    assert all(ln["date"] >= "2025-09-26" for ln in data["lines"])


def test_agenda_text_marks_announced_events(run, tmp_path):
    from tests.web.events_fixture import fill_events

    path = tmp_path / "events.db"
    with open_store(str(path)) as store:
        fill_events(store)
    result = run("--db", path, "agenda", "--from", "2027-03-01", "--to", "2027-06-30")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    marks = [ln for ln in lines if "événement :" in ln]
    assert marks == ["    événement : Aide · Chine → Kazakhstan",
                     "    événement : Consultation · Russie → Kazakhstan"]
    aid = lines.index(marks[0])
    assert lines[aid - 1].startswith("    annoncé le 20 novembre 2025") and \
        lines[aid - 3] == "2027-03-15  15 mars 2027"
    june = lines.index("2027-06-01  juin 2027 (mois)")
    assert not lines[june + 3].startswith("    événement")     # a date without event: no mark
