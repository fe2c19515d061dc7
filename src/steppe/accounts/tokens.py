"""API tokens: 32 random bytes shown once, kept as their SHA-256.

A token carries 256 bits of entropy, so a plain digest (not a slow hash) is enough: nobody can
search the space, and a lookup by digest stays one indexed query per request.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from steppe.errors import InputError, quoted
from steppe.store import Store
from steppe.store.accounts_sql import UserRow

PREFIX = "stp_"     # recognisable in a leaked log or a secret scanner
MAX_LABEL = 100


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def create_token(store: Store, name: str, label: str = "", now: float | None = None) -> str:
    """A new token for user ``name``: its digest is stored, the token is returned (once)."""
    label = label.strip()
    if len(label) > MAX_LABEL or not label.isprintable():
        raise InputError(f"étiquette de jeton {quoted(label[:40])} invalide : au plus "
                         f"{MAX_LABEL} caractères imprimables")
    token = PREFIX + secrets.token_urlsafe(32)
    store.add_token(name, digest(token), label, time.time() if now is None else now)
    return token


def user_for_token(store: Store, token: str, now: float | None = None) -> UserRow | None:
    """The user a token belongs to, or None. Found by its digest: the database compares
    digests of a secret nobody can guess, so the lookup leaks nothing through its timing."""
    if not token.startswith(PREFIX):
        return None
    return store.user_for_token(digest(token), now)
