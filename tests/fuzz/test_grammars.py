"""Date and amount grammars: only real dates, finite amounts, spans inside the text."""

from __future__ import annotations

from hypothesis import given, settings

from tests.fuzz.invariants import check_amounts, check_grammar_dates, check_source_dates
from tests.fuzz.strategies import any_text


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_grammar_dates_are_real_dates_inside_the_text(text):
    check_grammar_dates(text)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_publication_dates_are_real_dates_or_none(text):
    check_source_dates(text)


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_amounts_are_finite_and_inside_the_text(text):
    check_amounts(text)
