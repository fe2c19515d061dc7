"""Stories in search: the ``story:ID`` filter and ``group:story`` (one hit per story).

Story memberships live in the store, not in the index: clustering and merges change them
without touching the articles, so an indexed story field would go stale. ``story:ID`` therefore
resolves the id in the store (following merge redirects) and restricts the query to the
members' article ids, a term set on the ``id`` field. ``group:story`` ranks the first
``WINDOW`` matches as usual, asks the store which story each belongs to, and keeps the
best-ranked member of each story (ties go to the smaller article id; an article in no story
is a group of its own). The article total stays exact; the number of groups is exact only when
every match fits in the window (``partial`` says when it does not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import tantivy
from tantivy import Occur, Query

from steppe.errors import QueryError, UnknownStory
from steppe.search.query import Filter
from steppe.store import Store

WINDOW = 1_000            # matches examined by group:story
MAX_MEMBERS = 100_000     # a story larger than this is cut (none comes near)
_STORY_ID = re.compile(r"[A-Za-z0-9_-]{1,64}$")


@dataclass
class StoryFilter:
    """A ``story:`` filter resolved against the store: the live story and its articles."""

    id: str                  # the live story's id (a merged id given in the query redirects)
    size: int
    article_ids: list[str]


@dataclass
class Ranked:
    """Matches in rank order as (score, article id), with what grouping found out."""

    total: int
    items: list[tuple[float, str]]
    stories: dict[str, dict[str, Any]] | None = None    # article id -> story, when known
    matches: dict[str, int] = field(default_factory=dict)  # group head -> story's matches seen
    groups: int | None = None
    partial: bool | None = None


def resolve_story_filter(store: Store, node: Filter) -> StoryFilter:
    """The story a ``story:ID`` names, or a QueryError pointing at it."""
    value = node.value.strip()
    try:
        if not _STORY_ID.match(value):
            raise UnknownStory(value)
        story = store.resolve_story(value)
    except UnknownStory:
        shown = value if len(value) <= 40 else value[:39] + "…"
        raise QueryError(f"histoire inconnue « {shown} » à la colonne {node.col} (un identifiant "
                         "d’histoire ressemble à s1a2b3c4d5e6 ; voir steppe stories list)") from None
    size = int(story["size"])
    ids = store.story_member_ids(int(story["pk"]), limit=min(max(size, 1), MAX_MEMBERS))
    return StoryFilter(id=story["id"], size=size, article_ids=ids)


def restrict(query: Query, schema: tantivy.Schema, story: StoryFilter) -> Query:
    """``query`` AND the article is one of the story's (a filter: the ranking is unchanged)."""
    members = (Query.term_set_query(schema, "id", story.article_ids) if story.article_ids
               else Query.empty_query())
    return Query.boolean_query([(Occur.Must, query),
                                (Occur.Must, Query.const_score_query(members, 0.0))])


def ranked_ids(searcher: tantivy.Searcher,
               hits: list[tuple[Any, tantivy.DocAddress]]) -> list[tuple[float, str]]:
    return [(score, searcher.doc(address)["id"][0]) for score, address in hits]


def ranked_page(searcher: tantivy.Searcher, query: Query, limit: int, offset: int,
                order_by: str | None) -> Ranked:
    """A page of matches, one per article."""
    found = searcher.search(query, limit, count=True, offset=offset, order_by_field=order_by)
    return Ranked(total=found.count or 0, items=ranked_ids(searcher, found.hits))


def grouped_page(store: Store, searcher: tantivy.Searcher, query: Query, limit: int,
                 offset: int, order_by: str | None) -> Ranked:
    """A page of groups: the best-ranked match of each story among the first WINDOW."""
    found = searcher.search(query, WINDOW, count=True, order_by_field=order_by)
    total = found.count or 0
    # ties (equal scores, or days under sort:date) in article id order, not index order: the
    # head of a story, and so the page, is then the same on every backend and every rebuild
    ranked = sorted(ranked_ids(searcher, found.hits), key=lambda item: (-item[0], item[1]))
    stories = store.stories_of_articles([aid for _, aid in ranked]) if ranked else {}
    first: dict[str, tuple[float, str]] = {}     # group key -> its best-ranked match
    seen: dict[str, int] = {}
    for score, aid in ranked:
        key = stories[aid]["story"] if aid in stories else "article:" + aid
        first.setdefault(key, (score, aid))
        seen[key] = seen.get(key, 0) + 1
    heads = list(first.items())
    page = heads[offset:offset + limit]
    return Ranked(total=total, items=[item for _, item in page],
                  stories={aid: stories[aid] for _, (_, aid) in page if aid in stories},
                  matches={aid: seen[key] for key, (_, aid) in page if aid in stories},
                  groups=len(heads), partial=total > len(ranked))


def story_fields(store: Store, ranked: Ranked) -> dict[str, dict[str, Any]]:
    """article id -> {story, size} for the clustered articles of a page."""
    if ranked.stories is not None:
        return ranked.stories
    ids = [aid for _, aid in ranked.items]
    return store.stories_of_articles(ids) if ids else {}
