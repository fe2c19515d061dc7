"""Passwords, hashed with argon2id (argon2-cffi's defaults, RFC 9106's low-memory profile).

A failed login on an unknown name still spends one verification on a fixed dummy hash, so
the time an answer takes does not tell whether the name exists.
"""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from steppe.errors import InputError

MIN_LENGTH = 8
MAX_LENGTH = 1024     # argon2 hashes anything; a cap keeps a login form from being a CPU sink


@lru_cache(maxsize=1)
def hasher() -> PasswordHasher:
    return PasswordHasher()


@lru_cache(maxsize=1)
def _dummy() -> str:
    return hasher().hash("steppe: no such user")


def check_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise InputError(f"mot de passe trop court : au moins {MIN_LENGTH} caractères")
    if len(password) > MAX_LENGTH:
        raise InputError(f"mot de passe trop long : au plus {MAX_LENGTH} caractères")
    return password


def hash_password(password: str) -> str:
    """The argon2 hash to store for a new password (checked for length first)."""
    return hasher().hash(check_password(password))


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches the stored hash; a user without one (token-only) never
    matches, after the same work as a wrong password."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return hasher().verify(stored or _dummy(), password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
