"""Store contract for sources, feed items, provenance, near-duplicate bands and jobs.

The same tests on SQLite and PostgreSQL (the ``store`` fixture), as for articles.
"""

from __future__ import annotations

import pytest

from steppe.errors import InputError, NotFound
from steppe.model import Annotation, Article, CountryRef, Provenance, Source


def test_sources_add_list_state_remove(store):
    store.add_source(Source("b", "http://b.example/feed", every_s=600, lang="fr", next_due=5, created=1))
    store.add_source(Source("a", "http://a.example/feed", next_due=50, created=1))
    with pytest.raises(InputError, match="la source « a » existe déjà"):
        store.add_source(Source("a", "http://other/feed"))
    assert [s.name for s in store.list_sources()] == ["a", "b"]
    assert [s.name for s in store.due_sources(10)] == ["b"]
    source = store.get_source("b")
    source.etag, source.last_success, source.consecutive_failures = '"x"', 9.5, 2
    source.last_error, source.next_due, source.feed_url = "boom", 100.0, "http://b.example/rss"
    store.save_source_state(source)
    assert store.get_source("b") == source
    assert store.due_sources(10) == []
    store.remove_source("b")
    with pytest.raises(NotFound):
        store.get_source("b")
    with pytest.raises(NotFound):
        store.remove_source("b")


def test_items_seen_once_and_counted_by_date(store):
    assert store.unseen_items("s", ["u1", "u2", "u1"]) == ["u1", "u2"]
    assert store.mark_items_seen("s", [("u1", 100.0), ("u2", 200.0)], now=300.0) == 2
    assert store.mark_items_seen("s", [("u2", 250.0), ("u3", 400.0)], now=500.0) == 1
    assert store.unseen_items("s", ["u1", "u3", "u4"]) == ["u4"]
    assert store.unseen_items("other", ["u1"]) == ["u1"]
    assert store.count_source_items("s", 150.0) == 2
    assert store.count_source_items("s", 0.0, 200.0) == 1


def _article(i: int, source: str = "s") -> Article:
    return Article(id=f"a{i}", title=f"T{i}", text=f"texte {i}", source=source)


def test_provenance_aliases_and_hash_lookup(store):
    store.put_article(_article(1), None)
    p = Provenance("a1", "http://x/1", "feed", "rejected page 2099-01-01 (future)", None, None,
                   "Dana", "page")
    store.put_provenance(p)
    assert store.get_provenance("a1") == p
    p.near_duplicate_of, p.similarity = "a0", 0.9
    store.put_provenance(p)
    assert store.get_provenance("a1") == p and store.near_duplicates_of("a0") == ["a1"]
    assert store.get_provenance("nope") is None
    assert store.add_url_alias("http://x/1", "a1", "self", "s", 1.0) is True
    assert store.add_url_alias("http://x/1", "a2", "self", "s", 2.0) is False
    assert store.article_for_url("http://x/1") == "a1" and store.article_for_url("http://y") is None
    assert store.article_id_for_hash(_article(1).content_hash) == "a1"


def test_minhash_bands_find_candidates_oldest_first(store):
    for i in (2, 1, 3):
        store.put_article(_article(i, source=f"s{i}"), None)
    store.put_minhash("a2", b"\x01" * 512, [10, 20, -30])
    store.put_minhash("a1", b"\x02" * 512, [20, 40])
    store.put_minhash("a3", b"\x03" * 512, [50])
    store.put_minhash("a3", b"\x03" * 512, [50])  # idempotent
    got = store.near_duplicate_candidates([20, -30, 99])
    assert got == [("a2", "s2", b"\x01" * 512), ("a1", "s1", b"\x02" * 512)]
    assert store.near_duplicate_candidates([]) == [] and store.near_duplicate_candidates([7]) == []


def test_set_annotation_is_a_change_for_the_index(store):
    store.put_article(_article(1), None)
    ann = Annotation.empty(_article(1))
    ann.countries = [CountryRef("KZ", "Kazakhstan", 2)]
    store.set_annotation("a1", ann)
    assert store.get_article("a1")[1].countries == ann.countries
    assert store.changes_since(0) == [(1, "a1", "insert"), (2, "a1", "update")]
    assert store.stats()["countries"] == {"KZ": 1}
    with pytest.raises(NotFound):
        store.set_annotation("missing", ann)


