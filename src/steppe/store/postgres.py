"""PostgreSQL backend: the same contract as SQLite, for bases shared by several processes.

Behaviour matches ``SqliteStore`` call for call (the contract suite runs on both). Where the
engines differ, this module bends Postgres towards SQLite's semantics:

* one writer at a time — the outermost ``transaction()`` locks the ``changes`` table, as
  SQLite's ``BEGIN IMMEDIATE`` does, so sequence numbers are gapless and follow commit
  order (the search index catches up by sequence number and must never miss a change);
* each ``put_article`` runs in a savepoint, so a failed write leaves the surrounding batch
  usable, as a failed statement does in SQLite;
* text is sorted with the "C" collation, as SQLite's binary collation sorts it.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from typing import Any, Iterator

import psycopg
from psycopg import sql

from steppe.errors import NotFound, SchemaVersionError, StoreError, quoted
from steppe.model import Annotation, Article
from steppe.store.base import (ARTICLE_COLUMNS, Closing, Outcome, article_from_row, article_values,
                               link_rows, now_iso)
from steppe.store.faults import server_write_error
from steppe.store.agenda_sql import PostgresAgendaMixin
from steppe.store.migrations import migration_steps
from steppe.store.pg_url import split_url
from steppe.store.reconnect import require_commit
from steppe.store import procrastinate_sql
from steppe.store.accounts_sql import AccountsMixin
from steppe.store.alerts_sql import AlertsMixin
from steppe.store.curation_sql import PostgresCurationMixin
from steppe.store.digest_sql import DigestMixin
from steppe.store.events_sql import EVENTS_STEP, WIDTH, EventsMixin
from steppe.store.exports_sql import ExportsMixin
from steppe.store.progress_sql import ProgressMixin
from steppe.store.reports_sql import ReportsMixin
from steppe.store.postgres_bulk import BulkWriteMixin
from steppe.store.sources_sql import SourcesMixin
from steppe.store.pg_story_postings import PostgresStoryPostingsMixin
from steppe.store.stories_sql import StoriesMixin
from steppe.store.story_lists_sql import StoryListsMixin

QUEUE_STEP = 8  # the migration that brought procrastinate's tables
_PAGE = 1000  # rows per round trip when streaming articles
_LOCK_TIMEOUT = "10s"  # how long a writer waits for another one (SQLite's busy_timeout)


def one_line(exc: BaseException) -> str:
    """libpq messages span lines (hints, tabs); our errors are one line."""
    return " ".join(str(exc).split()) or type(exc).__name__


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``pg_advisory_xact_lock`` (Python's hash() is salted)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big",
                          signed=True)


class PostgresStore(AccountsMixin, PostgresCurationMixin, PostgresStoryPostingsMixin, DigestMixin, AlertsMixin, BulkWriteMixin,
                    SourcesMixin, StoriesMixin, StoryListsMixin, ReportsMixin, ProgressMixin,
                    PostgresAgendaMixin, EventsMixin, ExportsMixin, Closing):
    """Store in a PostgreSQL database (optionally one schema of it, ``?schema=NAME``).

    ``create=False`` refuses a schema without a Steppe base in it; ``migrate=False`` leaves
    pending migrations for the caller (``steppe.store.admin.migrate_store``) to apply.
    """

    def __init__(self, url: str, create: bool = True, migrate: bool = True) -> None:
        conn_url, self.schema, self.url = split_url(url)
        try:
            # autocommit: reads outside transaction() must not leave the session idle in a
            # transaction (holding snapshots), and conn.transaction() then means a real BEGIN
            self.conn = psycopg.connect(conn_url, autocommit=True, application_name="steppe")
        except psycopg.Error as exc:
            raise StoreError(f"{self.url} : connexion impossible ({one_line(exc)})") from None
        self._depth = 0
        try:
            self._configure_session()
            if not create and self.schema_version() == 0:
                raise StoreError(f"{self.url} : base de données introuvable "
                                 "(lancez d’abord « steppe ingest »)")
            if migrate:
                self.migrate()
        except BaseException:
            self.conn.close()
            raise

    def _configure_session(self) -> None:
        try:
            self.conn.execute(sql.SQL("SET lock_timeout = {}").format(sql.Literal(_LOCK_TIMEOUT)))
            if self.schema:
                # the schema itself is created under the migration lock; a search_path
                # naming a missing schema is allowed meanwhile
                self.conn.execute(sql.SQL("SET search_path TO {}").format(
                    sql.Identifier(self.schema)))
            else:
                row = self.conn.execute("SELECT current_schema()").fetchone()
                self.schema = row[0] if row and row[0] else "public"
        except psycopg.Error as exc:
            raise StoreError(f"{self.url} : ouverture de la base impossible ({one_line(exc)})") from None

    # -- schema ----------------------------------------------------------------------------
    def schema_version(self) -> int:
        """Version in ``steppe_meta``; 0 when the schema holds no Steppe base yet."""
        if self._q("SELECT to_regclass('steppe_meta')").fetchone()[0] is None:
            return 0
        row = self._q("SELECT value FROM steppe_meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def migrate(self, install_queue: bool = False) -> list[int]:
        """Apply pending migrations; refuse a database written by a newer Steppe.

        Each step runs in its own transaction under an advisory lock and re-reads the version
        once it holds the lock, so processes starting together migrate once, not twice.
        Migration 8 also installs procrastinate's job tables (``store.procrastinate_sql``);
        ``install_queue`` (``steppe db migrate``) installs them again if they went missing.
        """
        steps = migration_steps("postgres")
        known = steps[-1][0] if steps else 0
        current = self.schema_version()
        self._refuse_newer(current, known)
        applied = []
        for version, script in steps:
            if version > current and self._apply(version, script, known):
                applied.append(version)
        if install_queue and not procrastinate_sql.installed(self.conn):
            self._apply(QUEUE_STEP, "", known)
        return applied

    def _refuse_newer(self, current: int, known: int) -> None:
        if current > known:
            raise SchemaVersionError(
                f"{self.url} : le schéma de la base (version {current}) est plus récent que "
                f"ce que connaît cette version de Steppe ({known}) ; mettez Steppe à jour")

    def _apply(self, version: int, script: str, known: int) -> bool:
        """Run one migration unless another process got there first; True when it ran."""
        try:
            with self.conn.transaction():
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)",
                                  (lock_key(f"steppe:migrate:{self.schema}"),))
                self._create_schema()
                self.conn.execute("CREATE TABLE IF NOT EXISTS steppe_meta "
                                  "(key text PRIMARY KEY, value text NOT NULL)")
                current = self.schema_version()
                self._refuse_newer(current, known)
                if version == QUEUE_STEP:  # procrastinate's tables come with step 8
                    procrastinate_sql.install(self.conn)
                if current >= version:
                    return False
                self.conn.execute(script.encode("utf-8"))  # no parameters: several statements
                if version == EVENTS_STEP:  # rows of the events already annotated
                    self._backfill_events()
                self.conn.execute(
                    "INSERT INTO steppe_meta (key, value) VALUES ('schema_version', %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", (str(version),))
        except psycopg.Error as exc:
            raise server_write_error(self.url, exc, f"migration {version} impossible") from None
        return True

    def _create_schema(self) -> None:
        """Create the schema if missing; checked first because CREATE SCHEMA IF NOT EXISTS
        still demands the CREATE privilege on the database, which a user of an existing
        schema may lack."""
        if not self.conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s",
                                 (self.schema,)).fetchone():
            self.conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(self.schema)))

    # -- transactions ----------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; nested calls join the outer one.

        Locking ``changes`` first makes writers take turns, like SQLite's BEGIN IMMEDIATE:
        readers are never blocked, and a second writer waits up to the lock timeout.
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with self.conn.transaction() as tx:
                self.conn.execute("LOCK TABLE changes IN SHARE ROW EXCLUSIVE MODE")
                yield
            require_commit(tx, self.url)   # a lost connection never ends in silence
        except psycopg.Error as exc:
            raise server_write_error(self.url, exc, "écriture impossible dans la base") from None
        finally:
            self._depth = 0

    SKIP_LOCKED = " FOR UPDATE SKIP LOCKED"  # concurrent claimers pass over each other's rows

    @contextmanager
    def _write(self) -> Iterator[None]:
        """Hook of SourcesMixin: a plain transaction, without the articles writers' lock, so
        workers claiming and finishing jobs run side by side; joins an outer transaction."""
        if self._depth:
            yield
            return
        self._depth = 1
        try:
            with self.conn.transaction() as tx:
                yield
            require_commit(tx, self.url)
        except psycopg.Error as exc:
            raise server_write_error(self.url, exc, "écriture impossible dans la base") from None
        finally:
            self._depth = 0

    def _q(self, query: str, params: Any = ()) -> psycopg.Cursor:
        """Every statement outside a write's own ``try`` goes through here, so a lost
        connection (a restart, a terminated session) is a one-line StoreError, never a bare
        psycopg error: the CLI exits 3 and the web answers 503."""
        try:
            return self.conn.execute(query.replace("?", "%s"), tuple(params))
        except psycopg.Error as exc:
            raise server_write_error(self.url, exc) from None

    def _many(self, query: str, rows: list[tuple[Any, ...]]) -> None:
        try:
            with self.conn.cursor() as cur:
                cur.executemany(query.replace("?", "%s"), rows)
        except psycopg.Error as exc:
            raise server_write_error(self.url, exc) from None

    # -- writes ----------------------------------------------------------------------------
    def put_article(self, article: Article, annotation: Annotation | None) -> Outcome:
        """Insert or update one article; the same content again is a duplicate."""
        with self.transaction():
            try:
                with self.conn.transaction():  # a savepoint: a failure spares the batch
                    return self._put(article, annotation)
            except psycopg.Error as exc:
                raise server_write_error(
                    self.url, exc, f"enregistrement de l’article {quoted(article.id)} impossible") \
                    from None

    def put_articles(self, pairs: list[tuple[Article, Annotation | None]]) -> list[Outcome]:
        """Many articles in one transaction and a handful of round trips.

        Same outcomes as calling ``put_article`` on each in order: new articles are written in
        bulk (two look-ups, one sequence range, four COPYs); updates and anything
        already known go through ``put_article``. Per-row round trips made PostgreSQL ingestion
        store-bound at ~550 articles/s; COPY is the fastest way in.
        """
        with self.transaction():
            try:
                with self.conn.transaction():
                    return self._put_many(pairs)
            except psycopg.Error as exc:
                raise server_write_error(self.url, exc, f"enregistrement d’un lot de {len(pairs)} "
                                         "articles impossible") from None

    def _put(self, article: Article, annotation: Annotation | None) -> Outcome:
        q = self.conn.execute
        row = q("SELECT pk, content_hash FROM articles WHERE id = %s", (article.id,)).fetchone()
        if row and row[1] == article.content_hash:
            return "duplicate"
        if q("SELECT 1 FROM articles WHERE content_hash = %s AND id <> %s",
             (article.content_hash, article.id)).fetchone():
            return "duplicate"
        seq = self._next_seq(article.id, "update" if row else "insert")
        values = article_values(article, annotation) + (seq,)
        if row:
            q("UPDATE articles SET id=%s, content_hash=%s, title=%s, text=%s, published=%s, "
              "source=%s, url=%s, lang=%s, ingested_at=%s, truncated=%s, origin=%s, "
              "annotation=%s, published_day=%s, seq=%s WHERE pk=%s", values + (row[0],))
            pk = row[0]
        else:
            pk = q(f"INSERT INTO articles ({ARTICLE_COLUMNS}, published_day, seq) "
                   "VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) RETURNING pk",
                   values).fetchone()[0]
        self._write_links(pk, annotation, fresh=not row)
        return "updated" if row else "new"

    def _next_seq(self, article_id: str, op: str) -> int:
        """The next change number; safe because transaction() holds the writers' lock."""
        return int(self.conn.execute(
            "INSERT INTO changes (seq, article_id, op, at) "
            "SELECT coalesce(max(seq), 0) + 1, %s, %s, %s FROM changes RETURNING seq",
            (article_id, op, now_iso())).fetchone()[0])

    def _write_links(self, pk: int, annotation: Annotation | None, fresh: bool = False) -> None:
        """The article's entity and country rows (``fresh``: a row just inserted has none)."""
        if not fresh:
            self.conn.execute("DELETE FROM article_entities WHERE article_pk = %s", (pk,))
            self.conn.execute("DELETE FROM article_countries WHERE article_pk = %s", (pk,))
        entities, countries = link_rows(pk, annotation)
        self._insert_links("article_entities", entities, 6)
        self._insert_links("article_countries", countries, 3)
        self._write_events(pk, annotation, fresh=fresh)

    def _put_event_rows(self, rows: list[tuple[Any, ...]]) -> None:
        self._insert_links("article_events", rows, WIDTH)

    def _insert_links(self, table: str, rows: list[tuple[Any, ...]], width: int) -> None:
        """Rows in multi-row INSERTs of up to 1,000: an article's links were a round trip
        each (about twenty per article), which made PostgreSQL's own CPU a third of a
        worker's in the enrichment queue."""
        marks = "(" + ",".join(["%s"] * width) + ")"
        for i in range(0, len(rows), 1000):
            chunk = rows[i:i + 1000]
            self.conn.execute(f"INSERT INTO {table} VALUES " + ",".join([marks] * len(chunk)),
                              [v for row in chunk for v in row])

    def get_article(self, article_id: str) -> tuple[Article, Annotation | None]:
        row = self._q(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = %s",
                      (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"aucun article n’a l’identifiant {quoted(article_id)}")
        return article_from_row(row)

    def iter_articles(self) -> Iterator[tuple[Article, Annotation | None]]:
        """Every article in insertion order, a page at a time.

        Keyset pages rather than one cursor: a big base never sits in memory whole, and no
        transaction stays open between pages (the caller may write elsewhere meanwhile).
        """
        after = 0
        while True:
            rows = self._q(
                f"SELECT pk, {ARTICLE_COLUMNS} FROM articles WHERE pk > %s ORDER BY pk LIMIT %s",
                (after, _PAGE)).fetchall()
            for row in rows:
                yield article_from_row(row[1:])
            if len(rows) < _PAGE:
                return
            after = rows[-1][0]

    def get_articles(self, ids: list[str]) -> dict[str, tuple[Article, Annotation | None]]:
        """Several articles by external id (missing ids are simply absent from the result)."""
        out: dict[str, tuple[Article, Annotation | None]] = {}
        for i in range(0, len(ids), _PAGE):
            for row in self._q(
                    f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ANY(%s)",
                    (list(ids[i:i + _PAGE]),)):
                article, ann = article_from_row(row)
                out[article.id] = (article, ann)
        return out

    def changes_since(self, seq: int, limit: int = 10_000) -> list[tuple[int, str, str]]:
        """(seq, article id, op) of the changes after ``seq``, in order: the index catches up."""
        return [(int(s), a, op) for s, a, op in self._q(
            "SELECT seq, article_id, op FROM changes WHERE seq > %s ORDER BY seq LIMIT %s",
            (seq, limit))]

    def last_seq(self) -> int:
        return int(self._q("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0])

    def count_articles(self) -> int:
        return int(self._q("SELECT count(*) FROM articles").fetchone()[0])

    def identity(self) -> str:
        """The random id written when this base was created (migration 4); the search index
        checks it, since a base re-created under the same URL numbers its changes anew."""
        row = self._q("SELECT value FROM steppe_meta WHERE key = 'identity'").fetchone()
        return str(row[0]) if row else ""

    def stats(self) -> dict[str, Any]:
        def one(query: str) -> Any:
            return self._q(query).fetchone()[0]

        def counts(query: str) -> dict[str, int]:
            return {k: int(v) for k, v in self._q(query).fetchall()}

        first, last = self._q(
            'SELECT min(published_day COLLATE "C"), max(published_day COLLATE "C") '
            "FROM articles").fetchone()
        return {
            "database": self.url,
            "schema_version": self.schema_version(),
            "articles": self.count_articles(),
            "annotated": int(one("SELECT count(*) FROM articles WHERE annotation IS NOT NULL")),
            "truncated": int(one("SELECT count(*) FROM articles WHERE truncated")),
            "first_published": first,
            "last_published": last,
            "sources": counts("SELECT coalesce(source, '-') COLLATE \"C\", count(*) "
                              "FROM articles GROUP BY 1 ORDER BY 2 DESC, 1"),
            "languages": counts("SELECT coalesce(lang, '-') COLLATE \"C\", count(*) "
                                "FROM articles GROUP BY 1 ORDER BY 2 DESC, 1"),
            "entities": int(one("SELECT count(DISTINCT entity_id) FROM article_entities")),
            "countries": counts('SELECT code COLLATE "C", count(*) FROM article_countries '
                                "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10"),
            "last_seq": self.last_seq(),
        }

    def close(self) -> None:
        self.conn.close()
