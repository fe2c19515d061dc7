"""One story's entry in a digest (or an alert e-mail): its label, the sentences that
summarise it, its key figures and quotes, each copied from an article and linked to it.

Nothing here writes a sentence: summaries come from ``reports.summarise`` (sentences chosen
whole), figures are shown with the sentence that holds them (``reports.sentences``), quotes
are the stored span of the article's text. Every piece carries its article, outlet and link:
the article's own URL when it has a web one, else its Steppe page (``/articles/{id}``, made
absolute with ``base_url`` for a digest read outside the web app).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from steppe.model import Annotation, Article
from steppe.reports.sentences import sentence_text
from steppe.reports.summarise import summarise
from steppe.stories.features import fold

MAX_MEMBERS = 40      # articles of a story read for its entry (the latest of the period)
MAX_FIGURES = 4
MAX_QUOTES = 3
MAX_SOURCES = 6

Pair = tuple[Article, Annotation | None]


def steppe_href(path: str, base_url: str | None = None) -> str:
    """A Steppe path, absolute under ``base_url`` when one is given."""
    return (base_url.rstrip("/") + path) if base_url else path


def article_href(article: Article, base_url: str | None = None) -> str:
    """Where a digest line links: the article's web address, else its Steppe page (a
    ``javascript:`` or file address from a feed is never a link)."""
    if article.url and urlsplit(article.url).scheme.lower() in ("http", "https"):
        return article.url
    return steppe_href(f"/articles/{quote(article.id, safe='')}", base_url)


def _source(article: Article, base_url: str | None) -> dict[str, Any]:
    """Who said it and where to read it; ``received`` is the ingestion day of an undated
    article (what its place in the digest's window rests on)."""
    received = None if article.published else (article.ingested_at or "")[:10] or None
    return {"article": article.id, "outlet": article.source or "source inconnue",
            "title": article.title, "published": article.published, "received": received,
            "href": article_href(article, base_url)}


def _lang(pair: Pair) -> str:
    article, ann = pair
    return (ann.lang if ann and ann.lang else article.lang) or ""


def french_first(pairs: list[Pair]) -> list[Pair]:
    """French articles first (the digest is read in French), each group in its given order."""
    return sorted(pairs, key=lambda p: _lang(p) != "fr")


def build_entry(story: dict[str, Any], pairs: list[Pair], base_url: str | None = None,
                outlets: int | None = None) -> dict[str, Any]:
    """The digest entry of one story row (``stories`` table, profile parsed) from the member
    articles to read (oldest first)."""
    by_id = {a.id: a for a, _ in pairs}
    summary = []
    for c in summarise(pairs):
        summary.append({"text": c.text, "field": "text", "start": c.start, "end": c.end,
                        "support": round(c.support, 3), **_source(by_id[c.article_id], base_url)})
    names = {a.source for a, _ in pairs}
    figures = key_figures(pairs, base_url)
    mark_said_above(figures, [s["text"] for s in summary])
    return {
        "id": story["id"], "label": story["label"], "label_article": story["label_id"],
        "href": steppe_href(f"/stories/{quote(story['id'], safe='')}", base_url),
        "articles": len(pairs), "outlets": outlets if outlets is not None else len(names),
        "outlet_names": sorted(n or "source inconnue" for n in names),
        "summary": summary,
        "figures": figures,
        "quotes": key_quotes(pairs, base_url),
        "sources": sources(pairs, base_url),
    }


def key_figures(pairs: list[Pair], base_url: str | None = None,
                limit: int = MAX_FIGURES) -> list[dict[str, Any]]:
    """Amounts and percentages of the story, each once (the same value in several languages
    is one figure), with the sentence holding its first mention, most reported first."""
    found: dict[tuple, dict[str, Any]] = {}
    for article, ann in french_first(pairs):
        if ann is None:
            continue
        items = [("money", (m.currency, m.amount), m) for m in ann.money] + \
                [("percent", ("%", p.value), p) for p in ann.percents]
        for kind, value, item in items:
            key = (kind, *value)
            entry = found.get(key)
            if entry is not None:
                entry["_ids"].add(article.id)
                continue
            text = article.field_text(item.field)
            found[key] = {"kind": kind, "text": text[item.start:item.end],
                          "value": value[1], "currency": value[0] if kind == "money" else None,
                          "sentence": sentence_text(text, item.start, item.end),
                          "_ids": {article.id}, **_source(article, base_url)}
    ranked = sorted(found.values(), key=lambda f: -len(f["_ids"]))[:limit]
    for f in ranked:
        f["articles"] = len(f.pop("_ids"))
    for f in found.values():
        f.pop("_ids", None)
    return ranked


def mark_said_above(figures: list[dict[str, Any]], summary: list[str]) -> None:
    """``said_above``: the figure is written in a summary sentence, or its sentence is an
    earlier figure's: renderers then point up instead of quoting the same sentence twice."""
    seen: set[str] = set()
    for f in figures:
        f["said_above"] = f["sentence"] in seen or any(f["text"] in s for s in summary)
        seen.add(f["sentence"])


def key_quotes(pairs: list[Pair], base_url: str | None = None,
               limit: int = MAX_QUOTES) -> list[dict[str, Any]]:
    """Quotes with a named speaker, each once, French first, linked speakers first; the text
    is the article's own span (what the enrichment found, verbatim)."""
    seen: set[str] = set()
    out = []
    for article, ann in french_first(pairs):
        for q in (ann.quotes if ann else []):
            text = article.field_text(q.field)[q.start:q.end].strip()
            key = fold(" ".join(text.split()))
            if not q.speaker or len(text) < 12 or key in seen:
                continue
            seen.add(key)
            out.append({"speaker": q.speaker, "speaker_id": q.speaker_id, "text": text,
                        **_source(article, base_url)})
    out.sort(key=lambda q: q["speaker_id"] is None)
    return out[:limit]


def sources(pairs: list[Pair], base_url: str | None = None,
            limit: int = MAX_SOURCES) -> list[dict[str, Any]]:
    """The story's articles to read, one per outlet first (latest of each), then the rest."""
    latest: dict[str | None, Article] = {}
    for article, _ in pairs:
        latest[article.source] = article
    first = list(reversed(latest.values()))
    taken = {a.id for a in first}
    rest = [a for a, _ in reversed(pairs) if a.id not in taken]
    return [_source(a, base_url) for a in (first + rest)[:limit]]


def read_members(store: Any, ids: list[str]) -> list[Pair]:
    """The articles of ``ids`` that exist, in the order given."""
    found = store.get_articles(ids)
    return [found[i] for i in ids if i in found]
