"""Feeds → items: RSS 0.9x/1.0/2.0 and Atom through feedparser, from bytes we fetched.

feedparser is only ever handed bytes (never a URL, so it never touches the network itself)
with the response's headers, so it honours the declared encoding (cp1252 feeds included).
Lenient by design: a feed with recoverable XML errors still yields its items, with a warning;
a document with no items that is really an HTML page is reported as such, with the feed links
it advertises (``<link rel="alternate" type="application/rss+xml">``) so the caller can follow one.

Not lenient about entities: a feed that declares XML entities (``<!ENTITY …>``, the billion
laughs and its kin, where a few hundred bytes expand to gigabytes) is refused. feedparser's
strict parser is expat through ``xml.sax``; we make it defusedxml's expat reader, which stops
at the first entity declaration and never fetches external DTDs. The check runs inside the
parse itself, on the very bytes expat reads after feedparser's own re-encoding, so no
encoding trick slips a declaration past it. A plain ``<!DOCTYPE rss …>`` is still read.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin

import feedparser
import feedparser.api
from defusedxml import DefusedXmlException

from steppe.errors import InputError
from steppe.sources.canonical import canonical_url

MAX_ITEMS = 10_000  # items read from one feed document (the size cap bounds it first)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
               "application/feed+json", "application/xml", "text/xml")
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.I)
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_DEFUSED_SAX = ["defusedxml.expatreader"]  # xml.sax driver: expat refusing entities


@dataclass
class FeedItem:
    """One feed entry, reduced to what Steppe uses."""

    url: str
    canonical: str
    title: str | None = None
    summary: str | None = None  # plain text (feed HTML stripped)
    published: datetime | None = None  # UTC
    author: str | None = None
    guid: str | None = None


@dataclass
class Feed:
    title: str | None
    items: list[FeedItem] = field(default_factory=list)
    warning: str | None = None  # recoverable XML trouble
    skipped: int = 0  # entries without a usable link
    repeated: int = 0  # entries whose canonical URL an earlier entry already has


class NotAFeed(InputError):
    """The document has no feed items; ``alternates`` lists feeds an HTML page advertises."""

    def __init__(self, message: str, alternates: list[str] | None = None) -> None:
        super().__init__(message)
        self.alternates = alternates or []


def parse_feed(content: bytes, url: str, content_type: str = "") -> Feed:
    """Items of a feed document; raises NotAFeed for HTML pages and unreadable documents."""
    if not content or content.isspace():
        raise NotAFeed(f"{url} : ce n’est pas un flux (document vide)")
    parsed = _parse(content, url, content_type)
    if not parsed.entries:
        _refuse(content, url, parsed)
    feed = Feed(title=_text(parsed.feed.get("title")))
    if parsed.bozo:
        feed.warning = f"{url} : flux mal formé, lu malgré tout ({_reason(parsed)})"
    seen: set[str] = set()
    for entry in parsed.entries[:MAX_ITEMS]:
        item = _item(entry, url)
        if item is None or item.canonical in seen:
            feed.skipped += item is None
            feed.repeated += item is not None
            continue
        seen.add(item.canonical)
        feed.items.append(item)
    return feed


class HostileFeed(InputError):
    """A feed built to hurt its reader (entity expansion); refused, never parsed."""


def _parse(content: bytes, url: str, content_type: str) -> feedparser.FeedParserDict:
    """feedparser's reading of ``content``, its own failures turned into NotAFeed.

    feedparser catches the XML errors it expects, not all: an XML declaration naming an
    encoding that is not one (``encoding="\\x80"``, a NUL in it) fails its encoding
    sniffing with UnicodeDecodeError or ValueError, and a namespace URI holding a no-break
    space fails its strict parser with ValueError, and mangled markup can make its loose
    parser raise KeyError (found by fuzzing, tests/fuzz)."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    # feedparser reads this module global on every parse (its default prefers libxml2's
    # driver when installed); set here rather than at import so it holds for every call
    feedparser.api.PREFERRED_XML_PARSERS = _DEFUSED_SAX
    try:
        return feedparser.parse(content, response_headers=headers, resolve_relative_uris=True,
                                sanitize_html=True)
    except DefusedXmlException as exc:  # a ValueError too: caught first
        raise HostileFeed(f"{url} : refusé : le flux déclare des entités XML "
                          f"({_declared(exc)}), qui peuvent s’étendre sans limite") from None
    except (ValueError, LookupError, AttributeError, TypeError) as exc:
        # ValueError includes UnicodeDecodeError; the others are feedparser's own slips on
        # mangled markup (a KeyError 'links' from a half-closed <link>, found by atheris)
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        raise NotAFeed(f"{url} : flux illisible ({reason})") from None


