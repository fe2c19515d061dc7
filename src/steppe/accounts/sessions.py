"""Signed session cookies and the CSRF tokens derived from them (HMAC-SHA256, stdlib only).

A session cookie's value is ``payload.signature``: the payload names the user's id, the
user's session version when it was issued, its expiry (Unix seconds) and a random nonce.
Nothing in it is secret; the signature makes it unforgeable. It dies in three ways: at its
expiry, when the user's session version moves on (logout, new password: every cookie issued
before is void, on every server of the database), and with the user.

A form's CSRF token is the HMAC of the nonce of the visitor's session (or, before login, of
a random pre-session cookie): a page from another site can make the browser send the cookie
but cannot read the token to put it in the form.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

SECRET_KEY = "session_secret"       # the steppe_meta row holding the signing secret
SESSION_HOURS = 12.0


def new_secret() -> str:
    return secrets.token_hex(32)


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


@dataclass(frozen=True)
class Session:
    user_id: str
    version: int
    expires: float
    nonce: str


def _sign(secret: str, purpose: str, data: str) -> str:
    mac = hmac.new(secret.encode(), f"{purpose}\n{data}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")


def issue(secret: str, user_id: str, version: int, now: float | None = None,
          hours: float = SESSION_HOURS) -> str:
    """The cookie value of a new session."""
    expires = int((time.time() if now is None else now) + hours * 3600)
    payload = base64.urlsafe_b64encode(
        f"{user_id}|{int(version)}|{expires}|{new_nonce()}".encode()).decode().rstrip("=")
    return f"{payload}.{_sign(secret, 'session', payload)}"


def read(secret: str, value: str) -> Session | None:
    """The session a cookie value names, if its signature holds (expiry is the caller's
    to judge: an expired session is told apart from a forged one). None when forged or
    malformed."""
    payload, dot, signature = value.partition(".")
    if not dot or not hmac.compare_digest(signature.encode(), _sign(secret, "session", payload).encode()):
        return None
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
        user_id, version, expires, nonce = raw.split("|")
        return Session(user_id, int(version), float(expires), nonce)
    except ValueError:
        return None


def csrf_token(secret: str, nonce: str) -> str:
    """The CSRF token of a session (or pre-session) nonce."""
    return _sign(secret, "csrf", nonce)


def csrf_ok(secret: str, nonce: str | None, given: str | None) -> bool:
    """Whether a form's ``given`` token is the one for ``nonce``, compared in constant time."""
    if not nonce or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8", "replace"), csrf_token(secret, nonce).encode())
