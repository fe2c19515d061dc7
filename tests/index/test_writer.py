"""The index follows the store: built when missing, caught up in sequence order, rebuilt when
it belongs to another database or was deleted, never holding an article twice."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from steppe.index import catch_up, current_index, index_status, open_index, rebuild
from steppe.index.schema import SCHEMA_VERSION
from steppe.index.writer import META, Indexer, IndexMeta
from steppe.model import Article
from steppe.store import open_store
from tests.index.corpus import articles, build_store, pair


@pytest.fixture
def store(tmp_path: Path):
    store = build_store(tmp_path / "steppe.db")
    yield store
    store.close()


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "index"


def ids_matching(index_dir: Path, field: str, value: str) -> list[str]:
    import tantivy
    handle = open_index(index_dir)
    assert handle is not None
    searcher = handle.searcher()
    query = tantivy.Query.term_query(handle.schema, field, value)
    return sorted(searcher.doc(a)["id"][0] for _, a in searcher.search(query, 100).hits)


def test_catch_up_builds_a_missing_index(store, index_dir):
    assert catch_up(store, index_dir) == len(articles())
    meta = IndexMeta.read(index_dir)
    assert meta is not None and meta.last_seq == store.last_seq()
    assert open_index(index_dir).searcher().num_docs == store.count_articles()


def test_catch_up_when_current_does_nothing(store, index_dir):
    catch_up(store, index_dir)
    assert catch_up(store, index_dir) == 0


def test_new_and_updated_articles_are_applied_in_order(store, index_dir):
    catch_up(store, index_dir)
    store.put_article(*pair("n1", "Nouvelle mine de cuivre", "Une mine ouvre.", "2025-09-01",
                            countries=("MN",)))
    changed, _ = articles()[1]
    changed.text = "Le sommet de Bichkek est reporté à l'automne."
    changed.content_hash = ""
    changed.__post_init__()
    store.put_article(changed, None)
    assert catch_up(store, index_dir) == 2
    assert ids_matching(index_dir, "country", "MN") == ["n1"]
    assert ids_matching(index_dir, "text", "report") == ["a2"]
    assert ids_matching(index_dir, "id", "a2") == ["a2"]          # replaced, not duplicated
    assert open_index(index_dir).searcher().num_docs == store.count_articles()


def test_reapplying_changes_after_a_crash_never_duplicates(store, index_dir):
    catch_up(store, index_dir)
    meta_path = index_dir / META
    data = json.loads(meta_path.read_text())
    data["last_seq"] = 3                 # as if we died after tantivy's commit, before the JSON
    meta_path.write_text(json.dumps(data))
    assert catch_up(store, index_dir) == store.last_seq() - 3
    assert open_index(index_dir).searcher().num_docs == store.count_articles()


def test_an_index_deleted_between_searches_is_rebuilt(store, index_dir):
    current_index(store, index_dir)
    shutil.rmtree(index_dir)
    handle = current_index(store, index_dir)
    assert handle.searcher().num_docs == store.count_articles()


def test_an_index_of_another_database_is_rebuilt(tmp_path, store, index_dir):
    catch_up(store, index_dir)
    other = open_store(str(tmp_path / "other.db"))
    other.put_article(*pair("z1", "Autre base", "Rien à voir.", "2020-01-01", countries=("FR",)))
    assert catch_up(other, index_dir) == 1
    assert open_index(index_dir).searcher().num_docs == 1
    assert ids_matching(index_dir, "id", "a1") == []
    other.close()


def test_an_index_of_another_schema_version_is_rebuilt(store, index_dir):
    catch_up(store, index_dir)
    meta_path = index_dir / META
    data = json.loads(meta_path.read_text())
    data["schema"] = -1
    meta_path.write_text(json.dumps(data))
    assert catch_up(store, index_dir) == len(articles())
    assert IndexMeta.read(index_dir).generation == "g000002"
    assert not (index_dir / "g000001").exists()         # the old generation is cleaned up


def test_rebuild_makes_a_new_generation_with_everything(store, index_dir):
    catch_up(store, index_dir)
    assert rebuild(store, index_dir) == len(articles())
    meta = IndexMeta.read(index_dir)
    assert meta.generation == "g000002" and meta.last_seq == store.last_seq()
    assert current_index(store, index_dir).searcher().num_docs == store.count_articles()


def test_a_long_lived_indexer_uses_known_articles_and_commits(tmp_path, index_dir):
    store = open_store(str(tmp_path / "flow.db"))
    batch = [pair(f"k{i}", f"Titre {i}", f"Texte numéro {i} sur le blé.", "2024-01-01")
             for i in range(30)]
    with Indexer(store, index_dir, commit_every=10) as indexer:
        for start in range(0, 30, 10):
            with store.transaction():
                for article, annotation in batch[start:start + 10]:
                    store.put_article(article, annotation)
            known = {a.id: (a, ann) for a, ann in batch[start:start + 10]}
            assert indexer.sync(known) == 10
    assert IndexMeta.read(index_dir).last_seq == store.last_seq()
    assert current_index(store, index_dir).searcher().num_docs == 30
    store.close()


def test_an_empty_store_gives_an_empty_index(tmp_path, index_dir):
    store = open_store(str(tmp_path / "empty.db"))
    assert catch_up(store, index_dir) == 0
    assert current_index(store, index_dir).searcher().num_docs == 0
    store.put_article(Article(id="e1", text="Premier article."), None)
    assert catch_up(store, index_dir) == 1          # the first change gives the store its identity
    assert current_index(store, index_dir).searcher().num_docs == 1
    store.close()


def test_concurrent_catch_ups_index_each_article_once(tmp_path, store, index_dir):
    catch_up(store, index_dir)
    for i in range(20):
        store.put_article(*pair(f"t{i}", None, f"Dépêche {i} sur le gaz.", "2025-01-01"))
    errors: list[BaseException] = []

    def worker() -> None:
        own = open_store(store.url)
        try:
            catch_up(own, index_dir)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            own.close()
    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert open_index(index_dir).searcher().num_docs == store.count_articles()


def test_status_tells_when_the_index_lags(store, index_dir):
    status = index_status(store, index_dir)
    assert status["exists"] is False and status["behind"] is True
    assert status["needs_rebuild"] == "missing"
    catch_up(store, index_dir)
    status = index_status(store, index_dir)
    assert status["behind"] is False and status["docs"] == store.count_articles()
    assert status["store_last_seq"] == status["index_last_seq"] == store.last_seq()
    assert status["size_mb"] > 0
    store.put_article(*pair("late", None, "Arrivé après.", "2025-01-01"))
    status = index_status(store, index_dir)
    assert status["behind"] is True and status["needs_rebuild"] is None
    assert status["index_last_seq"] < status["store_last_seq"]


def test_a_damaged_index_is_rebuilt(store, index_dir):
    from steppe.index.reader import forget
    catch_up(store, index_dir)
    generation = index_dir / IndexMeta.read(index_dir).generation
    for path in generation.iterdir():
        if path.suffix in (".idx", ".term"):
            path.unlink()
    forget(index_dir)                                   # as a new process would find it
    handle = current_index(store, index_dir)
    assert handle.generation != generation.name
    assert handle.searcher().num_docs == store.count_articles()


def test_an_index_dir_that_cannot_be_created_is_a_store_error(tmp_path, store):
    from steppe.errors import StoreError
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="impossible de construire l’index de recherche"):
        current_index(store, blocker)


KILLED_RUN = """
import os, sys
import tantivy
from steppe.index.schema import build_schema, make_document, register_analyzers
from steppe.store import open_store

