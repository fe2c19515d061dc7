"""Hostile feeds: entity expansion is refused, and no feed can stop the watcher.

The documents are served by the local server and read by the real watcher (and the real
``steppe watch``): one source's poison is recorded on that source, the others are ingested.
"""

from __future__ import annotations

import time

import pytest

from steppe.model import Source
from steppe.sources.feeds import HostileFeed, feed_links, parse_feed
from steppe.sources.fetch import Fetcher
from steppe.store import open_store
from steppe.watch import WatchContext, run_watch, sources_health
from tests.sources.conftest import ALLOW_LOCAL

RSS = "application/rss+xml"
HEAD = '<?xml version="1.0" encoding="{enc}"?>\n<!DOCTYPE rss [\n{decls}\n]>\n'
TAIL = ('<rss version="2.0"><channel><title>Rire</title><link>http://example.org/</link>'
        "<description>d</description>{items}</channel></rss>")


def laughs(levels: int = 10, lead: str = "", enc: str = "utf-8") -> bytes:
    """The billion laughs: each entity ten times the one before; ``lead`` is a first
    declaration (one holding markup slips past feedparser's own DOCTYPE rewriting)."""
    decls = [lead] if lead else []
    decls += ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)]
    items = (f"<item><title>&lol{levels - 1};</title>"
             "<link>http://example.org/rire</link></item>")
    text = HEAD.format(enc=enc, decls="\n".join(decls)) + TAIL.format(items=items)
    return text.encode(enc)


def amplifier(items: int = 8000) -> bytes:
    """790 KB that expand to 48 MB of HTML: under expat's own amplification limit, so before
    the guard feedparser sanitised it for a minute on every poll."""
    decls = ['<!ENTITY a "<b>x</b>">',
             '<!ENTITY w "steppe gaz p&#233;trole Astana &lt;b&gt;Bichkek&lt;/b&gt; ">',
             '<!ENTITY m "' + "&w;" * 100 + '">']
    body = "".join(f"<item><title>t{k}</title><description>&m;</description>"
                   f"<link>http://example.org/{k}</link></item>" for k in range(items))
    return (HEAD.format(enc="utf-8", decls="\n".join(decls)) + TAIL.format(items=body)).encode()


CHARREF = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
           "<item><title>&#99999999999;</title><link>http://example.org/a</link></item>"
           "</channel></rss>").encode()  # feedparser raises OverflowError on it


@pytest.mark.parametrize("document", [
    laughs(), laughs(lead='<!ENTITY a "<b>x</b>">'),
    laughs(lead='<!ENTITY a "<b>x</b>">', enc="utf-16"), amplifier(),
], ids=["billion-laughs", "past-feedparser-rewrite", "utf-16", "amplifier-790KB"])
def test_entity_declarations_are_refused_fast(document):
    assert len(document) < 1_000_000
    start = time.monotonic()
    with pytest.raises(HostileFeed) as info:
        parse_feed(document, "http://example.org/rire.xml", RSS)
    assert str(info.value).startswith("http://example.org/rire.xml : refusé : le flux déclare "
                                      "des entités XML (<!ENTITY ")
    assert time.monotonic() - start < 2


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
    '"http://my.netscape.com/publish/formats/rss-0.91.dtd">',
    "<!DOCTYPE rss>",
])
def test_a_plain_doctype_still_parses(doctype):
    document = (f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}\n<rss version="0.91">'
                "<channel><title>Le Courrier &amp; co</title><link>http://example.org/</link>"
                "<description>d</description><item><title>Un &#233;t&#233; sec</title>"
                "<link>http://example.org/ete</link></item></channel></rss>").encode()
    feed = parse_feed(document, "http://example.org/rss.xml", RSS)
    assert feed.title == "Le Courrier & co" and feed.warning is None
    assert [(i.title, i.url) for i in feed.items] == [("Un été sec", "http://example.org/ete")]


def test_an_alternate_link_no_one_can_follow_is_skipped():
    page = (b'<html><head><link rel="alternate" type="application/rss+xml" href="http://[oops/">'
            b'<link rel="alternate" type="application/rss+xml" href="/rss.xml"></head></html>')
    assert feed_links(page, "http://example.org/") == ["http://example.org/rss.xml"]


def serve_hostile(web) -> dict[str, str]:
    web.documents["/rire.xml"] = (laughs(lead='<!ENTITY a "<b>x</b>">'), RSS)
    web.documents["/charref.xml"] = (CHARREF, RSS)
    return {"courrier": web.url("/f/rss2.xml"), "rire": web.url("/rire.xml"),
            "charref": web.url("/charref.xml")}


def test_the_watcher_survives_hostile_feeds_and_ingests_the_others(tmp_path, web):
    store = open_store(str(tmp_path / "hostile.db"))
    urls = serve_hostile(web)
    for name, url in urls.items():
        store.add_source(Source(name, url, next_due=0, created=time.time() - 60))
    fetcher = Fetcher("Steppe-tests", timeout=2, max_bytes=1_000_000, host_delay=0,
                      allow=ALLOW_LOCAL)
    try:
        worker = run_watch(WatchContext(store, fetcher), once=True, retry_base_s=0,
                           idle_sleep=0.05)
        now = time.time()
        sources = {s.name: s for s in store.list_sources()}
        health = {s.name: h.status for s, h in sources_health(store, now)}
        assert store.count_articles() == 3 and worker.counts["fetch_source done"] == 3
        assert not store.list_jobs("parked")
    finally:
        fetcher.close()
        store.close()
    rire, charref = sources["rire"], sources["charref"]
    assert rire.last_error == (f"{urls['rire']} : refusé : le flux déclare des entités XML "
                               "(<!ENTITY a>), qui peuvent s’étendre sans limite")
    assert charref.last_error.startswith(urls["charref"]) and "\n" not in charref.last_error
    assert "OverflowError" in charref.last_error or "flux illisible" in charref.last_error
    for source in (rire, charref):  # failed, backed off: not due again at the next pass
        assert source.consecutive_failures == 1 and source.next_due > now
    assert health == {"courrier": "ok", "rire": "failing", "charref": "failing"}


def test_steppe_watch_survives_a_billion_laughs_feed(run, db, web, monkeypatch):
    for key, value in {"STEPPE_HOST_DELAY": "0", "STEPPE_FETCH_TIMEOUT": "2",
                       "STEPPE_JOB_RETRY_BASE": "0", "STEPPE_FETCH_ALLOW": ALLOW_LOCAL}.items():
        monkeypatch.setenv(key, value)
    for name, url in serve_hostile(web).items():
        run("--db", db, "sources", "add", url, "--name", name)
    result = run("--db", db, "watch", "--once", "--no-enrich")
    assert result.code == 0 and "Traceback" not in result.err
    assert "nouveaux : 3" in result.out and "sources en erreur : 2" in result.out
    listed = {s["name"]: s for s in run("--db", db, "sources", "list", "--json").records()}
    assert listed["rire"]["status"] == "failing"
    assert "refusé : le flux déclare des entités XML" in listed["rire"]["last_error"]
    assert listed["courrier"]["status"] == "ok"
