"""Web fixtures: the hand-written fixture database, apps built on it, and an ASGI client.

The fixture database is built once per session (SQLite); tests that write get their own copy.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest

from steppe.index import default_index_dir
from steppe.settings import Settings
from steppe.web.app import create_app
from tests.web.fixture_db import STORY_SPECS, build_fixture_db


class Client:
    """A synchronous face on httpx's ASGI transport: no server, no socket, the real app."""

    def __init__(self, app: Any, raise_errors: bool = True) -> None:
        self.transport = httpx.ASGITransport(app=app, raise_app_exceptions=raise_errors)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def go() -> httpx.Response:
            async with httpx.AsyncClient(transport=self.transport, base_url="http://testserver") as c:
                return await c.request(method, url, **kwargs)
        return asyncio.run(go())

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("web") / "newsroom.db"
    return build_fixture_db(str(path), default_index_dir(str(path)))


@pytest.fixture(scope="session")
def stories_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The fixture newsroom plus follow-ups that join its stories by score (other outlets,
    days, languages): the stories pages' database."""
    path = tmp_path_factory.mktemp("stories") / "stories.db"
    return build_fixture_db(str(path), default_index_dir(str(path)), STORY_SPECS)


def make_app(db: str, tmp: Path, **settings: Any):
    return create_app(Settings(db=db, kb_file=str(tmp / "kb.jsonl"), **settings))


@pytest.fixture(scope="session")
def app(fixture_db: str, tmp_path_factory: pytest.TempPathFactory):
    application = make_app(fixture_db, tmp_path_factory.mktemp("kb"))
    yield application
    application.state.steppe.pool.close()


@pytest.fixture(scope="session")
def client(app) -> Client:
    return Client(app)


@pytest.fixture(scope="session")
def stories_client(stories_db: str, tmp_path_factory: pytest.TempPathFactory):
    application = make_app(stories_db, tmp_path_factory.mktemp("kb-stories"))
    yield Client(application)
    application.state.steppe.pool.close()


@pytest.fixture
def writable_db(fixture_db: str, tmp_path: Path) -> str:
    """A copy of the fixture database (and its index) a test may write to."""
    target = tmp_path / "copy.db"
    shutil.copy(fixture_db, target)
    shutil.copytree(default_index_dir(fixture_db), default_index_dir(str(target)))
    return str(target)
