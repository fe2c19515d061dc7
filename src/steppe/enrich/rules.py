"""Lexicons for rule-based names, loaded once from ``resources/name_rules.json`` (and the
currency and month names of ``currencies.json`` and ``months.json``, which are never names)."""

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
    org_heads_capital_only: frozenset[str]   # heads that are ordinary words in lower case
    not_names: frozenset[str]                # holidays, currencies: capitalised, never entities
    institution_words: frozenset[str]        # a name holding one is an organisation
    place_heads: frozenset[str]              # "mine Kostenko": the name of a place
    company_words: frozenset[str]            # "le groupe Webuild": the name of a company


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
        org_heads_capital_only=frozenset(fold(w) for w in data["org_heads_fr_capital_only"]),
        not_names=frozenset(fold(w) for w in data["not_names"]) | _currency_names()
        | _month_names(),
        institution_words=frozenset(fold(w) for w in data["institution_words"]),
        place_heads=frozenset(fold(w) for w in data["place_heads_fr"]),
        company_words=frozenset(fold(w) for w in data["company_words"]),
    )


def _month_names() -> frozenset[str]:
    """Month names written out (April, Avril, Апрель): "In April, …" opens with no name."""
    data = json.loads(files("steppe.enrich.resources").joinpath("months.json")
                      .read_text(encoding="utf-8"))
    return frozenset(fold(name) for lang in ("fr", "en", "ru") for name in data[lang]
                     if not name.endswith("."))


def _currency_names() -> frozenset[str]:
    """Every currency name (tenge, som, manat…): a capitalised "Tenge" heading an article is
    the currency, never a place."""
    data = json.loads(files("steppe.enrich.resources").joinpath("currencies.json")
                      .read_text(encoding="utf-8"))
    return frozenset(fold(name) for item in data["currencies"]
                     for names in item["names"].values() for name in names)
