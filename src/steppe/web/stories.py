"""Stories in the web app: the list (``/stories``), one story (``/stories/{id}``) and their JSON
twins (``/api/stories``…), each pair calling the same builder of ``steppe.reports.stories``.

Stories are tagged one filter at a time (a country, a topic or an entity), so a request naming
two is refused rather than answered with one of them silently ignored. A merged story's id
redirects to the story that absorbed it; the redirect is temporary (307) because re-clustering
the archive (``steppe stories rebuild``) can bring the id back as a story of its own.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path as FsPath
from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from steppe.errors import InputError, UnknownStory, quoted
from steppe.kb import KnowledgeBase
from steppe.reports.listing import counted_countries, counted_topics
from steppe.reports.stories import list_stories, story_detail
from steppe.search import search
from steppe.store import Store
from steppe.stories.days import parse_since
from steppe.web.api import ERRORS, Limit, Offset
from steppe.web.deps import kb_of, store_of, web_state
from steppe.web.render import page_href, render, render_error

STORY_PAGE = 20
TOP_STORIES = 5
MAX_OFFSET = 10_000
SINCE = r"^(\d{1,4}[dwmy]|\d{4}-\d{2}-\d{2})?$"
PERIODS = (("", "Toute l’archive"), ("7d", "7 derniers jours"), ("30d", "30 derniers jours"),
           ("1y", "12 derniers mois"))

api_router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)
page_router = APIRouter(include_in_schema=False)

Country = Query(None, pattern=r"^([A-Za-z]{2})?$", description="Code ISO, ex. KZ (vide : tous).")
Topic = Query(None, max_length=100,
              description="Thème IPTC : identifiant (medtop:11000000) ou libellé français.")
Entity = Query(None, pattern=r'^([A-Za-z]+:[^\s\x00-\x1f"\\()]{1,200})?$',
               description="Identifiant d’entité, ex. person:kassym-jomart-tokaiev (vide : toutes).")
Since = Query(None, pattern=SINCE, description="Histoires avec des nouvelles depuis : 7d, 2w, 3m, 1y "
                                               "ou AAAA-MM-JJ.")
StoryId = Path(max_length=100, description="Identifiant d’histoire, ex. s428a86304562.")
STORY_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


@lru_cache(maxsize=1)
def topic_labels() -> dict[str, str]:
    """IPTC topic id → French label, from the enrichment's topic lexicons (data, not code)."""
    raw = files("steppe.enrich.resources").joinpath("topics.json").read_text(encoding="utf-8")
    return {t["id"]: t["label"]["fr"] for t in json.loads(raw)["topics"]}


def topic_id(value: str | None) -> str | None:
    """A topic filter given as an IPTC id or its French label, as an id; InputError if unknown."""
    if not value:
        return None
    wanted = value.strip().lower()
    for tid, label in topic_labels().items():
        if wanted in (tid, label.lower()):
            return tid
    raise InputError(f"thème inconnu {quoted(value)} (un identifiant IPTC comme "
                     "medtop:11000000 ou son libellé français)")


def story_filters(country: str | None, topic: str | None,
                  entity: str | None) -> dict[str, str | None]:
    """The one tag filter a request names (empty values mean none), normalised."""
    filters = {"country": country.upper() if country else None, "topic": topic_id(topic),
               "entity": entity or None}
    named = [k for k, v in filters.items() if v]
    if len(named) > 1:
        raise InputError("filtrez les histoires par un seul critère à la fois, pays (country), "
                         f"thème (topic) ou entité (entity), pas {' et '.join(named)}")
    return filters


def story_of(store: Store, story_id: str) -> dict[str, Any]:
    """``story_detail``, an id no story could have answered as unknown without a query."""
    if not STORY_ID.fullmatch(story_id):
        raise UnknownStory(f"aucune histoire n’a l’identifiant {quoted(story_id)}")
    return story_detail(store, story_id)


# -- JSON ----------------------------------------------------------------------------------------
@api_router.get("/stories", summary="Histoires : articles regroupés par événement, classées par "
                                    "médias × fraîcheur (ou les plus récentes)")
