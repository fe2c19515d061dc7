"""SQLite backend: one file, nothing to set up; WAL, foreign keys, versioned migrations."""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from steppe.errors import NotFound, ReadOnlyStorage, SchemaVersionError, StoreError, quoted
from steppe.model import Annotation, Article
from steppe.store.base import (ARTICLE_COLUMNS, Closing, Outcome, article_from_row, article_values,
                               link_rows, now_iso)
from steppe.store.agenda_sql import SqliteAgendaMixin
from steppe.store.faults import (MOVED, connect_read_only, open_error, read_only_error,
                                 read_only_reason, write_error)
from steppe.store.migrations import migration_steps
from steppe.store.accounts_sql import AccountsMixin
from steppe.store.alerts_sql import AlertsMixin
from steppe.store.curation_sql import CurationMixin
from steppe.store.digest_sql import DigestMixin
from steppe.store.events_sql import EVENT_COLUMNS, EVENTS_STEP, EventsMixin
from steppe.store.exports_sql import ExportsMixin
from steppe.store.progress_sql import ProgressMixin
from steppe.store.reports_sql import ReportsMixin
from steppe.store.sources_sql import SourcesMixin
from steppe.store.stories_sql import StoriesMixin
from steppe.store.story_lists_sql import StoryListsMixin


