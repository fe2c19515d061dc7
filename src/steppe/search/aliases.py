"""Which typed words name a knowledge-base entity, for query expansion.

Three rules keep expansion precise:

* **Common words only as written.** An alias that is an ordinary word once lower-cased and
  folded (``UN`` / « un », ``EU`` / « eu », ``EST``), or has two letters or fewer, names its
  entity only when typed exactly so (``UN``, not « un »), and matches articles only through
  linked mentions or as written in capitals; never through the folded, stemmed text, where it
  would match every « un ».
* **Surnames alone.** A person is found by the last word of any of its full names, in every
  transliteration the KB holds (``Zhakupov``, ``Jakoupov``, ``Jakupov``), when no other entity
  has that name: a reader types surnames.
* **Never ambiguous or demonym names** (the KB's ``ambiguous_aliases``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from steppe.kb import KBEntity, KnowledgeBase, fold

MIN_SURNAME = 4
_maps: dict[int, tuple[KnowledgeBase, "AliasMap"]] = {}
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """French, English and Russian function words, folded (``data/common_words.txt``)."""
    text = files("steppe.search").joinpath("data/common_words.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.split("\n") if w.strip() and not w.startswith("#"))


def is_common(name: str) -> bool:
    """True for a name that is an ordinary word once folded ("UN" → « un ») or very short."""
    folded = fold(name)
    return len(folded) <= 2 or folded in _common_words()


def searchable_names(entity: KBEntity) -> list[str]:
    """The names of ``entity`` a search may use (never its ambiguous ones)."""
    return [n for n in (*entity.aliases, *entity.acronyms) if n not in entity.ambiguous]


@dataclass
class AliasMap:
    """Folded name → entity ids (ordinary names), and exact name → ids (common-word names)."""

    folded: dict[str, list[str]] = field(default_factory=dict)
    exact: dict[str, list[str]] = field(default_factory=dict)

    def ids(self, text: str) -> list[str]:
        """The entities ``text`` names as typed; [] when it names none."""
        return self.exact.get(text) or self.folded.get(fold(text)) or []


def alias_map(kb: KnowledgeBase) -> AliasMap:
    """The alias map of ``kb``, built once per knowledge-base object."""
    with _lock:
        cached = _maps.get(id(kb))
        if cached is not None and cached[0] is kb:
            return cached[1]
    built = _build(kb)
    with _lock:
        _maps[id(kb)] = (kb, built)
    return built


def _build(kb: KnowledgeBase) -> AliasMap:
    out = AliasMap()
    for entity in kb:
        for name in searchable_names(entity):
            target = out.exact if is_common(name) else out.folded
            key = name if target is out.exact else fold(name)
            ids = target.setdefault(key, [])
            if entity.id not in ids:
                ids.append(entity.id)
    for surname, ids in _surnames(kb).items():
        if surname not in out.folded and len(ids) == 1:
            out.folded[surname] = ids
    return out


def _surnames(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Folded last word of each person's full names → the persons who carry it."""
    found: dict[str, list[str]] = {}
    for entity in kb:
        if entity.type != "person":
            continue
        for name in searchable_names(entity):
            words = name.split()
            if len(words) < 2:
                continue
            last = words[-1]
            if len(fold(last)) < MIN_SURNAME or is_common(last) or not last[:1].isupper():
                continue
            ids = found.setdefault(fold(last), [])
            if entity.id not in ids:
                ids.append(entity.id)
    return found
