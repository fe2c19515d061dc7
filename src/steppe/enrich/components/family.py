"""Persons who share a surname: fathers and sons, fathers and daughters (Gourbangouly and
Serdar Berdymoukhamedov, Noursoultan and Dariga Nazarbaïeva).

A surname says which family, a first name which member of it. So a first name written before
a surname decides the person: only the KB person with that first name, else a person of this
article alone, never the relative the KB knows under the bare surname. A bare surname goes to
the member of the family the article named last before it (else the one it names most); when
even that cannot decide, it stays its own entity rather than take a side.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span

from steppe.enrich.components.class_lexicon import class_lexicon
from steppe.enrich.components.span_filters import dehyphenate
from steppe.kb import KnowledgeBase, fold
from steppe.kb.loader import translit_key


def _key(word: str) -> str:
    return translit_key(word.replace("-", " ").split()[-1]) if word.strip() else ""


class FamilyNames:
    """KB persons indexed by (first name, surname) and by surname, in translit keys."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.by_full: dict[tuple[str, str], set[str]] = {}
        self.first_names: dict[str, set[str]] = {}   # person id → first-name keys
        self.surnames: dict[str, set[str]] = {}      # person id → surname keys
        for entity in kb:
            if entity.type != "person":
                continue
            for alias in entity.aliases:
                words = alias.split()
                if len(words) >= 2:
                    first, last = translit_key(words[0]), _key(words[-1])
                    self.by_full.setdefault((first, last), set()).add(entity.id)
                    self.first_names.setdefault(entity.id, set()).add(first)
                    self.surnames.setdefault(entity.id, set()).add(last)
                elif words:
                    self.surnames.setdefault(entity.id, set()).add(_key(words[0]))

    def person_named(self, first: str, surname: str) -> str | None:
        """The one KB person with this first name and surname, if exactly one."""
        ids = self.by_full.get((translit_key(first), _key(surname)), set())
        return next(iter(ids)) if len(ids) == 1 else None

    def wrong_first_name(self, entity_id: str, first: str) -> bool:
        """True when a KB person is linked from a name whose first name is not theirs."""
        known = self.first_names.get(entity_id)
        if not known:
            return False
        key = translit_key(first)
        if key in known:
            return False
        # a Russian first name in another case (Шавкатом, Алексея) is still that name
        cyrillic = any("\u0400" <= c <= "\u04ff" for c in first)
        return not (cyrillic and any(len(k) >= 3 and key.startswith(k) and len(key) - len(k) <= 3
                                     for k in known))


def widen_to_first_names(doc: Doc, spans: list[Span], family: FamilyNames,
                         full_ents: list[Span]) -> list[Span]:
    """A surname the KB linked alone, right after a capitalised first name the model read as
    part of the name (« Serdar » + « Berdimoukhamedov »), becomes the full name: the KB
    person with that first name, else an article person (unlinked)."""
    taken = {i for s in spans for i in range(s.start, s.end)}
    out = []
    for span in spans:
        if span.label_ == "person" and len(span) == 1 and span.start > 0:
            ent = next((e for e in full_ents if e.start < span.start and e.end >= span.end), None)
            first = doc[span.start - 1]
            if first.i not in taken and _first_name_like(first.text) and (
                    ent is not None or family.person_named(first.text, span.text)):
                entity_id = family.person_named(first.text, span.text) or ""
                if span.kb_id_ and not entity_id and not family.wrong_first_name(
                        span.kb_id_, first.text):
                    entity_id = span.kb_id_
                span = Span(doc, span.start - 1, span.end, label="person", kb_id=entity_id)
        elif span.label_ == "person" and len(span) >= 2 and span.kb_id_ and \
                family.wrong_first_name(span.kb_id_, span[0].text) and \
                family.person_named(span[0].text, span[-1].text) != span.kb_id_:
            span = Span(doc, span.start, span.end, label="person",
                        kb_id=family.person_named(span[0].text, span[-1].text) or "")
        out.append(span)
    return out


_TITLES = {"m", "mme", "mlle", "mr", "mrs", "ms", "dr", "pr", "me", "sir", "lady", "general",
           "colonel", "president", "premier", "ministre", "senateur", "depute", "akim"}


def _first_name_like(word: str) -> bool:
    """A capitalised word that may be a first name: not a title (M., Mme, Dr) nor a word
    that opens sentences (Mais, Selon)."""
    folded = fold(word).rstrip(".")
    return word[:1].isupper() and word.replace("-", "").isalpha() and len(word) > 2 \
        and folded not in _TITLES and folded not in class_lexicon().glue_words


def surname_of(span: Span) -> str:
    return _key(dehyphenate(span.text))


def choose_relative(span: Span, full_mentions: list[tuple[int, str, set[str]]]) -> str | None:
    """The entity a bare surname stands for among the article's full names with that surname:
    (start, entity id, surname keys) of each. None when no full name carries the surname;
    "" when several do and neither order nor count decides."""
    key = surname_of(span)
    found = [(start, entity_id) for start, entity_id, keys in full_mentions if key in keys]
    ids = {entity_id for _, entity_id in found}
    if not ids:
        return None
    if len(ids) == 1:
        return ids.pop()
    before = [(start, entity_id) for start, entity_id in found if start < span.start]
    if before:
        return max(before)[1]
    counts = Counter(entity_id for _, entity_id in found).most_common()
    return counts[0][0] if counts[0][1] > counts[1][1] else ""

