"""Exports (issue 16): tables and co-mention networks from a hand-built archive whose every
count is known (tests/reports/exports_fixture.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from steppe.errors import InputError
from steppe.reports import exports
from steppe.reports.comention import comention_graph, graph_lines, write_graph
from steppe.reports.exports import COLUMNS, export_rows, render_lines
from tests.reports.exports_fixture import (MENTIONS, MIR, ONU, ROWS, TOK, XI,  # noqa: F401
                                           filled_store, storyless_store)


def _csv(store, what, since=None):
    text = "".join(render_lines(export_rows(store, what, since), what, "csv"))
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _jsonl(store, what, since=None):
    text = "".join(render_lines(export_rows(store, what, since), what, "jsonl"))
    return [json.loads(line) for line in text.splitlines()]


# -- tables --------------------------------------------------------------------------------------
def test_articles_in_both_formats_hold_every_article(store):
    rows, records = _csv(store, "articles"), _jsonl(store, "articles")
    assert len(rows) == len(records) == store.count_articles() == len(ROWS)
    assert list(rows[0]) == list(COLUMNS["articles"]) == list(records[0])
    a1 = next(r for r in rows if r["id"] == "a1")
    assert a1["countries"] == "KZ; UZ" and a1["entities"].startswith("Tokaïev; ")
    assert a1["entity_ids"].split("; ")[0] == TOK and a1["entity_count"] == "3"
    assert a1["story"] == "s1" and a1["story_label"] == "Histoire s1" and a1["truncated"] == "0"
    j1 = next(r for r in records if r["id"] == "a1")
    assert j1["countries"] == ["KZ", "UZ"] and j1["entity_ids"][0] == TOK
    assert next(r for r in records if r["id"] == "a4")["story"] is None


def test_entities_count_articles_stories_and_mentions(store):
    rows = {r["id"]: r for r in _jsonl(store, "entities")}
    assert set(rows) == {TOK, MIR, ONU, XI}
    tok = rows[TOK]
    assert (tok["articles"], tok["stories"], tok["mentions"]) == (4, 2, 7)
    assert (tok["name"], tok["type"], tok["country"]) == ("Tokaïev", "person", "KZ")
    assert (tok["first_day"], tok["last_day"]) == ("2025-08-01", "2025-09-10")
    assert rows[ONU]["country"] is None and rows[ONU]["stories"] == 1
    assert {r["id"] for r in _csv(store, "entities")} == set(rows)


def test_mentions_carry_offsets_into_the_article_text(store):
    rows = _jsonl(store, "mentions")
    assert len(rows) == MENTIONS == len(_csv(store, "mentions"))
    texts = {aid: store.get_article(aid)[0].text for aid, *_ in ROWS}
    for r in rows:
        assert texts[r["article"]][r["start"]:r["end"]] == r["text"] == r["name"]
    assert sum(1 for r in rows if r["article"] == "a1" and r["entity"] == TOK) == 3


def test_stories_with_their_outlets_and_countries(store):
    rows = {r["id"]: r for r in _csv(store, "stories")}
    assert set(rows) == {"s1", "s2"} and len(rows) == store.count_stories()
    s1 = rows["s1"]
    assert (s1["first_day"], s1["last_day"], s1["articles"]) == ("2025-08-01", "2025-08-02", "2")
    assert s1["sources"] == "a.kz; b.kz" and s1["countries"] in ("KZ; UZ", "UZ; KZ")


def test_since_keeps_articles_published_from_that_day(store):
    assert [r["id"] for r in _jsonl(store, "articles", "2025-09-01")] == ["a3", "a4"]
    entities = {r["id"]: r for r in _jsonl(store, "entities", "2025-09")}
    assert set(entities) == {TOK, XI, ONU} and entities[TOK]["articles"] == 1
    assert {r["article"] for r in _jsonl(store, "mentions", "2025-09-11")} == {"a4"}
    assert [r["id"] for r in _jsonl(store, "stories", "2025-08-15")] == ["s2"]


def test_pages_are_read_one_after_the_other(store, monkeypatch):
    """Keyset pages of two rows give the same rows as one page: nothing lost or doubled."""
    whole = {w: _jsonl(store, w) for w in exports.WHATS}
    monkeypatch.setattr(exports, "PAGE", 2)
    for what, rows in whole.items():
        assert _jsonl(store, what) == rows, what


def test_an_export_reads_a_page_at_a_time(store, monkeypatch):
    """Bounded memory: the first row comes out after one page is read, not the archive."""
    monkeypatch.setattr(exports, "PAGE", 2)
    pages = []
    read = store.export_article_page

    def counted(after, limit, since=None):
        pages.append(after)
        return read(after, limit, since)
    monkeypatch.setattr(store, "export_article_page", counted)
    rows = export_rows(store, "articles")
    next(rows)
    assert pages == [0]
    assert len(list(rows)) == len(ROWS) - 1 and len(pages) == 3


def test_csv_quotes_what_needs_quoting_and_excel_adds_a_bom():
    rows = [{"id": "x", "label": 'Dit « oui », puis "non"\nfin', "first_day": None,
             "last_day": None, "articles": 1, "outlets": 1, "sources": ["a", "b"],
             "countries": []}]
    text = "".join(render_lines(iter(rows), "stories", "csv"))
    back = list(csv.DictReader(io.StringIO(text, newline="")))
    assert back[0]["label"] == rows[0]["label"] and back[0]["sources"] == "a; b"
    excel = "".join(render_lines(iter(rows), "stories", "csv", excel=True))
    assert excel.startswith("\ufeffid;label;")


@pytest.mark.parametrize("what, since, message", [
    ("people", None, "--what « people » : attendu articles, entities, mentions ou stories"),
    ("articles", "hier", "--since « hier »"),
])
def test_bad_arguments_are_refused_before_reading(store, what, since, message):
    with pytest.raises(InputError) as caught:
        export_rows(store, what, since)
    assert message in str(caught.value) and "\n" not in str(caught.value)


# -- networks ------------------------------------------------------------------------------------
def _weights(graph):
    return {tuple(sorted((a, b))): d["weight"] for a, b, d in graph.edges(data=True)}


def test_entity_weights_count_stories_as_counted_by_hand(store):
    graph = comention_graph(store, "entities")
    assert graph.graph["weight_unit"] == "stories"
    assert _weights(graph) == {(ONU, MIR): 1, (MIR, TOK): 1, (ONU, TOK): 2, (TOK, XI): 1,
                               (ONU, XI): 1}
    tok = graph.nodes[TOK]
    assert (tok["type"], tok["country"], tok["articles"], tok["stories"]) == ("person", "KZ", 4, 2)
    assert graph.nodes[ONU]["country"] == "" and graph.nodes[TOK]["label"] == "Tokaïev"


def test_without_stories_weights_count_articles(bare_store):
    graph = comention_graph(bare_store, "entities")
    assert graph.graph["weight_unit"] == "articles" and "articles" in graph.graph["name"]
    assert _weights(graph) == {(ONU, MIR): 1, (MIR, TOK): 2, (ONU, TOK): 2, (TOK, XI): 1,
                               (ONU, XI): 1}


def test_min_weight_drops_light_edges_and_their_lonely_nodes(store):
    graph = comention_graph(store, "entities", min_weight=2)
    assert _weights(graph) == {(ONU, TOK): 2} and set(graph.nodes) == {ONU, TOK}


def test_since_and_the_cap_per_article(store):
    assert _weights(comention_graph(store, "entities", since="2025-09-01")) == {
        (TOK, XI): 1, (ONU, XI): 1}
    # two per article: a1 gives Tokaïev and ONU (1 mention each, ONU first by id), a2 Tokaïev
    # and Mirziyoyev; s1 keeps Tokaïev (2 articles) and Mirziyoyev (2 mentions against 1)
    assert _weights(comention_graph(store, "entities", per_article=2)) == {
        (MIR, TOK): 1, (TOK, XI): 1, (ONU, XI): 1, (ONU, TOK): 1}


def test_country_graph(store):
    graph = comention_graph(store, "countries")
    assert _weights(graph) == {("KZ", "UZ"): 1, ("CN", "KZ"): 1}
    kz = graph.nodes["KZ"]
    assert (kz["name"], kz["type"], kz["articles"], kz["stories"]) == ("Kazakhstan", "country", 4, 2)


@pytest.mark.parametrize("fmt, read", [("gexf", nx.read_gexf), ("graphml", nx.read_graphml)])
def test_graph_files_read_back_with_networkx(store, tmp_path, fmt, read):
    graph = comention_graph(store, "entities")
    path = tmp_path / f"g.{fmt}"
    write_graph(graph, fmt, str(path))
    back = read(path)
    assert back.number_of_nodes() == 4 and back.number_of_edges() == 5
    assert {k: int(v) for k, v in _weights(back).items()} == _weights(graph)
    assert back.nodes[TOK]["type"] == "person" and int(back.nodes[TOK]["stories"]) == 2
    assert "histoires" in back.graph["name"]
    streamed = tmp_path / f"s.{fmt}"
    streamed.write_text("".join(graph_lines(graph, fmt)), encoding="utf-8")
    assert read(streamed).number_of_edges() == 5


@pytest.mark.parametrize("args, message", [
    ({"kind": "people"}, "--graph « people » : attendu entities ou countries"),
    ({"kind": "entities", "min_weight": 0}, "--min-weight 0 : au moins 1"),
    ({"kind": "countries", "since": "demain"}, "--since « demain »"),
])
def test_bad_graph_arguments(store, args, message):
    with pytest.raises(InputError) as caught:
        comention_graph(store, **args)
    assert message in str(caught.value)


# -- bounded memory ------------------------------------------------------------------------------
def _synthetic(store, first: int, n: int) -> None:
    """``n`` more articles naming 8 of 400 entities each (numbered from ``first``)."""
    from tests.reports.exports_fixture import PEOPLE, article
    people = {f"e{i}": (f"person:e{i}", f"Personne {i}", "person", "KZ") for i in range(400)}
    PEOPLE.update(people)
    try:
        pairs = [article(f"z{i}", "2025-10-01", "z.kz",
                         {f"e{(i * 7 + j * 13) % 400}": 1 for j in range(8)}, ["KZ"])
                 for i in range(first, first + n)]
    finally:
        for key in people:
            del PEOPLE[key]
    with store.transaction():
        store.put_articles(pairs)


def _peak(store, what: str) -> int:
    import tracemalloc
    tracemalloc.start()
    try:
        for _ in render_lines(export_rows(store, what), what, "csv"):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("what", ["articles", "mentions"])
def test_memory_does_not_grow_with_the_archive(store, monkeypatch, what):
    """Pages of 50 rows: ten times the articles must not take anything like ten times the
    memory (holding every row would)."""
    monkeypatch.setattr(exports, "PAGE", 50)
    _synthetic(store, 0, 200)
    small = _peak(store, what)
    _synthetic(store, 200, 1800)
    large = _peak(store, what)
    assert large < 2 * small, (small, large)
