"""A full disk and a read-only database are named as such, in one line, with exit code 3, and
leave the database as it was: the failed write is rolled back whole.

SQLite's own size limit (``PRAGMA max_page_count``) gives a real SQLITE_FULL anywhere; a tmpfs
gives a real ENOSPC, and a tablespace on one a real PostgreSQL "disk full", where this machine
may mount file systems. Read-only files and folders are tried by a child process that file
modes bind (see faults.py); a read-only file system binds root as well.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from psycopg import sql

from steppe.errors import ReadOnlyStorage, StorageFull, StoreError
from steppe.store import open_store
from steppe.store.migrations import migration_steps
from tests.conftest import count_rows
from tests.store.faults import (make_read_only, resize, run_unprivileged, small_disk,
                                synthetic_pairs)

FULL = "disque plein pendant l’écriture ; l’écriture a été annulée (libérez de la place et relancez)"
FEED = "https://example.org/feed.xml"


def integrity(path: Path) -> str:
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def closed_base(path: Path, articles: int = 20) -> Path:
    """A database written and closed cleanly (its -wal folded in), as a user leaves one."""
    with open_store(str(path)) as store:
        store.put_articles(synthetic_pairs(articles))
    return path


# -- disk full ---------------------------------------------------------------------------------
def test_a_full_sqlite_database_rolls_the_write_back_and_says_so(tmp_path):
    db = tmp_path / "steppe.db"
    store = open_store(str(db))
    store.put_articles(synthetic_pairs(10))
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 8}")   # SQLite's own SQLITE_FULL
    batch = synthetic_pairs(290, start=10)
    with pytest.raises(StorageFull) as failure:
        store.put_articles(batch)
    assert str(failure.value) == f"{db} : {FULL}"
    assert failure.value.exit_code == 3
    assert store.count_articles() == 10 and store.last_seq() == 10    # nothing half-written
    assert not store.conn.in_transaction
    store.conn.execute("PRAGMA max_page_count = 1073741823")          # room again
    assert store.put_articles(batch) == ["new"] * 290                 # the same write, whole
    store.close()
    assert integrity(db) == "ok"


def test_a_full_disk_through_the_cli_is_one_line_and_exit_3(tmp_path, run):
    source = closed_base(tmp_path / "source.db", 1_500)
    with small_disk(tmp_path / "disk", "2m") as disk:
        target = disk / "steppe.db"
        done = run("db", "copy", "--from", source, "--to", target)
        assert done.code == 3
        assert done.err == f"erreur : {target} : {FULL}\n"
        assert count_rows(target) == 0 and integrity(target) == "ok"
        resize(disk, "64m")                                            # space freed
        done = run("db", "copy", "--from", source, "--to", target)
        assert done.code == 0, done.err
        assert count_rows(target) == 1_500


@pytest.fixture
def pg_small_tablespace(pg_server: str, tmp_path: Path):
    """A URL whose new tables live on a 2 MB tmpfs: PostgreSQL's own "could not extend file"."""
    with psycopg.connect(pg_server, autocommit=True) as conn:
        local = conn.execute("SELECT inet_server_addr()::text").fetchone()[0]
        data_dir = conn.execute("SHOW data_directory").fetchone()[0]
    if not (local or "").startswith(("127.", "::1")) or not os.path.isdir(data_dir):
        pytest.skip("the PostgreSQL server is not on this machine: cannot give it a small disk")
    name = "t_full_" + secrets.token_hex(4)
    folder = Path("/tmp") / f"steppe-{name}"
    with small_disk(folder, "2m"):
        subprocess.run(["chown", "postgres:postgres", str(folder)], check=True)
        schema = name
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE TABLESPACE {} LOCATION {}").format(
                sql.Identifier(name), sql.Literal(str(folder))))
        options = quote(f"-cdefault_tablespace={name}")  # no space: split_url re-encodes it as +
        try:
            yield f"{pg_server}?schema={schema}&options={options}"
        finally:
            with psycopg.connect(pg_server, autocommit=True) as conn:
                conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                    sql.Identifier(schema)))
                conn.execute(sql.SQL("DROP TABLESPACE IF EXISTS {}").format(sql.Identifier(name)))
    folder.rmdir()


@pytest.mark.postgres
def test_a_full_postgres_disk_rolls_the_write_back_and_says_so(pg_small_tablespace):
    store = open_store(pg_small_tablespace)
    store.put_articles(synthetic_pairs(10))
    with pytest.raises(StorageFull, match="disque plein sur le serveur de base de données pendant l’écriture ; "
                       r"l’écriture a été annulée \(libérez de la place sur le serveur et relancez\)"):
        store.put_articles(synthetic_pairs(1_500, start=10))
    assert store.count_articles() == 10 and store.last_seq() == 10
    store.close()


# -- read-only ---------------------------------------------------------------------------------
def test_a_read_only_database_file_reads_and_refuses_writes_in_one_line(tmp_path):
    db = closed_base(tmp_path / "ro.db")
    os.chmod(db, 0o444)
    before = digest(db)
    stats, add, found = run_unprivileged(
        ["--db", db, "stats", "--json"],
        ["--db", db, "sources", "add", FEED, "--name", "x"],
        ["--db", db, "search", "Dépêche"], cwd=tmp_path)
    assert stats["code"] == 0 and '"articles": 20' in stats["out"]
    assert (add["code"], add["err"]) == (3, f"erreur : {db} : fichier de base de données en lecture seule\n")
    assert found["code"] == 0 and found["out"].startswith("20 résultat(s)")
    assert digest(db) == before


