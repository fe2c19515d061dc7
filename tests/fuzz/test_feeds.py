"""Feed parser and canonical URLs: any bytes give items or a clear error."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.invariants import check_feed, check_url
from tests.fuzz.strategies import news_text

FIXTURES = sorted((Path(__file__).parent.parent / "fixtures" / "feeds").iterdir())
SEEDS = [path.read_bytes() for path in FIXTURES]
LINKS = ["https://example.org/a", "/relative/b", "http://[::1", "http://h:99999/x",
         "http://h:port/", "javascript:alert(1)", "mailto:x@y", "//cdn.example.org/c",
         "https://exa mple.org/é?utm_source=x&b=1#f", "http://[v1.x]/", "https://h/%zz%25",
         "", " ", "http://", "https://h:0/", "file:///etc/passwd", "HTTPS://H.ORG./x/../y/"]
DATES = ["Tue, 04 Mar 2025 05:00:00 GMT", "2025-03-01T10:00:00Z", "9999-12-31T23:59:59Z",
         "Mon, 31 Feb 2025 99:99:99 +9999", "0001-01-01", "yesterday", ""]


@st.composite
def rss(draw):
    items = []
    for _ in range(draw(st.integers(0, 4))):
        items.append(
            f"<item><title>{draw(news_text)}</title><link>{draw(st.sampled_from(LINKS))}</link>"
            f"<guid>{draw(st.sampled_from(LINKS))}</guid>"
            f"<pubDate>{draw(st.sampled_from(DATES))}</pubDate>"
            f"<description><![CDATA[<p>{draw(news_text)}</p>]]></description></item>")
    body = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>' \
           f"<title>{draw(news_text)}</title>{''.join(items)}</channel></rss>"
    return body.encode("utf-8", errors="replace")


@st.composite
def mutated_seed(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["cut", "flip", "insert"]))
        if op == "cut":
            del data[at:at + draw(st.integers(1, 40))]
        elif op == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        else:
            data[at:at] = draw(st.binary(max_size=12) | st.sampled_from(
                [b"<", b"&amp;", b"&#0;", b"]]>", b"<item>", b"</item>", b"<link>"]))
    return bytes(data)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300) | rss() | mutated_seed(),
       st.sampled_from(["", "application/rss+xml; charset=windows-1252", "text/html",
                        "text/xml; charset=bogus"]))
def test_any_bytes_give_items_or_a_clear_error(data, content_type):
    check_feed(data, content_type)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(LINKS) | st.text(max_size=40).map(lambda t: "https://h.org/" + t)
       | st.text(max_size=40).map(lambda t: "http://" + t) | st.text(max_size=40))
def test_canonical_url_is_a_url_or_an_input_error_and_is_stable(url):
    check_url(url)
