"""Alerts over HTTP: editors manage them with the operator token; each has an Atom feed.

``GET/POST /api/alerts`` and ``DELETE /api/alerts/{name}`` need ``Authorization: Bearer
<STEPPE_WEB_TOKEN>`` (alert names and queries may be private, so even the list does). The
feed ``/alerts/{name}.atom`` is for feed readers, which cannot send a token: it takes the
alert's unguessable ``?key=`` (shown by ``steppe alerts list`` and at creation), or the token.
A wrong key answers 404, as an unknown name does, so names cannot be probed.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from steppe.alerts.feed import alert_feed
from steppe.alerts.manage import create_alert, describe_alert, feed_key_ok
from steppe.errors import NotFound, SteppeError
from steppe.store import Store
from steppe.web.api import WRITE_ERRORS
from steppe.web.deps import require_token, store_of, web_state
from steppe.web.guard import check_bearer

api_router = APIRouter(prefix="/api", tags=["api"], responses=WRITE_ERRORS)
feed_router = APIRouter(tags=["alerts"])


class AlertIn(BaseModel):
    name: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
                      description="Lettres, chiffres, « . », « _ », « - ».")
    query: str = Field(min_length=1, max_length=2000,
                       description="Requête dans le langage de recherche (refusée si mal formée).")
    webhook: str | None = Field(None, max_length=2000, description="Adresse http(s) du webhook.")
    email: str | None = Field(None, max_length=320, description="Adresse e-mail destinataire.")
    grow: int | None = Field(None, ge=2, le=10_000,
                             description="Signaler encore une histoire à N médias.")


@api_router.get("/alerts", dependencies=[Depends(require_token)],
                summary="Les alertes : requête, canaux, dernière livraison, échecs, flux (jeton)")
def api_alerts(request: Request, store: Store = Depends(store_of)) -> dict[str, Any]:
    public = web_state(request).settings.public_url
    return {"alerts": [describe_alert(store, a, public) for a in store.list_alerts()]}


@api_router.post("/alerts", status_code=201, dependencies=[Depends(require_token)],
                 summary="Créer une alerte ; le secret du webhook n’est donné qu’ici (jeton)")
def api_add_alert(request: Request, body: AlertIn,
                  store: Store = Depends(store_of)) -> dict[str, Any]:
    alert = create_alert(store, body.name, body.query, body.webhook, body.email, body.grow,
                         time.time())
    info = describe_alert(store, alert, web_state(request).settings.public_url)
    return {"alert": info, "secret": alert.secret}


@api_router.delete("/alerts/{name}", dependencies=[Depends(require_token)],
                   summary="Supprimer une alerte et son journal (jeton)")
def api_remove_alert(name: str = Path(max_length=80),
                     store: Store = Depends(store_of)) -> dict[str, Any]:
    store.remove_alert(name)
    return {"removed": name}


FEED_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/atom+xml": {}}, "description": "Le flux Atom."},
    404: {"content": {"text/html": {}},
          "description": "Alerte inconnue, ou clé absente ou fausse (même réponse)."},
    422: {"content": {"text/html": {}}, "description": "Paramètres invalides (page d’erreur)."},
}


@feed_router.get("/alerts/{name}.atom", response_class=Response, responses=FEED_RESPONSES,
                 summary="Flux Atom d’une alerte : une entrée par histoire (clé ou jeton)")
def alert_atom(request: Request, name: str = Path(max_length=80),
               key: str = Query("", max_length=200),
               store: Store = Depends(store_of)) -> Response:
    try:
        alert = store.get_alert(name)
    except NotFound:
        raise NotFound("ce flux n’existe pas") from None
    if not (key and feed_key_ok(alert, key)) and not _token_ok(request):
        raise NotFound("ce flux n’existe pas")
    settings = web_state(request).settings
    rows = store.alert_deliveries(alert.id, channel="atom", limit=100)
    self_url = settings.public_url.rstrip("/") + str(request.url.path)
    return Response(alert_feed(alert, rows, self_url, time.time()),
                    media_type="application/atom+xml; charset=utf-8",
                    headers={"Cache-Control": "private, max-age=60"})


def _token_ok(request: Request) -> bool:
    try:
        check_bearer(web_state(request).settings.web_token,
                     request.headers.get("authorization", ""))
    except SteppeError:
        return False
    return True
