"""Events as pages show them (issue 15): one flat view per event, whatever produced it (an
article's annotation, ``reports.relations``' latest events, a partner's), so one Jinja macro
(``events_macros.html``) lists them all: French type, mode and status, who acts on whom,
the date, the sentence, the article it was read in (``who``, from ``reports.event_labels``,
says who acts on whom)."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from steppe.model import Annotation
from steppe.reports.agenda_events import parties
from steppe.reports.event_labels import mode_label, status_label, type_label, who


def _actors(value: Any) -> list[str]:
    """Parties' names: a side of ``reports.events`` (``{"countries", "country_names",
    "names"}``: its countries' names, else its actors'), a list of actors of an annotation
    (their names as the article gives them, with their state), or a string."""
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, Mapping):
        if "country_names" in value or "names" in value:
            return list(value.get("country_names") or value.get("names") or [])
        value = [value]
    text = parties([a if isinstance(a, Mapping) else {"name": str(a)} for a in value or []])
    return text.split(", ") if text else []


def event_view(event: Mapping[str, Any]) -> dict[str, Any]:
    """One event for a template, from an annotation's event or an item of ``reports.events``
    (whose first report, ``first``, is the article linked)."""
    card = event.get("first") if isinstance(event.get("first"), Mapping) else {}
    kind = event.get("type")
    reports = event.get("reports")
    return {
        "type": kind, "label": type_label(kind), "mode": event.get("mode"),
        "mode_label": mode_label(event.get("mode")),
        "who": who(_actors(event.get("source")), _actors(event.get("recipient"))),
        "status": event.get("status"), "status_label": status_label(event.get("status")),
        "date": event.get("date"), "sentence": event.get("sentence") or event.get("text") or "",
        "reports": reports if isinstance(reports, int) else None,
        "article_id": card.get("id"), "title": card.get("title"), "outlet": card.get("outlet"),
    }


def event_views(events: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [event_view(e) for e in events]


def article_events(ann: Annotation | None) -> list[dict[str, Any]]:
    """The events of an article's annotation, in the order of the text."""
    if ann is None or not getattr(ann, "events", None):
        return []
    events = sorted(ann.events, key=lambda e: (e.field != "title", e.start))
    return [event_view(e.to_dict()) for e in events]
