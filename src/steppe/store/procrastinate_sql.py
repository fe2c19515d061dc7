"""procrastinate's job tables, reached through the store's own PostgreSQL connection.

Why through our connection: a task that writes an article and queues its next step must do
both in ONE transaction, or a crash between the two loses the step (or queues a step for an
article that was rolled back). procrastinate's own ``defer`` uses its connector's pool, so we
call its SQL API (``procrastinate_defer_jobs_v1``, ``…_retry_job_v2``, ``…_cancel_job_v1``,
the functions its schema installs and its Python code calls) on our connection, inside our
transaction. The version of procrastinate is pinned, and the task contract tests run these
calls against a real server, so a change of that API fails a test, not a deployment.

The schema is procrastinate's own ``schema.sql``, applied by ``steppe db migrate`` (and by
any Steppe process that migrates the base) into the base's schema, under the migration lock.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import psycopg
from procrastinate.schema import SchemaManager

from steppe.errors import StoreError

QUEUEING_LOCK_INDEX = "procrastinate_jobs_queueing_lock_idx_v1"
_DEFER = ("SELECT unnest(procrastinate_defer_jobs_v1(ARRAY[ROW(%s, %s, %s, %s, %s, %s::jsonb, "
          "%s)::procrastinate_job_to_defer_v1]))")


@dataclass(frozen=True)
class TaskCall:
    """One job to defer: what procrastinate's ``Job`` holds at deferral."""

    task: str                       # procrastinate task name, e.g. "steppe.fetch_page"
    queue: str
    args: dict[str, Any]
    queueing_lock: str | None = None
    lock: str | None = None
    scheduled_at: float | None = None   # Unix seconds; None: now
    priority: int = 0


def missing_message(url: str) -> str:
    return (f"{url} : les tables de tâches de procrastinate manquent "
            "(lancez « steppe --db URL db migrate » pour les installer)")


def installed(conn: psycopg.Connection) -> bool:
    return conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()[0] is not None


def install(conn: psycopg.Connection) -> bool:
    """Apply procrastinate's schema unless it is there; True when it was applied. The caller
    holds the migration lock (processes starting together install it once)."""
    if installed(conn):
        return False
    _drop_leftovers(conn)
    conn.execute(SchemaManager.get_schema().encode("utf-8"))
    return True


def _drop_leftovers(conn: psycopg.Connection) -> None:
    """What remains of a half-removed install (its job table dropped, its types and functions
    left) would make the schema script fail on 'already exists': clear it first. Only
    procrastinate's own objects of this base's schema are touched."""
    like = "'procrastinate\\_%'"
    drops = [f"DROP TABLE IF EXISTS {name} CASCADE" for (name,) in conn.execute(
        "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema() "
        f"AND tablename LIKE {like}").fetchall()]
    drops += [f"DROP FUNCTION IF EXISTS {sig} CASCADE" for (sig,) in conn.execute(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON "
        f"n.oid = p.pronamespace WHERE n.nspname = current_schema() AND p.proname LIKE {like}"
    ).fetchall()]
    drops += [f"DROP TYPE IF EXISTS {name} CASCADE" for (name,) in conn.execute(
        "SELECT quote_ident(t.typname) FROM pg_type t JOIN pg_namespace n ON "
        "n.oid = t.typnamespace WHERE n.nspname = current_schema() AND t.typtype IN ('e', 'c') "
        f"AND t.typname LIKE {like} AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE "
        "c.reltype = t.oid AND c.relkind <> 'c')").fetchall()]
    for statement in drops:
        conn.execute(statement.encode("utf-8"))


def defer(store: Any, calls: list[TaskCall]) -> int:
    """Defer jobs on the store's connection, inside the caller's transaction (or a short one
    of their own). A job whose queueing lock is taken (the same source or page already
    waiting) is skipped, not an error: each job gets a savepoint, so a refused one does not
    abort the caller's transaction. Returns how many were deferred."""
    deferred = 0
    with store._write():
        for call in calls:
            when = datetime.fromtimestamp(call.scheduled_at, tz=timezone.utc) \
                if call.scheduled_at is not None else None
            try:
                with store.conn.transaction():  # a savepoint
                    store.conn.execute(_DEFER, (call.queue, call.task, call.priority, call.lock,
                                                call.queueing_lock,
                                                json.dumps(call.args, ensure_ascii=False), when))
                deferred += 1
            except psycopg.errors.UniqueViolation as exc:
                if exc.diag.constraint_name != QUEUEING_LOCK_INDEX:
                    raise
            except (psycopg.errors.UndefinedFunction, psycopg.errors.UndefinedObject):
                raise StoreError(missing_message(store.url)) from None
    return deferred


# -- administration (``steppe jobs``) --------------------------------------------------------
def require(store: Any) -> None:
    if not installed(store.conn):
        raise StoreError(missing_message(store.url))


