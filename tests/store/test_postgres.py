"""PostgreSQL specifics: schema versions, connection errors, concurrent migrators, copying.

The shared behaviour is in test_contract.py (run on both backends); this file holds what only
a server can show, plus the backend-agnostic admin and copy helpers.
"""

from __future__ import annotations

import json
import threading

import psycopg
import pytest
from psycopg import sql

from steppe.errors import SchemaVersionError, StoreError
from steppe.model import (Amount, Annotation, Article, CountryRef, DateRef, Entity, Mention,
                          Percent, Quote, Topic)
from steppe.store import open_store
from steppe.store.admin import migrate_store
from steppe.store.copy import copy_store
from steppe.store.migrations import migration_steps
from steppe.store.pg_url import split_url
from steppe.store.postgres import PostgresStore

LATEST = migration_steps("postgres")[-1][0]


def rich(i: int) -> tuple[Article, Annotation | None]:
    """Articles exercising every field: full annotations, none at all, odd text and nulls."""
    if i % 5 == 1:
        return Article(id=f"bare-{i}", text=f"Sans titre ni annotation {i} 🐎"), None
    article = Article(id=f"r-{i}", title=f"Бишкек и Астана {i}", text=f"Le président Tokaïev {i} a "
                      "promis 5 milliards de tenge, soit 3,5 %.", published="2025-09" if i % 2
                      else "2025-09-25T08:00:00+05:00", source=("lemonde", "Azattyk", None)[i % 3],
                      url=f"https://example.kz/{i}", lang="fr", truncated=bool(i % 4 == 0),
                      ingested_at="2025-09-26T10:00:00+00:00", origin=f"seed.txt:{i * 7}")
    ann = Annotation.empty(article)
    ann.countries = [CountryRef("KZ", "Kazakhstan", 2), CountryRef("KG", "Kirghizistan", 1)]
    ann.entities = [Entity("person:tokayev", "Kassym-Jomart Tokaïev", "person", "KZ",
                           [Mention("text", 14, 21, "Tokaïev")]),
                    Entity("place:bishkek", "Bichkek", "place", "KG", [])]
    ann.dates = [DateRef("title", 0, 4, "2025", "2025", "year")]
    ann.money = [Amount("text", 40, 58, "5 milliards de tenge", 5e9, "KZT")]
    ann.percents = [Percent("text", 65, 70, "3,5 %", 3.5)]
    ann.topics = [Topic("economy", "Économie", 0.875)]
    ann.quotes = [Quote("Tokaïev", "person:tokayev", "« Nous tiendrons »", "text", 1, 9)]
    return article, ann


def snapshot(store) -> list[tuple[dict, dict | None]]:
    return [(a.to_dict(), ann.to_dict() if ann else None) for a, ann in store.iter_articles()]


# -- without a server -------------------------------------------------------------------------
def test_unreachable_server_is_one_line_without_password():
    with pytest.raises(StoreError) as info:
        open_store("postgresql://postgres:hunter2@127.0.0.1:5999/test")
    message = str(info.value)
    assert message.startswith("postgresql://postgres@127.0.0.1:5999/test : connexion impossible (")
    assert "\n" not in message and "hunter2" not in message


def test_split_url_strips_schema_and_password():
    conn, schema, shown = split_url("postgres://u:pw@db:5433/news?schema=kz&sslmode=disable")
    assert schema == "kz"
    assert "schema=" not in conn and "sslmode=disable" in conn and "u:pw@db:5433" in conn
    assert shown == "postgres://u@db:5433/news?schema=kz&sslmode=disable"


def test_split_url_keeps_spaces_and_plus_signs_as_libpq_reads_them():
    url = ("postgresql://u:pw@db/news?schema=kz&options=-c%20statement_timeout%3D1234"
           "&application_name=a+b%20c")
    conn, schema, shown = split_url(url)
    assert schema == "kz"
    assert "options=-c%20statement_timeout%3D1234" in conn and "+" not in conn
    assert "application_name=a%2Bb%20c" in conn
    assert shown == ("postgresql://u@db/news?schema=kz&options=-c%20statement_timeout%3D1234"
                     "&application_name=a%2Bb%20c")
    assert split_url(conn)[0] == conn                       # reading it again changes nothing


def test_migrate_store_sqlite(tmp_path):
    path = str(tmp_path / "m.db")
    assert migrate_store(path) == [v for v, _ in migration_steps("sqlite")]
    assert migrate_store(path) == []


# -- with a server ----------------------------------------------------------------------------
@pytest.mark.postgres
def test_a_space_in_libpq_options_reaches_the_server(pg_url):
    sep = "&" if "?" in pg_url else "?"
    with open_store(f"{pg_url}{sep}options=-c%20statement_timeout%3D1234") as store:
        assert store.conn.execute("SHOW statement_timeout").fetchone()[0] == "1234ms"


@pytest.mark.postgres
def test_newer_schema_is_refused(pg_url):
    store = open_store(pg_url)
    store.conn.execute("UPDATE steppe_meta SET value = '999' WHERE key = 'schema_version'")
    store.close()
    with pytest.raises(SchemaVersionError, match=r"schéma de la base \(version 999\) est plus récent"):
        open_store(pg_url)


@pytest.mark.postgres
def test_missing_base_with_create_false(pg_url):
    with pytest.raises(StoreError, match="base de données introuvable"):
        open_store(pg_url, create=False)


