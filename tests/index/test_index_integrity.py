"""The index never lies about the database and never leaves debris: a rebuild swaps in whole
or not at all, a re-created database is never served its predecessor's index, and a full disk
leaves search on the last good index, with a warning, instead of failing.

Real SQLite files, a real PostgreSQL schema, a real tmpfs that fills up; nothing mocked.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
import warnings
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from steppe.index import StaleIndexWarning, current_index, index_status, open_index, rebuild
from steppe.index.reader import forget
from steppe.index.writer import META, IndexMeta, writing
from steppe.search import search
from steppe.store import open_store
from steppe.store.postgres import split_url
from tests.index.corpus import SERIES, build_store, pair
from tests.store.faults import resize, small_disk, synthetic_pairs

TEN_THOUSAND = 10_000


def contents(index_dir: Path) -> list[str]:
    return sorted(os.listdir(index_dir))


def space_returns(disk: Path, limit: int, seconds: float = 20.0) -> bool:
    """Whether the disk's use falls back to ``limit``: a tantivy thread of the failed commit
    may still hold its (already deleted) files open for a moment."""
    deadline = time.monotonic() + seconds
    while shutil.disk_usage(disk).used > limit:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def found(store, index_dir: Path, query: str) -> tuple[int, list[str]]:
    """(total, ids listed) of a search, all on one page."""
    result = search(store, index_dir, query, limit=100)
    return result.total, sorted(hit.id for hit in result.results)


# -- 1. rebuilds: 10,000 articles and more, atomic, no debris --------------------------------
@pytest.mark.slow
def test_cli_rebuild_of_ten_thousand_articles_swaps_in_whole(tmp_path, run):
    db = tmp_path / "steppe.db"
    index_dir = tmp_path / "steppe.db.index"
    store = open_store(str(db))
    pairs = synthetic_pairs(TEN_THOUSAND)
    for start in range(0, TEN_THOUSAND, 2_000):
        store.put_articles(pairs[start:start + 2_000])
    # debris of runs killed before this fix could clean up after themselves
    for leftover in ("g000009", ".building-g000004"):
        (index_dir / leftover).mkdir(parents=True)
        (index_dir / leftover / "x.idx").write_bytes(b"\0" * 1000)

    done = run("--db", db, "index", "rebuild")
    assert done.code == 0, done.err
    assert done.out.strip() == f"articles indexés : {TEN_THOUSAND}"
    assert contents(index_dir) == [".lock", "g000001", META]
    forget(index_dir)
    assert open_index(index_dir).searcher().num_docs == TEN_THOUSAND

    # interrupted after 10,000 articles: the complete index stays, the half-built one goes
    def interrupt(done: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rebuild(store, index_dir, progress=interrupt)
    assert contents(index_dir) == [".lock", "g000001", META]
    assert IndexMeta.read(index_dir).generation == "g000001"
    assert current_index(store, index_dir).searcher().num_docs == TEN_THOUSAND
    store.close()


def test_what_killed_runs_leave_goes_at_the_next_search_which_never_waits(tmp_path):
    """Found by the kill -9 campaign (tests/test_crash_index.py): a rebuild killed mid-way
    left its half-built folder until the next rebuild, however many searches came between."""
    store = build_store(tmp_path / "steppe.db")
    index_dir = tmp_path / "index"
    rebuild(store, index_dir)
    debris = [".building-g000002", "g000003", f".{META}.4242.tmp"]  # built, never switched to

    def leave_debris() -> None:
        for name in debris:
            if name.endswith(".tmp"):
                (index_dir / name).write_text("{")
            else:
                (index_dir / name).mkdir()
                (index_dir / name / "x.idx").write_bytes(b"\0" * 100)

    leave_debris()
    writer_at_work = threading.Event()
    done = threading.Event()

    def rebuild_running() -> None:  # another writer holds the lock: its folders are not debris
        with writing(index_dir):
            writer_at_work.set()
            done.wait(10)

    thread = threading.Thread(target=rebuild_running)
    thread.start()
    writer_at_work.wait(10)
    started = time.monotonic()
    assert current_index(store, index_dir).searcher().num_docs == store.count_articles()
    assert time.monotonic() - started < 2 and contents(index_dir) == sorted(
        [".lock", "g000001", META, *debris])
    done.set()
    thread.join()

    current_index(store, index_dir)  # up to date, no writer at work: it tidies
    assert contents(index_dir) == [".lock", "g000001", META]
    leave_debris()
    store.put_article(*pair("n1", "Nouveau", "Un article de plus.", "2025-08-01"))
    current_index(store, index_dir)  # a catch-up tidies under its lock
    assert contents(index_dir) == [".lock", "g000001", META]
    store.close()


# -- 2. a re-created database is never served the old index -----------------------------------
def old_and_new() -> tuple[list, list]:
    """Two bases whose first article is the same (ids come from content), so their change
    sequences start alike; the new one has more changes than the old index has applied."""
    first = pair("a1", "Rapport annuel", "Le rapport annuel de la banque centrale.", "2025-01-02")
    old = [first] + [pair(f"o{i}", f"Mine de cuivre {i}", f"Une mine de cuivre numéro {i}.",
                          "2025-02-01") for i in range(4)]
    new = [first] + [pair(f"n{i}", f"Gisement d'uranium {i}", f"Un gisement d'uranium numéro {i}.",
                          "2025-03-01") for i in range(9)]
    return old, new


def assert_serves_only_the_new_base(store, index_dir: Path) -> None:
    new_ids = [f"n{i}" for i in range(9)]
    assert found(store, index_dir, "uranium") == (9, new_ids)
    assert found(store, index_dir, "cuivre") == (0, [])
    assert current_index(store, index_dir).searcher().num_docs == 10


def test_a_sqlite_database_recreated_at_the_same_path_gets_a_new_index(tmp_path):
    db, index_dir = tmp_path / "steppe.db", tmp_path / "steppe.db.index"
    old, new = old_and_new()
    store = build_store(db, old)
    assert found(store, index_dir, "cuivre") == (4, ["o0", "o1", "o2", "o3"])
    store.close()
    for path in tmp_path.glob("steppe.db*"):
        if path.is_file():
            path.unlink()                              # the database, -wal, -shm; not the index

    store = build_store(db, new)
    assert index_status(store, index_dir)["needs_rebuild"] == "built from another database"
    assert_serves_only_the_new_base(store, index_dir)
    store.close()


@pytest.mark.postgres
def test_a_postgres_base_recreated_under_the_same_url_gets_a_new_index(pg_server, pg_url,
                                                                        tmp_path):
    index_dir = tmp_path / "index"
    old, new = old_and_new()
    store = build_store(pg_url, old)
    assert found(store, index_dir, "cuivre")[0] == 4
    store.close()
    schema = split_url(pg_url)[1]
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))

    store = build_store(pg_url, new)                   # the same URL: created anew
    assert_serves_only_the_new_base(store, index_dir)
    store.close()


def test_a_file_copy_keeps_its_identity_and_a_new_database_has_its_own(tmp_path):
    """A copy made with cp is the same base, so an index copied beside it still serves it."""
    db = tmp_path / "steppe.db"
    store = build_store(db)
    identity = store.identity()
    store.close()
    shutil.copy(db, tmp_path / "copy.db")
    with open_store(str(tmp_path / "copy.db")) as copy:
        assert copy.identity() == identity
    with open_store(str(tmp_path / "other.db")) as other:
        assert other.identity() and other.identity() != identity


# -- 3. a full disk: search keeps the last good index, nothing accumulates --------------------
@pytest.mark.slow
def test_a_full_disk_keeps_search_on_the_last_good_index(tmp_path):
    store = build_store(tmp_path / "steppe.db")       # the corpus: 32 articles
    before = store.count_articles()
    with small_disk(tmp_path / "disk", "1m") as disk:
        index_dir = disk / "index"
        assert found(store, index_dir, "coton")[0] == SERIES + 1
        used = shutil.disk_usage(disk).used
        store.put_articles(synthetic_pairs(2_000))    # an index of these needs ~1.6 MB

        # the rebuild fails: nothing of it stays, the old generation still serves
        with pytest.raises(ValueError, match="No space left on device"):
            rebuild(store, index_dir)
        assert contents(index_dir) == [".lock", "g000001", META]
        assert space_returns(disk, used + 64_000)

        # searches serve the last good index, stale, and say so; again and again
        for _ in range(2):
            forget(index_dir)                          # as a new process would: try again
            with pytest.warns(StaleIndexWarning, match=r"l’index de recherche ne peut pas se mettre à jour \(disque plein\) ; "
                              r"le dernier index valide est servi, en retard de 2 000 modifications"):
                assert found(store, index_dir, "coton")[0] == SERIES + 1
            assert contents(index_dir) == [".lock", "g000001", META]
            assert space_returns(disk, used + 64_000)
        with pytest.warns(StaleIndexWarning, match="disque plein"):   # within RETRY_AFTER: no retry
            assert current_index(store, index_dir).generation == "g000001"
        assert IndexMeta.read(index_dir).last_seq == before

        # room again: the next search catches up, without a warning
        resize(disk, "64m")
        forget(index_dir)
        with warnings.catch_warnings():
            warnings.simplefilter("error", StaleIndexWarning)
            assert current_index(store, index_dir).searcher().num_docs == before + 2_000
    store.close()


def test_the_cli_search_warns_once_and_still_answers(tmp_path, run, monkeypatch):
    db = tmp_path / "steppe.db"
    build_store(db).close()
    with small_disk(tmp_path / "disk", "1m") as disk:
        monkeypatch.setenv("STEPPE_INDEX_DIR", str(disk / "index"))
        assert run("--db", db, "search", "coton").code == 0
        with open_store(str(db)) as store:
            store.put_articles(synthetic_pairs(2_000))
        forget(disk / "index")
        done = run("--db", db, "search", "coton")
        assert done.code == 0
        assert done.out.startswith(f"{SERIES + 1} résultat(s)")
        assert done.err == (f"avertissement : {disk / 'index'} : l’index de recherche ne peut pas se "
                            "mettre à jour (disque plein) ; le dernier index valide est servi, "
                            "en retard de 2 000 modifications sur la base\n")


def test_without_any_good_index_a_full_disk_is_one_clear_error(tmp_path):
    from steppe.errors import StoreError
    store = open_store(str(tmp_path / "steppe.db"))
    store.put_articles(synthetic_pairs(2_000))
    with small_disk(tmp_path / "disk", "1m") as disk:
        with pytest.raises(StoreError, match=r"impossible de construire l’index de recherche ici \(disque plein\)"):
            current_index(store, disk / "index")
        assert contents(disk / "index") == [".lock"]
    store.close()
