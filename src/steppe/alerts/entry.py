"""What a delivery says about a story: the digest's entry for it (``steppe.reports.digest``).

Label, the sentences that best summarise it, key figures and quotes, each copied whole from
a member article with its outlet and link (never written by us), as HTML with inline styles
and as plain text (``steppe.reports.digest_text``), so an alert e-mail reads like the
digest. The webhook body takes the summary sentences and the sources' headlines from it.
"""

from __future__ import annotations

from typing import Any

from steppe.reports.digest import story_entry as digest_entry
from steppe.reports.digest_text import entry_html, entry_text
from steppe.store.base import Store

__all__ = ["entry_html", "entry_text", "story_entry", "story_url", "webhook_parts"]


def story_url(public_url: str, story_id: str) -> str:
    return f"{public_url.rstrip('/')}/stories/{story_id}"


def story_entry(store: Store, story_id: str, public_url: str = "") -> dict[str, Any]:
    """The story's digest entry, its links under ``public_url`` when set."""
    return digest_entry(store, story_id, public_url or None)


def webhook_parts(entry: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(summary sentences, headlines), each with its outlet and link, for the JSON body."""
    sentences = [{"text": s["text"], "outlet": s.get("outlet"), "url": s.get("href")}
                 for s in entry.get("summary", [])]
    headlines = [{"title": s.get("title"), "outlet": s.get("outlet"), "url": s.get("href")}
                 for s in entry.get("sources", [])]
    return sentences, headlines
