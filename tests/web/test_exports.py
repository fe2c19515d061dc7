"""Downloads of the exports (``/api/export``, ``/api/export/graph``) from a real ``steppe
serve`` process on the hand-built archive, SQLite and PostgreSQL: the files read back with
the csv module and networkx, bad arguments are a 400 in French before anything is sent, and
only logged-in users (any role, or the operator's token) may download."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Iterator

import httpx
import networkx as nx
import pytest

from steppe.accounts.tokens import create_token
from steppe.accounts.users import add_user
from steppe.store import open_store
from tests.reports.exports_fixture import BACKENDS, MENTIONS, ROWS, TOK, fill, store_url
from tests.web.live import ServedProcess


LEGACY = "s3cret-exports"


@pytest.fixture(params=BACKENDS)
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The server's URL and a reader's API token."""
    address = store_url(request, tmp_path)
    with open_store(address) as store:
        fill(store)
        add_user(store, "lectrice", "reader", "lire sans fin")
        token = create_token(store, "lectrice", "exports")
    process = ServedProcess(address, tmp_path, STEPPE_WEB_TOKEN=LEGACY)
    try:
        yield process.url, token
    finally:
        process.stop()


@pytest.fixture
def server(served: tuple[str, str]) -> Iterator[httpx.Client]:
    """A client of the server carrying the reader's token."""
    url, token = served
    with httpx.Client(base_url=url, timeout=30,
                      headers={"Authorization": f"Bearer {token}"}) as client:
        yield client


def test_anonymous_callers_are_refused_in_french(served):
    url, _ = served
    for path, params in (("/api/export", {"what": "articles"}),
                         ("/api/export/graph", {"kind": "countries"})):
        r = httpx.get(url + path, params=params)
        assert r.status_code == 401, r.text
        assert r.json()["message"] == "Cette action demande d’être connecté."
        assert "connexion requise" in r.json()["error"]
    wrong = httpx.get(url + "/api/export", params={"what": "articles"},
                      headers={"Authorization": "Bearer stp_nobody"})
    assert wrong.status_code == 401          # an unknown token is no one


def test_the_operators_token_may_download(served):
    url, _ = served
    r = httpx.get(url + "/api/export", params={"what": "stories", "format": "jsonl"},
                  headers={"Authorization": f"Bearer {LEGACY}"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")


def test_tables_and_networks_download(server, tmp_path):
    r = server.get("/api/export", params={"what": "articles", "format": "csv"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"] == 'attachment; filename="steppe-articles.csv"'
    rows = list(csv.DictReader(io.StringIO(r.text, newline="")))
    assert len(rows) == len(ROWS) and {x["id"] for x in rows} >= {"a1", "a5"}
    r = server.get("/api/export", params={"what": "mentions", "format": "jsonl",
                                          "since": "2025-01-01"})
    lines = [json.loads(line) for line in r.text.splitlines()]
    assert r.status_code == 200 and len(lines) == MENTIONS - 2   # a5 has no date
    for fmt, read in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        r = server.get("/api/export/graph", params={"kind": "entities", "format": fmt})
        assert r.status_code == 200 and f'filename="steppe-entities.{fmt}"' in \
            r.headers["content-disposition"]
        path = tmp_path / f"g.{fmt}"
        path.write_bytes(r.content)
        graph = read(path)
        assert (graph.number_of_nodes(), graph.number_of_edges()) == (4, 5)
        assert int(graph.nodes[TOK]["stories"]) == 2
    r = server.get("/api/export/graph", params={"kind": "countries", "min_weight": 2})
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
    r = server.get(path, params=params)
    assert r.status_code == 400 and message in r.json()["error"], r.text
