"""reports.relations: a pair's months, balance and latest events; partners (with the
country's own months and latest events); relative --since windows; the network, written as
GEXF and read back with networkx."""

from __future__ import annotations

from datetime import date, timedelta

import networkx as nx
import pytest

from steppe.errors import InputError
from steppe.reports.events import check_day
from steppe.reports.relations import partners, relation_network, relations
from steppe.stories.days import today_number
from tests.reports.events_fixture import filled_store as store  # noqa: F401  (fixture)

QUADS = ["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"]



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


def test_partners_carry_the_countrys_months_and_latest_events_once_per_story(store):
    data = partners(store, "KZ")
    months = {m["month"]: m for m in data["months"]}
    assert list(months) == ["2025-07", "2025-08", "2025-09"]          # oldest first
    assert months["2025-08"] == {"month": "2025-08", "total": 1,        # three outlets, one story
                                 "by_quad": {**dict.fromkeys(QUADS, 0), "material_conflict": 1}}
    assert months["2025-09"]["by_quad"] == {"verbal_cooperation": 3, "material_cooperation": 0,
                                            "verbal_conflict": 0, "material_conflict": 1}
    assert sum(m["total"] for m in data["months"]) == data["total"] == 6
    latest = data["latest"]
    assert len(latest) == 6 and [e["date"] for e in latest] == sorted(
        (e["date"] for e in latest), reverse=True)
    tariffs = [e for e in latest if e["type"] == "SANCTION" and e["date"].startswith("2025-08")]
    assert len(tariffs) == 1 and tariffs[0]["reports"] == 3          # deduplicated by story
    assert len(partners(store, "KZ", latest=2)["latest"]) == 2
    since = partners(store, "KZ", since="2025-09-01")
    assert [m["month"] for m in since["months"]] == ["2025-09"]
    assert all(e["date"] >= "2025-09-01" for e in since["latest"])
    # « le Kazakhstan et l'Ouzbékistan condamnent les talibans »: two partners, one event
    af = partners(store, "AF")
    assert [(p["code"], p["total"]) for p in af["partners"]] == [("KZ", 1), ("UZ", 1)]
    assert [(m["month"], m["total"]) for m in af["months"]] == [("2025-07", 1)]
    assert len(af["latest"]) == 1 and af["latest"][0]["type"] == "ACCUSE"
    assert partners(store, "TM")["months"] == partners(store, "TM")["latest"] == []


def test_since_takes_a_window_back_from_today(store):
    assert check_day("7d") == (date.today() - timedelta(days=7)).isoformat()
    assert check_day("4w", today=today_number()) == (date.today() - timedelta(weeks=4)).isoformat()
    assert check_day("3m", today=20_000) == "2024-07-06"       # 3 × 30 days, as stories count
    assert check_day("2025-09") == "2025-09-01"
    assert relations(store, "KZ", "US", since="3m")["since"] == \
        (date.today() - timedelta(days=90)).isoformat()
    for bad in ("hier", "7x", "-3d", "2025-13", "99999999999d"):
        with pytest.raises(InputError) as err:
            partners(store, "KZ", since=bad, names=("A", "--since"))
        assert str(err.value) == (f"--since « {bad} » : une date AAAA-MM-JJ (ou AAAA-MM, AAAA) "
                                  "ou une durée comme 7d, 4w ou 3m est attendue")


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
