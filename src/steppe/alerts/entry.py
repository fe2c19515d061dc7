"""What a delivery says about a story: its label, a lead sentence and headlines, with links.

The digest (``steppe.reports.digest``) owns the richer "story entry"; until alerts switch to
it, this module builds a simple one behind the same three names, so switching is one import.
Every sentence is copied whole from a stored article, never written by us.
"""

from __future__ import annotations

import html
from typing import Any

from steppe.reports.sentences import sentence_spans
from steppe.store.base import Store

HEADLINES = 3


def story_url(public_url: str, story_id: str) -> str:
    return f"{public_url.rstrip('/')}/stories/{story_id}"


def story_entry(store: Store, story_id: str) -> dict[str, Any]:
    """The story's label, outlets, lead sentence and headlines (one per outlet, most central
    first)."""
    story = store.resolve_story(story_id)
    members = sorted(store.story_member_rows(int(story["pk"]), limit=200),
                     key=lambda m: (-float(m["centrality"]), m["seq"]))
    cards = store.article_cards([m["article_id"] for m in members])
    headlines, outlets = [], set()
    for m in members:
        card = cards.get(m["article_id"])
        if card is None or card["source"] in outlets and card["source"] is not None:
            continue
        outlets.add(card["source"])
        headlines.append({"article": m["article_id"], "title": card["title"] or "",
                          "outlet": card["source"], "url": card["url"],
                          "published": card["published"]})
        if len(headlines) == HEADLINES:
            break
    return {"story": story["id"], "label": story["label"], "outlets": int(story["sources"]),
            "articles": int(story["size"]), "sentences": _lead(store, headlines),
            "headlines": headlines}


def _lead(store: Store, headlines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first sentence of the most central article's text, verbatim."""
    if not headlines:
        return []
    first = headlines[0]
    found = store.get_articles([first["article"]]).get(first["article"])
    text = found[0].text if found else ""
    spans = sentence_spans(text or "")
    if not spans:
        return []
    start, end = spans[0]
    return [{"text": text[start:end], "outlet": first["outlet"], "url": first["url"],
             "article": first["article"]}]


def entry_text(entry: dict[str, Any]) -> str:
    lines = [entry["label"], f"{entry['outlets']} média(s), {entry['articles']} article(s)", ""]
    lines += [f"« {s['text']} » ({s['outlet'] or '?'}, {s['url'] or ''})"
              for s in entry["sentences"]]
    lines += [f"- {h['title']} ({h['outlet'] or '?'}) {h['url'] or ''}" for h in entry["headlines"]]
    return "\n".join(lines).strip() + "\n"


def entry_html(entry: dict[str, Any]) -> str:
    e = html.escape
    parts = [f"<h2>{e(entry['label'])}</h2>",
             f"<p>{entry['outlets']} média(s), {entry['articles']} article(s)</p>"]
    for s in entry["sentences"]:
        parts.append(f"<blockquote>{e(s['text'])} — <a href=\"{e(s['url'] or '')}\">"
                     f"{e(s['outlet'] or '?')}</a></blockquote>")
    if entry["headlines"]:
        items = "".join(f"<li><a href=\"{e(h['url'] or '')}\">{e(h['title'])}</a> "
                        f"({e(h['outlet'] or '?')})</li>" for h in entry["headlines"])
        parts.append(f"<ul>{items}</ul>")
    return "\n".join(parts)