def test_a_database_in_a_read_only_folder_reads_and_refuses_writes_in_one_line(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = closed_base(folder / "steppe.db")
    folder.chmod(0o555)
    try:
        stats, add = run_unprivileged(
            ["--db", db, "stats", "--json"],
            ["--db", db, "sources", "add", FEED, "--name", "x"], cwd=tmp_path)
    finally:
        folder.chmod(0o755)
    assert stats["code"] == 0 and '"articles": 20' in stats["out"], stats["err"]
    assert add["code"] == 3
    assert add["err"] == (f"erreur : {db} : fichier de base de données en lecture seule "
                          f"(dossier {folder} non accessible en écriture)\n")


def test_a_database_on_a_read_only_file_system_reads_and_refuses_writes(tmp_path, run):
    with small_disk(tmp_path / "disk", "16m") as disk:
        db = closed_base(disk / "steppe.db")
        assert run("--db", db, "search", "Dépêche").code == 0         # its index, beside it
        make_read_only(disk)
        store = open_store(str(db), create=False)
        assert store.read_only == "système de fichiers en lecture seule" and store.count_articles() == 20
        with pytest.raises(ReadOnlyStorage) as failure:
            store.put_articles(synthetic_pairs(1, start=20))
        assert str(failure.value) == f"{db} : fichier de base de données en lecture seule (système de fichiers en lecture seule)"
        store.close()
        found = run("--db", db, "search", "Dépêche")
        assert found.code == 0 and found.out.startswith("20 résultat(s)") and found.err == ""
        add = run("--db", db, "sources", "add", FEED, "--name", "x")
        assert add.code == 3
        assert add.err == (f"erreur : {db} : fichier de base de données en lecture seule "
                           "(système de fichiers en lecture seule)\n")


def test_a_database_cannot_be_created_in_a_read_only_place(tmp_path):
    with small_disk(tmp_path / "disk", "1m") as disk:
        make_read_only(disk)
        with pytest.raises(ReadOnlyStorage, match=r"steppe.db : création de la base impossible "
                           r"\(système de fichiers en lecture seule\)"):
            open_store(str(disk / "steppe.db"))


def test_a_database_deleted_under_an_open_store_refuses_writes_in_one_line(tmp_path):
    db = closed_base(tmp_path / "steppe.db", 2)
    store = open_store(str(db))
    for path in tmp_path.glob("steppe.db*"):
        path.unlink()                     # as `rm steppe.db*` while a server holds it open
    with pytest.raises(StoreError) as failure:
        store.put_articles(synthetic_pairs(1, start=2))
    assert str(failure.value) == (f"{db} : le fichier de la base a été déplacé ou supprimé "
                                  "pendant son utilisation ; rien n’a été écrit (rouvrez-la)")
    assert store.count_articles() == 2
    store.close()
    assert not db.exists()                # not written back by anyone


@pytest.mark.postgres
def test_a_read_only_postgres_session_refuses_writes_in_one_line(pg_url):
    open_store(pg_url).close()                                         # the base exists
    read_only_url = f"{pg_url}&options={quote('-cdefault_transaction_read_only=on')}"
    with open_store(read_only_url) as store:
        with pytest.raises(ReadOnlyStorage, match=r"base en lecture seule \(un serveur de secours, ou "
                           r"default_transaction_read_only\) ; l’écriture a été annulée"):
            store.put_articles(synthetic_pairs(1))
        assert store.count_articles() == 0


# -- identity ----------------------------------------------------------------------------------
def test_each_database_has_its_own_identity_for_good(store, tmp_path):
    identity = store.identity()
    assert len(identity) == 32 and int(identity, 16) >= 0
    store.put_articles(synthetic_pairs(2))
    assert store.identity() == identity
    with open_store(store.url) as again:
        assert again.identity() == identity
    with open_store(str(tmp_path / "other.db")) as other:
        assert other.identity() != identity


def test_a_base_of_schema_3_gets_an_identity_when_upgraded(tmp_path):
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as conn:                    # as Steppe before migration 4 made it
        for version, script in migration_steps("sqlite")[:3]:
            conn.executescript(script)
        conn.execute("PRAGMA user_version = 3")
    with open_store(str(db)) as store:
        assert store.schema_version() >= 4 and len(store.identity()) == 32


def test_a_bug_is_not_dressed_as_a_store_error(tmp_path):
    """Only what the user can act on becomes a StoreError; a constraint we broke stays a bug."""
    store = open_store(str(tmp_path / "steppe.db"))
    with pytest.raises(sqlite3.IntegrityError):
        with store.transaction():
            for _ in range(2):
                store.conn.execute("INSERT INTO changes (seq, article_id, op, at) "
                                   "VALUES (1, 'a', 'x', 'y')")
    assert store.last_seq() == 0 and not store.conn.in_transaction
    store.close()
