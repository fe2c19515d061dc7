"""A stale index is said in every search result, not only in the CLI's warning line: the
library's result, ``/api/search``, the search page and ``steppe search --json`` carry
``index_stale`` and a French ``index_warning`` that names no server folder.

The index lives on a real tmpfs that a filler file leaves without room (ENOSPC, as on a
full disk); nothing mocked.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from steppe.index import StaleIndexWarning
from steppe.index.reader import forget
from steppe.search import search
from steppe.settings import Settings
from steppe.store import open_store
from steppe.web.app import create_app
from tests.index.corpus import SERIES, build_store
from tests.store.faults import small_disk, synthetic_pairs

WARNING = ("L’index de recherche ne peut pas se mettre à jour (disque plein) : ces résultats "
           "viennent du dernier index valide, en retard de 3 modifications sur la base.")


def fill(disk: Path) -> None:
    """Take every free byte of ``disk``."""
    with open(disk / "filler", "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 65_536)
        except OSError:
            pass


@pytest.fixture
def stale(tmp_path):
    """(database path, index folder): an index built, its disk filled up, then three
    articles more in the database, which the index cannot take in."""
    db = tmp_path / "steppe.db"
    build_store(db).close()
    with small_disk(tmp_path / "disk", "16m") as disk:
        index_dir = disk / "index"
        with open_store(str(db)) as store:
            fresh = search(store, index_dir, "coton")
            assert (fresh.total, fresh.index_stale, fresh.index_warning) == (SERIES + 1, False, None)
            fill(disk)
            store.put_articles(synthetic_pairs(3))
        forget(index_dir)
        yield db, index_dir
        forget(index_dir)


def test_the_result_says_the_index_is_stale(stale):
    db, index_dir = stale
    with open_store(str(db)) as store:
        with pytest.warns(StaleIndexWarning, match="en retard de 3 modifications sur la base"):
            result = search(store, index_dir, "coton")
    assert result.total == SERIES + 1
    assert (result.index_stale, result.index_warning) == (True, WARNING)
    assert result.to_dict()["index_stale"] is True
    assert str(index_dir) not in json.dumps(result.to_dict())


def test_the_api_and_the_page_say_it_too(stale, tmp_path):
    db, index_dir = stale
    app = create_app(Settings(db=str(db), index_dir=str(index_dir),
                              kb_file=str(tmp_path / "kb.jsonl")))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", StaleIndexWarning)
            client = TestClient(app)
            body = client.get("/api/search", params={"q": "coton"}).json()
            page = client.get("/search", params={"q": "coton"}).text
    finally:
        app.state.steppe.pool.close()
    assert (body["index_stale"], body["index_warning"]) == (True, WARNING)
    assert body["total"] == SERIES + 1
    assert "notice-stale" in page and "en retard de 3 modifications" in page
    assert str(index_dir) not in page and str(index_dir) not in json.dumps(body)


def test_the_cli_json_says_it_and_the_warning_line_stays(stale, run, monkeypatch):
    db, index_dir = stale
    monkeypatch.setenv("STEPPE_INDEX_DIR", str(index_dir))
    done = run("--db", db, "search", "coton", "--json")
    assert done.code == 0
    body = json.loads(done.out)
    assert (body["index_stale"], body["index_warning"]) == (True, WARNING)
    assert done.err.count("avertissement : ") == 1 and "en retard de 3 modifications sur la base" in done.err


def test_a_fresh_index_is_not_stale(tmp_path, run):
    db = tmp_path / "steppe.db"
    build_store(db).close()
    body = json.loads(run("--db", db, "search", "coton", "--json").out)
    assert (body["index_stale"], body["index_warning"]) == (False, None)
