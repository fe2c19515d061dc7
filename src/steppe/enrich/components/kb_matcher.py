"""Knowledge-base alias matching: every name the KB knows, found in one pass, longest first.

Names match accent- and case-insensitively where that is safe (Tokaiev = Tokaïev), but a
proper name must still start with a capital in the text, acronyms (OCS, ONU, UN) match their
exact case, and names that are also common words or first names ("Mary", "Talas") match only
after a preposition of place ("à Mary"). Demonyms (kazakhstanais, ouzbèkes) are matched here
too so that country inference sees them even inside longer names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from steppe.enrich.components.class_lexicon import class_lexicon
from steppe.enrich.doc_state import state
from steppe.enrich.kb_access import get_kb
from steppe.kb import KBEntity, KnowledgeBase, fold, stem_cyrillic
from steppe.enrich.components.batching import Batched

TYPE_ORDER = {"country": 0, "region": 1, "person": 2, "organization": 3, "place": 4, "other": 5}
PLACE_PREPOSITIONS = {"a", "à", "au", "aux", "en", "de", "d'", "du", "des", "depuis", "vers",
                      "pres", "près", "in", "at", "from", "to", "near", "в", "во", "из", "под"}
_NAME_LABELS = {"ORG", "PER", "PERSON", "MISC", "PRODUCT", "FAC", "WORK_OF_ART"}
_ACRONYM = re.compile(r"^[A-ZА-ЯЁ0-9&.\-]{2,8}$")


@dataclass(frozen=True)
class Candidate:
    entity_id: str
    label: str          # entity type, or "demonym"
    mode: str           # "ci" folded match, "cs" exact case, "ctx" exact case after a preposition
    needs_capital: bool
    rank: tuple


def _is_acronym(alias: str) -> bool:
    return bool(_ACRONYM.match(alias)) and sum(c.isupper() for c in alias) >= 2


def _surname_only(entity: KBEntity, alias: str) -> bool:
    return entity.type == "person" and " " not in alias.strip() and "-" not in alias.strip()


def _rank(entity: KBEntity) -> tuple:
    capital = 0 if entity.raw.get("capital") is True else 1
    return (TYPE_ORDER.get(entity.type, 9), capital, -entity.population, entity.id)


def alias_candidates(kb: KnowledgeBase) -> tuple[dict, dict]:
    """(mode, key) → candidates, and (mode, key) → written forms.

    The key is the folded alias for "ci", the exact alias otherwise.
    """
    table: dict[tuple[str, str], list[Candidate]] = {}
    forms: dict[tuple[str, str], set[str]] = {}

    def add(mode: str, alias: str, entity: KBEntity, label: str) -> None:
        alias = alias.strip()
        if len(alias) < 2:
            return
        key = fold(alias) if mode == "ci" else alias
        forms.setdefault((mode, key), set()).add(alias)
        needs_capital = alias[:1].isupper()
        cands = table.setdefault((mode, key), [])
        if all(c.entity_id != entity.id or c.label != label for c in cands):
            cands.append(Candidate(entity.id, label, mode, needs_capital, _rank(entity)))

    for entity in kb:
        exact_only = set(entity.acronyms) | set(entity.ambiguous)
        for alias in entity.aliases:
            if alias in exact_only or (not entity.surname_ok and _surname_only(entity, alias)):
                continue
            add("cs" if _is_acronym(alias) else "ci", alias, entity, entity.type)
        for alias in entity.acronyms:
            add("cs", alias, entity, entity.type)
        for alias in entity.ambiguous:
            add("ctx", alias, entity, entity.type)
        if entity.type == "country":
            for form in entity.demonyms:
                add("ci", form, entity, "demonym")
    return table, forms


def set_folded_norms(doc: Doc) -> None:
    """Token norms for matching: folded, and Cyrillic words without their case ending.

    Set through arrays (orth ids in, norm ids out, one cached lookup per distinct word), not
    a ``Token`` object per token: that loop was the largest share of Steppe's own time."""
    if not len(doc):
        return
    strings = doc.vocab.strings
    held = _NORM_IDS.get(id(strings))
    if held is None or held[0] is not strings or len(held[1]) > 500_000:
        held = _NORM_IDS[id(strings)] = (strings, {})
    cache = held[1]

    def norm_id(orth: int) -> int:
        norm = cache.get(orth)
        if norm is None:
            norm = cache[orth] = strings.add(stem_cyrillic(fold(strings[orth])))
        return norm

    orths = doc.to_array(ORTH)
    norms = numpy.fromiter((norm_id(int(o)) for o in orths), dtype=numpy.uint64,
                           count=len(orths))
    doc.from_array([NORM], norms.reshape(-1, 1))


# per string store (one per pipeline, i.e. per KB file): word id -> id of its folded norm
_NORM_IDS: dict[int, tuple[Any, dict[int, int]]] = {}


