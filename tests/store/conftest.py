"""Store fixtures: every contract test runs on SQLite and on PostgreSQL.

PostgreSQL tests need ``STEPPE_TEST_POSTGRES_URL``; without it (or without a server behind it)
they skip with the reason, except under CI, where a missing database is a failure rather
than a quietly green run. Each test gets a fresh schema, dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
from typing import Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from steppe.store import Store, open_store
from steppe.store.postgres import one_line, split_url

ENV = "STEPPE_TEST_POSTGRES_URL"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI: {reason}")
    pytest.skip(reason)


def with_schema(url: str, schema: str) -> str:
    """``url`` with ``?schema=NAME`` set (other query parameters kept)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "schema"] + [("schema", schema)]
    return urlunsplit(parts._replace(query=urlencode(query)))


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The server URL from the environment, checked once per session."""
    url = os.environ.get(ENV)
    if not url:
        _unavailable(f"{ENV} is not set: PostgreSQL tests need a server "
                     f"(e.g. {ENV}=postgresql://postgres@127.0.0.1:5432/test)")
    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.Error as exc:
        _unavailable(f"{ENV}: cannot connect to {split_url(url)[2]} ({one_line(exc)})")
    return url


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A URL naming a fresh schema of the test database; the schema is dropped afterwards."""
    schema = "t_" + secrets.token_hex(6)
    yield with_schema(pg_server, schema)
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Store]:
    """An empty store of each backend, for the contract suite."""
    if request.param == "sqlite":
        url = str(tmp_path / "contract.db")
    else:
        url = request.getfixturevalue("pg_url")
    s = open_store(url)
    yield s
    s.close()
