"""An alert's Atom feed: one entry per story it fired for (and one per growth), newest first.

The entries are the alert's ``atom`` deliveries, recorded with the others when due, so the
feed says exactly what the webhook and e-mail said. Entry ids are the delivery keys, stable
across requests, so a feed reader shows each story once.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from xml.etree import ElementTree as ET

from steppe.alerts.entry import entry_html
from steppe.alerts.send import REASONS, delivery_key
from steppe.store.alerts_sql import AlertRow, DeliveryRow

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 100


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, tz=timezone.utc).isoformat(timespec="seconds")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: Any) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def alert_feed(alert: AlertRow, deliveries: list[DeliveryRow], self_url: str,
               now: float) -> bytes:
    """The Atom document (UTF-8 bytes) of an alert's recorded deliveries."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", f"urn:steppe:alert:{alert.id}")
    _sub(feed, "title", f"Steppe — alerte « {alert.name} »")
    _sub(feed, "subtitle", alert.query)
    _sub(feed, "updated", _iso(max([d.created for d in deliveries], default=now)))
    _sub(feed, "link", rel="self", href=self_url)
    author = _sub(feed, "author")
    _sub(author, "name", "Steppe")
    for d in deliveries[:ENTRIES]:
        body = d.body
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"urn:steppe:delivery:{delivery_key(alert, d.story, d.reason)}")
        suffix = f" ({body['outlets']} médias)" if d.reason == "grow" else ""
        _sub(entry, "title", f"{body['label']}{suffix}")
        _sub(entry, "updated", _iso(d.created))
        _sub(entry, "link", href=body["url"])
        _sub(entry, "category", term=d.reason, label=REASONS.get(d.reason, d.reason))
        _sub(entry, "content", entry_html(body["entry"]), type="html")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
