"""Store fixtures: every contract test runs on SQLite and on PostgreSQL.

The PostgreSQL fixtures (``pg_server``, ``pg_url``) live in tests/conftest.py so that search
and web tests can run on both backends too.
"""

from __future__ import annotations

from typing import Iterator

import pytest

from steppe.store import Store, open_store

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
