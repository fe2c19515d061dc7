"""One search call for the CLI, the web pages and the API: parse, catch up, query, facet, show.

The index is caught up with the store before every search (two small reads when nothing
changed), so results are never stale unless the index cannot be written (a full disk): the
last good index then answers and the result says so (``index_stale``, with a French
``index_warning`` for readers), besides the ``StaleIndexWarning`` operators see. Facet counts
run in a worker thread while this thread fetches the records from the store and cuts the
snippets (``facets.py``). ``story:`` and
``group:story`` read the store (``stories.py``); every hit of a clustered article names its
story and the story's size.
"""

from __future__ import annotations

import itertools
import threading
import time
import warnings
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tantivy

from steppe.errors import QueryError
from steppe.index import StaleIndexWarning, checked_index
from steppe.kb import KnowledgeBase, load_kb
from steppe.model import Annotation, Article
from steppe.search.compile import Compiled, Compiler
from steppe.search.facets import FacetJob
from steppe.search.query import parse_query
from steppe.search.snippets import SNIPPET_CHARS, Marks, snippet_html, title_html
from steppe.search.stories import Ranked, grouped_page, ranked_page, resolve_story_filter, \
    restrict, story_fields
from steppe.store import Store

MAX_LIMIT = 500
MAX_OFFSET = 10_000
_kb: KnowledgeBase | None = None
_kb_lock = threading.Lock()


@dataclass
class Hit:
    """One article of a result page; ``title_html`` and ``snippet`` are safe HTML with <mark>."""

    id: str
    title: str | None
    title_html: str
    snippet: str
    published: str | None
    score: float | None
    source: str | None
    url: str | None
    lang: str | None
    countries: list[str] = field(default_factory=list)
    topics: list[dict[str, str]] = field(default_factory=list)
    story: str | None = None          # the article's story, when it is clustered
    story_size: int | None = None     # articles in that story (1: no other report yet)
    story_matches: int | None = None  # group:story only: the story's matches seen (see docs)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class SearchResult:
    """A page of hits, the total, and facet counts over every match (not only this page)."""

    query: str
    total: int
    results: list[Hit]
    facets: dict[str, list[list[Any]]]
    sort: str
    limit: int
    offset: int
    expanded: list[str] = field(default_factory=list)   # KB entities the query was widened to
    facets_sampled: float | None = None   # fraction of the matches facets counted, None = all
    took_ms: float = 0.0
    story: str | None = None              # story:ID, resolved (a merged id gives the live one)
    group: str | None = None              # "story" for group:story
    groups: int | None = None             # groups among the matches examined (group:story)
    groups_partial: bool | None = None    # True: more matches than group:story examines
    index_stale: bool = False             # served from the last good index, behind the base
    index_warning: str | None = None      # why and how far behind, in French (no server path)

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "sort": self.sort, "limit": self.limit,
                "offset": self.offset, "results": [h.to_dict() for h in self.results],
                "facets": self.facets, "facets_sampled": self.facets_sampled,
                "expanded": self.expanded, "story": self.story, "group": self.group,
                "groups": self.groups, "groups_partial": self.groups_partial,
                "index_stale": self.index_stale, "index_warning": self.index_warning,
                "took_ms": self.took_ms}


def default_kb() -> KnowledgeBase:
    global _kb
    with _kb_lock:
        if _kb is None:
            _kb = load_kb()
        return _kb


