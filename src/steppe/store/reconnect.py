"""A store's link to its database server, for long-running processes that must outlive it.

A PostgreSQL restart, a failover or an operator's ``pg_terminate_backend`` closes every
session; psycopg then marks the connection broken and every later call fails. A worker that
runs for weeks must notice that, wait for the server and open a new session on the *same*
store object (handlers and contexts hold references to it). SQLite has no server: its link
is never lost.

The connection's parameters are taken while it is alive (``Link(store)``), password
included, because the store's printable URL has none and a broken connection may no
longer tell. The address libpq resolved (``hostaddr``) is dropped, so a host name is
looked up afresh, as a failover to another machine needs.

Never inside a transaction, though: a connection swapped under an open transaction would
lose the writes made on the old one and commit the later ones alone. A link lost inside a
transaction is the transaction's failure, raised to its caller (``require_commit``: psycopg
itself may skip the COMMIT of a broken connection without a word); the worker reconnects
once the transaction has unwound, and the job, failed, runs again.
"""

from __future__ import annotations

from typing import Any

from steppe.errors import StoreError
from steppe.store.base import Store


class Link:
    """Whether ``store``'s connection is lost, and how to open a new one in its place."""

    def __init__(self, store: Store) -> None:
        self.store = store
        conn = getattr(store, "conn", None)
        self._params: dict[str, Any] | None = None
        if _is_psycopg(conn):
            self._params = _params_of(conn)

    @property
    def can_be_lost(self) -> bool:
        return self._params is not None

    def lost(self) -> bool:
        """True once the server closed our session (restart, terminated backend, network)."""
        if self._params is None:
            return False
        conn = self.store.conn  # type: ignore[attr-defined]
        return bool(conn.closed or conn.broken)

    def reconnect(self) -> None:
        """Replace the lost connection by a new one, configured as the store's first was.

        Raises StoreError while the server still refuses connections (the caller waits and
        tries again); nothing of the old session survives, so no transaction is open after.
        """
        if self._params is None:
            return
        import psycopg

        store: Any = self.store
        if in_transaction(store):
            raise StoreError(f"{store.url} : connexion perdue pendant une transaction ; "
                             "reconnexion seulement une fois la transaction annulée")
        try:
            conn = psycopg.connect(autocommit=True, **self._params)
        except psycopg.Error as exc:
            raise StoreError(f"{store.url} : reconnexion impossible ({' '.join(str(exc).split())})") from None
        old, store.conn = store.conn, conn
        store._depth = 0
        try:
            store._configure_session()    # lock timeout, search_path of the base's schema
        except BaseException:
            store.conn = old
            conn.close()
            raise
        old.close()


def in_transaction(store: Any) -> bool:
    """Whether one of ``store``'s transactions is open (its own, or a PatientStore's)."""
    return bool(getattr(store, "_depth", 0) or getattr(store, "_patient_depth", 0))


def require_commit(tx: Any, where: str) -> None:
    """Raise unless psycopg's transaction block ``tx``, ended without an exception, committed.

    psycopg ends a block whose connection broke without raising when no exception crosses
    its end: it sees the connection closed and skips the COMMIT. An error swallowed inside
    the block (``procrastinate_sql.defer`` skips a taken queueing lock, and psycopg ignores
    the failure of the savepoint's rollback when the server has just gone) thus turned a lost
    connection into lost writes and a normal return: a job recorded as done, its page never
    stored. Raising makes it the job's failure; procrastinate runs it again."""
    import psycopg

    if tx.status != psycopg.Transaction.Status.COMMITTED:
        raise StoreError(f"{where} : connexion à la base perdue avant la validation ; "
                         "rien n’a été enregistré")


def _is_psycopg(conn: Any) -> bool:
    return type(conn).__module__.startswith("psycopg")


def _params_of(conn: Any) -> dict[str, Any]:
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(conn.info.dsn)
    if params.get("host"):
        params.pop("hostaddr", None)
    if conn.info.password:
        params["password"] = conn.info.password
    return params
