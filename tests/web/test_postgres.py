"""The same pages and API on PostgreSQL: the web app only speaks the Store protocol."""

from __future__ import annotations

import psycopg
import pytest

from steppe.errors import StoreError
from steppe.store import open_store
from steppe.web.app import SERVER_ERRORS
from steppe.web.deps import Reconnecting, StorePool
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


# -- a server restart, as the pool sees it ----------------------------------------------------------
def terminate(server: str, stores: list) -> None:
    """End these stores' sessions, as a PostgreSQL restart does (only ours: the server is shared)."""
    with psycopg.connect(server, autocommit=True) as admin:
        for store in stores:
            admin.execute("SELECT pg_terminate_backend(%s)", (store.conn.info.backend_pid,))


def pooled_stores(app) -> list:
    return [pooled.store for pooled in app.state.steppe.pool._opened]


def test_a_lost_session_is_a_503_then_the_pool_reconnects(pg_client, pg_server):
    app = pg_client.transport.app
    assert pg_client.get("/api/status").status_code == 200
    terminate(pg_server, pooled_stores(app))
    lost = pg_client.get("/api/status")
    assert lost.status_code == 503 and lost.json() == {"error": "base de données indisponible",
                                                        "status": 503, "message": SERVER_ERRORS[503][1]}
    assert pg_client.get("/api/status").status_code == 200          # a new session, in place
    terminate(pg_server, pooled_stores(app))
    page = pg_client.get("/")
    assert page.status_code == 503 and "La base de données est indisponible" in page.text
    assert "Traceback" not in page.text and "postgresql://" not in page.text
    assert pg_client.get("/").status_code == 200


def test_sessions_opened_before_a_loss_are_replaced_before_use(pg_url, pg_server):
    """The server ends every session; only the first request to find out answers 503."""
    open_store(pg_url).close()
    pool = StorePool(pg_url)
    with pool.borrow() as first, pool.borrow() as second:
        pids = {first.conn.info.backend_pid, second.conn.info.backend_pid}
    terminate(pg_server, [first, second])
    with pytest.raises(StoreError), pool.borrow() as store:
        store.count_articles()
    with pool.borrow() as again, pool.borrow() as other:     # both sessions new, no error
        assert again.count_articles() == other.count_articles() == 0
        assert not pids & {again.conn.info.backend_pid, other.conn.info.backend_pid}
    pool.close()


def test_reconnection_backs_off_while_the_server_refuses(pg_url, pg_server):
    """One attempt, then none for 0.5 s, 1 s, 2 s, 2 s…: requests meanwhile answer 503 at once."""
    open_store(pg_url).close()
    now = [0.0]
    pool = StorePool(pg_url, size=1, clock=lambda: now[0])
    with pool.borrow() as store:
        terminate(pg_server, [store])
    with pytest.raises(StoreError), pool.borrow() as store:
        store.count_articles()                              # the request that finds out
    (pooled,) = pool._opened
    attempts, reconnect = [], pooled.link.reconnect

    def refused() -> None:
        attempts.append(now[0])
        raise StoreError("cannot reconnect (connection refused)")

    pooled.link.reconnect = refused
    quiet = []
    for t in (0.0, 0.1, 0.49, 0.5, 1.0, 1.49, 1.5, 3.0, 3.49, 3.5, 5.0, 5.5):
        now[0] = t
        with pytest.raises(StoreError) as info, pool.borrow():
            pass
        if isinstance(info.value, Reconnecting):        # answered at once, not logged
            quiet.append(t)
    assert attempts == [0.0, 0.5, 1.5, 3.5, 5.5]
    assert quiet == [0.1, 0.49, 1.0, 1.49, 3.0, 3.49, 5.0]
    pooled.link.reconnect = reconnect
    now[0] = 7.5
    with pool.borrow() as store:
        assert store.count_articles() == 0
    pool.close()
