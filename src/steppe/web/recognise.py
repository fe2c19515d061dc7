"""Recognising the caller from headers alone, for the guard: bearer token or session cookie.

Order: ``Authorization: Bearer`` first (STEPPE_WEB_TOKEN acts as an admin; a ``stp_…`` token
is a user's, found by its digest), then the session cookie (signature and expiry checked
without the database, then the user and their session version with one lookup). A visitor
with neither gets a CSRF nonce (the pre-session cookie), so a login form can be protected
before anybody is logged in.

The store lookups run in a worker thread with a store from the web's pool; a request with no
token and no cookie costs none.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from typing import Any

import anyio.to_thread
from starlette.requests import cookie_parser

from steppe.accounts import sessions, tokens
from steppe.web.identity import OPERATOR, PRE_COOKIE, SESSION_COOKIE, Identity

NONCE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).digest()


async def recognise(state: Any, scope: dict[str, Any], headers: dict[str, str]) -> Identity:
    """The identity of this request (``state`` is the app's WebState)."""
    secret = state.secret or await anyio.to_thread.run_sync(state.signing_secret)
    ident = Identity(secret=secret)
    scheme, _, given = headers.get("authorization", "").partition(" ")
    given = given.strip()
    if scheme.lower() == "bearer" and given:
        legacy = state.settings.web_token
        if legacy and hmac.compare_digest(_digest(given), _digest(legacy)):
            ident.user, ident.via = OPERATOR, "operator"
        elif given.startswith(tokens.PREFIX):
            user = await _in_store(state, lambda s: tokens.user_for_token(s, given, time.time()))
            if user is not None:
                ident.user, ident.via = user, "token"
        ident.bad_token = ident.user is None
    cookies = cookie_parser(headers.get("cookie", ""))
    if ident.user is None and cookies.get(SESSION_COOKIE):
        await _from_session(state, ident, cookies[SESSION_COOKIE])
    if ident.nonce is None:
        pre = cookies.get(PRE_COOKIE, "")
        if NONCE.fullmatch(pre):
            ident.nonce = pre
        else:
            ident.nonce, ident.new_nonce = sessions.new_nonce(), True
    return ident


async def _from_session(state: Any, ident: Identity, value: str) -> None:
    session = sessions.read(ident.secret, value)
    if session is None:              # forged or from another database: as if absent
        return
    if session.expires <= time.time():
        ident.expired = True
        return
    user = await _in_store(state, lambda s: s.user_by_id(session.user_id))
    if user is None or user.session_version != session.version:
        ident.expired = True         # logged out, new password, or removed
        return
    ident.user, ident.via, ident.nonce = user, "session", session.nonce


async def _in_store(state: Any, work: Any) -> Any:
    def run() -> Any:
        with state.pool.borrow() as store:
            return work(store)
    return await anyio.to_thread.run_sync(run)


def cookie_header(name: str, value: str, secure: bool, max_age: int | None = None) -> bytes:
    """A ``Set-Cookie`` value: HttpOnly, SameSite=Lax, Path=/, Secure over HTTPS; max_age 0
    deletes it, None makes it last as long as the browser session."""
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if secure:
        parts.append("Secure")
    return "; ".join(parts).encode("latin-1")
