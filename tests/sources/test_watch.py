"""The watcher end to end against the local server: feeds → pages → dedup → dates → store."""

from __future__ import annotations

import time

import pytest

from steppe.model import Annotation, CountryRef, Source
from steppe.sources.fetch import Fetcher
from steppe.store import open_store
from steppe.watch import WatchContext, run_watch, sources_health
from tests.sources.conftest import ALLOW_LOCAL


def fake_annotate(articles):
    for article in articles:
        ann = Annotation.empty(article)
        ann.countries = [CountryRef("KZ", "Kazakhstan", 1)]
        yield article, ann


@pytest.fixture
def sqlite_store(tmp_path):
    s = open_store(str(tmp_path / "watch.db"))
    yield s
    s.close()


def make_ctx(store, annotate=fake_annotate, timeout=2.0):
    return WatchContext(store, Fetcher("Steppe-tests", timeout=timeout, max_bytes=1_000_000,
                                       host_delay=0, allow=ALLOW_LOCAL), annotate)


def add(store, name, url, **kw):
    store.add_source(Source(name, url, next_due=0, created=time.time() - 60, **kw))


def watch_once(ctx, **kw):
    return run_watch(ctx, once=True, retry_base_s=0, idle_sleep=0.05, **kw)


def by_title(store):
    return {a.title: a for a, _ in store.iter_articles()}


def test_rss_source_end_to_end(sqlite_store, web):
    store = sqlite_store
    add(store, "courrier", web.url("/f/rss2.xml"), lang="fr")
    worker = watch_once(make_ctx(store))
    articles = by_title(store)
    assert set(articles) == {"Tokaïev reçoit Mirzioïev à Astana", "Un sommet daté de l'avenir",
                             "Article disparu"}
    assert worker.counts["new"] == 3 and worker.counts["enriched"] == 3
    # two tracking variants of one URL: one page fetch, one article
    assert web.requests["/f/story-a.html"] == 1
    story = articles["Tokaïev reçoit Mirzioïev à Astana"]
    assert story.url == web.url("/f/story-a.html") and story.lang == "fr"
    assert story.text.startswith("Visite d'État à Astana") and "Aktaou" in story.text
    assert store.get_article(story.id)[1].countries[0].code == "KZ"
    prov = store.get_provenance(story.id)
    assert (prov.published_source, prov.date_flag, prov.author, prov.content_from) == (
        "feed", None, "Aïgerim Seitkali", "page")
    # a page dated in the future: the feed's date is kept, the page's is flagged
    future = articles["Un sommet daté de l'avenir"]
    assert future.published == "2025-03-05T08:00:00+00:00"
    assert store.get_provenance(future.id).date_flag == \
        "rejected page 2099-01-01T10:00:00+00:00 (future)"
    # the page is gone (404): the feed's summary is kept instead, flagged as such
    gone = articles["Article disparu"]
    assert gone.truncated and gone.text.startswith("Le résumé du flux")
    assert store.get_provenance(gone.id).content_from == "feed"
    source = store.get_source("courrier")
    assert source.etag and source.last_success and source.last_error is None


def test_second_poll_is_conditional_and_fetches_nothing_new(sqlite_store, web):
    store = sqlite_store
    add(store, "courrier", web.url("/f/rss2.xml"))
    ctx = make_ctx(store, annotate=None)
    watch_once(ctx)
    source = store.get_source("courrier")
    source.next_due = 0
    store.save_source_state(source)
    web.requests.clear()
    worker = watch_once(ctx)
    assert web.headers["/f/rss2.xml"]["if-none-match"] == source.etag
    assert web.requests == {"/f/rss2.xml": 1} and worker.counts["items found"] == 0
    assert store.count_articles() == 3


