"""Word families and capitals: the index-time lists behind French word families and acronyms
that are also common words (index/families.py)."""

from __future__ import annotations

import json

from steppe.index import catch_up
from steppe.index.families import analysis_digest, capitals, families, family_map
from steppe.index.schema import french_analyzer
from steppe.index.writer import META, IndexMeta, needs_rebuild
from tests.index.corpus import articles


def stems(text: str) -> list[str]:
    return french_analyzer().analyze(text)


def test_the_election_family_joins_its_words_and_not_electricity():
    election = set(families(stems("élection")))
    assert election and all(set(families(stems(w))) == election
                            for w in ("électeurs", "électoral", "électorale", "électorat", "réélu"))
    assert not set(families(stems("électricité"))) & election
    assert not set(families(stems("électrique"))) & election


def test_every_stem_belongs_to_one_family_only():
    known = family_map()                   # raises ValueError naming the line on a clash
    assert len(known) > 200 and len(set(known.values())) > 80


def test_capitals_keep_acronyms_as_written_only():
    found = capitals(["L’UE et l’ONU ont eu un accord avec l’OTSC. Un ministre, ООН, KZ."])
    assert set(found) == {"UE", "ONU", "OTSC", "ООН", "KZ"}
    assert not set(capitals(["Il y a eu un sommet. Un accord."]))


def test_an_index_built_with_other_word_families_is_rebuilt(tmp_path):
    from tests.index.corpus import build_store

    store = build_store(tmp_path / "steppe.db")
    index_dir = tmp_path / "index"
    catch_up(store, index_dir)
    assert needs_rebuild(IndexMeta.read(index_dir), store, store.last_seq()) is None
    meta = json.loads((index_dir / META).read_text())
    meta["analysis"] = "another-list"
    (index_dir / META).write_text(json.dumps(meta))
    assert needs_rebuild(IndexMeta.read(index_dir), store, store.last_seq()) == "word families changed"
    assert catch_up(store, index_dir) == len(articles())
    assert IndexMeta.read(index_dir).analysis == analysis_digest()
    store.close()
