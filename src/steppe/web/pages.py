"""The HTML pages. Each calls the same library function as its /api twin and renders it; a
page adds only presentation (day groups, highlighted text, charts, links).

A count shown beside a link is the count of what the link opens: a ranked list under a
country or an entity links to the search holding both filters. A page number past the last
page redirects to the last page."""

from __future__ import annotations

import math
import re
from typing import Any, Callable
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from steppe.errors import NotFound, QueryError
from steppe.kb import KnowledgeBase
from steppe.reports import (article_report, countries_overview, country_report, entity_report,
                            latest_articles)
from steppe.reports.article import (display_title, origin_label, side_amounts, side_dates,
                                    side_percents)
from steppe.reports.charts import column_chart
from steppe.reports.french import country_phrase
from steppe.reports.highlight import paragraphs_html, title_html, types_present
from steppe.reports.listing import listing_items
from steppe.reports.timeline import group_by_day, month_series, pad_months
from steppe.search import search
from steppe.store import Store
from steppe.web.api import sources_data
from steppe.web.curation import curated_kb, curation_panel, merged_away
from steppe.web.curation import router as curation_router
from steppe.web.deps import kb_of, store_of, web_state
from steppe.web.events_view import article_events
from steppe.web.partners import country_partners
from steppe.web.relations import country_choices, partners_panel
from steppe.web.refine import active_filters, month_range, quoted, refine, with_sort
from steppe.web.render import entity_href, page_href, render, render_error, search_href
from steppe.web.stories import top_stories

router = APIRouter(include_in_schema=False)
FEED_PAGE = 30
SEARCH_PAGE = 20
MAX_OFFSET = 10_000

PageNo = Query(1, ge=1, le=1_000_000)


