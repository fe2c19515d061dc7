"""Crashes and broken promises found by fuzzing, one test each.

Bugs in modules another change owns are pinned here as strict xfails: fixing the module
turns them into failures, so the fix comes with removing the mark (and the matching
exclusion in ``invariants.py``).
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import time
from pathlib import Path

import pytest

from steppe.enrich.grammar import find_dates
from steppe.errors import InputError, QueryError
from steppe.search.query import parse_query
from steppe.sources.canonical import canonical_url, check_fetchable
from steppe.sources.decode import TextStream, decode_bytes
from steppe.sources.feeds import NotAFeed, parse_feed
from tests.fuzz.invariants import check_dump, check_query

FEED = "https://example.org/rss.xml"


@pytest.mark.parametrize("url", [
    "http://h:99999/x", "http://h:port/", "http://h:\x00/", "http://[::1", "https://[::1/a",
])
def test_bad_port_or_ipv6_host_is_an_input_error(url):
    # found by hypothesis: urlsplit's ValueError escaped canonical_url and parse_feed
    with pytest.raises(InputError, match="URL mal formée"):
        canonical_url(url)
    with pytest.raises(InputError, match="URL mal formée"):
        check_fetchable(url)


@pytest.mark.parametrize("url", ["http://./a", "https://..:8080/", "http://.?\x00"])
def test_a_host_of_dots_is_no_host(url):
    # found by atheris: "http://." passed the check, then canonicalised to "http:///"
    with pytest.raises(InputError, match="l’URL n’a pas d’hôte"):
        canonical_url(url)


def test_feed_item_with_a_bad_port_is_skipped_not_fatal():
    rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
           "<item><title>a</title><link>http://h:99999/a</link></item>"
           "<item><title>b</title><link>https://example.org/b</link></item>"
           "</channel></rss>").encode()
    feed = parse_feed(rss, FEED)
    assert [i.title for i in feed.items] == ["b"] and feed.skipped == 1


@pytest.mark.parametrize("query", ["from:2025 to:2024", "to:2024 from:2025-03"])
def test_from_after_to_names_a_column(query):
    # found by hypothesis: the only parse error whose message named no column
    with pytest.raises(QueryError, match=r"est postérieur à to:2024-12-31 \(colonne \d+\)"):
        parse_query(query)
    check_query(query)


def test_year_zero_is_named_as_the_problem():
    with pytest.raises(QueryError, match=r"colonne 1 n’est pas une date valide \(l’année 0 n’existe pas"):
        parse_query("from:0000-05")


@pytest.mark.parametrize("data", [b"", b" \r\n\t"], ids=["empty", "blank"])
def test_empty_feed_document_is_not_a_feed(data):
    # found by hypothesis: parse_feed(b"") raised AttributeError (no parsed.version)
    with pytest.raises(NotAFeed, match=f"^{FEED} : ce n’est pas un flux \\(document vide\\)$"):
        parse_feed(data, FEED)


@pytest.mark.parametrize("declared", [b"\x80", b"utf\x00-8"], ids=["non-utf8", "nul"])
def test_feed_declaring_a_garbage_encoding_is_not_a_feed(declared):
    # found by hypothesis: feedparser's encoding sniffing raised UnicodeDecodeError/ValueError
    with pytest.raises(NotAFeed, match=f"^{FEED} : flux illisible \\([^\\n]+\\)$"):
        parse_feed(b'<?xml version="1.0" encoding="' + declared + b'"?><rss/>', FEED)


def test_feed_with_a_no_break_space_in_a_namespace_is_not_a_feed():
    # found by atheris (reduced from a mutated rss1.xml): feedparser's strict parser raised
    # ValueError (too many values to unpack)
    with pytest.raises(NotAFeed, match=f"^{FEED} : flux illisible"):
        parse_feed('<a:b xmlns:a="x\u00a0y"/>'.encode(), FEED)


def test_feed_that_trips_feedparser_into_a_key_error_is_not_a_feed():
    # found by atheris in CI (a mutated fixture feed, kept whole in tests/fuzz/crashes/):
    # feedparser raised KeyError('links') on a half-closed <link> inside a second prolog
    data = (Path(__file__).parent / "crashes" / "feed-keyerror-links.xml").read_bytes()
    with pytest.raises(NotAFeed, match=f"^{FEED} : flux illisible \\(KeyError"):
        parse_feed(data, FEED)


@pytest.mark.parametrize("data", [codecs.BOM_UTF8, " \n".encode("utf-16"),
                                  codecs.BOM_UTF8 * 2, codecs.BOM_UTF16_LE,
                                  codecs.BOM_UTF8 + "\x07 \u2028\r\n".encode()],
                         ids=["bom", "blank-utf16", "two-boms", "utf16-bom", "invisible"])
def test_bom_only_input_is_empty(data):
    # found by hypothesis: emptiness was judged on the bytes, so these decoded to blank text;
    # now judged on the cleaned text, by the whole-file decoder and the streaming one alike
    with pytest.raises(InputError, match="^x : entrée vide$"):
        decode_bytes(data, "x")
    with pytest.raises(InputError, match="^x : entrée vide$"):
        list(TextStream(io.BytesIO(data), "x").lines())


def test_blank_text_past_the_sample_is_empty_input_streamed_too():
    data = codecs.BOM_UTF8 + b" \n" * 200_000  # beyond the 256 KB the encoding is guessed on
    with pytest.raises(InputError, match="^x : entrée vide$"):
        decode_bytes(data, "x")
    with pytest.raises(InputError, match="^x : entrée vide$"):
        list(TextStream(io.BytesIO(data), "x").lines())


def test_a_long_run_of_days_without_a_month_takes_linear_time():
    # found by an adversarial scan: 20 KB of "1er et " took 37 s (the day list before a month
    # was re-read from every day in it); now well under a second
    find_dates("1er mars")  # build the regexes outside the timing
    text = "1er et " * 3000
    started = time.perf_counter()
    assert find_dates(text, dt.date(2025, 1, 1)) == []
    assert time.perf_counter() - started < 5.0


def test_days_listed_before_their_month_are_still_found():
    hits = find_dates("les 1er, 2, 3 et 4 mars 2025 puis les 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 "
                      "et 13 avril 2025")
    assert [h.value for h in hits][:4] == ["2025-03-01", "2025-03-02", "2025-03-03", "2025-03-04"]
    assert [h.value for h in hits][4:] == [f"2025-04-{d:02d}" for d in range(1, 14)]


@pytest.mark.parametrize("query", [
    'to:" é\n\x00\x00"', 'from:"2024\n12"', 'sort:"date\tx"', 'group:"st\x00ory"',
    "to:" + "9" * 200,
])
def test_a_query_error_quoting_a_value_stays_one_line(query):
    # found by atheris: a quoted date value holding a line end made a two-line error message
    with pytest.raises(QueryError) as raised:
        parse_query(query)
    message = str(raised.value)
    assert "\n" not in message and "\x00" not in message and len(message) < 200, message
    check_query(query)


def test_a_rubric_line_no_headline_follows_stays_in_the_lead():
    # found by atheris (tools/fuzz/run.py dump): « Kazakhstan : » held as a rubric, then read
    # as the lead's next line, was dropped from every segment
    text = ("Expulsion express : au Tadjikistan, les Afghans face à un ultimatum\n"
            "Les autorités ont donné dix jours aux réfugiés afghans pour quitter le pays.\n"
            "Kazakhstan : \nAstana, les Afghans face à un ultimatum eux aussi.\n")
    check_dump(text)
