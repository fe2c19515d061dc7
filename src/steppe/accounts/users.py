"""Users as ``steppe users`` and the web see them: names checked, passwords hashed, roles
checked, in one place, before anything reaches the store."""

from __future__ import annotations

import re
import secrets
import time

from steppe.accounts.passwords import hash_password, verify_password
from steppe.accounts.roles import check_role
from steppe.errors import InputError, quoted
from steppe.store import Store
from steppe.store.accounts_sql import UserRow

NAME = re.compile(r"[\w.@-]{1,64}")


def check_name(name: str) -> str:
    if not NAME.fullmatch(name):
        raise InputError(f"nom d’utilisateur {quoted(name[:70])} invalide : 1 à 64 lettres, "
                         "chiffres ou . _ @ -")
    return name


def add_user(store: Store, name: str, role: str, password: str | None = None,
             now: float | None = None) -> UserRow:
    """Create a user (no password: token-only). Everything is checked before the write."""
    check_name(name)
    check_role(role)
    hashed = hash_password(password) if password is not None else None
    moment = time.time() if now is None else now
    user = UserRow(secrets.token_hex(12), name, role, hashed, 0, moment, moment)
    store.add_user(user)
    return user


def set_password(store: Store, name: str, password: str | None) -> None:
    """A new password (None: none, the user is token-only); every open session ends."""
    store.set_user_password(name, hash_password(password) if password is not None else None,
                            time.time())


def authenticate(store: Store, name: str, password: str) -> UserRow | None:
    """The user if ``password`` is theirs; None otherwise (unknown names cost the same)."""
    user = store.find_user(name) if NAME.fullmatch(name) else None
    ok = verify_password(user.password if user else None, password)
    return user if ok and user is not None else None


def describe(user: UserRow) -> dict[str, object]:
    """What may be shown of a user: never the hash."""
    return {"name": user.name, "role": user.role, "password": user.password is not None,
            "created": user.created}
