"""SQLite specifics: WAL, foreign keys, migrations, refusing newer schemas and bad paths."""

from __future__ import annotations

import sqlite3

import pytest

from steppe.errors import SchemaVersionError, StoreError
from steppe.store import open_store
from steppe.store.migrations import migration_steps


def test_pragmas_and_version(tmp_path):
    store = open_store(str(tmp_path / "s.db"))
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.schema_version() == migration_steps("sqlite")[-1][0]
    assert store.migrate() == []  # idempotent
    store.close()


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 999")
    with pytest.raises(SchemaVersionError, match=r"schéma de la base \(version 999\) est plus récent"):
        open_store(str(path))


def test_missing_folder_and_unwritable_file(tmp_path):
    with pytest.raises(StoreError, match=r"création de la base impossible \(le dossier .*/no/such n’existe pas\)"):
        open_store(str(tmp_path / "no" / "such" / "dir.db"))
    with pytest.raises(StoreError, match="base de données introuvable"):
        open_store(str(tmp_path / "absent.db"), create=False)
