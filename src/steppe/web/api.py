"""The JSON API under /api: each route calls the same library function as its HTML page
(steppe.reports, steppe.search) and returns that function's data as is."""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path as PathLib
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, Field

from steppe import __version__
from steppe.errors import InputError, quoted
from steppe.kb import KnowledgeBase
from steppe.kb.user import add_record, new_record
from steppe.reports import (article_report, countries_overview, country_report, entity_report,
                            latest_articles)
from steppe.reports.article import public_origin
from steppe.search import search
from steppe.sources.registry import new_source
from steppe.store import Store
from steppe.watch import sources_health
from steppe.web.curation import curated_kb, merged_away
from steppe.web.deps import kb_of, require_token, store_of, web_state
from steppe.web.partners import country_partners


class ErrorBody(BaseModel):
    error: str = Field(description="Ce qui ne va pas, en une ligne anglaise stable (pour les scripts, "
                                   "comme la ligne de commande).")
    status: int = Field(description="Le statut HTTP, répété.")
    message: str = Field(description="Le même problème en français, pour les personnes.")


class ValidationDetail(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorBody(ErrorBody):
    detail: list[ValidationDetail]


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Requête illisible (le message dit où), thème inconnu…"},
    404: {"model": ErrorBody, "description": "Identifiant inconnu."},
    422: {"model": ValidationErrorBody, "description": "Paramètres invalides."},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    401: {"model": ErrorBody, "description": "Jeton absent (Authorization: Bearer …)."},
    403: {"model": ErrorBody, "description": "Mauvais jeton, ou écritures désactivées (aucun jeton configuré)."},
    413: {"model": ErrorBody, "description": "Corps de requête plus gros que STEPPE_WEB_MAX_BODY_BYTES "
                                             "(1 000 000 octets par défaut), annoncé ou envoyé."},
    429: {"model": ErrorBody, "description": "Trop d’écritures depuis cette adresse (STEPPE_WEB_WRITE_RATE, "
                                             "STEPPE_WEB_WRITE_BURST) : réessayer après Retry-After.",
          "headers": {"Retry-After": {"description": "Secondes à attendre avant de réessayer.",
                                      "schema": {"type": "integer", "minimum": 1}}}},
}

router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)

Limit = Query(20, ge=1, le=100, description="Résultats par page (1 à 100).")
Offset = Query(0, ge=0, le=10_000, description="Résultats à sauter (0 à 10 000).")


def _invalid(field: str, message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ("query", field), "msg": message, "type": "value_error"}])


