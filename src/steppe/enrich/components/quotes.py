"""Direct quotations attributed to a named person found among the article's entities."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from steppe.enrich.doc_state import state
from steppe.enrich.kb_access import get_kb
from steppe.enrich.quote_referents import is_office
from steppe.enrich.quotes import SpeakerSpan, find_quotes


class QuoteFinder:
    """Feeds the article's person mentions to the quote rules (``steppe.enrich.quotes``)."""

    def __init__(self, kb_file: str) -> None:
        self.kb = get_kb(kb_file)

    def __call__(self, doc: Doc) -> Doc:
        # a bare title tagged as a person ("— сказал Президент") is resolved by the quote rules to
        # the person last named with it, so it must not stand as a speaker itself
        persons = [s for s in doc.spans.get("entities", [])
                   if s.label_ == "person" and not is_office(s.text)]
        # a speaker is named as the article writes them (Timur Suleimenov, Садыр Жапаров), in the
        # most complete form it uses; the KB id carries the link to the canonical entity
        written: dict[str, str] = {}
        for span in persons:
            if len(span.text) > len(written.get(span.kb_id_, "")):
                written[span.kb_id_] = span.text
        speakers = [SpeakerSpan(s.start_char, s.end_char, written[s.kb_id_], s.kb_id_)
                    for s in persons]
        state(doc)["quotes"] = find_quotes(doc.text, speakers) if speakers else []
        return doc


@Language.factory("steppe_quotes", default_config={"kb_file": ""})
def make_quote_finder(nlp: Language, name: str, kb_file: str) -> QuoteFinder:
    return QuoteFinder(kb_file)
