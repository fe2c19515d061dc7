"""What the databases' failures mean for the user: one line naming the base, cause and fix.

SQLite reports a full disk (or a full size limit) as SQLITE_FULL, a file it may not write as
SQLITE_READONLY, and a folder or file system where it cannot create its ``-wal`` and ``-shm``
files as SQLITE_CANTOPEN ("unable to open database file", which sends users looking for a
missing file). Python puts the extended code's name on the exception, so the mapping reads
codes, never messages; the file system is then asked *why* it is read-only.

PostgreSQL says the same with SQLSTATEs (53100 disk full, 25006 read-only transaction), read
from the exception without importing psycopg, so SQLite users never load it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from steppe.errors import ReadOnlyStorage, StorageFull, StoreError

FILE_READ_ONLY = "fichier protégé en écriture"
MOVED = ("le fichier de la base a été déplacé ou supprimé pendant son utilisation ; rien n’a été "
         "écrit (rouvrez-la)")


def code_name(exc: BaseException) -> str:
    return str(getattr(exc, "sqlite_errorname", "") or "")


def read_only_reason(path: Path) -> str | None:
    """Why the database at ``path`` cannot be written, if it cannot; None when it can."""
    folder = path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "système de fichiers en lecture seule"
    except OSError:
        return None
    if path.exists() and not os.access(path, os.W_OK):
        return FILE_READ_ONLY
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"dossier {folder} non accessible en écriture"
    return None


def read_only_error(where: str, path: Path, reason: str | None = None) -> ReadOnlyStorage:
    reason = reason or read_only_reason(path)
    if reason in (None, FILE_READ_ONLY):
        return ReadOnlyStorage(f"{where} : fichier de base de données en lecture seule")
    return ReadOnlyStorage(f"{where} : fichier de base de données en lecture seule ({reason})")


def write_error(where: str, path: Path, exc: sqlite3.Error) -> StoreError | None:
    """The StoreError a failed write means, or None for a failure that is a bug of ours.

    Called after the transaction was rolled back, so every message may say nothing was kept.
    """
    name = code_name(exc)
    if name.startswith("SQLITE_FULL"):
        return StorageFull(f"{where} : disque plein pendant l’écriture ; l’écriture a été annulée "
                           "(libérez de la place et relancez)")
    if name == "SQLITE_READONLY_DBMOVED":
        return StoreError(f"{where} : {MOVED}")
    if name.startswith("SQLITE_READONLY") or \
            (name.startswith("SQLITE_CANTOPEN") and read_only_reason(path)):
        return read_only_error(where, path)
    if isinstance(exc, sqlite3.OperationalError) or \
            name.startswith(("SQLITE_IOERR", "SQLITE_CORRUPT")):
        return StoreError(f"{where} : écriture impossible dans la base ({exc}) ; l’écriture a été annulée")
    return None


def open_error(where: str, path: Path, exc: sqlite3.Error) -> StoreError:
    """The StoreError of a database that cannot be opened (nor created)."""
    name = code_name(exc)
    reason = read_only_reason(path)
    if reason and not path.exists():
        return ReadOnlyStorage(f"{where} : création de la base impossible ({reason})")
    if reason and name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
        return read_only_error(where, path, reason)
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return StoreError(f"{where} : ce n’est pas une base Steppe, ou elle est endommagée ({exc})")
    return StoreError(f"{where} : ouverture de la base impossible ({exc})")


def connect_read_only(where: str, path: Path, reason: str) -> sqlite3.Connection:
    """A read-only connection to a database whose file, folder or file system is read-only.

    ``mode=ro`` first; SQLite still needs a ``-shm`` file for a WAL database, which a
    read-only folder cannot give it, so then ``immutable=1`` — safe because no one can write
    there either (SQLite would need the same files), and refused when a ``-wal`` file holds
    writes that an immutable reading would silently skip.
    """
    uri = path.resolve().as_uri()
    wal = Path(f"{path}-wal")
    modes = ["mode=ro"] + ([] if wal.exists() and wal.stat().st_size else ["mode=ro&immutable=1"])
    failure: sqlite3.Error | None = None
    for mode in modes:
        try:
            conn = sqlite3.connect(f"{uri}?{mode}", uri=True, isolation_level=None,
                                   check_same_thread=False)
        except sqlite3.Error as exc:
            failure = exc
            continue
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opening is lazy
            return conn
        except sqlite3.Error as exc:
            conn.close()
            failure = exc
    raise StoreError(f"{where} : lecture de la base impossible elle aussi ({reason} : {failure})")


def server_write_error(where: str, exc: BaseException, doing: str = "") -> StoreError:
    """The StoreError of a failed PostgreSQL write (the transaction is rolled back by then)."""
    state = getattr(exc, "sqlstate", None)
    if state == "53100":
        return StorageFull(f"{where} : disque plein sur le serveur de base de données pendant "
                           "l’écriture ; l’écriture a été annulée (libérez de la place sur le "
                           "serveur et relancez)")
    if state == "25006":
        return ReadOnlyStorage(f"{where} : base en lecture seule (un serveur de secours, ou "
                               "default_transaction_read_only) ; l’écriture a été annulée")
    reason = " ".join(str(exc).split()) or type(exc).__name__   # libpq's messages span lines
    return StoreError(f"{where} : {doing} ({reason})" if doing else f"{where} : {reason}")