def _declared(exc: DefusedXmlException) -> str:
    name = getattr(exc, "name", None)
    return f"<!ENTITY {name}>" if name else type(exc).__name__


def _refuse(content: bytes, url: str, parsed: feedparser.FeedParserDict) -> None:
    head = content[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        alternates = feed_links(content, url)
        hint = f" ; elle indique un flux : {alternates[0]}" if alternates else ""
        raise NotAFeed(f"{url} : une page HTML, pas un flux{hint}", alternates)
    if parsed.bozo:
        raise NotAFeed(f"{url} : flux illisible ({_reason(parsed)})")
    if parsed.get("version"):
        return None  # a valid feed that is simply empty: caller gets no items
    raise NotAFeed(f"{url} : ce n’est pas un flux (aucun élément RSS ou Atom)")


def _reason(parsed: feedparser.FeedParserDict) -> str:
    exc = parsed.get("bozo_exception")
    return " ".join(str(exc).split())[:200] if exc else "erreur inconnue"


def feed_links(html: bytes, base: str) -> list[str]:
    """Feed URLs an HTML page advertises with ``<link rel="alternate" type=…>``."""
    text = html[:500_000].decode("utf-8", errors="replace")
    out = []
    for tag in _LINK_TAG.findall(text):
        attrs = {k.lower(): v.strip("'\"") for k, v in _ATTR.findall(tag)}
        if "alternate" in attrs.get("rel", "").lower().split() and \
                attrs.get("type", "").lower() in _FEED_TYPES and attrs.get("href"):
            try:
                link = urljoin(base, attrs["href"])
            except ValueError:
                continue  # "http://[oops/": a link no one can follow, not a reason to fail
            if link.startswith(("http://", "https://")) and link not in out:
                out.append(link)
    return out


def _item(entry: feedparser.FeedParserDict, base: str) -> FeedItem | None:
    link = entry.get("link") or (entry.get("id") if str(entry.get("id", "")).startswith("http")
                                 else None)
    if not link:
        return None
    link = urljoin(base, link.strip())
    try:
        canonical = canonical_url(link)
    except InputError:
        return None  # a javascript:, mailto: or file: link is not an article
    summary = entry.get("summary") or ""
    if not summary and entry.get("content"):
        summary = entry["content"][0].get("value", "")
    return FeedItem(url=link, canonical=canonical, title=_text(entry.get("title")),
                    summary=_text(summary), published=_entry_date(entry),
                    author=_text(entry.get("author")), guid=entry.get("id"))


def _entry_date(entry: feedparser.FeedParserDict) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
            except (OverflowError, ValueError, OSError):
                continue
    return None


def html_to_text(value: str) -> str:
    """Feed HTML (already sanitised by feedparser) to plain paragraphs."""
    import html as html_lib

    value = re.sub(r"(?i)<\s*(br|/p|/div|/li|/h\d)\s*/?>", "\n", value)
    value = html_lib.unescape(_TAGS.sub("", value))
    lines = (_SPACES.sub(" ", line).strip() for line in value.split("\n"))
    return "\n".join(line for line in lines if line)


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return html_to_text(value) or None