def search(store: Store, index_dir: str | Path, query: str, limit: int = 20, offset: int = 0,
           kb: KnowledgeBase | None = None, facets: bool = True,
           remember_facets: bool = False) -> SearchResult:
    """Run ``query`` (see docs/query-language.md) and return a page of hits with facets
    (``remember_facets``: dashboards' panels, kept until the index changes; see facets.py)."""
    started = time.perf_counter()
    _check_page(limit, offset)
    parsed = parse_query(query)                       # bad queries fail before any I/O
    story = resolve_story_filter(store, parsed.story) if parsed.story else None
    kb = kb or default_kb()
    handle, stale = checked_index(store, index_dir)
    if stale is not None:
        warnings.warn(StaleIndexWarning(stale.message()), stacklevel=2)
    version = (handle.generation, handle.last_seq)      # read before the searcher: never older
    searcher = handle.searcher()
    compiled = Compiler(handle.schema, searcher, kb).compile(parsed)
    if story is not None:
        compiled.query = restrict(compiled.query, handle.schema, story)
    by_date = parsed.sort == "date" or (parsed.sort is None and not compiled.has_text)
    order_by = "day" if by_date else None
    ranked = grouped_page(store, searcher, compiled.query, limit, offset, order_by) \
        if parsed.group else ranked_page(searcher, compiled.query, limit, offset, order_by)
    total = ranked.total
    token = _kb_token(kb) if remember_facets and story is None else None
    memo = (str(handle.path), version, (query, token)) if token is not None else None
    job = FacetJob(searcher, handle.schema, compiled.query, total, compiled.entity_type, memo) \
        if facets and total else None
    hits = _hits(store, handle.schema, searcher, compiled, ranked, by_date)
    return SearchResult(
        query=query, total=total, results=hits,
        facets=job.result(kb) if job else empty_facets(),
        facets_sampled=job.sampled if job else None,
        sort="date" if by_date else "relevance", limit=limit, offset=offset,
        expanded=list(dict.fromkeys(compiled.entities)),
        story=story.id if story else None, group=parsed.group,
        groups=ranked.groups, groups_partial=ranked.partial,
        index_stale=stale is not None, index_warning=stale.french() if stale else None,
        took_ms=round((time.perf_counter() - started) * 1000, 2))


_kb_tokens: "weakref.WeakKeyDictionary[KnowledgeBase, int]" = weakref.WeakKeyDictionary()
_kb_counter = itertools.count(1)


def _kb_token(kb: KnowledgeBase) -> int | None:
    """A number naming this knowledge base for good (an ``id`` may be reused once its object
    is gone; a reloaded KB expands aliases its own way), None if it cannot be tracked."""
    with _kb_lock:
        try:
            token = _kb_tokens.get(kb)
            if token is None:
                token = _kb_tokens[kb] = next(_kb_counter)
            return token
        except TypeError:                                # not weakly referenceable
            return None


def empty_facets() -> dict[str, list[list[Any]]]:
    return {name: [] for name in ("countries", "entities", "topics", "sources", "months")}


def _check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit doit être entre 1 et {MAX_LIMIT} (reçu : {limit})")
    if not 0 <= offset <= MAX_OFFSET:
        raise QueryError(f"offset doit être entre 0 et {MAX_OFFSET} (reçu : {offset}) ; "
                         "affinez plutôt la requête avec des filtres")


# -- hits ----------------------------------------------------------------------------------------
def _hits(store: Store, schema: tantivy.Schema, searcher: tantivy.Searcher, compiled: Compiled,
          ranked: Ranked, by_date: bool) -> list[Hit]:
    ids = [article_id for _, article_id in ranked.items]
    records = store.get_articles(ids) if ids else {}
    stories = story_fields(store, ranked)
    hits = []
    for score, article_id in ranked.items:
        if article_id not in records:     # removed from the store since: the next search drops it
            continue
        article, annotation = records[article_id]
        hit = _hit(article, annotation, None if by_date else float(score), compiled.marks)
        if article_id in stories:
            hit.story, hit.story_size = stories[article_id]["story"], stories[article_id]["size"]
        if ranked.groups is not None:
            hit.story_matches = ranked.matches.get(article_id)
        hits.append(hit)
    return hits


def _hit(article: Article, annotation: Annotation | None, score: float | None,
         marks: Marks) -> Hit:
    return Hit(
        id=article.id, title=article.title,
        title_html=title_html(article.title or "", marks, annotation),
        snippet=snippet_html(article.text, marks, annotation, SNIPPET_CHARS),
        published=article.published, score=round(score, 4) if score is not None else None,
        source=article.source, url=article.url, lang=article.lang,
        countries=[c.code for c in annotation.countries] if annotation else [],
        topics=[{"id": t.id, "label": t.label} for t in annotation.topics] if annotation else [],
    )