def api_stories(store: Store = Depends(store_of), country: str | None = Country,
                topic: str | None = Topic, entity: str | None = Entity, since: str | None = Since,
                rank: Literal["outlets", "recent"] = Query(
                    "outlets", description="outlets : médias × fraîcheur ; recent : dernières nouvelles d’abord."),
                limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
    filters = story_filters(country, topic, entity)
    return list_stories(store, since=since or None, **filters, limit=limit, offset=offset, rank=rank)


@api_router.get("/stories/{story_id}", summary="Une histoire : ses articles jour par jour, pourquoi "
                                               "chacun en est, entités, dates, chiffres, citations")
def api_story(story_id: str = StoryId, store: Store = Depends(store_of)) -> dict[str, Any]:
    return story_of(store, story_id)


# -- HTML ----------------------------------------------------------------------------------------
def filter_options(store: Store, index_dir: FsPath, kb: KnowledgeBase) -> dict[str, Any]:
    """Countries and topics the archive holds, for the filter menus (one facet query)."""
    facets = search(store, index_dir, "", limit=1, kb=kb, remember_facets=True).facets
    return {"countries": counted_countries(kb, facets.get("countries", [])),
            "topics": counted_topics(facets.get("topics", []))}


def entity_name(store: Store, kb: KnowledgeBase, entity_id: str) -> str:
    known = kb.get(entity_id)
    if known is not None:
        return known.name
    facts = store.entity_facts(entity_id)
    return facts["name"] if facts else entity_id


def page_filters(country: str | None, topic: str | None, entity: str | None,
                 since: str | None) -> dict[str, str | None] | tuple[str, str]:
    """The list page's filters, or what is wrong with them in French: (message, help)."""
    try:
        topic = topic_id(topic)
    except InputError:
        return "Ce thème n’existe pas.", "Choisissez un thème dans la liste des histoires."
    try:
        parse_since(since)
    except InputError:
        return "Cette période n’est pas une date valide.", "Écrivez 7d, 2w, 3m, 1y ou AAAA-MM-JJ."
    try:
        return story_filters(country, topic, entity)
    except InputError:
        return ("Filtrez les histoires par pays, par thème ou par entité : un seul de ces filtres "
                "à la fois.", "Retirez l’un des filtres de l’adresse, ou repartez de la liste.")


@page_router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, store: Store = Depends(store_of), kb: KnowledgeBase = Depends(kb_of),
                 country: str | None = Country, topic: str | None = Topic,
                 entity: str | None = Entity, since: str | None = Since,
                 page: int = Query(1, ge=1, le=1_000_000)) -> Response:
    filters = page_filters(country, topic, entity, since)
    if isinstance(filters, tuple):
        return render_error(request, 400, filters[0], title="Filtre impossible", help=filters[1])
    deepest = MAX_OFFSET // STORY_PAGE + 1
    data = list_stories(store, since=since or None, **filters, limit=STORY_PAGE,
                        offset=(min(page, deepest) - 1) * STORY_PAGE, rank="outlets")
    pages = max(1, min(math.ceil(data["total"] / STORY_PAGE), deepest))
    if page > pages:                                    # never "Page 5 sur 4"
        return RedirectResponse(page_href(request, page=pages), status_code=302)
    return render(request, "stories.html", section="stories", data=data, page=page, pages=pages,
                  filters=filters, since=since or "", periods=PERIODS,
                  options=filter_options(store, web_state(request).index_dir, kb),
                  country_name=kb.country_name, topic_label=lambda t: topic_labels().get(t, t),
                  entity_label=entity_name(store, kb, filters["entity"]) if filters["entity"] else None)


@page_router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str = StoryId, store: Store = Depends(store_of),
               kb: KnowledgeBase = Depends(kb_of)) -> Response:
    try:
        data = story_of(store, story_id)
    except UnknownStory:
        return render_error(request, 404, f"Aucune histoire n’a l’identifiant « {story_id} ».",
                            help="Elle a peut-être été regroupée autrement depuis : "
                                 "retrouvez-la dans la liste des histoires.")
    if data.get("redirected_from"):
        return RedirectResponse(f"/stories/{data['id']}", status_code=307)
    members = {m["id"]: m for m in data["members"]}
    quotes = [{**q, "article": members.get(q["article"], {"id": q["article"]})} for q in data["quotes"]]
    return render(request, "story.html", section="stories", s=data, days=members_by_day(data["members"]),
                  quotes=quotes, country_name=kb.country_name,
                  topic_label=lambda t: topic_labels().get(t, t))


def members_by_day(members: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The story's articles grouped by their day, oldest first (the builder's order)."""
    days: dict[str, list[dict[str, Any]]] = {}
    for member in members:
        days.setdefault(member["day"], []).append(member)
    return list(days.items())


def top_stories(store: Store, country: str | None, topic: str | None) -> list[dict[str, Any]]:
    """The home page's "Histoires du moment": the feed's filter if it has a story equivalent."""
    if country and topic:
        return []
    try:
        tid = topic_id(topic)
    except InputError:
        return []
    return list_stories(store, country=country, topic=tid, limit=TOP_STORIES, rank="outlets")["stories"]
