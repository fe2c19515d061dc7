"""The web app: ``create_app(settings)`` builds a FastAPI application serving the HTML pages
(pages.py), their JSON twins under /api (api.py), and the static assets, all from the package.

Errors are translated here, once: a SteppeError becomes ``{"error": …, "status": …,
"message": …}`` under /api (``error`` the library's one line, French, as the CLI says it;
``message`` what the page shows, the same as a sentence) and an error page in French elsewhere; validation
errors are 422 with their details in French. A server's fault (5xx) answers a fixed message
and logs its detail, which may name files or a database URL; a client's error keeps its
message, with any server location cut out.

HEAD is answered on every GET page (monitors and link checkers send it), and /favicon.ico
serves the SVG icon browsers ask for before reading any page.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tempfile
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
from steppe.web import alerts, api, briefing, digest, exports, login, pages, relations, stories
from steppe.web.deps import StorePool, WebState, index_dir_of, web_state
from steppe.web.guard import Guard
from steppe.web.messages import french_message, validation_text
from steppe.web.render import render_error

log = logging.getLogger("steppe.web")

SERVER_ERRORS = {  # 5xx: the detail (paths, database URLs) is logged, never sent
    503: ("base de données indisponible", "La base de données est indisponible pour le moment ; réessayez plus tard."),
    507: ("espace insuffisant sur le serveur : rien n’a été écrit",
          "Le serveur manque de place pour enregistrer ; rien n’a été écrit."),
}
INTERNAL = ("erreur interne", "Une erreur inattendue s’est produite ; elle a été consignée sur le serveur.")


class SteppeApp(FastAPI):
    """FastAPI with the guard outside everything, even outside Starlette's last-resort error
    middleware: a crash's 500 gets the security headers too, and no body is read before the
    guard has let the request in."""

    def build_middleware_stack(self) -> ASGIApp:
        return Guard(HeadAsGet(super().build_middleware_stack()), self.state.steppe.settings,
                     self.state.steppe)


class HeadAsGet:
    """HEAD runs the GET route and sends its status and headers without the body: FastAPI
    routes declared with ``@get`` answer HEAD with 405 otherwise."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body"):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def create_app(settings: Settings) -> FastAPI:
    """The app for the database named by ``settings.db``; a missing database fails here."""
    open_store(settings.db, create=False).close()
    state = WebState(settings=settings, pool=StorePool(settings.db),
                     index_dir=index_dir_of(settings), started=time.time())
    state.signing_secret()      # sessions and CSRF tokens are signed from the first request

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # catch the index up (building it if missing) and load the KB before the first request
        await anyio.to_thread.run_sync(warm_up, state)
        yield
        state.pool.close()

    app = SteppeApp(
        title="Steppe", version=__version__, lifespan=lifespan,
        description="Veille de l’actualité d’Asie centrale : l’API JSON des pages de Steppe "
                    "(fil, histoires, recherche, articles, entités, pays, sources).",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.steppe = state
    static = Path(str(files("steppe.web").joinpath("static")))
    app.mount("/static", StaticFiles(directory=static), name="static")
    icon = (static / "favicon.svg").read_bytes()

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(icon, media_type="image/svg+xml",
                        headers={"cache-control": "public, max-age=86400"})

    _install_error_handlers(app)
    app.include_router(api.router)
    app.include_router(stories.api_router)
    app.include_router(digest.api_router)
    app.include_router(briefing.api_router)
    app.include_router(alerts.api_router)
    app.include_router(relations.api_router)
    app.include_router(exports.router)
    app.include_router(alerts.feed_router)
    app.include_router(login.router)
    app.include_router(pages.router)
    app.include_router(stories.page_router)
    app.include_router(digest.page_router)
    app.include_router(briefing.page_router)
    app.include_router(relations.page_router)
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
    """JSON under /api: ``error`` (the line the library and the CLI say, French) and
    ``message`` (what a page shows: the same as a sentence, or a page's own wording); an error
    page in French elsewhere."""
    french = page_message or french_message(message)
    if _wants_json(request):
        body = {"error": message, "status": status, "message": french, **extra}
        return JSONResponse(body, status_code=status)
    return render_error(request, status, french)


DATABASE_URL = re.compile(r"\b(postgres(?:ql)?(?:\+\w+)?:)//[^\s'\"]*")


def scrub(message: str, settings: Settings) -> str:
    """``message`` without server locations: database URLs (they may hold a password) become
    ``postgresql://…``, and known folders (the database's, the KB file's, the index, the
    working directory, home, temp, the installation) are cut from paths, leaving file names."""
    text = DATABASE_URL.sub(lambda m: m.group(1) + "//…", message)
    for root in _server_roots(settings):
        text = text.replace(root + os.sep, "").replace(root, "…")
    return text


def _server_roots(settings: Settings) -> list[str]:
    places = [os.getcwd(), os.path.expanduser("~"), tempfile.gettempdir(), sys.prefix,
              sys.base_prefix, str(Path(__file__).resolve().parents[2]), str(index_dir_of(settings))]
    if "://" not in settings.db:
        places.append(str(Path(settings.db).absolute().parent))
    if settings.kb_file:
        places.append(str(Path(settings.kb_file).absolute().parent))
    roots = {os.path.normpath(p) for p in places if p}
    return sorted((r for r in roots if r != os.sep), key=len, reverse=True)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SteppeError)
    async def steppe_error(request: Request, exc: SteppeError) -> Response:
        if exc.http_status >= 500:
            log.log(logging.DEBUG if getattr(exc, "quiet", False) else logging.ERROR,
                    "%s on %s: %s", type(exc).__name__, request.url.path, exc.message)
            message, page_message = getattr(exc, "answer", None) or \
                SERVER_ERRORS.get(exc.http_status, INTERNAL)
            response = error_response(request, exc.http_status, message, page_message)
            if getattr(exc, "retry_after", None):
                response.headers["Retry-After"] = str(exc.retry_after)
            return response
        settings = web_state(request).settings
        french = getattr(exc, "french", None)       # set by a route that knows the French
        return error_response(request, exc.http_status, scrub(exc.message, settings),
                              scrub(french, settings) if french else None)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        details = [{"loc": list(e.get("loc", ())), "msg": validation_text(e), "type": e.get("type", "")}
                   for e in errors]
        where = ", ".join(".".join(str(p) for p in d["loc"][1:]) or "requête" for d in details)
        said = " ; ".join(f"{'.'.join(str(p) for p in d['loc'][1:]) or 'requête'} : {d['msg']}"
                          for d in details)
        if not _wants_json(request):
            label = "Paramètre invalide" if len(details) == 1 else "Paramètres invalides"
            return render_error(request, 422, f"{label} dans l’adresse — {said}.",
                                help="Corrigez-le dans l’adresse, ou repartez du fil.")
        return error_response(request, 422, f"paramètres invalides : {where}",
                              f"Paramètres invalides — {said}.", detail=details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "erreur"
        page_message = None
        if exc.status_code == 404 and message == "Not Found":
            message = f"aucune page à l’adresse {request.url.path}"
            page_message = f"Aucune page à l’adresse {request.url.path}."
        elif exc.status_code == 405:
            message = "méthode non permise" if message == "Method Not Allowed" else message
            page_message = "Cette adresse ne s’ouvre pas ainsi (méthode non permise)."
        response = error_response(request, exc.status_code, message, page_message)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        return error_response(request, 500, *INTERNAL)
