"""Who is asking: the identity the guard finds from a request's headers, kept on the request.

The guard (guard.py) reads the ``Authorization`` header and the session cookie before any
body is read, looks the user up once, and leaves an ``Identity`` in the request's state; the
dependencies of auth.py, the pages and the templates read it from there, so one request costs
at most one lookup. This module knows no store and no route: guard, auth and render all import
it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup, escape

from steppe.accounts.roles import LABELS, allows
from steppe.accounts.sessions import csrf_token
from steppe.store.accounts_sql import UserRow

SESSION_COOKIE = "steppe_session"
PRE_COOKIE = "steppe_csrf"          # a visitor's CSRF nonce before login (the login form's)
STATE_KEY = "steppe_identity"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
OPERATOR = UserRow("operator", "opérateur", "admin", None, 0, 0.0, 0.0)   # STEPPE_WEB_TOKEN
EXPIRED = "Votre session a expiré, reconnectez-vous."
CSRF_REFUSED = ("jeton CSRF manquant ou invalide : rechargez la page et recommencez "
                "(le formulaire venait-il d’un autre site ?)")


@dataclass
class Identity:
    """``user`` is None for an anonymous visitor; ``via`` says how the user was recognised
    (``session`` needs a CSRF token on writes; ``token`` and ``operator`` do not: a browser
    never sends those by itself). ``nonce`` is the CSRF nonce of this visitor (from the session,
    or the pre-session cookie), ``secret`` the key its token is signed with."""

    user: UserRow | None = None
    via: str | None = None
    expired: bool = False
    nonce: str | None = None
    secret: str = ""
    new_nonce: bool = False          # the guard sets the pre-session cookie with the response
    bad_token: bool = False          # a bearer token was given and is nobody's

    @property
    def role(self) -> str | None:
        return self.user.role if self.user else None

    def may(self, role: str) -> bool:
        return self.user is not None and allows(self.user.role, role)

    def csrf(self) -> str:
        return csrf_token(self.secret, self.nonce) if self.nonce and self.secret else ""


def identity_of(request_or_scope: Any) -> Identity:
    """The identity the guard left on a request (or ASGI scope); anonymous when none."""
    scope = getattr(request_or_scope, "scope", request_or_scope)
    state = scope.get("state") or {}
    found = state.get(STATE_KEY)
    return found if isinstance(found, Identity) else Identity()


@pass_context
def csrf_field(context: Any) -> Markup:
    """Jinja global: the hidden CSRF input every POST form carries (``{{ csrf_field() }}``)."""
    request = context.get("request")
    token = identity_of(request).csrf() if request is not None else ""
    return Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(token)}">')


@pass_context
def viewer(context: Any) -> dict[str, Any]:
    """Jinja global: who is browsing, for the page header (name, French role, expired)."""
    request = context.get("request")
    ident = identity_of(request) if request is not None else Identity()
    user = ident.user
    return {"name": user.name if user else None, "role": LABELS.get(user.role, "") if user else "",
            "session": ident.via == "session", "expired": ident.expired}
