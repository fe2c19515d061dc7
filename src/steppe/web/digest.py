"""The digest in the web app: the page ``/digest`` (inside the site's layout) and its JSON
twin ``/api/digest``, both calling ``reports.digest.build_digest`` with the same filters.

``/api/digest?format=html`` (or ``md``) is the forwardable file, as a download: one
self-contained HTML document whose inline style sheet the site's Content-Security-Policy
would block if it were shown as a page of the site, so it is sent as an attachment (saved,
then opened from disk or mailed). Its links to Steppe pages are made absolute with the
address the request came to.

Filters are checked by the builder, not by URL patterns, so a bad one is answered 400 with
what is wrong (in French on the page) rather than FastAPI's generic 422.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from steppe.errors import InputError
from steppe.kb import KnowledgeBase
from steppe.reports.digest import DigestFilterError, build_digest, entity_id_for, topic_labels
from steppe.reports.digest_render import intro, render, volume_svg
from steppe.reports.digest_text import when
from steppe.store import Store
from steppe.web.api import ERRORS
from steppe.web.deps import kb_of, store_of, web_state
from steppe.web.render import render as render_page, render_error, typographic
from steppe.web.stories import entity_name, filter_options

api_router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)
page_router = APIRouter(include_in_schema=False)

PERIODS = (("7d", "7 derniers jours"), ("14d", "14 derniers jours"), ("30d", "30 derniers jours"),
           ("3m", "3 derniers mois"), ("1y", "12 derniers mois"))
MESSAGES = {  # option → (message, help) on the page
    "since": ("Cette période n’est pas valide.",
              "Écrivez une durée (7d, 2w, 3m, 1y) ou une date AAAA-MM-JJ antérieure à la fin."),
    "until": ("La date de fin n’est pas une date valide.", "Écrivez-la AAAA-MM-JJ, ou laissez-la vide."),
    "country": ("Ce pays n’existe pas.", "Utilisez un code ISO à deux lettres, comme KZ ou UZ."),
    "topic": ("Ce thème n’existe pas.", "Choisissez un thème dans la liste."),
    "entity": ("Aucune entité ne porte ce nom.",
               "Donnez son identifiant (person:kassym-jomart-tokaiev) ou un nom connu de la base."),
}

Since = Query("7d", max_length=20, description="Période : durée finissant à `until` (7d, 2w, 3m, "
                                               "1y) ou premier jour AAAA-MM-JJ.")
Until = Query(None, max_length=20, description="Dernier jour AAAA-MM-JJ (vide : aujourd’hui).")
Country = Query(None, max_length=10, description="Code ISO du pays, ex. KZ.")
Topic = Query(None, max_length=100, description="Thème IPTC : identifiant ou libellé français.")
Entity = Query(None, max_length=200, description="Entité : identifiant (person:kassym-jomart-tokaiev) "
                                                 "ou nom connu de la base (Tokaïev).")
Limit = Query(8, ge=1, le=50, description="Nombre d’histoires.")


def digest_of(request: Request, store: Store, kb: KnowledgeBase, since: str | None,
              until: str | None, country: str | None, topic: str | None, entity: str | None,
              limit: int, absolute: bool = False) -> dict[str, Any]:
    """``build_digest`` with the KB's countries and names (DigestFilterError on bad filters)."""
    entity = entity_id_for(kb, entity)
    names = {f"country:{code}": e.name for code, e in kb.country_by_code.items()}
    if entity:
        names[entity] = entity_name(store, kb, entity)
    return build_digest(store, since=since or "7d", until=until or None, country=country,
                        topic=topic, entity=entity, limit=limit,
                        base_url=_public(request) if absolute else None,
                        countries=set(kb.country_by_code), entity_names=names)


def _public(request: Request) -> str:
    """The address links in a downloaded file start with: the public_url setting, else the
    address this request came to."""
    return web_state(request).settings.public_url or str(request.base_url).rstrip("/")


@api_router.get("/digest", summary="Synthèse d’une période : histoires principales résumées par des "
                                   "phrases citées, chiffres, citations, personnes, agenda, volume "
                                   "(format=html : le fichier autonome à télécharger)")
def api_digest(request: Request, store: Store = Depends(store_of), kb: KnowledgeBase = Depends(kb_of),
               since: str = Since, until: str | None = Until, country: str | None = Country,
               topic: str | None = Topic, entity: str | None = Entity, limit: int = Limit,
               format: Literal["json", "html", "md"] = Query(
                   "json", description="json ; html : un fichier autonome ; md : Markdown.")) -> Any:
    try:
        data = digest_of(request, store, kb, since, until, country, topic, entity, limit,
                         absolute=format != "json")
    except DigestFilterError as exc:   # named as the API names it: since, not --since
        error = InputError(f"{exc.option} : {exc.reason}")
        message, help_text = MESSAGES.get(exc.option, ("Filtre impossible.", ""))
        error.french = f"{exc.option} : {message} {help_text}".strip()   # type: ignore[attr-defined]
        raise error from None
    if format == "json":
        return data
    name = f"synthese-{data['period']['first']}-{data['period']['last']}.{format}"
    media = "text/html" if format == "html" else "text/markdown"
    return Response(render(data, format), media_type=f"{media}; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{name}"'})


@page_router.get("/digest", response_class=HTMLResponse)
def digest_page(request: Request, store: Store = Depends(store_of), kb: KnowledgeBase = Depends(kb_of),
                since: str = Since, until: str | None = Until, country: str | None = Country,
                topic: str | None = Topic, entity: str | None = Entity,
                limit: int = Limit) -> Response:
    try:
        data = digest_of(request, store, kb, since, until, country, topic, entity, limit)
    except DigestFilterError as exc:
        message, help_text = MESSAGES.get(exc.option, ("Filtre impossible.", "Repartez de la synthèse."))
        return render_error(request, 400, message, title="Filtre impossible", help=help_text)
    query = {k: v for k, v in (("since", since), ("until", until), ("country", country),
                                 ("topic", topic), ("entity", entity)) if v}
    return render_page(request, "digest.html", section="digest", d=data, intro=typographic(intro(data)),
                       chart=Markup(volume_svg(data)), when=when, query=query,
                       periods=PERIODS, options=filter_options(store, web_state(request).index_dir, kb),
                       topic_label=lambda t: topic_labels().get(t, t))
