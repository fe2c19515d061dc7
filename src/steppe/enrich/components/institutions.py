"""Institutions are per country: the Commission électorale centrale of Kyrgyzstan and that of
Uzbekistan are two entities, though both articles write "la Commission électorale centrale".

An organisation mention is *generic* when, once any country written in it is set aside
("du Kirghizstan", "kirghiz", "of Kyrgyzstan"), it names an institution every country has:
one listed in ``resources/institutions.json`` (in any language: Ministry of Culture,
Министерство культуры and ministère de la Culture are one), or a rule-found name whose head is
a per-country head (ministère, agence…) and whose other words are all common words. Its
country is the one written in the mention, else the article's dominant country. The mention
then links to the knowledge base's record of that country's institution when the KB has one
("Banque nationale" about Kazakhstan → Banque nationale du Kazakhstan), else to a per-country
id: the generic id plus ``--`` and the lower-case country code (``org:banque-centrale--kg``;
slugs never hold two hyphens in a row, so such ids cannot meet a name's slug), with the
country in the label ("Banque centrale (Kirghizstan)"). With no country to be had the
generic id stays, as before.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from spacy.language import Language
from spacy.tokens import Doc, Span

from steppe.enrich.doc_state import context, doc_text, state
from steppe.enrich.kb_access import get_kb
from steppe.enrich.rules import name_rules
from steppe.kb import KnowledgeBase, fold, stem_cyrillic
from steppe.kb.loader import slug
from steppe.enrich.components.batching import Batched

SEPARATOR = "--"


def key_of(text: str) -> str:
    """Comparison key of an institution name: folded, apostrophes and hyphens as spaces,
    Russian words without their case ending (Министерства культуры = Министерство культуры)."""
    words = fold(text).replace("'", " ").replace("-", " ").split()
    return " ".join(stem_cyrillic(w) for w in words)


@dataclass(frozen=True)
class Generic:
    id: str
    name: str


@dataclass(frozen=True)
class InstitutionRules:
    generic: dict[str, Generic]        # key_of(alias) → generic institution
    heads: frozenset[str]               # per-country heads (folded)
    vocabulary: frozenset[str]          # words a rule-found generic name may hold (keys)
    connectors: tuple[str, ...]         # folded, longest first
    latin_names: dict[str, tuple[str, ...]]   # generic id → its Latin-script names


@lru_cache(maxsize=1)
def institution_rules() -> InstitutionRules:
    data = json.loads(files("steppe.enrich.resources").joinpath("institutions.json")
                      .read_text(encoding="utf-8"))
    generic: dict[str, Generic] = {}
    latin: dict[str, tuple[str, ...]] = {}
    for item in data["generic"]:
        entry = Generic(f"org:{slug(item['name'])}", item["name"])
        names = list(dict.fromkeys([item["name"], *item["aliases"]]))
        for alias in names:
            generic.setdefault(key_of(alias), entry)
        latin[entry.id] = tuple(n for n in names if not any("\u0400" <= c <= "\u04ff" for c in n))
    rules = name_rules()
    words = set()
    for phrase in [*rules.org_heads_fr, *rules.org_heads_en, *rules.org_lower_words_fr,
                   *rules.org_connectors_fr, *data["extra_words"]]:
        words.update(key_of(phrase).split())
    connectors = sorted({fold(c) for c in data["complement_connectors"]}, key=len, reverse=True)
    return InstitutionRules(generic, frozenset(key_of(h) for h in data["per_country_heads"]),
                            frozenset(words), tuple(connectors), latin)


class InstitutionLinker(Batched):
    """Re-links generic institution mentions to their country's institution."""

    def __init__(self, kb_file: str) -> None:
        self.kb: KnowledgeBase = get_kb(kb_file)
        self.rules = institution_rules()
        self._specific: dict[tuple[str, str], str | None] = {}

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans.get("entities", []))
        st = state(doc)
        places = self._country_marks(doc)
        dominant = dominant_country(st.get("countries", {}), places, context(doc).title_len)
        names: dict[str, str] = st.setdefault("names", {})
        countries: dict[str, str] = st.setdefault("entity_countries", {})
        moved: dict[str, str] = {}   # an id re-linked → its new id, for its other mentions
        for span in spans:
            linked = self._relink(doc, span, places, dominant, names, countries)
            if linked is not None:
                moved.setdefault(span.kb_id_, linked.kb_id_)
        doc.spans["entities"] = [
            Span(doc, s.start, s.end, label=s.label_, kb_id=moved[s.kb_id_])
            if s.kb_id_ in moved else s for s in spans]
        return doc

    def _relink(self, doc: Doc, span: Span, marks, dominant: str | None,
                names: dict[str, str], countries: dict[str, str]) -> Span | None:
        if span.label_ != "organization" or self.kb.get(span.kb_id_) is not None \
                or _cut_short(doc, span):
            return None
        base, written = self._without_country(doc, span, marks)
        generic = self._generic(base)
        if generic is None:
            if written:
                countries.setdefault(span.kb_id_, written)
            return None
        code = written or dominant
        if code is None:
            entity_id, name = generic.id, generic.name
        else:
            entity_id = self._specific_id(generic, code)
            if entity_id is None:
                entity_id = f"{generic.id}{SEPARATOR}{code.lower()}"
                name = f"{generic.name} ({self.kb.country_name(code)})"
                countries[entity_id] = code
            else:
                name = self.kb.entities[entity_id].name
        names[entity_id] = name
        return Span(doc, span.start, span.end, label=span.label_, kb_id=entity_id)

    def _country_marks(self, doc: Doc) -> list[tuple[int, int, str]]:
        """(start, end, code) of every country name and demonym the KB matcher found."""
        marks = []
        for start, end, label, entity_id in state(doc).get("kb_all", []):
            entity = self.kb.get(entity_id)
            if entity is not None and entity.country and \
                    (label == "demonym" or entity.type == "country"):
                marks.append((start, end, entity.country))
        return marks

    def _without_country(self, doc: Doc, span: Span, marks) -> tuple[str, str | None]:
        """The mention's text with a country written in it cut out, and that country."""
        text, offset = span.text, span.start_char
        inside = [m for m in marks if span.start_char <= m[0] and m[1] <= span.end_char]
        codes = {m[2] for m in inside}
        if len(codes) != 1:
            return text, None
        for start, end, _ in sorted(inside, reverse=True):
            head = text[:start - offset].rstrip()
            folded = fold(head)
            for connector in self.rules.connectors:
                if folded.endswith(" " + connector):
                    head = head[:len(head) - len(connector)].rstrip()
                    break
            text = f"{head} {text[end - offset:].strip()}".strip()
        return text, codes.pop()

    def _generic(self, base: str) -> Generic | None:
        key = key_of(base)
        known = self.rules.generic.get(key)
        if known is not None:
            return known
        words = key.split()
        if len(words) < 2 or words[0] not in self.rules.heads:
            return None
        if all(w in self.rules.vocabulary for w in words):
            return Generic(f"org:{slug(base)}", base)
        return None

    def _specific_id(self, generic: Generic, code: str) -> str | None:
        """The KB's record of this institution in this country, looked up by the usual ways
        of writing a country after a name (du Kazakhstan, de l’Ouzbékistan, kazakhstanais)."""
        cache_key = (generic.id, code)
        if cache_key not in self._specific:
            self._specific[cache_key] = self._find_specific(generic, code)
        return self._specific[cache_key]

    def _find_specific(self, generic: Generic, code: str) -> str | None:
        country = self.kb.country_by_code.get(code)
        if country is None:
            return None
        names = self.rules.latin_names.get(generic.id) or (generic.name,)
        for name in names:
            for candidate in _qualified(name, country.aliases, country.demonyms):
                for entity in self.kb.lookup(candidate):
                    if entity.type == "organization" and entity.country == code:
                        return entity.id
        return None