def counts(store: Any) -> list[tuple[str, str, str, int]]:
    """(queue, task, status, count) over the whole job table."""
    require(store)
    return [(q, t, s, int(n)) for q, t, s, n in store.conn.execute(
        "SELECT queue_name, task_name, status::text, count(*) FROM procrastinate_jobs "
        "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3").fetchall()]


def stalled(store: Any, seconds: float) -> list[dict[str, Any]]:
    """Jobs running on a worker whose heartbeat is older than ``seconds`` (dead or cut off)."""
    require(store)
    rows = store.conn.execute(
        "SELECT j.id FROM procrastinate_jobs j LEFT JOIN procrastinate_workers w "
        "ON w.id = j.worker_id WHERE j.status = 'doing' AND (j.worker_id IS NULL OR "
        "w.last_heartbeat < now() - make_interval(secs => %s)) ORDER BY j.id",
        (seconds,)).fetchall()
    return jobs_by_id(store, [r[0] for r in rows])


def listed(store: Any, status: str | None, limit: int) -> list[dict[str, Any]]:
    """The latest jobs of one status (all when None), newest first, with their last error."""
    require(store)
    where, params = ("WHERE status = %s::procrastinate_job_status", [status]) if status \
        else ("", [])
    ids = [r[0] for r in store.conn.execute(
        f"SELECT id FROM procrastinate_jobs {where} ORDER BY id DESC LIMIT %s",
        [*params, limit]).fetchall()]
    return jobs_by_id(store, ids)


def jobs_by_id(store: Any, ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    rows = store.conn.execute(
        "SELECT j.id, j.queue_name, j.task_name, j.status::text, j.attempts, j.args, "
        "j.queueing_lock, (SELECT max(e.at) FROM procrastinate_events e WHERE e.job_id = j.id), "
        "t.error FROM procrastinate_jobs j LEFT JOIN task_errors t ON t.job_id = j.id "
        "WHERE j.id = ANY(%s) ORDER BY j.id DESC", (ids,)).fetchall()
    return [{"id": r[0], "queue": r[1], "task": r[2], "status": r[3], "attempts": r[4],
             "args": r[5], "queueing_lock": r[6],
             "updated": r[7].timestamp() if r[7] else None, "error": r[8]} for r in rows]


def record_error(store: Any, job_id: int, task: str, error: str, now: float) -> None:
    """Keep a failing job's last error (procrastinate logs it; ``steppe jobs`` shows it)."""
    with store._write():
        store.conn.execute(
            "INSERT INTO task_errors (job_id, task, error, at) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (job_id) DO UPDATE SET error = excluded.error, at = excluded.at",
            (job_id, task, error[:2000], now))


def retry(store: Any, job_ids: list[int] | None = None) -> int:
    """Back to the queue, due now: the given jobs, or every failed job. A job whose queueing
    lock is held by a waiting twin stays failed (the twin will do the work)."""
    require(store)
    if job_ids is None:
        job_ids = [r[0] for r in store.conn.execute(
            "SELECT id FROM procrastinate_jobs WHERE status = 'failed' ORDER BY id").fetchall()]
    done = 0
    with store._write():
        for job_id in job_ids:
            try:
                with store.conn.transaction():
                    store.conn.execute("SELECT procrastinate_retry_job_v2(%s, now(), NULL, NULL, "
                                       "NULL)", (job_id,))
                done += 1
            except psycopg.errors.UniqueViolation:
                continue
            except psycopg.errors.RaiseException as exc:
                raise StoreError(f"tâche {job_id} : nouvel essai impossible ({' '.join(str(exc).split())})") \
                    from None
    return done


def cancel(store: Any, job_ids: list[int]) -> int:
    """Cancel waiting jobs; ask running ones to abort. Returns how many changed."""
    require(store)
    changed = 0
    with store._write():
        for job_id in job_ids:
            row = store.conn.execute("SELECT procrastinate_cancel_job_v1(%s, true, false)",
                                     (job_id,)).fetchone()
            changed += row is not None and row[0] is not None
    return changed


CHORES = ["steppe.schedule", "steppe.retry_stalled", "steppe.prune"]


def pending(store: Any, queues: list[str] | None = None) -> int:
    """Jobs waiting or running (in these queues), the periodic chores aside: zero means the
    work is drained."""
    require(store)
    where = " AND queue_name = ANY(%s)" if queues else ""
    return int(store.conn.execute(
        "SELECT count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing') "
        f"AND task_name <> ALL(%s){where}", [CHORES, *([queues] if queues else [])]
    ).fetchone()[0])


def progress_of(store: Any, lock_prefix: str) -> dict[str, int]:
    """{status: jobs} of the jobs whose queueing lock starts with ``lock_prefix`` (one run of
    ``steppe reannotate --queue``)."""
    require(store)
    return {status: int(n) for status, n in store.conn.execute(
        "SELECT status::text, count(*) FROM procrastinate_jobs WHERE "
        "starts_with(queueing_lock, %s) GROUP BY 1", (lock_prefix,)).fetchall()}
