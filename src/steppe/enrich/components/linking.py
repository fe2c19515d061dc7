"""Link every mention to one entity: the KB id when known, else a stable id from the name.

A surname alone ("Tokaïev", "Dupont") joins the person met with a full name in the same
article, even when that person is unknown to the KB; a name the KB knows under another spelling
(Tokayev, Токаев) shares the KB id already. Unknown entities get ``type:slug(name)`` ids so the
same name links across articles.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from steppe.enrich.doc_state import state
from steppe.enrich.kb_access import get_kb
from steppe.kb import KnowledgeBase, fold, stem_cyrillic
from steppe.kb.loader import slug, translit_key

ID_PREFIX = {"person": "person", "organization": "org", "place": "place", "country": "country",
             "region": "region", "other": "other"}


def name_tokens(text: str) -> list[str]:
    return [stem_cyrillic(t) for t in fold(text).replace("-", " ").split()]


def surname_key(text: str) -> str:
    tokens = name_tokens(text)
    return tokens[-1] if tokens else ""


class Linker:
    """Gives every span of "entities" a kb_id; persons' surnames link within the article."""

    def __init__(self, kb_file: str) -> None:
        self.kb = get_kb(kb_file)
        self.romanised = romanised_persons(self.kb)

    def __call__(self, doc: Doc) -> Doc:
        spans = [self._known_person(s) for s in
                 sorted(doc.spans.get("entities", []), key=lambda s: s.start)]
        persons: dict[str, str] = {}  # surname/full-name key → entity id
        linked: list[Span] = []
        for span in spans:
            if span.label_ == "person":
                self._register_person(span, persons)
        for span in spans:
            entity_id = span.kb_id_ or self._resolve(span, persons)
            linked.append(Span(doc, span.start, span.end, label=span.label_, kb_id=entity_id))
        linked = self._acronyms_defined(doc, linked)
        doc.spans["entities"] = linked
        state(doc)["names"] = self.canonical_names(linked)
        return doc

    def _acronyms_defined(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """"Fondation pour le développement de l’art (ACDF)": the article defines the acronym,
        so ACDF there and later is that organisation, not a second entity."""
        defined: dict[str, str] = {}
        for name, acronym in zip(spans, spans[1:]):
            between = doc.text[name.end_char:acronym.start_char]
            after = doc.text[acronym.end_char:acronym.end_char + 1]
            if name.label_ == "organization" and acronym.label_ == "organization" and \
                    acronym.text.isupper() and between.strip() == "(" and after == ")" and \
                    self.kb.get(acronym.kb_id_) is None:
                defined.setdefault(acronym.text, name.kb_id_)
        if not defined:
            return spans
        return [Span(doc, s.start, s.end, label=s.label_, kb_id=defined[s.text])
                if s.text in defined and self.kb.get(s.kb_id_) is None else s for s in spans]

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
                names[span.kb_id_] = span.text
        return names

    def _register_person(self, span: Span, persons: dict[str, str]) -> None:
        """Multi-word person names claim their surname for later (and earlier) bare mentions."""
        tokens = name_tokens(span.text)
        if len(tokens) < 2:
            return
        entity_id = span.kb_id_ or f"person:{slug(span.text)}"
        persons.setdefault(" ".join(tokens), entity_id)
        persons.setdefault(tokens[-1], entity_id)
        if span.kb_id_:
            entity = self.kb.get(span.kb_id_)
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
        return f"{ID_PREFIX.get(span.label_, 'other')}:{slug(span.text)}"


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