@router.get("/articles", summary="Derniers articles (le Fil), du plus récent au plus ancien")
def api_articles(
        request: Request, store: Store = Depends(store_of), kb: KnowledgeBase = Depends(kb_of),
        country: str | None = Query(None, pattern=r"^([A-Za-z]{2})?$",
                                    description="Code ISO, ex. KZ (vide : tous)."),
        topic: str | None = Query(None, max_length=100,
                                  description="Thème IPTC : identifiant ou libellé français (vide : tous)."),
        date_from: date | None = Query(None, alias="from", description="AAAA-MM-JJ, inclus."),
        date_to: date | None = Query(None, alias="to", description="AAAA-MM-JJ, inclus."),
        limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
    if date_from and date_to and date_from > date_to:
        raise _invalid("to", "la date de fin (to) précède la date de début (from)")
    return latest_articles(store, web_state(request).index_dir, kb, country.upper() if country else None,
                           topic or None, date_from, date_to, limit=limit, offset=offset)


@router.get("/search", summary="Recherche avec le langage de requête (même JSON que `steppe search --json`)")
def api_search(request: Request, store: Store = Depends(store_of), kb: KnowledgeBase = Depends(kb_of),
               q: str = Query("", max_length=1000, description="Requête (docs/query-language.md)."),
               limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
    return search(store, web_state(request).index_dir, q, limit=limit, offset=offset, kb=kb).to_dict()


@router.get("/articles/{article_id}", summary="Un article : annotations, provenance, quasi-doublons, articles liés")
def api_article(article_id: str = Path(max_length=300), store: Store = Depends(store_of)) -> dict[str, Any]:
    report = article_report(store, article_id)
    return {**report.to_dict(), "origin": public_origin(report.article.origin)}   # no server folders


@router.get("/entities/{entity_id}", response_model=None,
            responses={302: {"description": "Entité fusionnée dans une autre : l’adresse de "
                                            "celle qui la remplace (comme la page)."}},
            summary="Une entité : fiche, mentions par mois, co-citations, citations, derniers articles")
def api_entity(request: Request, entity_id: str = Path(max_length=300),
               store: Store = Depends(store_of)) -> dict[str, Any] | Response:
    kb = curated_kb(request, store)
    if (moved := merged_away(kb, entity_id, "/api/entities")) is not None:
        return moved
    return entity_report(store, web_state(request).index_dir, kb, entity_id)


@router.get("/countries", summary="Nombre d’articles par pays")
def api_countries(request: Request, store: Store = Depends(store_of),
                  kb: KnowledgeBase = Depends(kb_of)) -> dict[str, Any]:
    return countries_overview(store, web_state(request).index_dir, kb)


@router.get("/countries/{code}", summary="Tableau de bord d’un pays, avec ses partenaires "
                                          "(événements avec chaque pays, équilibre)")
def api_country(request: Request, code: str = Path(max_length=10), store: Store = Depends(store_of),
                kb: KnowledgeBase = Depends(kb_of)) -> dict[str, Any]:
    data = country_report(store, web_state(request).index_dir, kb, code)
    return {**data, "partners": country_partners(store, data["code"])}


def sources_data(store: Store) -> list[dict[str, Any]]:
    return [{**source.to_dict(), **health.__dict__} for source, health in sources_health(store, time.time())]


@router.get("/sources", summary="Sources suivies et leur santé")
def api_sources(store: Store = Depends(store_of)) -> dict[str, Any]:
    return {"sources": sources_data(store)}


@router.get("/status", summary="Version et taille de la base servie")
def api_status(request: Request, store: Store = Depends(store_of)) -> dict[str, Any]:
    state = web_state(request)
    return {"version": __version__, "articles": store.count_articles(), "last_seq": store.last_seq(),
            "writes_enabled": bool(state.settings.web_token),
            "uptime_s": round(time.time() - state.started, 1)}


# -- writes (operator's token) -------------------------------------------------------------------
class EntityIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    type: Literal["person", "organization", "place", "country", "region", "other"]
    country: str | None = Field(None, pattern=r"^[A-Z]{2}$")
    aliases: list[str] = Field(default_factory=list, max_length=50)
    id: str | None = Field(None, pattern=r"^[a-z]+:[a-z0-9][a-z0-9.-]{0,150}$")
    role: str | None = Field(None, max_length=300)


# What a new source must be, stated in the schema and checked by the route (400, with
# sources.registry.new_source's message when it is the one that refuses): an http(s) URL with
# a host; a name of letters, digits, '.', '_', '-' (spaces around it are dropped; empty or
# absent: the URL's host); an interval of at least a minute; an ISO 639 code in lower case.
SOURCE_PATTERNS = {
    "url": r"^[\s\x00-\x20]*[Hh][Tt][Tt][Pp][Ss]?://[^/?#]*[^/?#.]",
    "name": r"^(\s*[\w.-]{1,80}\s*)?$",
    "every": r"^\s*0*([1-9][0-9]*\s*[mhdMHD]?|([6-9][0-9]|[1-9][0-9]{2,})\s*[sS])\s*$",
    "lang": r"^[a-z]{2,3}$",
}
SOURCE_HINTS = {"url": "une URL http ou https avec un hôte est attendue",
                "name": "lettres, chiffres, « . », « _ » ou « - » (80 au plus)",
                "every": "une durée d’une minute au moins est attendue, par exemple 15m, 2h ou 1d",
                "lang": "un code ISO 639-1 est attendu, par exemple fr"}


def _pattern(field: str) -> dict[str, Any]:
    return {"pattern": SOURCE_PATTERNS[field]}


class SourceIn(BaseModel):
    url: str = Field(min_length=1, max_length=2000, json_schema_extra=_pattern("url"),
                     description="Adresse http ou https du flux, avec un hôte.")
    name: Annotated[str, Field(max_length=80, json_schema_extra=_pattern("name"))] | None = \
        Field(None, description="Lettres, chiffres, « . », « _ », « - » (vide : l’hôte de l’adresse).")
    every: str = Field("15m", max_length=20, json_schema_extra=_pattern("every"),
                       description="Intervalle de collecte, une minute au moins : 90s, 15m, 2h, 1d "
                                   "(un nombre seul : des minutes).")
    lang: Annotated[str, Field(max_length=3, json_schema_extra=_pattern("lang"))] | None = \
        Field(None, description="Code ISO 639 en minuscules, ex. fr.")


@router.post("/kb/entities", status_code=201, responses=WRITE_ERRORS,
             dependencies=[Depends(require_token)], summary="Ajouter une entité à la base de connaissances de l’opérateur (jeton)")
def api_add_entity(request: Request, entity: EntityIn) -> dict[str, Any]:
    """As ``steppe kb add``: an unknown country code is refused, a name the KB already holds is
    merged into its record (earlier names kept); ``merged_into`` names that record."""
    path = web_state(request).settings.kb_file
    if PathLib(path).is_dir():          # the operator's mistake, said before reading the KB
        raise InputError(f"{PathLib(path).name} : c’est un dossier, pas un fichier de base de "
                         "connaissances")
    kb = kb_of(request)
    record = new_record(entity.name, entity.type, entity.country,
                        [a for a in entity.aliases if a.strip()], entity.id, entity.role,
                        known_countries=set(kb.country_by_code))
    added = add_record(path, record, kb)
    return {"entity": added.entity.raw or record,
            "merged_into": added.merged_into.id if added.merged_into else None}


@router.post("/sources", status_code=201, responses=WRITE_ERRORS,
             dependencies=[Depends(require_token)], summary="Suivre une nouvelle source (jeton)")
def api_add_source(body: SourceIn, store: Store = Depends(store_of)) -> dict[str, Any]:
    source = new_source(body.url, body.name, body.every, body.lang, time.time())
    for field, pattern in SOURCE_PATTERNS.items():   # what new_source lets through the schema
        value = getattr(body, field)                 # refuses ("ht\ttp://…"): refused too
        if value is not None and not re.search(pattern, value):
            raise InputError(f"{field} {quoted(value)} : {SOURCE_HINTS[field]}")
    store.add_source(source)
    return {"source": source.to_dict()}
