"""Search: the query language → the tantivy index (+ the store for records); facets; highlights."""

from steppe.search.engine import Hit, SearchResult, search
from steppe.search.query import ParsedQuery, parse_query

__all__ = ["Hit", "ParsedQuery", "SearchResult", "parse_query", "search"]
