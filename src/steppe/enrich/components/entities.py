"""Merge knowledge-base matches with statistical NER into one set of entity mentions.

The KB is trusted first (longest match wins); the statistical model adds what the KB does not
know, after cleaning its spans: leading articles and titles stripped ("le président X"),
lower-case or one-letter junk dropped, and nothing that overlaps a KB match.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from steppe.enrich.doc_state import field_of, state

NER_TYPES = {"PER": "person", "ORG": "organization", "LOC": "place"}
LEADING = {"le", "la", "les", "l'", "l’", "du", "de", "des", "d'", "d’", "au", "aux", "un", "une",
           "m.", "mme", "mr", "mrs", "ms", "dr", "président", "présidente", "ministre", "the",
           "président", "chef", "général", "sénateur", "député", "ambassadeur", "monsieur",
           "madame", "sa", "son", "ses", "cette", "ce", "cet"}
TRAILING = {"'s", "’s", ",", ".", ":", ";", ")", "(", "»", "«", "\"", "-", "–", "—"}
_HAS_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯЁ]")


def clean_span(span: Span) -> Span | None:
    """Strip leading determiners/titles and trailing punctuation; None when nothing is left."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in LEADING or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in TRAILING or doc[end - 1].is_punct):
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_)


def plausible(span: Span) -> bool:
    """Reject spans that cannot be a name: no capital, too short, a stop word, a sentence start."""
    text = span.text
    if len(text) < 2 or not _HAS_UPPER.match(text[0]) or text.isdigit():
        return False
    if len(span) == 1 and (span[0].is_stop or len(text) < 3):
        return False
    if "\n" in text:
        return False
    return True


class EntityMerger:
    """Writes span group "entities": KB spans plus cleaned statistical spans."""

    def __call__(self, doc: Doc) -> Doc:
        kb_spans = [s for s in doc.spans.get("kb", []) if s.label_ != "demonym"]
        taken = set()
        for s in doc.spans.get("kb", []):
            taken.update(range(s.start, s.end))
        extra = []
        for ent in doc.ents:
            label = NER_TYPES.get(ent.label_)
            if label is None or taken.intersection(range(ent.start, ent.end)):
                continue
            span = clean_span(ent)
            if span is None or not plausible(span):
                continue
            if field_of(doc, span.start_char, span.end_char) is None:
                continue
            extra.append(Span(doc, span.start, span.end, label=label))
        doc.spans["entities"] = filter_spans(kb_spans + extra)
        state(doc)["ner_added"] = len(extra)
        return doc


@Language.factory("steppe_entities")
def make_entity_merger(nlp: Language, name: str) -> EntityMerger:
    return EntityMerger()
