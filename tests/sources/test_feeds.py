"""Feeds of every flavour, served over HTTP and parsed; broken and fake feeds refused clearly."""

from __future__ import annotations

import pytest

from steppe.sources.feeds import NotAFeed, parse_feed
from steppe.sources.fetch import Fetcher
from tests.sources.conftest import ALLOW_LOCAL


@pytest.fixture
def get(web):
    fetcher = Fetcher("Steppe-tests", timeout=2, max_bytes=5_000_000, host_delay=0,
                      allow=ALLOW_LOCAL)

    def _get(name: str):
        response = fetcher.get(web.url(f"/f/{name}") if "/" not in name else web.url(name))
        return parse_feed(response.content, response.url, response.content_type)
    yield _get
    fetcher.close()


def test_rss2_items_with_canonical_urls_and_dates(get, web):
    feed = get("rss2.xml")
    assert feed.title == "Le Courrier des steppes" and feed.warning is None
    # the two tracking variants of story A are one item
    assert [i.canonical for i in feed.items] == [
        web.url("/f/story-a.html"), web.url("/f/future.html"), web.url("/status/404?a=gone")]
    first = feed.items[0]
    assert first.url.endswith("utm_medium=feed") and first.title == "Tokaïev reçoit Mirzioïev à Astana"
    assert first.published.isoformat() == "2025-03-04T05:00:00+00:00"
    assert feed.items[2].summary.startswith("Le résumé du flux reste disponible : le gazoduc")


def test_atom_entries_relative_links_and_authors(get, web):
    items = get("atom.xml").items
    assert [i.url for i in items] == [web.url("/gen/page/1"), web.url("/gen/page/2")]
    assert items[0].author == "Dana Omarova"
    assert items[0].published.isoformat() == "2025-03-01T10:00:00+00:00"
    assert items[1].published.isoformat() == "2025-03-03T10:00:00+00:00"  # updated, no published
    assert items[1].summary == "Contenu deux."


@pytest.mark.parametrize("name, title", [("rss1.xml", "Entrée RDF"), ("rss091.xml", "Entrée 0.91")])
def test_rss_1_0_and_0_91(get, name, title):
    assert [i.title for i in get(name).items] == [title]


def test_cp1252_feed_is_decoded(get):
    feed = get("cp1252.xml")
    assert feed.title == "Écho d’Asie centrale"
    assert feed.items[0].title == "L’euro à 1 € : «Douchanbé» s’étonne"
    assert feed.items[0].summary == "Été – œuvre"


def test_malformed_xml_still_yields_items_with_a_warning(get):
    feed = get("malformed.xml")
    assert [i.title for i in feed.items] == ["Entrée valide malgré tout", "Deuxième entrée"]
    assert "malformed" in feed.warning


def test_garbage_is_refused(get, web):
    with pytest.raises(NotAFeed, match="flux illisible"):
        get("garbage.xml")


def test_html_page_is_not_a_feed_but_its_feed_link_is_offered(get, web):
    with pytest.raises(NotAFeed, match=r"une page HTML, pas un flux$"):
        get("not-a-feed.html")
    with pytest.raises(NotAFeed) as err:
        get("with-feed-link.html")
    assert err.value.alternates == [web.url("/f/atom.xml")]


def test_feed_with_500_items(get):
    feed = get("/gen/feed/500")
    assert len(feed.items) == 500 and len({i.canonical for i in feed.items}) == 500
