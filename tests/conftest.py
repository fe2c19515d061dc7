"""Shared fixtures: the ../shared folder, a CLI runner on real files, temporary databases."""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from steppe.cli import main
from steppe.store.postgres import one_line, split_url

# Tests enrich in their own process unless they ask for more (``--processes N``): a CLI call
# with the default (one process per core) spawns processes that each load spaCy, which cost CI
# minutes across the suite; the parallel paths are tested where they are named explicitly.
os.environ.setdefault("STEPPE_PROCESSES", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the repo; absent → skip, except in CI where it must be there."""
    if not (SHARED / "data" / "seed.txt").exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI: {SHARED} is missing (tests need shared/data and shared/eval)")
        pytest.skip(f"{SHARED} not found: seed data and scorer unavailable")
    return SHARED


@pytest.fixture(scope="session")
def seed_gold(shared: Path) -> list[dict]:
    with open(shared / "data" / "seed_gold.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@dataclass
class Result:
    code: int
    out: str
    err: str

    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


@pytest.fixture(autouse=True)
def _forget_curation():
    """The KB curation overlay is held per process (steppe.enrich.kb_access): a test that
    worked on a curated base must not hand its curation to the next test's annotations."""
    yield
    from steppe.enrich.kb_access import reset_overlay

    reset_overlay()


@pytest.fixture
def run(capsys):
    """Run the real CLI entry point in-process; returns exit code, stdout, stderr."""
    def _run(*args: str) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)
    return _run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "steppe.db"


def count_rows(path: Path, table: str = "articles") -> int:
    """Row count read straight from the SQLite file, bypassing Steppe."""
    if not path.exists():
        return 0
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# -- PostgreSQL: needs STEPPE_TEST_POSTGRES_URL; skips without it, fails under CI -------------
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


def fresh_schema(pg_server: str) -> Iterator[str]:
    """A URL naming a new schema of the test database, dropped when the generator ends."""
    schema = "t_" + secrets.token_hex(6)
    yield with_schema(pg_server, schema)
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A URL naming a fresh schema of the test database; the schema is dropped afterwards."""
    yield from fresh_schema(pg_server)


