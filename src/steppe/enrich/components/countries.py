"""Which countries an article refers to, and how often.

Countries come from their names, demonyms and adjectives (kazakhstanais, ouzbèkes), compound
adjectives (kazakho-kirghize, russo-chinois), capitals and places located in them (Bichkek → KG),
and metonymies (le Kremlin → RU). Persons and organisations do not imply a country by
themselves: "Donald Trump" is not a mention of the United States.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from steppe.enrich.doc_state import doc_text, state
from steppe.enrich.kb_access import get_kb
from steppe.kb import KnowledgeBase, fold
from steppe.enrich.components.batching import Batched


def compound_pattern(kb: KnowledgeBase) -> tuple[re.Pattern[str], dict[str, str], dict[str, str]]:
    """Regex for 'prefix-(prefix-)*demonym' compounds, with prefix and demonym tables."""
    prefixes: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for e in kb:
        if e.type != "country" or not e.country:
            continue
        for p in e.compound_prefixes:
            prefixes.setdefault(fold(p).rstrip("-"), e.country)
        for d in e.demonyms:
            demonyms.setdefault(fold(d), e.country)
    if not prefixes:
        return re.compile(r"(?!x)x"), prefixes, demonyms
    alt = "|".join(sorted((re.escape(p) for p in prefixes), key=len, reverse=True))
    pattern = re.compile(rf"\b((?:(?:{alt})-)+)(\w+)\b")
    return pattern, prefixes, demonyms


def same_length_fold(text: str) -> str:
    """Lower-case, accent-free copy of ``text`` with the same length, so offsets still match.
    (One table for the text's few distinct characters, then ``str.translate``: a call per
    character was a visible share of enrichment time.)"""
    return text.translate({ord(c): _fold_char(c) for c in set(text)})


def _fold_char(ch: str) -> str:
    if ch.isascii():
        return ch.lower()
    folded = fold(ch)
    return folded[0] if len(folded) >= 1 else ch


class CountryFinder(Batched):
    def __init__(self, kb_file: str) -> None:
        self.kb = get_kb(kb_file)
        self.compounds, self.prefixes, self.demonyms = compound_pattern(self.kb)

    def country_of(self, entity_id: str, label: str) -> list[str]:
        entity = self.kb.get(entity_id)
        if entity is None:
            return []
        if label == "demonym" or entity.type == "country":
            return [entity.country] if entity.country else []
        if entity.type == "place":
            codes = [entity.metonym_of or entity.country]
            return [c for c in codes if c]
        return []

    def __call__(self, doc: Doc) -> Doc:
        counts: Counter[str] = Counter()
        nested = state(doc).get("kb_all", [])
        entity_spans = {(s.start_char, s.end_char) for s in doc.spans.get("entities", [])}
        for start, end, label, entity_id in nested:
            entity = self.kb.get(entity_id)
            # a place or country nested inside another name still counts; a place's country only
            # counts when the place itself survived as an entity (not "Washington" in a person)
            if label == "place" and (start, end) not in entity_spans:
                continue
            if entity is not None:
                counts.update(self.country_of(entity_id, label))
        demonym_at = {start for start, _, label, _ in nested if label == "demonym"}
        for m in self.compounds.finditer(same_length_fold(doc_text(doc))):
            if m.group(2) not in self.demonyms:
                continue  # indo-européen, anglo-saxon: not a compound of country adjectives
            parts = [p for p in m.group(1).split("-") if p]
            counts.update(self.prefixes[p] for p in parts if p in self.prefixes)
            # the final adjective (kirghize in kazakho-kirghize) is usually its own token that
            # the KB matcher counted; when the tokenizer kept the compound whole, count it here
            if m.start(2) not in demonym_at:
                counts[self.demonyms[m.group(2)]] += 1
        state(doc)["countries"] = dict(counts)
        return doc


@Language.factory("steppe_countries", default_config={"kb_file": ""})
def make_country_finder(nlp: Language, name: str, kb_file: str) -> CountryFinder:
    return CountryFinder(kb_file)
