"""The same pages and API on PostgreSQL: the web app only speaks the Store protocol."""

from __future__ import annotations

import pytest

from tests.web.conftest import Client, make_app
from tests.web.fixture_db import build_fixture_db

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_client(pg_url, tmp_path):  # noqa: F811
    index_dir = tmp_path / "index"
    build_fixture_db(pg_url, index_dir)
    app = make_app(pg_url, tmp_path)
    app.state.steppe.index_dir = index_dir
    yield Client(app)
    app.state.steppe.pool.close()


def test_api_and_pages_on_postgres(pg_client):
    feed = pg_client.get("/api/articles").json()
    assert feed["total"] == 8 and feed["results"][0]["id"] == "kz-002"
    article = pg_client.get("/api/articles/kz-001").json()
    assert [d["id"] for d in article["near_duplicates"]] == ["kz-002"]
    assert article["related"][0]["id"] == "uz-001"
    entity = pg_client.get("/api/entities/person:kassym-jomart-tokaiev").json()
    assert entity["articles"] == 3 and entity["quotes_about"][0]["speaker_id"] == "person:chavkat-mirzioiev"
    assert pg_client.get("/api/entities/person:aigerim-seitkali").json()["in_kb"] is False
    for path in ("/", "/search?q=Tokayev", "/articles/kz-001", "/countries/KZ", "/sources", "/stories"):
        assert pg_client.get(path).status_code == 200, path
    assert pg_client.get("/articles/nope").status_code == 404


def test_stories_on_postgres(pg_client):
    stories = pg_client.get("/api/stories").json()
    assert stories["total"] == 7 and stories["stories"][0]["articles"] == 2
    assert pg_client.get("/api/articles").json()["stories"] == 7
    assert pg_client.get("/api/countries/KZ").json()["stories"] == 2
    story = stories["stories"][0]["id"]
    assert [m["id"] for m in pg_client.get(f"/api/stories/{story}").json()["members"]] == ["kz-001", "kz-002"]
    page = pg_client.get(f"/stories/{story}")
    assert page.status_code == 200 and "Pourquoi ici" in page.text
    assert pg_client.get("/stories/s000000000000").status_code == 404
