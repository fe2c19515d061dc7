"""reports.relations: a pair's months, balance and latest events; partners; the network,
written as GEXF and read back with networkx."""

from __future__ import annotations

from typing import Iterator

import networkx as nx
import pytest

from steppe.errors import InputError
from steppe.reports.relations import partners, relation_network, relations
from steppe.store import Store, open_store
from tests.reports.events_fixture import fill

QUADS = ["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Store]:
    url = str(tmp_path / "relations.db") if request.param == "sqlite" else \
        request.getfixturevalue("pg_url")
    with open_store(url) as s:
        fill(s)
        yield s


def test_a_pair_by_month_once_per_story(store):
    data = relations(store, "kz", "US")
    assert data["a"] == {"code": "KZ", "name": "Kazakhstan"} and data["b"]["name"] == "États-Unis"
    # the tariffs story (3 articles, 2 outlets) is one event; t4 in September another
    assert data["total"] == 2 and data["by_type"] == {"SANCTION": 2}
    assert data["directions"] == {"a_to_b": 0, "b_to_a": 2}
    assert [(m["month"], m["total"], m["by_quad"]["material_conflict"]) for m in data["months"]] \
        == [("2025-08", 1, 1), ("2025-09", 1, 1)]
    assert data["balance"] == -1.0 and [q["name"] for q in data["quads"]] == QUADS
    latest = data["latest"]
    assert [e["date"] for e in latest] == ["2025-09-15", "2025-08-01"]
    assert latest[1]["reports"] == 3 and latest[1]["outlets"] == 2
    assert "droits de douane" in latest[0]["sentence"]
    # both directions, whichever order the pair is asked in
    assert relations(store, "US", "KZ")["total"] == 2


def test_balance_and_types_of_a_cooperative_pair(store):
    data = relations(store, "CN", "KZ", since="2025-09-01")
    assert data["by_type"] == {"AGREE": 2, "CONSULT": 1}
    assert data["by_quad"] == {"verbal_cooperation": 3, "material_cooperation": 0,
                               "verbal_conflict": 0, "material_conflict": 0}
    assert data["balance"] == 1.0 and data["directions"] == {"a_to_b": 1, "b_to_a": 2}
    assert relations(store, "CN", "KZ", since="2025-10-01")["total"] == 0
    assert relations(store, "CN", "KZ", since="2025-10-01")["balance"] is None


@pytest.mark.parametrize("a, b, message", [
    ("KZ", "ZZ", "B « ZZ » : code de pays inconnu"),
    ("Kazakhstan", "US", "A « Kazakhstan » : code de pays inconnu"),
    ("KZ", "kz", r"A et B sont le même pays \(KZ\)"),
])
def test_bad_pairs(store, a, b, message):
    with pytest.raises(InputError, match=message):
        relations(store, a, b)
    with pytest.raises(InputError, match="--since « 2025-13 »"):
        relations(store, "KZ", "US", since="2025-13")


def test_partners_ranked_with_quads_balance_and_latest(store):
    data = partners(store, "KZ")
    assert data["country"]["name"] == "Kazakhstan" and data["total"] == 6
    ranked = [(p["code"], p["total"]) for p in data["partners"]]
    assert ranked == [("CN", 3), ("US", 2), ("AF", 1)]
    cn, us, af = data["partners"]
    assert cn["balance"] == 1.0 and us["balance"] == -1.0
    assert af["by_quad"]["verbal_conflict"] == 1
    assert [m["month"] for m in us["months"]] == ["2025-08", "2025-09"]
    assert len(cn["latest"]) == 3 and cn["latest"][0]["type"] == "CONSULT"
    assert [p["code"] for p in partners(store, "KZ", limit=1)["partners"]] == ["CN"]
    assert partners(store, "TM")["partners"] == []
    with pytest.raises(InputError, match="--country « QQ »"):
        partners(store, "QQ")


def test_network_as_gexf_read_back(store, tmp_path):
    graph = relation_network(store)
    path = tmp_path / "relations.gexf"
    nx.write_gexf(graph, path)
    back = nx.read_gexf(path)
    assert sorted(back.nodes) == ["AF", "CN", "KZ", "US", "UZ"]
    assert back.number_of_edges() == 4
    edge = back.edges["KZ", "US"]
    assert edge["total"] == 2 and edge["material_conflict"] == 2 and edge["balance"] == -1.0
    assert {q: back.edges["CN", "KZ"][q] for q in QUADS} == {
        "verbal_cooperation": 3, "material_cooperation": 0, "verbal_conflict": 0,
        "material_conflict": 0}
    assert back.nodes["KZ"]["label"] == "Kazakhstan" and back.nodes["KZ"]["events"] == 6
    assert relation_network(store, since="2025-09-01").number_of_edges() == 2
