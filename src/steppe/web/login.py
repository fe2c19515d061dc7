"""Browser login and logout: /connexion (the form, then its POST) and POST /deconnexion.

Both POSTs are let in by the guard without an identity (that is their point) and check the
form's CSRF token here, once the body is read: the login form is signed with the visitor's
pre-session nonce, the logout button with the session's. Wrong passwords are counted per
address and per name (accounts/throttle.py); the tenth within the window answers 429 and
logs a WARNING, and the door stays shut until the window has passed.
"""

from __future__ import annotations

import logging
import math
import time

import anyio.to_thread
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from steppe.accounts import sessions
from steppe.accounts.users import authenticate
from steppe.store import Store
from steppe.web.auth import read_form
from steppe.web.deps import store_of, web_state
from steppe.web.identity import CSRF_FIELD, EXPIRED, SESSION_COOKIE, identity_of
from steppe.web.recognise import cookie_header
from steppe.web.render import render

log = logging.getLogger("steppe.web")
router = APIRouter(include_in_schema=False)
WRONG = "Nom d’utilisateur ou mot de passe incorrect."
CSRF_WRONG = ("Le formulaire a expiré ou ne vient pas de ce site : rechargez la page "
              "et recommencez.")


def safe_next(target: str | None) -> str:
    """Where to go after login: a path of this site only (never ``//host`` or a URL)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _page(request: Request, status: int = 200, error: str | None = None, name: str = "",
          suite: str = "/") -> Response:
    notice = EXPIRED if request.query_params.get("expiree") else None
    return render(request, "login.html", status=status, section="login", error=error,
                  notice=notice, name=name, suite=safe_next(suite))


@router.get("/connexion")
def login_page(request: Request, suite: str = "/") -> Response:
    return _page(request, suite=suite)


@router.post("/connexion")
async def login(request: Request, store: Store = Depends(store_of)) -> Response:
    form = await read_form(request)
    name, password = form.get("nom", "").strip(), form.get("mot_de_passe", "")
    suite = safe_next(form.get("suite"))
    ident, state = identity_of(request), web_state(request)
    if not sessions.csrf_ok(ident.secret, ident.nonce, form.get(CSRF_FIELD)):
        return _page(request, 403, CSRF_WRONG, name, suite)
    address = _client(request)
    wait = state.throttle.wait(address, name)
    if wait > 0:
        return _too_many(request, wait, name, suite)
    user = await anyio.to_thread.run_sync(authenticate, store, name, password)
    if user is None:
        if state.throttle.failed(address, name):
            wait = state.throttle.wait(address, name)
            log.warning("login: too many wrong passwords (name %r, address %s): refused for %d s",
                        name[:64], address, math.ceil(wait))
            return _too_many(request, wait, name, suite)
        return _page(request, 401, WRONG, name, suite)
    state.throttle.succeeded(address, name)
    value = sessions.issue(ident.secret, user.id, user.session_version, time.time())
    response = RedirectResponse(suite, status_code=303)
    response.headers.append("set-cookie", cookie_header(
        SESSION_COOKIE, value, request.url.scheme == "https",
        int(sessions.SESSION_HOURS * 3600)).decode("latin-1"))
    return response


def _too_many(request: Request, wait: float, name: str, suite: str) -> Response:
    minutes = max(1, math.ceil(wait / 60))
    response = _page(request, 429, f"Trop de tentatives de connexion : réessayez dans "
                     f"{minutes} min.", name, suite)
    response.headers["retry-after"] = str(max(1, math.ceil(wait)))
    return response


@router.post("/deconnexion")
async def logout(request: Request, store: Store = Depends(store_of)) -> Response:
    """Ends every session of the user (the session version moves on), then clears the
    cookie. A forged form cannot log anyone out: CSRF is checked like any write."""
    ident = identity_of(request)
    form = await read_form(request)
    if ident.via == "session" and ident.user is not None:
        if not sessions.csrf_ok(ident.secret, ident.nonce, form.get(CSRF_FIELD)):
            return render(request, "error.html", status=403, status_code=403,
                          title="Accès refusé", message=CSRF_WRONG)
        await anyio.to_thread.run_sync(store.end_sessions, ident.user.id)
    response = RedirectResponse("/connexion", status_code=303)
    response.headers.append("set-cookie", cookie_header(
        SESSION_COOKIE, "", request.url.scheme == "https", 0).decode("latin-1"))
    return response
