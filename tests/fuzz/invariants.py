"""What each fuzzed entry point promises, as one checker per target.

The hypothesis properties (``tests/fuzz/test_*.py``) and the atheris harness
(``tools/fuzz/run.py``) call the same checkers, so a crash found by either is a
broken promise stated once. A checker takes one input, calls the entry point and raises
``AssertionError`` when a promise is broken; any other exception escaping is a bug too.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re

from steppe.enrich.grammar import find_dates, find_money, find_percents
from steppe.errors import InputError, QueryError
from steppe.index.schema import build_schema
from steppe.search.days import FIRST_DAY, LAST_DAY, date_range
from steppe.search.query import MAX_LEAVES, ParsedQuery, leaves, parse_query
from steppe.sources import dates as source_dates
from steppe.sources.canonical import canonical_url
from steppe.sources.decode import decode_bytes
from steppe.sources.dump import segment_dump
from steppe.sources.feeds import parse_feed

PUBLISHED = dt.date(2025, 9, 25)
FEED_URL = "https://example.org/rss.xml"
_BLANKS = re.compile(r"\s+")
_COLUMN = re.compile(r"\bcolonne (\d+)\b")
# whole-query limits: the query as a whole is at fault, not one column of it
_WHOLE_QUERY = ("requête trop longue", "trop de termes")


def check_dump(text: str) -> None:
    """Segments re-join to the input (only blank space is dropped, and the date, byline and
    rubric lines a segment keeps in their own fields), in input order, and each segment names
    real lines of it."""
    segments = segment_dump(text)
    rejoined = "".join((s.title or "") + s.text for s in segments)
    lines = [line.strip() for line in text.splitlines()]
    for meta in (m for s in segments for m in (s.rubric, s.dateline, s.byline) if m):
        assert meta in lines, (meta, "a kept meta line is a whole line of the input")
        lines.remove(meta)  # the first such line: the field holds it whole
    assert _BLANKS.sub("", rejoined) == _BLANKS.sub("", "".join(lines))
    count = len(text.splitlines())
    previous = 0
    for seg in segments:
        assert seg.title is not None or seg.text, seg
        assert seg.title is None or (seg.title and seg.title == seg.title.strip())
        assert seg.text == seg.text.strip()
        assert (seg.line_title is None) == (seg.title is None)
        assert (seg.line_text is None) == (not seg.text)
        for line in (seg.line_title, seg.line_text):
            if line is not None:
                assert previous < line <= count, (previous, line, count)
                previous = line
        assert isinstance(seg.truncated, bool)


def check_decode(data: bytes) -> None:
    """Any bytes give NFC text with unified line ends, or an InputError; nothing else."""
    for max_line in (None, 64):
        try:
            text = decode_bytes(data, "fuzz", max_line)
        except InputError as error:
            assert str(error).startswith("fuzz") and "\n" not in str(error)
            continue
        assert isinstance(text, str)
        assert "\r" not in text
        assert text.strip(), "blank text must be refused as empty input"


def check_grammar_dates(text: str) -> None:
    """Every date found is a real calendar date, at a span that is the text it quotes."""
    for published, context in ((PUBLISHED, ()), (None, (2020,)), (None, ())):
        hits = find_dates(text, published, context)
        assert [h.start for h in hits] == sorted(h.start for h in hits)
        for hit in hits:
            assert 0 <= hit.start < hit.end <= len(text)
            assert text[hit.start:hit.end] == hit.text
            assert_valid_value(hit.value, hit.granularity)


def assert_valid_value(value: str, granularity: str) -> None:
    if granularity == "day":
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), value
        dt.date.fromisoformat(value)
    elif granularity == "month":
        assert re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value), value
    else:
        assert granularity == "year" and re.fullmatch(r"\d{4}", value), (value, granularity)
    assert int(value[:4]) >= 1, value


def check_source_dates(text: str) -> None:
    """Publication-date readers: a date or None, never an exception; ISO strings round-trip."""
    found = source_dates.date_from_text(text)
    assert found is None or (type(found) is dt.date and found.year >= 1900)
    from_url = source_dates.date_from_url(text)
    assert from_url is None or type(from_url) is dt.date
    parsed = source_dates.parse_iso(text)
    assert parsed is None or isinstance(parsed, dt.date)
    if isinstance(parsed, dt.datetime):
        assert parsed.tzinfo is not None
    now = dt.datetime(2025, 9, 25, 12, tzinfo=dt.timezone.utc)
    candidates = [source_dates.Candidate(o, v) for o, v in
                  (("text", found), ("url", from_url), ("page", parsed)) if v is not None]
    choice = source_dates.choose_date(candidates, now)
    assert (choice.published is None) == (choice.origin is None)
    if choice.published is not None:
        source_dates.parse_iso(choice.published)
        assert source_dates.parse_iso(choice.published) is not None, choice


def check_amounts(text: str) -> None:
    """Amounts and percentages: finite values at spans that are the text they quote."""
    for lang in ("fr", "en", "ru"):
        for hit in find_money(text, lang):
            assert 0 <= hit.start < hit.end <= len(text)
            assert text[hit.start:hit.end] == hit.text
            assert math.isfinite(hit.amount) and hit.amount >= 0, hit
            assert re.fullmatch(r"[A-Z]{3}", hit.currency), hit
        for hit in find_percents(text, lang):
            assert 0 <= hit.start < hit.end <= len(text)
            assert text[hit.start:hit.end] == hit.text
            assert math.isfinite(hit.value), hit


def check_query(text: str) -> ParsedQuery | None:
    """A query parses, or raises QueryError whose one-line message names a column of it
    (only the whole-query limits name none)."""
    try:
        parsed = parse_query(text)
    except QueryError as error:
        message = str(error)
        assert message and "\n" not in message, message
        if message.startswith(_WHOLE_QUERY):
            return None
        column = _COLUMN.search(message)
        assert column, f"no column in {message!r}"
        assert 1 <= int(column.group(1)) <= len(text), (message, len(text))
        return None
    found = leaves(parsed.root)
    assert len(found) <= MAX_LEAVES
    for leaf in found:
        assert 1 <= leaf.col <= len(text), leaf
    for day in (parsed.date_from, parsed.date_to):
        if day is not None:
            dt.date(day // 10000, day // 100 % 100, day % 100)
    if parsed.date_from and parsed.date_to:
        assert parsed.date_from <= parsed.date_to
    if parsed.date_from or parsed.date_to:  # the index query for the range builds too
        date_range(_schema(), parsed.date_from or FIRST_DAY, parsed.date_to or LAST_DAY)
    return parsed


@functools.cache
def _schema():
    return build_schema()


def check_feed(data: bytes, content_type: str = "") -> None:
    """Any bytes give a feed's items or a clear InputError (NotAFeed), empty bytes too."""
    try:
        feed = parse_feed(data, FEED_URL, content_type)
    except InputError as error:
        assert str(error).startswith(FEED_URL) and "\n" not in str(error)
        return
    seen = set()
    for item in feed.items:
        assert item.canonical.startswith(("http://", "https://")), item
        assert item.canonical not in seen
        seen.add(item.canonical)
        assert item.published is None or item.published.utcoffset() == dt.timedelta(0)
        for value in (item.title, item.summary, item.author):
            assert value is None or isinstance(value, str)
    assert feed.skipped >= 0 and feed.repeated >= 0


def check_url(url: str) -> None:
    """canonical_url: an http(s) URL or an InputError; canonical twice is canonical once."""
    try:
        once = canonical_url(url)
    except InputError:
        return
    assert once.startswith(("http://", "https://")), once
    assert canonical_url(once) == once, (url, once)