def _pages(total: int, size: int) -> int:
    return max(1, min(math.ceil(total / size), MAX_OFFSET // size + 1))


def _offset(page: int, size: int) -> int:
    """The offset of ``page``, never past the deepest page served (a later check redirects)."""
    return (min(page, MAX_OFFSET // size + 1) - 1) * size


def past_last_page(request: Request, page: int, pages: int) -> Response | None:
    """A redirect to the last page when ``page`` is beyond it ("Page 5 sur 4" never shows)."""
    if page <= pages:
        return None
    return RedirectResponse(page_href(request, page=pages), status_code=302)


def _not_found(request: Request, what: str) -> HTMLResponse:
    return render_error(request, 404, what,
                        help="Vérifiez l’adresse, ou cherchez l’élément dans la recherche.")


def timeline_chart(timeline: list[dict[str, Any]], label: str,
                   href: Callable[[str], str]) -> Markup:
    """A wide chart for desktops and a narrow one for phones (CSS shows one): SVG text scales
    with the drawing, so each is drawn at about the width it is shown at."""
    series = pad_months([(t["month"], t["count"]) for t in timeline])
    wide = column_chart(series, label, href=href, width=1000, height=220, css_class="chart chart-wide")
    narrow = column_chart(series, label, href=href, width=360, height=200, css_class="chart chart-narrow")
    return Markup(wide + narrow)


@router.get("/", response_class=HTMLResponse)
def fil(request: Request, store: Store = Depends(store_of), kb: KnowledgeBase = Depends(kb_of),
        country: str | None = Query(None, pattern=r"^([A-Za-z]{2})?$"),
        topic: str | None = Query(None, max_length=100),
        page: int = PageNo) -> Response:
    country = country.upper() if country else None          # an empty select means "all"
    topic = topic or None
    try:
        data = latest_articles(store, web_state(request).index_dir, kb, country, topic,
                               limit=FEED_PAGE, offset=_offset(page, FEED_PAGE))
    except QueryError as exc:
        return render_error(request, 400, str(exc), title="Filtre inconnu",
                            help="Choisissez un thème ou un pays dans les filtres du fil.")
    pages = _pages(data["total"], FEED_PAGE)
    if (moved := past_last_page(request, page, pages)) is not None:
        return moved
    topic_label = next((t["label"] for t in data["facets"]["topics"] if t["id"] == topic), topic)
    top = top_stories(store, country, topic) if page == 1 else []
    return render(request, "home.html", section="fil", data=data, page=page, top_stories=top,
                  topic_href=lambda t: page_href(request, topic=t, page=None),
                  stories_link=_stories_link(country, topic),
                  pages=pages, days=group_by_day(data["results"]),
                  country_name=kb.country_name(country) if country else None, topic_label=topic_label)


def _stories_link(country: str | None, topic: str | None) -> str:
    """The story list matching the feed's filter (the feed's count of stories links there)."""
    if country and not topic:
        return f"/stories?country={country}"
    if topic and not country:
        return "/stories?" + urlencode({"topic": topic})
    return "/stories"


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, store: Store = Depends(store_of), kb: KnowledgeBase = Depends(kb_of),
                q: str = Query("", max_length=1000), sort: str = Query("", pattern=r"^(|date|relevance)$"),
                page: int = PageNo) -> Response:
    context: dict[str, Any] = {"section": "search", "q": q, "sort": sort, "page": page,
                               "refine": refine, "quoted": quoted, "country_name": kb.country_name}
    kb = curated_kb(request, store)
    try:
        result = search(store, web_state(request).index_dir, with_sort(q, sort), limit=SEARCH_PAGE,
                        offset=_offset(page, SEARCH_PAGE), kb=kb)
    except QueryError as exc:
        return render(request, "search.html", status=400, error=str(exc), result=None,
                      filters=active_filters(q, kb), **context)
    pages = _pages(result.total, SEARCH_PAGE)
    if (moved := past_last_page(request, page, pages)) is not None:
        return moved
    facets = result.facets
    labels = {i: label for i, label, _ in facets.get("entities", []) + facets.get("topics", [])}
    months = [(m, n) for m, n in facets.get("months", [])]
    chart = column_chart(pad_months(month_series(months)), "Résultats par mois", width=300, height=150,
                         href=lambda m: search_href(refine(q, month_range(m), replace_dates=True), sort=sort))
    expanded = [(i, kb.get(i).name if kb.get(i) else labels.get(i, i)) for i in result.expanded]
    return render(request, "search.html", result=result, items=listing_items(store, kb, result.results),
                  topic_href=lambda t: search_href(refine(q, f"topic:{t}"), sort=sort),
                  pages=pages, chart=chart if months else "",
                  filters=active_filters(q, kb, labels), expanded=expanded,
                  recent_months=sorted(months, reverse=True)[:12], **context)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str = Path(max_length=300),
                 store: Store = Depends(store_of)) -> Response:
    try:
        report = article_report(store, article_id)
    except NotFound:
        return _not_found(request, f"Aucun article n’a l’identifiant « {article_id} ».")

    def href(entity: Any) -> str:
        return entity_href(entity.id, entity.type, entity.country)

    ann = report.annotation
    entities = sorted(ann.entities, key=lambda e: (-len(e.mentions), e.name)) if ann else []
    return render(request, "article.html", section="article", r=report, ann=ann,
                  title_html=title_html(report.article.title, ann, href),
                  shown_title=display_title(report.article),
                  paragraphs=paragraphs_html(report.article.text, ann, href),
                  legend=types_present(ann), entities=entities, dates=side_dates(ann),
                  amounts=side_amounts(ann), percents=side_percents(ann),
                  events=article_events(ann), origin=origin_label(report.article.origin))


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str = Path(max_length=300),
                store: Store = Depends(store_of), kb: KnowledgeBase = Depends(kb_of)) -> Response:
    kb = curated_kb(request, store)
    if (moved := merged_away(kb, entity_id, "/entities")) is not None:
        return moved
    known = kb.get(entity_id)
    if known is not None and known.type == "country" and known.country:
        return RedirectResponse(f"/countries/{known.country}", status_code=303)
    try:
        data = entity_report(store, web_state(request).index_dir, kb, entity_id)
    except NotFound:
        return _not_found(request, f"Aucune entité n’a l’identifiant « {entity_id} ».")
    base = f"entity:{entity_id}"
    chart = timeline_chart(data["timeline"], f"Articles mentionnant {data['name']}, par mois",
                           href=lambda m: search_href(f"{base} {month_range(m)}"))
    return render(request, "entity.html", section="entity", e=data, chart=chart,
                  cur=curation_panel(request, store, entity_id),
                  search_link=search_href(base), country_name=kb.country_name,
                  entity_link=lambda it: search_href(f"{base} {_filter_of(it)}"),
                  page_link=lambda it: entity_href(it["id"], it["type"]),
                  topic_link=lambda it: search_href(f"{base} topic:{it['id']}"),
                  topic_href=lambda t: search_href(f"{base} topic:{t}"))


def _filter_of(item: dict[str, Any]) -> str:
    """The search filter for an entity of a ranked list (a country by its code)."""
    if item.get("type") == "country" and str(item.get("id", "")).startswith("country:"):
        return f"country:{item['id'].partition(':')[2]}"
    value = str(item["id"])
    return f"entity:{value}" if re.fullmatch(r"[\w:.-]+", value) else f"entity:{quoted(value)}"


@router.get("/countries", response_class=HTMLResponse)
def countries_page(request: Request, store: Store = Depends(store_of),
                   kb: KnowledgeBase = Depends(kb_of)) -> Response:
    data = countries_overview(store, web_state(request).index_dir, kb)
    return render(request, "countries.html", section="countries", data=data)


@router.get("/countries/{code}", response_class=HTMLResponse)
def country_page(request: Request, code: str = Path(max_length=10), store: Store = Depends(store_of),
                 kb: KnowledgeBase = Depends(kb_of)) -> Response:
    try:
        data = country_report(store, web_state(request).index_dir, kb, code)
    except NotFound:
        return _not_found(request, f"Aucun pays n’a le code « {code} ».")
    if data["code"] != code:
        return RedirectResponse(f"/countries/{data['code']}", status_code=301)
    base = f"country:{data['code']}"
    about = country_phrase(data["name"], data["code"], "sur")
    chart = timeline_chart(data["timeline"], f"Articles {about}, par mois",
                           href=lambda m: search_href(f"{base} {month_range(m)}"))
    panel = partners_panel(country_partners(store, data["code"]))
    return render(request, "country.html", section="countries", c=data, chart=chart, base=base,
                  about=about, partners=panel, countries=country_choices(kb)["all"],
                  entity_link=lambda it: search_href(f"{base} {_filter_of(it)}"),
                  page_link=lambda it: entity_href(it["id"], it.get("type")),
                  country_link=lambda it: search_href(f"{base} country:{it['code']}"),
                  country_page=lambda it: f"/countries/{it['code']}",
                  topic_link=lambda it: "/?" + urlencode({"country": data["code"], "topic": it["id"]}),
                  topic_href=lambda t: "/?" + urlencode({"country": data["code"], "topic": t}))


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, store: Store = Depends(store_of)) -> Response:
    return render(request, "sources.html", section="sources", sources=sources_data(store))


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    from steppe.web.apidoc import operations

    return render(request, "docs.html", section="docs", operations=operations(request.app.openapi()))


router.include_router(curation_router)  # the entity page's curation forms and API twins
