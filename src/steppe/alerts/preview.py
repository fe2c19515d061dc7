"""``steppe alerts test``: the stories an alert's query matches now, and what would be sent.

The whole archive is searched once here (a person asked for it); firing never does that.
Nothing is recorded: with ``send``, one real delivery per channel goes out for the latest
matching story with the reason ``test`` (same body, signature and headers as a real one),
so the receiving end can be checked; it is neither logged nor deduplicated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from steppe.alerts.entry import story_entry, story_url
from steppe.alerts.send import delivery_key, send, webhook_body
from steppe.search.matches import matching_ids
from steppe.settings import Settings
from steppe.store.alerts_sql import AlertRow, DeliveryRow
from steppe.store.base import Store


def preview(store: Store, settings: Settings, index_dir: str | Path, alert: AlertRow,
            limit: int = 10, send_one: bool = False) -> dict[str, Any]:
    """{stories: [...], would_send: webhook JSON of the first, sent: [channel results]}."""
    ids = matching_ids(store, index_dir, alert.query)
    stories: dict[str, dict[str, Any]] = {}
    for story in store.live_stories_of(sorted(ids)).values():
        stories[story["id"]] = story
    ranked = sorted(stories.values(), key=lambda s: (-s["sources"], -s["size"], s["id"]))
    out: dict[str, Any] = {"alert": alert.name, "query": alert.query,
                           "matching_articles": len(ids), "matching_stories": len(ranked),
                           "stories": ranked[:limit], "would_send": None, "sent": []}
    if not ranked:
        return out
    first = ranked[0]["id"]
    entry = story_entry(store, first, settings.public_url)
    body = {"alert": alert.name, "reason": "test", "story": first, "label": entry["label"],
            "url": story_url(settings.public_url, first), "outlets": entry["outlets"],
            "articles": entry["articles"], "entry": entry}
    out["would_send"] = webhook_body(alert, body, delivery_key(alert, first, "test"))
    if send_one:
        for channel in alert.channels()[1:]:
            delivery = DeliveryRow(0, alert.id, first, "test", channel, "due", 0, None, 0.0,
                                   None, body, 0.0, 0.0, None)
            try:
                send(settings, alert, delivery)
                out["sent"].append({"channel": channel, "state": "sent"})
            except Exception as exc:  # noqa: BLE001 - reported, one line per channel
                out["sent"].append({"channel": channel, "state": "failed", "error": str(exc)})
    return out
