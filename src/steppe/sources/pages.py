"""Article pages → title, lead, body, author, date metadata and language (trafilatura).

The HTML is parsed once; our own small reader takes what the page *declares* (``<html lang>``,
``<link rel=canonical>``, ``article:published_time`` / ``datePublished``) before trafilatura
extracts the text and the remaining metadata. Page dates are read without any plausibility
bound here (htmldate alone would silently drop a date in the future); ``dates.choose_date``
decides, so a rejected date is recorded rather than lost.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from steppe.errors import InputError
from steppe.sources.canonical import canonical_url, same_host
from steppe.sources.dates import parse_iso

MIN_TEXT_CHARS = 80  # less than this is a teaser or a cookie wall, not an article
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "date",
              "dc.date.issued", "dc.date", "dcterms.created", "publishdate", "pubdate",
              "sailthru.date", "parsely-pub-date")
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


@dataclass
class Page:
    url: str
    title: str | None
    text: str  # lead (when the page has one apart from the body), then the body
    author: str | None = None
    date: str | None = None  # raw date from the page's metadata, as declared
    lang: str | None = None
    canonical: str | None = None  # the page's own canonical link, if on the same host


def extract_page(content: bytes, url: str) -> Page:
    """Extract the article of an HTML page; InputError when there is no article text."""
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(content)
    if tree is None:
        raise InputError(f"{url} : ce n’est pas une page HTML")
    lang, canonical, declared_date = _declared(tree, url)
    doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, include_images=False)
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if len(body) < MIN_TEXT_CHARS:
        raise InputError(f"{url} : aucun texte d’article trouvé sur la page")
    title = (doc.title or "").strip() or None
    text = _with_lead(_drop_title(body, title), (doc.description or "").strip())
    return Page(url=url, title=title, text=text, author=(doc.author or None),
                date=declared_date or _htmldate(content), lang=lang or doc.language,
                canonical=canonical)


def _declared(tree, url: str) -> tuple[str | None, str | None, str | None]:
    lang = (tree.get("lang") or tree.get("xml:lang") or "").strip().lower()[:2] or None
    canonical = None
    for href in tree.xpath("//link[@rel='canonical']/@href")[:1]:
        try:
            candidate = canonical_url(href)
        except InputError:
            continue
        canonical = candidate if same_host(candidate, url) else None  # never trust another host
    found = None
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _DATE_META and parse_iso(meta.get("content")):
            found = meta.get("content").strip()
            break
    if found is None:
        for script in tree.xpath("//script[@type='application/ld+json']/text()"):
            match = _JSONLD_DATE.search(script)
            if match and parse_iso(match.group(1)):
                found = match.group(1)
                break
    if found is None:
        for value in tree.xpath("//time[@datetime]/@datetime")[:1]:
            found = value.strip() if parse_iso(value) else None
    return lang, canonical, found


def _htmldate(content: bytes) -> str | None:
    """htmldate on the page's markup only (no guessing from the text), without date bounds."""
    from htmldate import find_date

    try:
        return find_date(content, extensive_search=False, original_date=True,
                         min_date="1900-01-01", max_date="2199-12-31")
    except (ValueError, TypeError, json.JSONDecodeError):
        return None


def _drop_title(body: str, title: str | None) -> str:
    first, _, rest = body.partition("\n")
    return rest.strip() if title and first.strip() == title and rest.strip() else body


def _with_lead(body: str, lead: str) -> str:
    """The page's lead (meta description) before the body, unless the body starts with it."""
    if not lead or len(lead) < 40 or lead[:60] in body[:len(lead) + 200]:
        return body
    return f"{lead}\n\n{body}"
