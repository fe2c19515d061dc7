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

FILE_READ_ONLY = "file"
MOVED = "database file was moved or deleted while in use; nothing was written (open it again)"


def code_name(exc: BaseException) -> str:
    return str(getattr(exc, "sqlite_errorname", "") or "")


def read_only_reason(path: Path) -> str | None:
    """Why the database at ``path`` cannot be written, if it cannot; None when it can."""
    folder = path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "read-only file system"
    except OSError:
        return None
    if path.exists() and not os.access(path, os.W_OK):
        return FILE_READ_ONLY
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"folder {folder} is not writable"
    return None


def read_only_error(where: str, path: Path, reason: str | None = None) -> ReadOnlyStorage:
    reason = reason or read_only_reason(path)
    if reason in (None, FILE_READ_ONLY):
        return ReadOnlyStorage(f"{where}: database file is read-only")
    return ReadOnlyStorage(f"{where}: database file is read-only ({reason})")


def write_error(where: str, path: Path, exc: sqlite3.Error) -> StoreError | None:
    """The StoreError a failed write means, or None for a failure that is a bug of ours.

    Called after the transaction was rolled back, so every message may say nothing was kept.
    """
    name = code_name(exc)
    if name.startswith("SQLITE_FULL"):
        return StorageFull(f"{where}: disk full while writing; the write was rolled back "
                           "(free space and run again)")
    if name == "SQLITE_READONLY_DBMOVED":
        return StoreError(f"{where}: {MOVED}")
    if name.startswith("SQLITE_READONLY") or \
            (name.startswith("SQLITE_CANTOPEN") and read_only_reason(path)):
        return read_only_error(where, path)
    if isinstance(exc, sqlite3.OperationalError) or \
            name.startswith(("SQLITE_IOERR", "SQLITE_CORRUPT")):
        return StoreError(f"{where}: cannot write to database ({exc}); the write was rolled back")
    return None


def open_error(where: str, path: Path, exc: sqlite3.Error) -> StoreError:
    """The StoreError of a database that cannot be opened (nor created)."""
    name = code_name(exc)
    reason = read_only_reason(path)
    if reason and not path.exists():
        return ReadOnlyStorage(f"{where}: cannot create the database ({reason})")
    if reason and name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
        return read_only_error(where, path, reason)
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return StoreError(f"{where}: not a Steppe database, or a damaged one ({exc})")
    return StoreError(f"{where}: cannot open database ({exc})")


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
    raise StoreError(f"{where}: cannot read the database either ({reason}: {failure})")


def server_write_error(where: str, exc: BaseException, doing: str = "") -> StoreError:
    """The StoreError of a failed PostgreSQL write (the transaction is rolled back by then)."""
    state = getattr(exc, "sqlstate", None)
    if state == "53100":
        return StorageFull(f"{where}: disk full on the database server while writing; the write "
                           "was rolled back (free space there and run again)")
    if state == "25006":
        return ReadOnlyStorage(f"{where}: database is read-only (a standby, or "
                               "default_transaction_read_only); the write was rolled back")
    reason = " ".join(str(exc).split()) or type(exc).__name__   # libpq's messages span lines
    return StoreError(f"{where}: {doing} ({reason})" if doing else f"{where}: {reason}")