@pytest.mark.postgres
def test_migrations_are_idempotent(pg_url):
    assert migrate_store(pg_url) == [v for v, _ in migration_steps("postgres")]
    assert migrate_store(pg_url) == []
    store = open_store(pg_url)
    assert store.schema_version() == LATEST and store.migrate() == []
    assert sorted(k for k, in store.conn.execute("SELECT key FROM steppe_meta")) == \
        ["identity", "schema_version"]
    assert store.stats()["schema_version"] == LATEST
    store.close()


@pytest.mark.postgres
def test_concurrent_openers_migrate_once(pg_url):
    n = 6
    barrier = threading.Barrier(n)
    stores: list[PostgresStore] = []
    errors: list[BaseException] = []

    def open_one() -> None:
        barrier.wait()
        try:
            stores.append(open_store(pg_url))
        except BaseException as exc:  # collected: a thread's failure must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(stores) == n
    assert {s.schema_version() for s in stores} == {LATEST}
    for i, s in enumerate(stores):
        s.put_article(*rich(i * 5 + 2))
    assert stores[0].last_seq() == n
    for s in stores:
        s.close()


@pytest.mark.postgres
def test_bad_article_spares_the_batch(pg_url):
    """Postgres text cannot hold NUL: a one-line StoreError, and the batch goes on."""
    store = open_store(pg_url)
    with store.transaction():
        store.put_article(*rich(2))
        with pytest.raises(StoreError, match="enregistrement de l’article « nul » impossible") as info:
            store.put_article(Article(id="nul", text="a\x00b"), None)
        assert "\n" not in str(info.value)
        store.put_article(*rich(3))
    assert store.count_articles() == 2 and store.last_seq() == 2
    store.close()


@pytest.mark.postgres
def test_a_lost_connection_is_a_store_error_from_every_call(pg_url, pg_server):
    """A terminated session (a server restart, as the client sees it) is a one-line StoreError
    naming the base, from reads and writes alike: the CLI exits 3, the web answers 503."""
    store = open_store(pg_url)
    store.put_article(*rich(2))
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (store.conn.info.backend_pid,))
    calls = {
        "last_seq": store.last_seq, "count_articles": store.count_articles,
        "get_article": lambda: store.get_article("r-2"),
        "get_articles": lambda: store.get_articles(["r-2"]),
        "iter_articles": lambda: list(store.iter_articles()),
        "changes_since": lambda: store.changes_since(0), "identity": store.identity,
        "schema_version": store.schema_version, "stats": store.stats,
        "job_counts": store.job_counts, "list_sources": store.list_sources,
        "article_briefs": lambda: store.article_briefs(["r-2"]),
        "count_stories": store.count_stories,
        "put_article": lambda: store.put_article(*rich(3)),
        "transaction": lambda: store.transaction().__enter__(),
    }
    for name, call in calls.items():
        with pytest.raises(StoreError) as info:
            call()
        message = str(info.value)
        assert message.startswith(store.url + " : ") and "\n" not in message, (name, message)
    assert store.conn.closed or store.conn.broken
    store.close()


@pytest.mark.postgres
def test_writers_take_turns(pg_url):
    """A second writer waits for the first: sequence numbers follow commit order, no gaps."""
    first, second = open_store(pg_url), open_store(pg_url)
    done = threading.Event()

    def write_second() -> None:
        second.put_article(*rich(4))
        done.set()

    with first.transaction():
        first.put_article(*rich(2))
        thread = threading.Thread(target=write_second)
        thread.start()
        assert not done.wait(0.3)  # blocked behind the open transaction
    thread.join()
    assert first.changes_since(0) == [(1, "r-2", "insert"), (2, "r-4", "insert")]
    first.close()
    second.close()


@pytest.mark.postgres
def test_stats_match_sqlite(pg_url, tmp_path):
    pg, lite = open_store(pg_url), open_store(str(tmp_path / "s.db"))
    for i in range(12):
        article, ann = rich(i)
        if i % 5 == 1:
            article.source = ("b", "B", "_x", "a")[i % 4]
        for s in (pg, lite):
            s.put_article(article, ann)
    a, b = pg.stats(), lite.stats()
    a.pop("database"), b.pop("database")
    assert json.dumps(a) == json.dumps(b)  # same values, same order
    pg.close()
    lite.close()


@pytest.mark.postgres
def test_copy_round_trip_is_exact_and_idempotent(pg_url, tmp_path):
    source, back = open_store(str(tmp_path / "a.db")), open_store(str(tmp_path / "b.db"))
    with source.transaction():
        for i in range(23):
            source.put_article(*rich(i))
    revised = Article(id="r-2", title="Révisé", text="Mis à jour.",
                      ingested_at="2025-09-27T00:00:00+00:00")
    assert source.put_article(revised, None) == "updated"  # an update travels as the new state
    target = open_store(pg_url)
    assert copy_store(source, target, batch=7) == {"articles": 23, "duplicates": 0}
    assert copy_store(target, back, batch=5) == {"articles": 23, "duplicates": 0}
    expected = snapshot(source)
    assert snapshot(target) == expected and snapshot(back) == expected
    assert target.last_seq() == 23 and source.last_seq() == 24  # the target's own sequence
    assert copy_store(source, target) == {"articles": 0, "duplicates": 23}
    assert copy_store(target, back) == {"articles": 0, "duplicates": 23}
    assert target.last_seq() == 23 and back.last_seq() == 23
    for s in (source, target, back):
        s.close()
    conn_url, schema, _ = split_url(pg_url)
    with psycopg.connect(conn_url) as conn:  # the rows really are in Postgres, in our schema
        query = sql.SQL("SELECT count(*) FROM {}.articles").format(sql.Identifier(schema))
        assert conn.execute(query).fetchone()[0] == 23
