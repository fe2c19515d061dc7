"""Dates, money and percentages by Steppe's own grammars (``enrich/grammar``), on the Doc text.

The title and the body are one string here, so a year written in the body resolves a
"25 septembre" in the headline; offsets are mapped back to fields by the converter.
"""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from steppe.enrich.doc_state import context, state
from steppe.enrich.grammar import find_dates, find_money, find_percents


def published_date(published: str | None) -> date | None:
    """The publication day when it is known to the day (a month or year cannot anchor a date)."""
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


class GrammarFinder:
    def __call__(self, doc: Doc) -> Doc:
        ctx = context(doc)
        lang = ctx.lang or "fr"
        st = state(doc)
        st["dates"] = find_dates(doc.text, published_date(ctx.published))
        st["money"] = find_money(doc.text, lang)
        st["percents"] = find_percents(doc.text, lang)
        return doc


@Language.factory("steppe_grammar")
def make_grammar_finder(nlp: Language, name: str) -> GrammarFinder:
    return GrammarFinder()
