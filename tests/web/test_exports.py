"""Downloads of the exports (``/api/export``, ``/api/export/graph``) from a real ``steppe
serve`` process on the hand-built archive, SQLite and PostgreSQL: the files read back with
the csv module and networkx, and bad arguments are a 400 in French before anything is sent."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Iterator

import httpx
import networkx as nx
import pytest

from steppe.store import open_store
from tests.reports.exports_fixture import BACKENDS, MENTIONS, ROWS, TOK, fill, store_url
from tests.web.live import ServedProcess


@pytest.fixture(params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    address = store_url(request, tmp_path)
    with open_store(address) as store:
        fill(store)
    served = ServedProcess(address, tmp_path)
    try:
        yield served.url
    finally:
        served.stop()


def test_tables_and_networks_download(server, tmp_path):
    r = httpx.get(server + "/api/export", params={"what": "articles", "format": "csv"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"] == 'attachment; filename="steppe-articles.csv"'
    rows = list(csv.DictReader(io.StringIO(r.text, newline="")))
    assert len(rows) == len(ROWS) and {x["id"] for x in rows} >= {"a1", "a5"}
    r = httpx.get(server + "/api/export", params={"what": "mentions", "format": "jsonl",
                                                  "since": "2025-01-01"})
    lines = [json.loads(line) for line in r.text.splitlines()]
    assert r.status_code == 200 and len(lines) == MENTIONS - 2   # a5 has no date
    for fmt, read in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        r = httpx.get(server + "/api/export/graph", params={"kind": "entities", "format": fmt})
        assert r.status_code == 200 and f'filename="steppe-entities.{fmt}"' in \
            r.headers["content-disposition"]
        path = tmp_path / f"g.{fmt}"
        path.write_bytes(r.content)
        graph = read(path)
        assert (graph.number_of_nodes(), graph.number_of_edges()) == (4, 5)
        assert int(graph.nodes[TOK]["stories"]) == 2
    r = httpx.get(server + "/api/export/graph", params={"kind": "countries", "min_weight": 2})
    path = tmp_path / "c.gexf"
    path.write_bytes(r.content)
    assert nx.read_gexf(path).number_of_edges() == 0


@pytest.mark.parametrize("path, params, message", [
    ("/api/export", {"what": "people"}, "what « people » : attendu articles"),
    ("/api/export", {"what": "articles", "format": "xlsx"}, "format « xlsx » : attendu csv ou jsonl"),
    ("/api/export", {"what": "articles", "since": "hier"}, "since « hier » : une date"),
    ("/api/export/graph", {"kind": "people"}, "kind « people » : attendu entities ou countries"),
    ("/api/export/graph", {"kind": "entities", "format": "csv"}, "format « csv » : attendu gexf"),
])
def test_bad_arguments_are_a_french_400(server, path, params, message):
    r = httpx.get(server + path, params=params)
    assert r.status_code == 400 and message in r.json()["error"], r.text
