"""Direct quotations attributed to a named person found among the article's entities."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from steppe.enrich.doc_state import doc_text, state
from steppe.enrich.kb_access import get_kb
from steppe.enrich.quote_referents import (
    from_genitive, genitive_governed, inflected, is_office, nominative,
)
from steppe.enrich.quotes import SpeakerSpan, find_quotes
from steppe.enrich.components.batching import Batched


class QuoteFinder(Batched):
    """Feeds the article's person mentions to the quote rules (``steppe.enrich.quotes``)."""

    def __init__(self, kb_file: str) -> None:
        self.kb = get_kb(kb_file)

    def __call__(self, doc: Doc) -> Doc:
        # a bare title tagged as a person ("— сказал Президент") is resolved by the quote rules to
        # the person last named with it, so it must not stand as a speaker itself
        persons = [s for s in doc.spans.get("entities", [])
                   if s.label_ == "person" and not is_office(s.text)]
        # a speaker is named as the article writes them (Timur Suleimenov, Садыр Жапаров), in the
        # most complete form it uses; of its inflections (Касым-Жомарта Токаева), the shortest,
        # the nominative, so that the name reads right and its ending tells the gender; the KB id
        # carries the link to the canonical entity
        forms: dict[str, list[str]] = {}
        for span in persons:
            forms.setdefault(span.kb_id_, []).append(span.text)
        written = {kb_id: _written_name(texts) for kb_id, texts in forms.items()}
        # the entity stage may give an inflected form its own entity (Айгуль Сарсенбаевой)
        names = list(written.values())
        written = {kb_id: min((n for n in names if inflected(n, name)), key=len)
                   for kb_id, name in written.items()}
        # written in full only inflected (Алексеем Миллером), the surname alone uninflected
        everyone = [s.text for s in persons]
        written = {kb_id: nominative(name, forms[kb_id], everyone)
                   for kb_id, name in written.items()}
        # written only in the genitive (по словам Фарруха Саидзоды): put back in the nominative
        genitive = {s.kb_id_ for s in persons if s.text == written[s.kb_id_] and genitive_governed(
            doc_text(doc)[max(0, s.start_char - 60):s.start_char])}
        written = {kb_id: from_genitive(name) if kb_id in genitive else name
                   for kb_id, name in written.items()}
        known = {kb_id: self.kb.get(kb_id) for kb_id in written}
        speakers = [SpeakerSpan(s.start_char, s.end_char, written[s.kb_id_], s.kb_id_,
                                *_country_role(known[s.kb_id_])) for s in persons]
        state(doc)["quotes"] = find_quotes(doc_text(doc), speakers) if speakers else []
        return doc


def _country_role(entity: object) -> tuple[str, str]:
    """What the KB says of a person: country and role ("KZ", "président du Kazakhstan")."""
    return (getattr(entity, "country", None) or "", getattr(entity, "role", None) or "")


def _written_name(texts: list[str]) -> str:
    """The most complete form of a name in the article, uninflected where it can tell."""
    longest = max(texts, key=len)
    return min((t for t in texts if inflected(t, longest)), key=len, default=longest)


@Language.factory("steppe_quotes", default_config={"kb_file": ""})
def make_quote_finder(nlp: Language, name: str, kb_file: str) -> QuoteFinder:
    return QuoteFinder(kb_file)
