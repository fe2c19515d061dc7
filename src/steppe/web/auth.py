"""Who may do what on the web: the dependencies routes use to require a role.

Use from a route (the guard has already recognised the caller from the headers, so these
only read what it found):

    from steppe.web.auth import require_role

    @router.post("/entities/{entity_id}/alias")
    async def add_alias(..., user: UserRow = Depends(require_role("editor"))) -> Response:
        ...                      # user.name is who did it (for an audit log)

``require_role(role)`` answers 401 (in French) to an anonymous caller or an expired session,
403 to a caller whose role is below ``role`` (reader < editor < admin), and, for a browser
session writing (any method but GET/HEAD/OPTIONS), 403 unless the request carries the
session's CSRF token: the form's hidden field ``csrf`` (put it in every POST form with
``{{ csrf_field() }}`` in the template) or the ``X-CSRF-Token`` header (scripts in pages).
Callers with an API token (``Authorization: Bearer stp_…``) or the operator's STEPPE_WEB_TOKEN
(acting as an admin, whose user is ``OPERATOR``, name « opérateur ») need no CSRF token: a
browser never sends those by itself.

``current_user(request)`` is the recognised user or None; ``csrf_token(request)`` the token a
form must carry. python-multipart is not installed, so form routes cannot use FastAPI's
``Form()``: read the fields with ``await read_form(request)`` (urlencoded forms, the browser's
default; the CSRF check has read them already, the body is cached).
"""

from __future__ import annotations

from typing import Awaitable, Callable
from urllib.parse import parse_qsl

from fastapi import Request

from steppe.accounts.roles import LABELS, RANK, check_role
from steppe.accounts.sessions import csrf_ok
from steppe.errors import Forbidden, Unauthorized
from steppe.store.accounts_sql import UserRow
from steppe.web.guard import SAFE_METHODS
from steppe.web.identity import (CSRF_FIELD, CSRF_HEADER, CSRF_REFUSED, EXPIRED, OPERATOR,
                                 csrf_field, identity_of)

__all__ = ["require_role", "current_user", "csrf_token", "csrf_field", "check_csrf", "read_form",
           "OPERATOR"]

NEEDS = {"reader": "connectez-vous pour continuer",
         "editor": "action réservée aux éditeurs et aux administrateurs",
         "admin": "action réservée aux administrateurs"}


def current_user(request: Request) -> UserRow | None:
    """The user the guard recognised (session, API token or operator's token), or None."""
    return identity_of(request).user


def csrf_token(request: Request) -> str:
    """The CSRF token this visitor's forms must carry (the value of ``csrf_field()``)."""
    return identity_of(request).csrf()


async def check_csrf(request: Request) -> None:
    """403 unless a browser session's write carries its CSRF token (form field or header);
    requests with a bearer token pass. Reads the form (FastAPI keeps it for the route)."""
    ident = identity_of(request)
    if request.method in SAFE_METHODS or ident.via != "session":
        return
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        given = (await read_form(request)).get(CSRF_FIELD)
    if not csrf_ok(ident.secret, ident.nonce, given):
        raise _french(Forbidden(CSRF_REFUSED), "Le jeton de sécurité du formulaire manque ou "
                      "n’est pas le bon : rechargez la page et recommencez.")


async def read_form(request: Request) -> dict[str, str]:
    """A urlencoded form's fields (the last value of each), or {} for any other body.

    python-multipart is not a dependency, so FastAPI's ``Form()`` parameters are unavailable:
    form routes read their fields with this. The body is cached by Starlette, so reading it
    here and again in the route costs nothing, and the guard has capped its size."""
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return {}
    body = (await request.body()).decode("utf-8", "replace")
    return {key: value for key, value in parse_qsl(body, keep_blank_values=True)}


def require_role(role: str) -> Callable[[Request], Awaitable[UserRow]]:
    """A FastAPI dependency: the current user, if their role is at least ``role`` (and, for a
    browser session's write, the CSRF token is right); 401/403 with a French message else."""
    check_role(role)

    async def dependency(request: Request) -> UserRow:
        ident = identity_of(request)
        if ident.user is None:
            if ident.expired:
                raise _french(Unauthorized("session expirée : reconnectez-vous"), EXPIRED)
            raise _french(Unauthorized(f"connexion requise : {NEEDS[role]}"),
                          "Cette action demande d’être connecté.")
        if RANK.get(ident.user.role, -1) < RANK[role]:
            said = f"{NEEDS[role]} ({ident.user.name} est {LABELS.get(ident.user.role, ident.user.role)})"
            raise _french(Forbidden(said), said[0].upper() + said[1:] + ".")
        await check_csrf(request)
        return ident.user

    dependency.__name__ = f"require_{role}"
    return dependency


def _french(exc: Forbidden | Unauthorized, page: str) -> Forbidden | Unauthorized:
    exc.french = page       # type: ignore[attr-defined]  # what the error page says (app.py)
    return exc
