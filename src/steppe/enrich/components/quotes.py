"""Direct quotations attributed to a named person found among the article's entities."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from steppe.enrich.doc_state import state
from steppe.enrich.kb_access import get_kb
from steppe.enrich.quotes import SpeakerSpan, find_quotes


class QuoteFinder:
    def __init__(self, kb_file: str) -> None:
        self.kb = get_kb(kb_file)

    def __call__(self, doc: Doc) -> Doc:
        speakers = []
        names = state(doc).get("names", {})
        for span in doc.spans.get("entities", []):
            if span.label_ == "person":
                speakers.append(SpeakerSpan(span.start_char, span.end_char,
                                            names.get(span.kb_id_, span.text), span.kb_id_))
        state(doc)["quotes"] = find_quotes(doc.text, speakers) if speakers else []
        return doc


@Language.factory("steppe_quotes", default_config={"kb_file": ""})
def make_quote_finder(nlp: Language, name: str, kb_file: str) -> QuoteFinder:
    return QuoteFinder(kb_file)
