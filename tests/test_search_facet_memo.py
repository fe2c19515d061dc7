"""Dashboards' facet panels are remembered per index version (search/facets.py): the same
panels as counted afresh, recounted as soon as the index takes in a change, never shared
between two indexes, two knowledge bases or a story filter."""

from __future__ import annotations

from steppe.kb import load_kb
from steppe.search import search
from steppe.search import facets as facet_module
from tests.index.corpus import SERIES, build_store, pair


def panels(store, index_dir, query, **kwargs):
    result = search(store, index_dir, query, limit=3, **kwargs)
    return result.total, result.facets, result.facets_sampled


def test_remembered_panels_are_the_counted_ones_until_the_index_changes(tmp_path, monkeypatch):
    counted = []
    real = facet_module.FacetJob.__init__

    def counting(self, *args, **kwargs):
        real(self, *args, **kwargs)
        counted.append(self.raw is None)           # True: counted now; False: remembered
    monkeypatch.setattr(facet_module.FacetJob, "__init__", counting)

    store = build_store(tmp_path / "a.db")
    index_dir = tmp_path / "a.db.index"
    for query in ("country:UZ sort:date", "", "coton"):
        fresh = panels(store, index_dir, query)
        assert panels(store, index_dir, query, remember_facets=True) == fresh
        assert panels(store, index_dir, query, remember_facets=True) == fresh
    assert counted == [True, True, False] * 3

    before = panels(store, index_dir, "country:UZ sort:date", remember_facets=True)
    with store.transaction():
        store.put_article(*pair("u1", "Coton ouzbek", "Le coton d'Ouzbékistan.", "2025-09-01",
                                countries=("UZ",)))
    after = panels(store, index_dir, "country:UZ sort:date", remember_facets=True)
    assert after[0] == before[0] + 1 and after != before
    assert after == panels(store, index_dir, "country:UZ sort:date")
    assert dict(after[1]["countries"])["UZ"] == SERIES + 3

    other = build_store(tmp_path / "b.db", [])      # another index: nothing shared
    assert panels(other, tmp_path / "b.db.index", "country:UZ sort:date",
                  remember_facets=True)[0] == 0
    counted.clear()
    panels(store, index_dir, "coton", remember_facets=True, kb=load_kb())   # another KB
    assert counted == [True]
    store.close()
    other.close()
