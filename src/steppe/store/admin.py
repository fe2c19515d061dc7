"""Database chores behind ``steppe db …``: applying migrations on demand.

Opening a store migrates it anyway; this exists so an operator can upgrade a shared
PostgreSQL base once, before deploying, and see which versions were applied.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from steppe.errors import StoreError
from steppe.store.migrations import migration_steps


def migrate_store(url: str) -> list[int]:
    """Apply pending migrations to the base at ``url``; the versions applied, in order."""
    if url.startswith(("postgresql://", "postgres://")):
        from steppe.store.postgres import PostgresStore  # psycopg only when asked for

        store = PostgresStore(url, migrate=False)
        try:
            return store.migrate(install_queue=True)
        finally:
            store.close()
    from steppe.store.sqlite import SqliteStore

    before = _sqlite_version(url)
    store = SqliteStore(url)  # migrates on opening
    try:
        after = store.schema_version()
    finally:
        store.close()
    return [version for version, _ in migration_steps("sqlite") if before < version <= after]


def _sqlite_version(path: str) -> int:
    """Schema version of a SQLite file before opening it (0 for a file not yet created).

    Read-only, so peeking never creates the file nor takes a write lock.
    """
    if not Path(path).exists():
        return 0
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError(f"{path} : ouverture de la base impossible ({exc})") from None