def test_same_story_from_two_outlets_stays_two_articles_linked(sqlite_store, web):
    store = sqlite_store
    add(store, "courrier", web.url("/f/rss2.xml"))
    ctx = make_ctx(store, annotate=None)
    watch_once(ctx)
    add(store, "gazette", web.url("/f/outlet-b.xml"))
    worker = watch_once(ctx)
    assert worker.counts["linked"] == 1
    articles = by_title(store)
    first, copy = (articles["Tokaïev reçoit Mirzioïev à Astana"],
                   articles["Astana et Tachkent signent quinze accords"])
    prov = store.get_provenance(copy.id)
    assert prov.near_duplicate_of == first.id and prov.similarity >= 0.8
    assert store.near_duplicates_of(first.id) == [copy.id]
    assert copy.source == "gazette" and first.source == "courrier"


def test_near_duplicate_from_the_same_outlet_is_not_a_new_article(sqlite_store, web):
    store = sqlite_store
    add(store, "courrier", web.url("/f/rss2.xml"))
    ctx = make_ctx(store, annotate=None)
    watch_once(ctx)
    add(store, "courrier-bis", web.url("/f/outlet-b.xml"))
    # the same outlet under a second feed: the edited copy only becomes a URL alias
    store.conn.execute("UPDATE articles SET source = 'courrier-bis' WHERE source = 'courrier'")
    before = store.count_articles()
    worker = watch_once(ctx)
    assert worker.counts["duplicate"] == 1 and store.count_articles() == before
    first = by_title(store)["Tokaïev reçoit Mirzioïev à Astana"]
    assert store.article_for_url(web.url("/f/story-a-edited.html")) == first.id


def test_feed_of_500_items(sqlite_store, web):
    store = sqlite_store
    add(store, "depeches", web.url("/gen/feed/500"))
    start = time.monotonic()
    worker = watch_once(make_ctx(store))
    assert store.count_articles() == 500 and worker.counts["enriched"] == 500
    assert worker.counts["new"] == 500 and store.pending_jobs() == 0
    assert time.monotonic() - start < 60


def test_html_source_follows_the_feed_it_names(sqlite_store, web):
    store = sqlite_store
    add(store, "accueil", web.url("/f/with-feed-link.html"))
    watch_once(make_ctx(store, annotate=None))
    assert store.get_source("accueil").feed_url == web.url("/f/atom.xml")
    assert set(by_title(store)) == {"Dépêche 1", "Dépêche 2"}


@pytest.mark.parametrize("path, error", [
    ("/status/500", "HTTP 500"), ("/f/not-a-feed.html", "une page HTML, pas un flux"),
    ("/f/garbage.xml", "flux illisible"), ("/slow", "pas de réponse"), ("/big", "la limite de"),
    ("/bomb", "la limite de"), ("/loop/a", "boucle de redirections")])
def test_failing_sources_back_off_and_show_failing(sqlite_store, web, path, error):
    store = sqlite_store
    add(store, "bad", web.url(path), every_s=600)
    ctx = make_ctx(store, annotate=None, timeout=0.5)
    before = time.time()
    for attempt in range(1, 4):
        watch_once(ctx)
        source = store.get_source("bad")
        assert source.consecutive_failures == attempt and error in source.last_error
        assert source.last_error.startswith(web.url(path))
        assert source.next_due >= before + 600 * 2 ** attempt
        source.next_due = 0
        store.save_source_state(source)
    ((_, health),) = sources_health(store, time.time())
    assert health.status == "failing"


def test_page_that_keeps_failing_is_parked_with_its_error(sqlite_store, web):
    store = sqlite_store
    store.enqueue_jobs([("fetch_page", {"source": "x", "url": web.url("/status/500"),
                                        "canonical": web.url("/status/500")}, "page:x")],
                       now=time.time())
    worker = run_watch(make_ctx(store, annotate=None), once=True, max_attempts=3,
                       retry_base_s=0, idle_sleep=0.01)
    assert worker.counts["fetch_page failed"] == 2 and worker.counts["fetch_page parked"] == 1
    (job,) = store.list_jobs("parked")
    assert job.attempts == 3 and job.last_error == f"{web.url('/status/500')} : le serveur a répondu HTTP 500 (erreur du serveur)"
