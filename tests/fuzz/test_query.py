"""Query parser: any string parses or raises QueryError naming a column of it."""

from __future__ import annotations

from hypothesis import given, settings

from tests.fuzz.invariants import check_query
from tests.fuzz.strategies import query_text


@settings(max_examples=600, deadline=None)
@given(query_text)
def test_any_query_parses_or_names_a_column(text):
    check_query(text)
