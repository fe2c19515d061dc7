"""The lexicons of issue 14's entity classes, loaded once from ``resources/entity_classes.json``.

Kept apart from ``rules.name_rules`` (the older lexicons) so each class's words are listed in
one place, next to the data of the other classes, and are extended without touching code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from steppe.kb import fold


@dataclass(frozen=True)
class ClassLexicon:
    rubric_words: frozenset[str]       # section labels heading a text (ÉCONOMIE, Sport)
    credit_words: frozenset[str]       # photo/video credit labels (PHOTO : AFP)
    stock_exchanges: frozenset[str]    # exact case: KASE, NASDAQ (in "(KASE: KZAP)")
    historical_states: frozenset[str]  # URSS, Soviet Union: neither an organisation nor a place
    glue_words: frozenset[str]         # sentence-start words glued to a name (Mais Japarov)
    site_heads: dict[str, frozenset[str]]  # rivière → KB kinds a named site of it may link to
    division_heads: frozenset[str]     # région, district…: "région de Soughd" is one place
    town_heads: frozenset[str]         # ville: "la ville de X" is the town, not its region
    lower_case_institution_heads: frozenset[str]  # "conseil des oulémas": lower case, a name
    institution_place_nouns: frozenset[str]  # "tribunal du district Pervomaïski": a name follows
    institution_tail_nouns: frozenset[str]   # "… de la ville" ending an institution: run on
    toponym_parts: frozenset[str]      # Jany, Jol, Kara, Suu…: "Jany-Jol" is a place
    minister_titles: frozenset[str]    # ministre: « ministre de l’Énergie » names a portfolio
    company_tails: frozenset[str]      # Analytics, Capital, Invest: a name ending so is a firm
    ru_family_plural_endings: tuple[str, ...]  # Осмоновых: a family, not one person
    ru_seniority_words: frozenset[str]  # Осмонов-старший: the surname said of one member
    org_alias_cues: frozenset[str]     # told, рассказал: an outlet's common-word name follows
    headline_min_capitalised: float    # share of capitalised words that makes a headline Title Case
    org_name_words_fr: frozenset[str]  # géographie, gestion, droit: lower-case words of names
    org_heads_fr_capital: tuple[str, ...]  # Banque, Bureau, Centre: heads only with a capital
    org_inner_connectors_fr: frozenset[str]  # auprès: « Conseil … auprès du Cabinet des ministres »
    org_heads_ru: tuple[str, ...]      # Объединённого штаба, Исполнительного комитета
    org_heads_en: tuple[str, ...]      # Troops, Secretariat: English heads beside name_rules'
    ru_org_name_words: tuple[str, ...]  # дел: genitives the ending rule misses
    # CN, KR…: states whose persons are named family name first (« Xi Jinping », « M. Xi »)
    family_name_first_countries: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def class_lexicon() -> ClassLexicon:
    data = json.loads(files("steppe.enrich.resources").joinpath("entity_classes.json")
                      .read_text(encoding="utf-8"))

    def folded(key: str) -> frozenset[str]:
        return frozenset(fold(w) for w in data[key])

    return ClassLexicon(
        rubric_words=folded("rubric_words"), credit_words=folded("credit_words"),
        stock_exchanges=frozenset(data["stock_exchanges"]),
        historical_states=folded("historical_states"), glue_words=folded("glue_words"),
        site_heads={fold(head): frozenset(kinds) for head, kinds in data["site_heads"].items()},
        division_heads=folded("division_heads"), town_heads=folded("town_heads"),
        lower_case_institution_heads=folded("lower_case_institution_heads"),
        institution_place_nouns=folded("institution_place_nouns"),
        institution_tail_nouns=folded("institution_tail_nouns"),
        toponym_parts=folded("toponym_parts"),
        org_alias_cues=folded("org_alias_cues"),
        ru_family_plural_endings=tuple(data["ru_family_plural_endings"]),
        ru_seniority_words=folded("ru_seniority_words"),
        company_tails=folded("company_tails"),
        minister_titles=folded("minister_titles"),
        headline_min_capitalised=float(data["headline_min_capitalised"]),
        org_name_words_fr=folded("org_name_words_fr"),
        org_heads_fr_capital=tuple(data["org_heads_fr_capital"]),
        org_inner_connectors_fr=folded("org_inner_connectors_fr"),
        org_heads_ru=tuple(data["org_heads_ru"]),
        org_heads_en=tuple(data["org_heads_en"]),
        ru_org_name_words=tuple(data["ru_org_name_words"]),
        family_name_first_countries=frozenset(data.get("family_name_first_countries", ())),
    )
