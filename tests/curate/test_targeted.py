"""A curation change re-annotates only the articles it touches, found through the index."""

from __future__ import annotations

import time

import pytest

from steppe.curate import apply_change, undo_change
from steppe.enrich.kb_access import get_kb
from steppe.reannotate import reannotate_batch
from steppe.store import open_store, procrastinate_sql
from steppe.watch import enricher_annotate
from tests.curate.helpers import ENTITY, NEW_ALIAS, carries, fill, index_dir, run_jobs, \
    write_kb_file


@pytest.mark.slow
def test_alias_on_10000_articles_reannotates_exactly_the_3(tmp_path):
    kb_file = write_kb_file(tmp_path)
    began = time.monotonic()
    with open_store(str(tmp_path / "big.db")) as store:
        three = fill(store, kb_file, 10_000)
        assert store.count_articles() == 10_003
        assert carries(store, three, ENTITY) == []         # the KB does not know the spelling
        applied = apply_change(store, kb_file, "alias", {"id": ENTITY, "name": NEW_ALIAS},
                               "dana", index_dir(store))
        assert (applied.articles, applied.jobs) == (3, 1)
        queued = store.list_jobs("queued")
        assert [sorted(j.payload["ids"]) for j in queued] == [sorted(three)]
        counts = run_jobs(store, kb_file)
        assert counts.get("enriched") == 3                 # three re-annotated, no other
        assert carries(store, three, ENTITY) == three
        assert store.list_jobs("queued") == []
    assert time.monotonic() - began < 120
    get_kb.cache_clear()


def test_undo_requeues_the_same_articles_and_unlinks(tmp_path):
    kb_file = write_kb_file(tmp_path)
    with open_store(str(tmp_path / "small.db")) as store:
        three = fill(store, kb_file, 200)
        change = apply_change(store, kb_file, "alias", {"id": ENTITY, "name": NEW_ALIAS},
                              "dana", index_dir(store)).change
        run_jobs(store, kb_file)
        assert carries(store, three, ENTITY) == three
        undone = undo_change(store, kb_file, change.id, "aigerim", index_dir(store))
        assert undone.articles == 3 and undone.change.undoes == change.id
        assert store.kb_change(change.id).undone_by == undone.change.id
        assert run_jobs(store, kb_file).get("enriched") == 3
        assert carries(store, three, ENTITY) == []
    get_kb.cache_clear()


@pytest.mark.postgres
def test_alias_on_postgres_queues_the_3_for_the_reannotate_queue(tmp_path, pg_url):
    kb_file = write_kb_file(tmp_path)
    with open_store(pg_url) as store:
        three = fill(store, kb_file, 200)
        applied = apply_change(store, kb_file, "alias", {"id": ENTITY, "name": NEW_ALIAS},
                               "dana", tmp_path / "index")
        assert (applied.articles, applied.jobs) == (3, 1)
        jobs = procrastinate_sql.listed(store, "todo", 10)
        assert [(j["task"], sorted(j["args"]["ids"])) for j in jobs] == \
            [("steppe.reannotate", sorted(three))]
        counts = reannotate_batch(store, enricher_annotate(64, kb_file), jobs[0]["args"]["ids"])
        assert counts["enriched"] == 3 and carries(store, three, ENTITY) == three
    get_kb.cache_clear()


@pytest.mark.slow
def test_parallel_enrichment_processes_use_the_curated_kb(tmp_path):
    """``steppe reannotate`` and ``ingest`` enrich in worker processes: they get the overlay."""
    from steppe.enrich.parallel import ParallelEnricher
    from steppe.model import Article
    from tests.curate.helpers import TEXTS

    kb_file = write_kb_file(tmp_path)
    with open_store(str(tmp_path / "p.db")) as store:
        fill(store, kb_file, 0)
        apply_change(store, kb_file, "alias", {"id": ENTITY, "name": NEW_ALIAS}, "dana",
                     index_dir(store))
        articles = [Article(id=f"p{i}", text=t, lang="fr") for i, t in enumerate(TEXTS * 20)]
        with ParallelEnricher(2, batch_size=8, kb_file=kb_file, per_task=8) as enricher:
            pairs = list(enricher.annotate_pairs(articles))
        assert all(ENTITY in [e.id for e in ann.entities] for _, ann in pairs)
    get_kb.cache_clear()
