"""Dates, money and percentages by Steppe's own grammars (``enrich/grammar``), on the Doc text.

The title and the body are one string here, so a year written in the body resolves a
"25 septembre" in the headline; offsets are mapped back to fields by the converter.
"""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from steppe.enrich.doc_state import context, doc_text, state
from steppe.enrich.grammar import find_dates, find_money, find_percents
from steppe.enrich.components.batching import Batched


def published_date(published: str | None) -> date | None:
    """The publication day, or the reference day a reader takes from a coarser one.

    A month-only publication ("2022-05") still tells a reader which January « en janvier »
    is: its middle day stands for it (the nearest-year rule then decides). A year-only one is
    left to ``published_year``.
    """
    if not published or len(published) < 7:
        return None
    try:
        if len(published) < 10:
            year, month = published[:7].split("-")
            return date(int(year), int(month), 15)
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def published_year(published: str | None) -> int | None:
    """The year of a publication known only to its year ("2022")."""
    if published and len(published) == 4 and published.isdigit():
        return int(published)
    return None


class GrammarFinder(Batched):
    def __call__(self, doc: Doc) -> Doc:
        ctx = context(doc)
        lang = ctx.lang or "fr"
        st = state(doc)
        st["dates"] = find_dates(doc_text(doc), published_date(ctx.published),
                                 published_year=published_year(ctx.published))
        st["money"] = find_money(doc_text(doc), lang)
        st["percents"] = find_percents(doc_text(doc), lang)
        return doc


@Language.factory("steppe_grammar")
def make_grammar_finder(nlp: Language, name: str) -> GrammarFinder:
    return GrammarFinder()
