"""Word families (search/families.py) and capitals (index/capitals.py): the lists behind
French word families and acronyms that are also common words."""

from __future__ import annotations

from steppe.index.capitals import capitals
from steppe.index.schema import french_analyzer
from steppe.search.families import family_map, family_of, relatives


def stem(word: str) -> str:
    return french_analyzer().analyze(word)[0]


def test_the_election_family_joins_its_words_and_not_electricity():
    election = family_of(stem("élection"))
    assert election is not None
    assert all(family_of(stem(w)) == election
               for w in ("électeurs", "électoral", "électorale", "électorat", "réélu", "scrutin"))
    assert family_of(stem("électricité")) != election
    assert family_of(stem("électrique")) != election
    assert stem("électeurs") in relatives(stem("élection"))
    assert stem("élection") not in relatives(stem("élection"))


def test_every_stem_belongs_to_one_family_only():
    known = family_map()                   # raises ValueError naming the line on a clash
    assert len(known) > 200 and len(set(known.values())) > 80


def test_capitals_keep_acronyms_as_written_only():
    found = capitals(["L’UE et l’ONU ont eu un accord avec l’OTSC. Un ministre, ООН, KZ, G20."])
    assert found == ["UE", "ONU", "OTSC", "ООН", "KZ", "G20"]
    assert capitals(["Il y a eu un sommet. Un accord. Nations Unies"]) == []
    assert capitals(["CamelCase ONUx xONU ÉTAT"]) == ["ÉTAT"]