def test_jobs_enqueue_claim_complete(store):
    assert store.enqueue_jobs([("fetch_source", {"source": "a"}, "source:a"),
                               ("fetch_source", {"source": "a"}, "source:a"),
                               ("enrich", {"article_id": "x"}, None)], now=10.0) == 2
    assert store.enqueue_jobs([("fetch_page", {"url": "u"}, "page:u")], now=10.0,
                              run_after=50.0) == 1
    jobs = store.claim_jobs("w1", 10, lease_s=30, now=11.0)
    assert [(j.kind, j.state, j.attempts, j.worker, j.lease_until) for j in jobs] == [
        ("fetch_source", "running", 1, "w1", 41.0), ("enrich", "running", 1, "w1", 41.0)]
    assert jobs[0].payload == {"source": "a"}
    assert store.claim_jobs("w2", 10, 30, now=12.0) == []  # leased; the page job not yet due
    assert store.enqueue_jobs([("fetch_source", {"source": "a"}, "source:a")], now=12.0) == 0
    assert store.complete_job(jobs[0], "w2", 13.0) is False  # not w2's claim
    assert store.complete_job(jobs[0], "w1", 13.0) is True
    assert store.complete_job(jobs[0], "w1", 13.0) is False  # done already
    assert store.enqueue_jobs([("fetch_source", {"source": "a"}, "source:a")], now=14.0) == 1
    assert store.pending_jobs() == 3 and store.pending_jobs(["enrich"]) == 1
    assert store.job_counts() == {"done": {"fetch_source": 1},
                                  "queued": {"fetch_page": 1, "fetch_source": 1},
                                  "running": {"enrich": 1}}
    assert [j.kind for j in store.claim_jobs("w2", 10, 30, now=60.0, kinds=["fetch_page"])] == [
        "fetch_page"]


def test_expired_lease_is_taken_over_and_the_old_claim_cannot_finish(store):
    store.enqueue_jobs([("k", {}, None)], now=0.0)
    (first,) = store.claim_jobs("dead", 1, lease_s=10, now=1.0)
    (again,) = store.claim_jobs("alive", 1, lease_s=10, now=12.0)
    assert again.id == first.id and again.attempts == 2 and again.worker == "alive"
    assert store.complete_job(first, "dead", 13.0) is False
    assert store.fail_job(first, "dead", "late", 13.0, 13.0, 5) == "lost"
    assert store.complete_job(again, "alive", 13.0) is True


def test_failures_retry_with_delay_then_park(store):
    store.enqueue_jobs([("k", {"n": 1}, "k1")], now=0.0)
    (job,) = store.claim_jobs("w", 1, 10, now=1.0, max_attempts=2)
    assert store.fail_job(job, "w", "HTTP 500", 1.0, retry_at=31.0, max_attempts=2) == "queued"
    assert store.claim_jobs("w", 1, 10, now=20.0, max_attempts=2) == []
    (job,) = store.claim_jobs("w", 1, 10, now=31.0, max_attempts=2)
    assert store.fail_job(job, "w", "HTTP 500 again", 31.0, 61.0, max_attempts=2) == "parked"
    (parked,) = store.list_jobs("parked")
    assert parked.last_error == "HTTP 500 again" and parked.attempts == 2
    assert store.claim_jobs("w", 1, 10, now=1000.0) == []
    assert store.requeue_parked(now=1000.0) == 1
    (job,) = store.claim_jobs("w", 1, 10, now=1000.0)
    assert job.attempts == 1


def test_a_job_whose_workers_keep_dying_is_parked(store):
    store.enqueue_jobs([("k", {}, None)], now=0.0)
    store.claim_jobs("w1", 1, 10, now=1.0, max_attempts=2)
    store.claim_jobs("w2", 1, 10, now=12.0, max_attempts=2)
    assert store.claim_jobs("w3", 1, 10, now=30.0, max_attempts=2) == []
    (parked,) = store.list_jobs("parked")
    assert parked.last_error == "lease expired 2 times: its workers died or hung"


def test_prune_done_jobs(store):
    store.enqueue_jobs([("k", {}, None), ("k", {}, None)], now=0.0)
    jobs = store.claim_jobs("w", 1, 10, now=1.0)
    store.complete_job(jobs[0], "w", 2.0)
    assert store.prune_jobs(before=3.0) == 1
    assert store.job_counts() == {"queued": {"k": 1}}
