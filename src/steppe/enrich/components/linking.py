"""Link every mention to one entity: the KB id when known, else a stable id from the name.

A surname alone ("Tokaïev", "Dupont") joins the person met with a full name in the same
article, even when that person is unknown to the KB; a name the KB knows under another spelling
(Tokayev, Токаев) shares the KB id already. Unknown entities get ``type:slug(name)`` ids so the
same name links across articles.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from steppe.enrich.components.class_lexicon import class_lexicon
from steppe.enrich.components.family import (FamilyNames, choose_relative, surname_of,
                                             widen_to_first_names)
from steppe.enrich.components.sites import Sites, merge_divisions
from steppe.enrich.components.span_filters import dehyphenate, furniture
from steppe.enrich.doc_state import doc_text, state
from steppe.enrich.kb_access import get_kb
from steppe.kb import KnowledgeBase, fold, stem_cyrillic
from steppe.kb.loader import slug, translit_key
from steppe.enrich.components.batching import Batched

_ACRONYM_DEFINED = re.compile(r"[ \u00a0]*\(([A-ZА-ЯЁ][A-ZА-ЯЁ0-9&\-]{1,9})\)")
ID_PREFIX = {"person": "person", "organization": "org", "place": "place", "country": "country",
             "region": "region", "other": "other"}


def name_tokens(text: str) -> list[str]:
    return [stem_cyrillic(t) for t in fold(dehyphenate(text)).replace("-", " ").split()]


def surname_key(text: str) -> str:
    tokens = name_tokens(text)
    return tokens[-1] if tokens else ""


class Linker(Batched):
    """Gives every span of "entities" a kb_id; persons' surnames link within the article."""

    def __init__(self, kb_file: str) -> None:
        self.kb = get_kb(kb_file)
        self.romanised = romanised_persons(self.kb)
        self.family = FamilyNames(self.kb)
        self.sites = Sites(self.kb)
        self.lex = class_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        spans = sorted((s for s in doc.spans.get("entities", [])
                        if not furniture(doc, s, self.lex)), key=lambda s: s.start)
        spans = self.sites(doc, spans)
        full_ents = [e for e in doc.ents if e.label_ == "PER" and len(e) > 1]
        spans = [self._known_person(s) for s in
                 widen_to_first_names(doc, spans, self.family, full_ents)]
        persons: dict[str, str] = {}  # surname/full-name key → entity id
        for span in spans:
            if span.label_ == "person":
                self._register_person(span, persons)
        ids = {s.start: s.kb_id_ or self._resolve(s, persons) for s in spans
               if not self._bare_person(s)}
        full = self._full_mentions(spans, ids)
        linked: list[Span] = []
        for span in spans:
            entity_id = ids.get(span.start) if span.start in ids else self._bare(span, persons,
                                                                               full)
            linked.append(Span(doc, span.start, span.end, label=span.label_, kb_id=entity_id))
        linked = merge_divisions(doc, self._acronyms_defined(doc, linked), self.kb)
        doc.spans["entities"] = linked
        state(doc)["names"] = self.canonical_names(linked)
        return doc

    @staticmethod
    def _bare_person(span: Span) -> bool:
        return span.label_ == "person" and len(name_tokens(span.text)) == 1

    def _full_mentions(self, spans: list[Span], ids: dict[int, str]
                       ) -> list[tuple[int, str, set[str]]]:
        """(start, entity id, surname keys) of every person named with a first name."""
        out = []
        for span in spans:
            if span.label_ == "person" and span.start in ids:
                keys = {surname_of(span)} | self.family.surnames.get(ids[span.start], set())
                out.append((span.start, ids[span.start], keys))
        return out

    def _bare(self, span: Span, persons: dict[str, str],
              full: list[tuple[int, str, set[str]]]) -> str:
        """A bare surname: the family member the article means (see ``family``), else the KB's
        link, else an article person by that surname."""
        chosen = choose_relative(span, full)
        if chosen:
            return chosen
        if chosen == "":
            return f"person:{slug(dehyphenate(span.text))}"
        return span.kb_id_ or self._resolve(span, persons)

    def _acronyms_defined(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """"Commission électorale centrale (CEC)": the article defines the acronym, so CEC
        there and later is that organisation (one entity, the acronym one of its mentions),
        even where the KB or the model would have read the letters otherwise."""
        defined: dict[str, str] = {}
        for span in spans:
            m = _ACRONYM_DEFINED.match(doc_text(doc), span.end_char)
            if span.label_ == "organization" and len(span) > 1 and m and \
                    sum(c.isupper() for c in m.group(1)) >= 2 and span.text != m.group(1):
                defined.setdefault(m.group(1), span.kb_id_)
        if not defined:
            return spans
        out = [Span(doc, s.start, s.end, label="organization", kb_id=defined[s.text])
               if s.text in defined else s for s in spans]
        covered = {i for s in out for i in range(s.start, s.end)}
        for acronym, entity_id in defined.items():
            for m in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", doc_text(doc)):
                found = doc.char_span(m.start(), m.end(), label="organization", kb_id=entity_id)
                if found is not None and not covered.intersection(range(found.start, found.end)):
                    out.append(found)
                    covered.update(range(found.start, found.end))
        return sorted(out, key=lambda s: s.start)

    def _known_person(self, span: Span) -> Span:
        """A full name the KB knows under another romanisation ("Gurbangouly Berdimoukhamedov")
        is that person, whatever type the model gave it (it tags some as organisations)."""
        if span.kb_id_ or span.label_ not in {"person", "organization"} or len(span) < 2:
            return span
        entity_id = self.romanised.get(translit_key(span.text))
        if entity_id is None:
            return span
        return Span(span.doc, span.start, span.end, label="person", kb_id=entity_id)

    def canonical_names(self, spans: list[Span]) -> dict[str, str]:
        """KB name when linked, else the longest mention (the most complete form)."""
        names: dict[str, str] = {}
        for span in spans:
            entity = self.kb.get(span.kb_id_)
            if entity is not None:
                names[span.kb_id_] = entity.name
            elif len(span.text) > len(names.get(span.kb_id_, "")):
                names[span.kb_id_] = dehyphenate(span.text)
        return names

    def _register_person(self, span: Span, persons: dict[str, str]) -> None:
        """Multi-word person names claim their surname for later (and earlier) bare mentions."""
        tokens = name_tokens(span.text)
        if len(tokens) < 2:
            return
        entity_id = span.kb_id_ or f"person:{slug(dehyphenate(span.text))}"
        persons.setdefault(" ".join(tokens), entity_id)
        persons.setdefault(tokens[-1], entity_id)
        if span.kb_id_:
            entity = self.kb.get(span.kb_id_)
            if entity is not None and \
                    entity.country in class_lexicon().family_name_first_countries:
                persons.setdefault(tokens[0], entity_id)  # « Lee Jae-myung » … « M. Lee »
            for alias in entity.aliases if entity else ():
                alias_tokens = name_tokens(alias)
                if alias_tokens:
                    persons.setdefault(alias_tokens[-1], entity_id)

    def _resolve(self, span: Span, persons: dict[str, str]) -> str:
        if span.label_ == "person":
            key = " ".join(name_tokens(span.text))
            if key in persons:
                return persons[key]
            if surname_key(span.text) in persons and len(name_tokens(span.text)) == 1:
                return persons[surname_key(span.text)]
        return f"{ID_PREFIX.get(span.label_, 'other')}:{slug(dehyphenate(span.text))}"


def romanised_persons(kb: KnowledgeBase) -> dict[str, str]:
    """translit_key of every multi-word person name → the person, for keys only one has."""
    owners: dict[str, set[str]] = {}
    for entity in kb:
        if entity.type != "person":
            continue
        for alias in entity.aliases:
            if len(alias.split()) >= 2:
                owners.setdefault(translit_key(alias), set()).add(entity.id)
    return {key: ids.pop() for key, ids in owners.items() if len(ids) == 1}


@Language.factory("steppe_linking", default_config={"kb_file": ""})
def make_linker(nlp: Language, name: str, kb_file: str) -> Linker:
    return Linker(kb_file)
