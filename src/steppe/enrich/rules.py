"""Lexicons for rule-based names, loaded once from ``resources/name_rules.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from steppe.kb import fold


@dataclass(frozen=True)
class NameRules:
    org_heads_fr: tuple[str, ...]
    org_heads_en: tuple[str, ...]
    org_heads_ru: tuple[str, ...]
    org_connectors_fr: tuple[str, ...]
    org_lower_words_fr: frozenset[str]
    common_capitalised: frozenset[str]
    person_particles: frozenset[str]
    ru_surname_endings: tuple[str, ...]


@lru_cache(maxsize=1)
def name_rules() -> NameRules:
    data = json.loads(files("steppe.enrich.resources").joinpath("name_rules.json")
                      .read_text(encoding="utf-8"))
    return NameRules(
        org_heads_fr=tuple(data["org_heads_fr"]), org_heads_en=tuple(data["org_heads_en"]),
        org_heads_ru=tuple(data["org_heads_ru"]),
        org_connectors_fr=tuple(sorted(data["org_connectors_fr"], key=len, reverse=True)),
        org_lower_words_fr=frozenset(fold(w) for w in data["org_lower_words_fr"]),
        common_capitalised=frozenset(fold(w) for w in data["common_capitalised_fr"]),
        person_particles=frozenset(fold(w) for w in data["person_particles"]),
        ru_surname_endings=tuple(sorted(data["ru_surname_endings"], key=len, reverse=True)),
    )
