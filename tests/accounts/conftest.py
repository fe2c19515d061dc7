"""An empty store of each backend for the accounts library's tests."""

from __future__ import annotations

from typing import Iterator

import pytest

from steppe.store import Store, open_store


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Store]:
    url = str(tmp_path / "accounts.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    s = open_store(url)
    yield s
    s.close()
