"""Briefing in the web app: the agenda (``/agenda``) and the timelines of entities and
countries (``/entities/{id}/timeline``, ``/countries/{code}/timeline``), each page beside its
JSON twin under ``/api`` and both calling one builder (``reports.agenda``,
``reports.chronology``).

A bad date in the agenda's window is a 400: in French on the page, in one English line in
the JSON (as every API error). Timelines zoom with ``?year=2025&month=11``; a month without
its year is refused the same way.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from steppe.errors import InputError, NotFound, quoted
from steppe.kb import KnowledgeBase
from steppe.reports.agenda import agenda
from steppe.reports.chronology import timeline
from steppe.reports.subject import timeline_subject
from steppe.store import Store
from steppe.web.api import ERRORS
from steppe.web.deps import kb_of, store_of
from steppe.web.render import render, render_error

api_router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)
page_router = APIRouter(include_in_schema=False)

From = Query(None, alias="from", max_length=10,
             description="Premier jour, AAAA-MM-JJ (défaut : aujourd’hui).")
To = Query(None, alias="to", max_length=10, description="Dernier jour, AAAA-MM-JJ (défaut : sans fin).")
Country = Query(None, pattern=r"^([A-Za-z]{2})?$", description="Code ISO, ex. KG (vide : tous).")
Entity = Query(None, pattern=r'^([A-Za-z]+:[^\s\x00-\x1f"\\()]{1,200})?$',
               description="Identifiant d’entité, ex. person:kassym-jomart-tokaiev (vide : toutes).")
Year = Query(None, ge=1, le=9999, description="Année à afficher, ex. 2025.")
Month = Query(None, ge=1, le=12, description="Mois de cette année, 1 à 12 (avec year).")
EntityId = Path(max_length=300, description="Identifiant d’entité, ex. person:kassym-jomart-tokaiev.")
Code = Path(max_length=10, description="Code ISO du pays, ex. KZ.")


def agenda_of(store: Store, start: str | None, end: str | None, country: str | None,
              entity: str | None, today: date | None = None) -> dict[str, Any]:
    """The agenda for query parameters (empty values mean none), bad dates named in English."""
    return agenda(store, start or None, end or None, country=country or None,
                  entity=entity or None, today=today, names=("from", "to"))


# -- JSON ----------------------------------------------------------------------------------------
@api_router.get("/agenda", summary="Agenda : dates citées par les articles dans une fenêtre, une "
                                   "ligne par événement et histoire, avec la phrase qui l’annonce")
def api_agenda(store: Store = Depends(store_of), start: str | None = From, end: str | None = To,
               country: str | None = Country, entity: str | None = Entity) -> dict[str, Any]:
    return agenda_of(store, start, end, country, entity)


@api_router.get("/entities/{entity_id}/timeline",
                summary="Chronologie d’une entité : histoires et faits datés, avec leur phrase")
def api_entity_timeline(entity_id: str = EntityId, year: int | None = Year,
                        month: int | None = Month, store: Store = Depends(store_of),
                        kb: KnowledgeBase = Depends(kb_of)) -> dict[str, Any]:
    return timeline(store, timeline_subject(store, kb, entity_id), year=year, month=month)


@api_router.get("/countries/{code}/timeline",
                summary="Chronologie d’un pays : histoires et faits datés, avec leur phrase")
def api_country_timeline(code: str = Code, year: int | None = Year, month: int | None = Month,
                         store: Store = Depends(store_of),
                         kb: KnowledgeBase = Depends(kb_of)) -> dict[str, Any]:
    subject = _country_subject(store, kb, code)
    return timeline(store, subject, year=year, month=month)


def _country_subject(store: Store, kb: KnowledgeBase, code: str) -> dict[str, Any]:
    if len(code.strip()) != 2:
        raise NotFound(f"aucun pays n’a le code {quoted(code)}")
    return timeline_subject(store, kb, code)


# -- HTML ----------------------------------------------------------------------------------------
@page_router.get("/agenda", response_class=HTMLResponse)
def agenda_page(request: Request, store: Store = Depends(store_of),
                start: str | None = From, end: str | None = To, country: str | None = Country,
                entity: str | None = Entity) -> Response:
    try:
        data = agenda_of(store, start, end, country, entity)
    except InputError:
        return render_error(request, 400, "Cette fenêtre de dates n’est pas valide.",
                            title="Dates impossibles",
                            help="Écrivez les dates AAAA-MM-JJ (ex. 2025-09-26), la première "
                                 "avant la dernière.")
    return render(request, "agenda.html", section="agenda", data=data,
                  start=start or "", end=end or "")


@page_router.get("/entities/{entity_id}/timeline", response_class=HTMLResponse)
def entity_timeline_page(request: Request, entity_id: str = EntityId, year: int | None = Year,
                         month: int | None = Month, store: Store = Depends(store_of),
                         kb: KnowledgeBase = Depends(kb_of)) -> Response:
    try:
        subject = timeline_subject(store, kb, entity_id)
    except NotFound:
        return render_error(request, 404, f"Aucune entité n’a l’identifiant « {entity_id} ».")
    if subject["kind"] == "country":
        return RedirectResponse(_timeline_href(subject, year, month), status_code=303)
    return _timeline_page(request, store, subject, year, month)


@page_router.get("/countries/{code}/timeline", response_class=HTMLResponse)
def country_timeline_page(request: Request, code: str = Code, year: int | None = Year,
                          month: int | None = Month, store: Store = Depends(store_of),
                          kb: KnowledgeBase = Depends(kb_of)) -> Response:
    try:
        subject = _country_subject(store, kb, code)
    except NotFound:
        return render_error(request, 404, f"Aucun pays n’a le code « {code} ».")
    if subject["code"] != code:
        return RedirectResponse(_timeline_href(subject, year, month), status_code=301)
    return _timeline_page(request, store, subject, year, month)


def _timeline_page(request: Request, store: Store, subject: dict[str, Any], year: int | None,
                   month: int | None) -> Response:
    try:
        data = timeline(store, subject, year=year, month=month)
    except InputError:
        return render_error(request, 400, "Choisissez une année pour zoomer sur un mois.",
                            title="Période impossible",
                            help="Ajoutez year=AAAA à l’adresse, ou repartez de toute la période.")
    return render(request, "timeline.html", section="countries" if subject["kind"] == "country"
                  else "entity", t=data, base=_timeline_href(subject, None, None))


def _timeline_href(subject: dict[str, Any], year: int | None, month: int | None) -> str:
    path = f"/countries/{subject['code']}/timeline" if subject["kind"] == "country" else \
        f"/entities/{quote(subject['id'], safe=':')}/timeline"
    params = {k: v for k, v in (("year", year), ("month", month)) if v is not None}
    return path + ("?" + urlencode(params) if params else "")
