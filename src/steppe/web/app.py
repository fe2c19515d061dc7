"""The web app: ``create_app(settings)`` builds a FastAPI application serving the HTML pages
(pages.py), their JSON twins under /api (api.py), and the static assets, all from the package.

Errors are translated here, once: a SteppeError becomes ``{"error": …, "status": …}`` under
/api and an error page elsewhere; validation errors are 422 with FastAPI's details.
"""

from __future__ import annotations

import logging
import time
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any, AsyncIterator

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from steppe import __version__
from steppe.errors import SteppeError
from steppe.index import current_index
from steppe.settings import Settings
from steppe.store import open_store
from steppe.web import api, pages, stories
from steppe.web.deps import StorePool, WebState, index_dir_of
from steppe.web.render import render_error

log = logging.getLogger("steppe.web")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
STATIC_CACHE = (b"cache-control", b"public, max-age=86400")


class SecurityHeaders:
    """Pure ASGI middleware: the same headers on every response, cache headers on assets."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += SECURITY_HEADERS
                if static:
                    headers.append(STATIC_CACHE)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(settings: Settings) -> FastAPI:
    """The app for the database named by ``settings.db``; a missing database fails here."""
    open_store(settings.db, create=False).close()
    state = WebState(settings=settings, pool=StorePool(settings.db),
                     index_dir=index_dir_of(settings), started=time.time())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # catch the index up (building it if missing) and load the KB before the first request
        await anyio.to_thread.run_sync(warm_up, state)
        yield
        state.pool.close()

    app = FastAPI(
        title="Steppe", version=__version__, lifespan=lifespan,
        description="Veille de l'actualité d'Asie centrale : l'API JSON des pages de Steppe "
                    "(fil, histoires, recherche, articles, entités, pays, sources).",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.steppe = state
    app.add_middleware(SecurityHeaders)
    static = Path(str(files("steppe.web").joinpath("static")))
    app.mount("/static", StaticFiles(directory=static), name="static")
    _install_error_handlers(app)
    app.include_router(api.router)
    app.include_router(stories.api_router)
    app.include_router(pages.router)
    app.include_router(stories.page_router)
    return app


def warm_up(state: WebState) -> None:
    with state.pool.borrow() as store:
        current_index(store, state.index_dir)
    state.kb()


def app_from_env() -> FastAPI:
    """The ASGI factory for servers: settings from STEPPE_* environment variables.

    ``steppe serve`` runs it through uvicorn, and so can any deployment:
    ``uvicorn --factory steppe.web.app:app_from_env --host 127.0.0.1 --port 8000``.
    """
    return create_app(Settings.from_env())


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def error_response(request: Request, status: int, message: str, page_message: str | None = None,
                   **extra: Any) -> Response:
    """JSON under /api (``message``, one line, English like the CLI); an error page elsewhere
    (``page_message`` in French when there is one)."""
    if _wants_json(request):
        return JSONResponse({"error": message, "status": status, **extra}, status_code=status)
    return render_error(request, status, page_message or message)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SteppeError)
    async def steppe_error(request: Request, exc: SteppeError) -> Response:
        return error_response(request, exc.http_status, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
                   for e in exc.errors()]
        where = ", ".join(".".join(str(p) for p in d["loc"][1:]) or "request" for d in details)
        if not _wants_json(request):
            return render_error(request, 422, f"Paramètre invalide dans l'adresse : {where}.",
                                help="Corrigez-le dans l'adresse, ou repartez du fil.")
        return error_response(request, 422, f"invalid parameters: {where}", detail=details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        page_message = None
        if exc.status_code == 404 and message == "Not Found":
            message = f"no page at {request.url.path}"
            page_message = f"Aucune page à l'adresse {request.url.path}."
        elif exc.status_code == 405:
            page_message = "Cette adresse ne s'ouvre pas ainsi (méthode non permise)."
        response = error_response(request, exc.status_code, message, page_message)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        return error_response(request, 500, "internal error",
                              "Une erreur inattendue s'est produite ; elle a été consignée sur le serveur.")
