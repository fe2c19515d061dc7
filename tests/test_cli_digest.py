"""``steppe digest`` end to end: Markdown, HTML file and JSON on a real SQLite base, one-line
errors for bad filters, an honest empty digest; the seed and the demo corpus, ingested."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from steppe.store import open_store
from tests.reports.test_digest import html_sentences, markdown_sentences, stored_texts, verbatim
from tests.web.fixture_db import STORY_SPECS, build_fixture_db

WEEK = ("--since", "7d", "--until", "2025-03-06")
BNK = "Le gouvernement valide la réforme de la Banque nationale du Kazakhstan"


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("cli-digest")
    return build_fixture_db(str(folder / "newsroom.db"), folder / "index", STORY_SPECS)


def test_markdown_to_standard_output(run, newsroom):
    result = run("--db", newsroom, "digest", *WEEK)
    assert result.code == 0, result.err
    md = result.out
    assert md.startswith("# Synthèse\n\n**Semaine du 28 février au 6 mars 2025**")
    assert f"## 1. [{BNK}]" in md and "*4 articles · 4 médias*" in md
    assert "**5,9 milliards de tenges**" in md and "— [Le Courrier des steppes](<https://example.org/kz-001>)" in md
    assert "## Personnes et organisations de la période" in md and "Kassym-Jomart Tokaïev" in md
    assert "| Jour | Articles |" in md and "| 4 mars | 2 |" in md


def test_html_file_and_json(run, newsroom, tmp_path):
    target = tmp_path / "synthese.html"
    result = run("--db", newsroom, "digest", *WEEK, "--format", "html", "-o", target,
                 "--base-url", "https://steppe.example.org")
    assert result.code == 0, result.err
    assert result.out == "" and "Semaine du 28 février au 6 mars 2025" in result.err
    doc = target.read_text(encoding="utf-8")
    assert doc.startswith("<!doctype html>") and "<script" not in doc
    assert 'href="https://steppe.example.org/articles/uz-001"' in doc
    data = json.loads(run("--db", newsroom, "digest", *WEEK, "--format", "json", "--country", "KG").out)
    assert data["filters"]["country"] == "KG" and len(data["stories"]) == 1
    assert data["title"] == "Synthèse · Kirghizstan"


def test_entity_filter_by_id_or_name(run, newsroom):
    by_id = json.loads(run("--db", newsroom, "digest", *WEEK, "--format", "json",
                           "--entity", "person:chavkat-mirzioiev").out)
    assert [e["label"] for e in by_id["stories"]] == ["Ouzbékistan : Mirzioïev reçoit Tokaïev à Tachkent"]
    by_name = json.loads(run("--db", newsroom, "digest", *WEEK, "--format", "json",
                             "--entity", "Mirzioïev").out)
    assert by_name["stories"] == by_id["stories"] and "Chavkat Mirzioïev" in by_name["title"]
    unknown = run("--db", newsroom, "digest", *WEEK, "--entity", "Personne Inconnue Xyz")
    assert unknown.code == 2 and unknown.err.startswith("erreur : --entity : aucune entité ne s’appelle « Personne Inconnue Xyz »")


def test_an_empty_period_is_an_honest_digest(run, newsroom):
    result = run("--db", newsroom, "digest", "--since", "7d", "--until", "2020-01-07")
    assert result.code == 0
    assert "Aucun article dans cette période." in result.out
    assert "**Semaine du 1er au 7 janvier 2020**" in result.out


@pytest.mark.parametrize("args, option", [
    (("--since", "7x"), "--since"), (("--since", "2025-02-30"), "--since"),
    (("--until", "hier"), "--until"), (("--country", "ZZ"), "--country"),
    (("--topic", "astrologie"), "--topic"),
])
def test_bad_filters_are_one_line_naming_the_option(run, newsroom, args, option):
    result = run("--db", newsroom, "digest", *args)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith(f"erreur : {option} : ") and result.err.count("\n") == 1
    assert "Traceback" not in result.err


@pytest.mark.slow
@pytest.mark.shared
def test_seed_and_demo_digests(run, shared, tmp_path):
    """The done-when: the ingested seed's digest names Tokaïev and the 5.9 billion tenge
    figure with their sources; the demo corpus's digest (Markdown and HTML) quotes only
    sentences found verbatim in its stored articles. One pipeline load for both ingests."""
    seed_db, demo_db = str(tmp_path / "seed.db"), str(tmp_path / "demo.db")
    assert run("--db", seed_db, "ingest", "--processes", "1", shared / "data" / "seed.txt").code == 0
    md = run("--db", seed_db, "digest", "--since", "3650d", "--format", "md").out
    assert "Tokaïev" in md and "**5,9 milliards de tenges**" in md
    figure_at = md.index("5,9 milliards de tenges")
    assert "— [seed](</articles/" in md[max(0, figure_at - 1500):figure_at + 600]   # its source
    with open_store(seed_db) as store:
        assert verbatim(markdown_sentences(md), stored_texts(store)) == []

    corpus = files("steppe.resources").joinpath("demo_corpus.jsonl")
    assert run("--db", demo_db, "ingest", "--processes", "1", str(corpus)).code == 0
    period = ("--since", "2026-01-01", "--until", "2026-10-16", "--limit", "10")
    md = run("--db", demo_db, "digest", *period).out
    doc = run("--db", demo_db, "digest", *period, "--format", "html").out
    in_md, in_html = markdown_sentences(md), html_sentences(doc)
    assert len(in_md) >= 10 and len(in_html) >= 10
    with open_store(demo_db) as store:
        texts = stored_texts(store)
    assert verbatim(in_md, texts) == [] and verbatim(in_html, texts) == []
    assert "3 médias" in md or "4 médias" in md