class KBMatcher(Batched):
    """Finds KB names in a Doc; writes span group "kb" (non-overlapping) and "kb_all"."""

    def __init__(self, nlp: Language, kb_file: str) -> None:
        self.kb = get_kb(kb_file)
        self.table, self.forms = alias_candidates(self.kb)
        self.folded = PhraseMatcher(nlp.vocab, attr="NORM")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.keys: dict[int, tuple[str, str]] = {}
        folded_patterns: dict[str, dict[tuple[str, ...], Doc]] = {}
        exact_patterns: dict[str, Doc] = {}
        for (mode, key), forms in self.forms.items():
            if mode == "ci":
                # tokenise each written form (case changes tokenisation: "Xi'an" vs "xi'an")
                for form in forms:
                    pattern = nlp.make_doc(form)
                    set_folded_norms(pattern)
                    norms = tuple(t.norm_ for t in pattern)
                    folded_patterns.setdefault(key, {}).setdefault(norms, pattern)
            else:
                exact_patterns.setdefault(key, nlp.make_doc(key))
        for key, patterns in folded_patterns.items():
            self.keys[nlp.vocab.strings.add("ci|" + key)] = ("ci", key)
            self.folded.add("ci|" + key, list(patterns.values()))
        for key, pattern in exact_patterns.items():
            self.keys[nlp.vocab.strings.add("x|" + key)] = ("x", key)
            self.exact.add("x|" + key, [pattern])

    def __call__(self, doc: Doc) -> Doc:
        set_folded_norms(doc)
        spans: list[Span] = []
        for match_id, start, end in self.folded(doc) + self.exact(doc):
            cand = self._choose(doc, start, end, self.keys[match_id])
            if cand is not None:
                spans.append(Span(doc, start, end, label=cand.label, kb_id=cand.entity_id))
        st = state(doc)
        st["kb_all"] = [(s.start_char, s.end_char, s.label_, s.kb_id_) for s in spans]
        doc.spans["kb"] = filter_spans(spans)
        return doc

    def _choose(self, doc: Doc, start: int, end: int, key: tuple[str, str]) -> Candidate | None:
        mode, text = key
        if mode == "ci":
            cands = self.table.get(("ci", text), [])
        else:
            cands = self.table.get(("cs", text), []) + self.table.get(("ctx", text), [])
        first = doc[start].text
        ok = []
        for c in cands:
            if c.needs_capital and not first[:1].isupper():
                continue
            if c.mode == "ctx" and not (start > 0 and fold(doc[start - 1].text) in PLACE_PREPOSITIONS) \
                    and not (c.label == "organization" and self._model_names_it(doc, start, end)):
                continue
            if c.label in {"place", "person"} and self._part_of_a_hyphenated_name(doc, start, end):
                continue
            ok.append(c)
        return min(ok, key=lambda c: c.rank) if ok else None

    @staticmethod
    def _model_names_it(doc: Doc, start: int, end: int) -> bool:
        """An organisation's common-word name (Ak Jol, Daryo, Sputnik) where the words around
        it make it the outlet (told Daryo, a dateline's « (Daryo) » or « — Sputnik. ») or the
        statistical model also reads exactly those words as a name: capitalised mid-sentence and a name
        by its context, so the party or outlet, whatever label the model guessed (Ak Jol as
        a person). At a sentence start the capital proves nothing."""
        if start > 0 and fold(doc[start - 1].text) in class_lexicon().org_alias_cues:
            return True     # told Daryo, рассказал Sputnik: the outlet spoken to
        if 0 < start and end < len(doc) and doc[start - 1].text == "(" and doc[end].text == ")" \
                and start >= 2 and doc[start - 2].like_num:
            return True     # a dateline's credit: TASHKENT, May 21 (Daryo) –
        if start > 0 and doc[start - 1].text in {"—", "–"} and end < len(doc) \
                and doc[end].text == "." and start < 12:
            return True     # a Russian dateline's credit: ДУШАНБЕ, 20 фев — Sputnik.
        if doc[start].is_sent_start and end - start == 1:
            return False
        return any(e.start == start and e.end == end and e.label_ in _NAME_LABELS
                   for e in doc.ents)

    def _part_of_a_hyphenated_name(self, doc: Doc, start: int, end: int) -> bool:
        """"Kyzyl" of "Kyzyl-Bel", "Kara" of "Kara-Jygach": a capitalised word joined by a
        hyphen goes on, and a piece of a village's name is not the town the KB knows by that
        piece. Two names the KB knows on their own ("Bichkek-Och") stay two."""
        for hyphen, other in ((end, end + 1), (start - 1, start - 2)):
            if not 0 <= min(hyphen, other) or max(hyphen, other) >= len(doc):
                continue
            if doc[hyphen].text in {"-", "‐"} and not doc[hyphen].whitespace_ and \
                    not doc[min(hyphen, other)].whitespace_ and doc[other].text[:1].isupper() \
                    and not self.kb.lookup(doc[other].text):
                return True
        return False


@Language.factory("steppe_kb_matcher", default_config={"kb_file": ""})
def make_kb_matcher(nlp: Language, name: str, kb_file: str) -> KBMatcher:
    return KBMatcher(nlp, kb_file)
