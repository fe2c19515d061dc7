"""Newsroom accounts in the store: users, their API tokens, and the server's signing secret.

One implementation, two backends (``?`` marks). The store keeps only what cannot leak a
secret: argon2 hashes of passwords and SHA-256 digests of API tokens, computed by
``steppe.accounts`` before they reach here. Names and roles are checked there too; the
database's own UNIQUE and CHECK constraints are the last line.

Writes go through ``_write()`` (on PostgreSQL: a plain transaction, not the articles writers'
lock), joining the caller's ``transaction()`` when there is one. Times are Unix seconds from
the caller.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Iterable

from steppe.errors import InputError, NotFound, quoted

_USER_COLUMNS = "id, name, role, password, session_version, created, updated"


@dataclass(frozen=True)
class UserRow:
    """A user as stored. ``password`` is an argon2 hash or None (token-only user)."""

    id: str
    name: str
    role: str
    password: str | None
    session_version: int
    created: float
    updated: float


@dataclass(frozen=True)
class TokenRow:
    """An API token's bookkeeping: never the token, only its label and dates."""

    id: int
    user_id: str
    label: str
    created: float
    last_used: float | None


def _user(row: tuple[Any, ...]) -> UserRow:
    uid, name, role, password, version, created, updated = row
    return UserRow(str(uid), str(name), str(role), password, int(version), float(created),
                   float(updated))


def _unknown(name: str) -> NotFound:
    return NotFound(f"aucun utilisateur ne s’appelle {quoted(name)} (voir « steppe users list »)")


class AccountsMixin:
    """Store methods behind ``steppe users`` and the web's login, sessions and tokens."""

    def _q(self, sql: str, params: Iterable[Any] = ()) -> Any:  # pragma: no cover - hook
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[None]:  # pragma: no cover - hook
        raise NotImplementedError

    # -- users -----------------------------------------------------------------------------
    def add_user(self, user: UserRow) -> None:
        """Insert a new user; a taken name is refused (nothing written)."""
        with self._write():
            if self._q("SELECT 1 FROM users WHERE name = ?", (user.name,)).fetchone():
                raise InputError(f"l’utilisateur {quoted(user.name)} existe déjà")
            self._q(f"INSERT INTO users ({_USER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (user.id, user.name, user.role, user.password, int(user.session_version),
                     float(user.created), float(user.updated)))

    def find_user(self, name: str) -> UserRow | None:
        row = self._q(f"SELECT {_USER_COLUMNS} FROM users WHERE name = ?", (name,)).fetchone()
        return None if row is None else _user(row)

    def get_user(self, name: str) -> UserRow:
        user = self.find_user(name)
        if user is None:
            raise _unknown(name)
        return user

    def user_by_id(self, user_id: str) -> UserRow | None:
        row = self._q(f"SELECT {_USER_COLUMNS} FROM users WHERE id = ?", (user_id,)).fetchone()
        return None if row is None else _user(row)

    def list_users(self) -> list[UserRow]:
        return [_user(r) for r in self._q(f"SELECT {_USER_COLUMNS} FROM users ORDER BY name")]

    def remove_user(self, name: str) -> None:
        """Forget a user and their tokens (their sessions die with the id)."""
        with self._write():
            user = self.get_user(name)
            self._q("DELETE FROM api_tokens WHERE user_id = ?", (user.id,))
            self._q("DELETE FROM users WHERE id = ?", (user.id,))

    def set_user_password(self, name: str, password: str | None, now: float) -> None:
        """A new password hash (or None); every session issued before is invalidated."""
        with self._write():
            user = self.get_user(name)
            self._q("UPDATE users SET password = ?, session_version = session_version + 1, "
                    "updated = ? WHERE id = ?", (password, float(now), user.id))

    def set_user_role(self, name: str, role: str, now: float) -> None:
        with self._write():
            user = self.get_user(name)
            self._q("UPDATE users SET role = ?, updated = ? WHERE id = ?",
                    (role, float(now), user.id))

    def end_sessions(self, user_id: str) -> None:
        """Invalidate every session cookie of a user (logout)."""
        with self._write():
            self._q("UPDATE users SET session_version = session_version + 1 WHERE id = ?",
                    (user_id,))

    # -- API tokens ------------------------------------------------------------------------
    def add_token(self, name: str, token_hash: str, label: str, now: float) -> int:
        """Record a token's digest for user ``name``; returns the token's row id."""
        with self._write():
            user = self.get_user(name)
            self._q("INSERT INTO api_tokens (user_id, token_hash, label, created) "
                    "VALUES (?, ?, ?, ?)", (user.id, token_hash, label, float(now)))
            row = self._q("SELECT id FROM api_tokens WHERE token_hash = ?",
                          (token_hash,)).fetchone()
        return int(row[0])

    def user_for_token(self, token_hash: str, now: float | None = None) -> UserRow | None:
        """The user owning the token with this digest, or None. The lookup is by digest (an
        index on a hash of a high-entropy secret: timing reveals nothing usable); ``now``
        records the token's last use."""
        row = self._q(f"SELECT {', '.join('u.' + c for c in _USER_COLUMNS.split(', '))}, t.id "
                      "FROM api_tokens t JOIN users u ON u.id = t.user_id "
                      "WHERE t.token_hash = ?", (token_hash,)).fetchone()
        if row is None:
            return None
        if now is not None:
            with self._write():
                self._q("UPDATE api_tokens SET last_used = ? WHERE id = ?", (float(now), row[-1]))
        return _user(tuple(row[:-1]))

    def list_tokens(self, name: str) -> list[TokenRow]:
        user = self.get_user(name)
        return [TokenRow(int(r[0]), str(r[1]), str(r[2]), float(r[3]),
                         None if r[4] is None else float(r[4]))
                for r in self._q("SELECT id, user_id, label, created, last_used FROM api_tokens "
                                 "WHERE user_id = ? ORDER BY id", (user.id,))]

    # -- server secret ---------------------------------------------------------------------
    def meta_secret(self, key: str, candidate: str) -> str:
        """The secret stored under ``key`` in steppe_meta; ``candidate`` is stored first if
        there is none. Every process and server of one database signs with the same value,
        and the first writer wins a race (the others read its value back)."""
        row = self._q("SELECT value FROM steppe_meta WHERE key = ?", (key,)).fetchone()
        if row is not None:
            return str(row[0])
        with self._write():
            self._q("INSERT INTO steppe_meta (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO NOTHING", (key, candidate))
        row = self._q("SELECT value FROM steppe_meta WHERE key = ?", (key,)).fetchone()
        return str(row[0])
