"""Who said what: an entity's own quotes, and the quotes of others that name it.

Both read annotation records as plain dicts (``Store.annotation_records``): a page scans a
hundred articles for a handful of quotes, and building model objects for all of them would
cost more than the rest of the page.
"""

from __future__ import annotations

from typing import Any, Iterable

QUOTES = 10
Record = dict[str, Any]


def _item(record: Record, quote: dict[str, Any]) -> dict[str, Any]:
    return {"text": quote.get("text"), "speaker": quote.get("speaker"),
            "speaker_id": quote.get("speaker_id"),
            "article": {k: record.get(k) for k in ("id", "title", "published", "source")}}


def _quotes(record: Record) -> list[dict[str, Any]]:
    return (record.get("annotation") or {}).get("quotes") or []


def quotes_by(entity_id: str, records: Iterable[Record], limit: int = QUOTES) -> list[dict[str, Any]]:
    """Quotes whose speaker is ``entity_id``, in the order of ``records`` (newest first)."""
    out = []
    for record in records:
        for quote in _quotes(record):
            if quote.get("speaker_id") == entity_id:
                out.append(_item(record, quote))
                if len(out) >= limit:
                    return out
    return out


def quotes_about(entity_id: str, records: Iterable[Record], limit: int = QUOTES) -> list[dict[str, Any]]:
    """Quotes by someone else that mention ``entity_id`` inside the quotation."""
    out = []
    for record in records:
        quotes = [q for q in _quotes(record) if q.get("speaker_id") != entity_id]
        if not quotes:
            continue
        mentions = [m for e in record["annotation"].get("entities") or [] if e.get("id") == entity_id
                    for m in e.get("mentions") or []]
        for quote in quotes:
            if any(m.get("field") == quote.get("field") and quote.get("start", 0) <= m.get("start", -1)
                   and m.get("end", 0) <= quote.get("end", -1) for m in mentions):
                out.append(_item(record, quote))
                if len(out) >= limit:
                    return out
    return out