class SqliteStore(AccountsMixin, CurationMixin, DigestMixin, AlertsMixin, SourcesMixin, StoriesMixin, StoryListsMixin, ReportsMixin, ProgressMixin,
                  SqliteAgendaMixin, EventsMixin, ExportsMixin, Closing):
    """Store in a SQLite file; ``create=False`` refuses to create a missing database."""

    def __init__(self, path: str, create: bool = True) -> None:
        self.url = path
        self.path = Path(path)
        self.read_only: str | None = None   # why writes are refused (read-only file system…)
        if not create and not self.path.exists():
            raise StoreError(f"{path} : base de données introuvable (lancez d’abord « steppe ingest »)")
        if self.path.parent and not self.path.parent.exists():
            raise StoreError(f"{path} : création de la base impossible "
                             f"(le dossier {self.path.parent} n’existe pas)")
        self.conn = self._connect()
        self._where = self.path.resolve()           # a later chdir must not look like a move
        self._file = _file_id(self._where)
        self._depth = 0
        self.migrate()

    def _connect(self) -> sqlite3.Connection:
        """A connection for reading and writing or, when the database cannot be written
        (read-only file system or folder), one for reading: searches still work there."""
        conn = None
        try:
            conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            _tune_reads(conn)
            return conn
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            reason = read_only_reason(self.path) if self.path.exists() else None
            if reason is None:
                raise open_error(self.url, self.path, exc) from None
        self.read_only = reason
        conn = connect_read_only(self.url, self.path, reason)
        conn.execute("PRAGMA busy_timeout = 10000")
        _tune_reads(conn)
        return conn

    # -- schema ----------------------------------------------------------------------------
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> list[int]:
        """Apply pending migrations; refuse a database written by a newer Steppe."""
        steps = migration_steps("sqlite")
        known = steps[-1][0] if steps else 0
        current = self.schema_version()
        if current > known:
            raise SchemaVersionError(
                f"{self.url} : le schéma de la base (version {current}) est plus récent que "
                f"ce que connaît cette version de Steppe ({known}) ; mettez Steppe à jour")
        if self.read_only and current < known:
            raise ReadOnlyStorage(f"{self.url} : fichier de base de données en lecture seule "
                                  f"({self.read_only}) et son schéma doit d’abord passer à la "
                                  f"version {known}")
        applied = []
        for version, sql in steps:
            if version <= current:
                continue
            try:
                with self.transaction():
                    for statement in _statements(sql):
                        self.conn.execute(statement)
                    if version == EVENTS_STEP:  # rows of the events already annotated
                        self._backfill_events()
                    self.conn.execute(f"PRAGMA user_version = {int(version)}")
            except sqlite3.Error as exc:
                raise StoreError(f"{self.url} : migration {version} impossible ({exc})") from None
            applied.append(version)
        return applied

    # -- transactions ----------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; nested calls join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        if self.read_only:
            raise read_only_error(self.url, self.path, self.read_only)
        if _file_id(self._where) != self._file:
            # in WAL mode SQLite would write on into the deleted file, and the database
            # re-created at this path would never see it
            raise StoreError(f"{self.url} : {MOVED}")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise write_error(self.url, self.path, exc) or exc from None
        self._depth = 1
        try:
            yield
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            mapped = write_error(self.url, self.path, exc)
            if mapped is None:
                raise
            raise mapped from None
        except BaseException:
            self._rollback()
            raise
        finally:
            self._depth = 0

    def _rollback(self) -> None:
        """Undo the open transaction, if SQLite has not already: on a full disk it rolls back
        by itself, and a second ROLLBACK would hide the real error behind its own."""
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the connection ends the transaction when it closes, whatever happens

    def _write(self) -> Any:
        """Hook of SourcesMixin: SQLite has one writer at a time anyway."""
        return self.transaction()

    def _q(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, tuple(params))

    def _many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        self.conn.executemany(sql, rows)

    # -- writes ----------------------------------------------------------------------------
    def put_article(self, article: Article, annotation: Annotation | None) -> Outcome:
        """Insert or update one article; the same content again is a duplicate."""
        with self.transaction():
            row = self.conn.execute("SELECT pk, content_hash FROM articles WHERE id = ?",
                                    (article.id,)).fetchone()
            if row and row[1] == article.content_hash:
                return "duplicate"
            if self.conn.execute("SELECT 1 FROM articles WHERE content_hash = ? AND id != ?",
                                 (article.content_hash, article.id)).fetchone():
                return "duplicate"
            seq = self._next_seq(article.id, "update" if row else "insert")
            values = article_values(article, annotation) + (seq,)
            if row:
                self.conn.execute(
                    "UPDATE articles SET id=?, content_hash=?, title=?, text=?, published=?, "
                    "source=?, url=?, lang=?, ingested_at=?, truncated=?, origin=?, annotation=?, "
                    "published_day=?, seq=? WHERE pk=?", values + (row[0],))
                pk = row[0]
            else:
                cur = self.conn.execute(
                    f"INSERT INTO articles ({ARTICLE_COLUMNS}, published_day, seq) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", values)
                pk = cur.lastrowid
            self._write_links(pk, annotation)
            return "updated" if row else "new"

    def put_articles(self, pairs: list[tuple[Article, Annotation | None]]) -> list[Outcome]:
        """Many articles in one transaction (SQLite's round trips are in-process and cheap)."""
        with self.transaction():
            return [self.put_article(article, annotation) for article, annotation in pairs]

    def _next_seq(self, article_id: str, op: str) -> int:
        cur = self.conn.execute("INSERT INTO changes (article_id, op, at) VALUES (?,?,?)",
                                (article_id, op, now_iso()))
        return int(cur.lastrowid)

    def _write_links(self, pk: int, annotation: Annotation | None) -> None:
        self.conn.execute("DELETE FROM article_entities WHERE article_pk = ?", (pk,))
        self.conn.execute("DELETE FROM article_countries WHERE article_pk = ?", (pk,))
        entities, countries = link_rows(pk, annotation)
        self.conn.executemany("INSERT INTO article_entities VALUES (?,?,?,?,?,?)", entities)
        self.conn.executemany("INSERT INTO article_countries VALUES (?,?,?)", countries)
        self._write_events(pk, annotation)

    def _put_event_rows(self, rows: list[tuple[Any, ...]]) -> None:
        self.conn.executemany(f"INSERT INTO article_events ({EVENT_COLUMNS}) "
                              f"VALUES ({','.join('?' * len(rows[0]))})", rows)

    def get_article(self, article_id: str) -> tuple[Article, Annotation | None]:
        row = self.conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?",
                                (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"aucun article n’a l’identifiant {quoted(article_id)}")
        return article_from_row(row)

    def iter_articles(self) -> Iterator[tuple[Article, Annotation | None]]:
        cur = self.conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY pk")
        for row in cur:
            yield article_from_row(row)

    def get_articles(self, ids: list[str]) -> dict[str, tuple[Article, Annotation | None]]:
        """Several articles by external id (missing ids are simply absent from the result)."""
        out: dict[str, tuple[Article, Annotation | None]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                    f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks})", chunk):
                article, ann = article_from_row(row)
                out[article.id] = (article, ann)
        return out

    def changes_since(self, seq: int, limit: int = 10_000) -> list[tuple[int, str, str]]:
        """(seq, article id, op) of the changes after ``seq``, in order: the index catches up."""
        return [tuple(r) for r in self.conn.execute(
            "SELECT seq, article_id, op FROM changes WHERE seq > ? ORDER BY seq LIMIT ?",
            (seq, limit))]

    def last_seq(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0])

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def identity(self) -> str:
        """The random id written once when this database was created (migration 4): the
        search index records it, and a database re-created at the same path has another."""
        row = self.conn.execute("SELECT value FROM steppe_meta WHERE key = 'identity'").fetchone()
        return str(row[0]) if row else ""

    def stats(self) -> dict[str, Any]:
        q = self.conn.execute
        first, last = q("SELECT min(published_day), max(published_day) FROM articles").fetchone()
        return {
            "database": self.url,
            "schema_version": self.schema_version(),
            "articles": self.count_articles(),
            "annotated": q("SELECT count(*) FROM articles WHERE annotation IS NOT NULL").fetchone()[0],
            "truncated": q("SELECT count(*) FROM articles WHERE truncated = 1").fetchone()[0],
            "first_published": first,
            "last_published": last,
            "sources": dict(q("SELECT coalesce(source, '-'), count(*) FROM articles "
                              "GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()),
            "languages": dict(q("SELECT coalesce(lang, '-'), count(*) FROM articles "
                                "GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()),
            "entities": q("SELECT count(DISTINCT entity_id) FROM article_entities").fetchone()[0],
            "countries": dict(q("SELECT code, count(*) FROM article_countries "
                                "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10").fetchall()),
            "last_seq": self.last_seq(),
        }

    def close(self) -> None:
        self.conn.close()


def _file_id(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path`` (device, inode); None when there is none."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _tune_reads(conn: sqlite3.Connection) -> None:
    # reads at a million articles: the story and search look-ups hop around big
    # indexes; 64 MB of page cache and a memory map spare a system call per page
    conn.execute("PRAGMA cache_size = -65536")
    conn.execute("PRAGMA mmap_size = 1073741824")


def _statements(sql: str) -> list[str]:
    """Split a migration file into statements (our files keep one ';' per statement end)."""
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