_GOES_ON = re.compile(r"[ \u00a0\u202f]+(?:(?:de|des|du|de la|pour|et)[ \u00a0\u202f]+|d’|d'|de l’"
                     r"|de l')(?:la |le |les |l’|l')?(?!pays\b|république\b)[a-zà-ÿ]")


def _cut_short(doc: Doc, span: Span) -> bool:
    """True when the name goes on past the span in lower-case words the rules did not know
    ("Agence pour le développement| des coopératives rurales"): a stump is no institution
    every country has."""
    return bool(_GOES_ON.match(doc_text(doc), span.end_char))


def _qualified(name: str, country_names, demonyms) -> list[str]:
    out = []
    for country in country_names:
        out += [f"{name} du {country}", f"{name} de {country}", f"{name} de l’{country}",
                f"{name} de l'{country}", f"{name} d’{country}", f"{name} d'{country}",
                f"{name} de la {country}", f"{name} of {country}", f"{country} {name}"]
    out += [f"{name} {demonym}" for demonym in demonyms]
    return out


def dominant_country(counts: dict[str, int], marks, title_len: int) -> str | None:
    """The country an article is about: the most mentioned; on a tie, the one of the tied
    named in the title, if only one is; else none (better no country than a wrong one)."""
    if not counts:
        return None
    ranked = Counter(counts).most_common()
    best = [code for code, n in ranked if n == ranked[0][1]]
    if len(best) == 1:
        return best[0]
    in_title = {code for start, _, code in marks if start < title_len} & set(best)
    return in_title.pop() if len(in_title) == 1 else None


@Language.factory("steppe_institutions", default_config={"kb_file": ""})
def make_institution_linker(nlp: Language, name: str, kb_file: str) -> InstitutionLinker:
    return InstitutionLinker(kb_file)
