"""Canonical URLs, publication-date provenance, near-duplicate fingerprints, source health."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from steppe.errors import InputError
from steppe.model import Source
from steppe.sources import neardup
from steppe.sources.canonical import canonical_url
from steppe.sources.dates import Candidate, choose_date, date_from_text, date_from_url
from steppe.sources.health import DAY, WEEK, source_health
from steppe.sources.registry import parse_every, read_source_list

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("url, expected", [
    ("HTTPS://News.Example.ORG:443/a/b/?utm_source=rss&utm_campaign=x&id=3#top",
     "https://news.example.org/a/b?id=3"),
    ("http://example.org", "http://example.org/"),
    ("http://example.org:8080/x/?b=2&a=1&fbclid=zz&xtor=RSS-1", "http://example.org:8080/x?a=1&b=2"),
    ("https://example.org/caf%C3%A9/", "https://example.org/caf%C3%A9"),
])
def test_canonical_urls(url, expected):
    assert canonical_url(url) == expected


def test_canonical_refuses_other_schemes():
    with pytest.raises(InputError, match="seules les URL http et https"):
        canonical_url("ftp://example.org/x")


def test_feed_date_wins_and_impossible_ones_are_flagged():
    choice = choose_date([Candidate("page", datetime(2099, 1, 1, tzinfo=timezone.utc)),
                          Candidate("feed", datetime(2025, 3, 4, 5, tzinfo=timezone.utc))], NOW)
    assert (choice.published, choice.origin) == ("2025-03-04T05:00:00+00:00", "feed")
    assert choice.flag == "rejected page 2099-01-01T00:00:00+00:00 (future)"
    assert choose_date([Candidate("url", date(2025, 3, 4))], NOW).flag is None
    choice = choose_date([Candidate("feed", datetime(2099, 1, 1, tzinfo=timezone.utc)),
                          Candidate("page", datetime(1970, 1, 1, tzinfo=timezone.utc)),
                          Candidate("url", date(2025, 3, 4))], NOW)
    assert (choice.published, choice.origin) == ("2025-03-04", "url")
    assert choice.flag == ("rejected feed 2099-01-01T00:00:00+00:00 (future); "
                           "page 1970-01-01T00:00:00+00:00 (before 1990)")


def test_a_few_hours_ahead_is_tolerated_and_no_date_is_flagged():
    soon = datetime(2025, 3, 10, 16, 0, tzinfo=timezone.utc)
    assert choose_date([Candidate("feed", soon)], NOW).origin == "feed"
    choice = choose_date([Candidate("text", date(2030, 1, 1))], NOW)
    assert choice.published is None and choice.flag == "no date: rejected text 2030-01-01 (future)"
    assert choose_date([], NOW).flag == "no date"


def test_dates_from_urls_and_text():
    assert date_from_url("https://x.org/2025/03/04/titre-123") == date(2025, 3, 4)
    assert date_from_url("https://x.org/actu/20250304-titre") == date(2025, 3, 4)
    assert date_from_url("https://x.org/article/123456789") is None
    assert date_from_text("ASTANA, le 1er mars 2025 — Le président…") == date(2025, 3, 1)
    assert date_from_text("Publié le 04/03/2025 à 10 h") == date(2025, 3, 4)
    assert date_from_text("Rien de daté ici.") is None


def test_near_duplicate_signatures():
    base = " ".join(f"mot{i} gaz Astana" for i in range(60))
    edited = base.replace("mot7 ", "mot7bis ").replace("mot40 ", "autre ")
    other = " ".join(f"terme{i} coton Douchanbé" for i in range(60))
    a, b, c = (neardup.signature(t) for t in (base, edited, other))
    assert neardup.similarity(a, b) >= 0.8 > neardup.similarity(a, c)
    assert set(neardup.buckets(a)) & set(neardup.buckets(b))
    assert not neardup.long_enough("Trop court pour juger.")


def _source(**kw) -> Source:
    base = dict(name="s", url="http://x/f", created=0.0, last_success=40 * DAY)
    return Source(**{**base, **kw})


def test_health_statuses():
    now = 40 * DAY
    assert source_health(_source(), now, 10, 40).status == "ok"
    assert source_health(_source(), now, 3, 40).status == "late"
    assert source_health(_source(), now, 0, 40).status == "silent"
    assert source_health(_source(consecutive_failures=3), now, 10, 40).status == "failing"
    assert source_health(_source(last_success=None), now, 0, 0).status == "new"
    young = source_health(_source(created=now - 3 * DAY), now, 0, 0)
    assert young.status == "ok" and young.usual_per_week is None
    assert source_health(_source(), now, 10, 40).usual_per_week == 10.0
    assert WEEK == 7 * DAY


def test_every_and_bundled_list():
    assert (parse_every("15m"), parse_every("2h"), parse_every("90s"), parse_every("1d")) == (
        900, 7200, 90, 86_400)
    for bad in ("10s", "soon", "5x"):
        with pytest.raises(InputError):
            parse_every(bad)
    bundled = read_source_list()
    assert len(bundled) >= 10 and all(s.lang == "fr" for s in bundled)
    assert all(s.url.startswith("https://") for s in bundled)