db, path = sys.argv[1], sys.argv[2]
with open_store(db) as store:
    pairs = list(store.iter_articles())

def session(batch):
    index = tantivy.Index(build_schema(), path=path, reuse=os.path.exists(path + "/meta.json"))
    register_analyzers(index)
    writer = index.writer(heap_size=20_000_000, num_threads=1)
    for article, annotation in batch:
        writer.delete_documents_by_term("id", article.id)
        writer.add_document(make_document(article, annotation))
    writer.commit()
    return writer

for s in range(7):                  # seven commits, a segment each: too few to merge
    session(pairs[s * 100:(s + 1) * 100]).wait_merging_threads()
session(pairs[600:610])             # an eighth re-indexes articles of the seventh segment,
os._exit(9)                         # and the process dies before the merge it started ends
"""


def test_the_first_update_after_a_killed_run_is_not_indexed_twice(tmp_path):
    """Found by the kill -9 campaign (tests/test_crash_index.py): tantivy gives the first
    delete after a commit the commit's own operation number, and a merge of the killed run's
    segments then skips it for the segment whose deletes carry that number: the updated
    article was indexed twice. The writer now spends that number on a delete of nothing."""
    from tests.store.faults import synthetic_pairs

    store = open_store(str(tmp_path / "steppe.db"))
    store.put_articles(synthetic_pairs(700))
    index_dir = tmp_path / "index"
    (index_dir / "g000001").mkdir(parents=True)
    killed = subprocess.run([sys.executable, "-c", KILLED_RUN, store.url,
                             str(index_dir / "g000001")])
    assert killed.returncode == 9
    IndexMeta(SCHEMA_VERSION, "g000001", store.last_seq(), store.identity()).write(index_dir)
    old, annotation = store.get_article("v000650")  # in the seventh segment
    new = Article(id=old.id, title=old.title, text=old.text + " Mise à jour.",
                  published=old.published, source=old.source, lang=old.lang)
    assert store.put_article(new, annotation) == "updated"

    assert catch_up(store, index_dir) == 1
    assert ids_matching(index_dir, "id", "v000650") == ["v000650"]
    assert open_index(index_dir).searcher().num_docs == 700
    store.close()
