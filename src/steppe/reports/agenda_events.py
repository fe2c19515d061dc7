"""Announced events as agenda facts (issue 15): what an article's events say is coming.

An event of an annotation (``events``: a PLOVER type, its parties, a date, a status) is an
agenda fact when its status is *announced*, its date falls within the window and it was still
to come on the day the article said it. The fact has the shape of a mentioned date's
(``reports.dated.fact_of``), its sentence the event's with the date marked when the
annotation's dates place it there, plus ``event``: type, French label, mode, parties.
"""

from __future__ import annotations

import re
from typing import Any

from steppe.reports.dated import (article_reference, date_label, dates_of, field_text,
                                  period_start, said_label, valid_day)
from steppe.reports.event_labels import country_name, type_label, who_text

_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
GRANULARITY = {4: "year", 7: "month", 10: "day"}


def announced_events(record: dict[str, Any], lo: str, hi: str | None) -> list[dict[str, Any]]:
    """The record's announced events dated within [lo, hi] and after the day they were said,
    as agenda facts."""
    events = (record.get("annotation") or {}).get("events") or []
    if not events:
        return []
    day, basis = article_reference(record)
    if not day:
        day, basis = valid_day(record.get("ingested_at")), "ingestion"
    out = []
    for event in events:
        value = str(event.get("date") or "")[:10]
        if event.get("status") != "announced" or not _VALUE.match(value):
            continue
        start = period_start(value)
        if start < lo or (hi is not None and start > hi) or (day and start <= day):
            continue
        granularity = GRANULARITY[len(value)]
        out.append({"date": start, "value": value, "granularity": granularity,
                    "label": date_label(value, granularity), "field": event.get("field", "text"),
                    **_sentence(record, event, value),
                    "said_on": day, "said_on_basis": basis, "announced": True,
                    "said_label": said_label(day, basis), "event": event_card(event)})
    return out


def event_card(event: dict[str, Any]) -> dict[str, Any]:
    """What a reader needs of an event: its type in French, its mode, who acts on whom."""
    return {"type": event.get("type"), "label": type_label(event.get("type")),
            "mode": event.get("mode"), "status": event.get("status"),
            "source": parties(event.get("source")), "recipient": parties(event.get("recipient")),
            "source_countries": _countries(event.get("source")),
            "recipient_countries": _countries(event.get("recipient")),
            # who acts on whom as one text (« Italie ↔ Kazakhstan » for a reciprocal act,
            # whatever the order the parties are listed in), for pages, the CLI and digests
            "who": who_text(parties(event.get("source")), parties(event.get("recipient")))
            if event.get("source") or event.get("recipient") else ""}


def marker_text(card: dict[str, Any]) -> str:
    """« Aide · Chine → Kazakhstan »: an agenda line's ``event`` (``event_card``) as one line
    of text, for the CLI and the digest (pages draw it with the ``event_marker`` macro)."""
    text = card.get("label") or type_label(card.get("type"))
    if card.get("source") or card.get("recipient"):
        text += " · " + who_text(card.get("source"), card.get("recipient"))
    return text


def parties(actors: list[dict[str, Any]] | None) -> str:
    """'Chine, Kassym-Jomart Tokaïev (Kazakhstan)': the actors as the article names them,
    with the state they stand for when the name is not the state's."""
    return ", ".join(dict.fromkeys(_party(a) for a in actors or []))


def _party(actor: dict[str, Any]) -> str:
    code, name = actor.get("country"), str(actor.get("name") or "").strip()
    state = country_name(code) if code else ""
    if not name:
        return state or "?"
    return f"{name} ({state})" if state and state.casefold() != name.casefold() else name


def _countries(actors: list[dict[str, Any]] | None) -> list[str]:
    return list(dict.fromkeys(a["country"] for a in actors or [] if a.get("country")))


def _sentence(record: dict[str, Any], event: dict[str, Any], value: str) -> dict[str, Any]:
    """The event's sentence, and where its date sits in it when a stored date of that value
    lies inside the sentence (an event out of step with the text keeps its own sentence)."""
    sentence = str(event.get("text") or "")
    field = event.get("field", "text")
    start, end = int(event.get("start", -1)), int(event.get("end", -1))
    if not (0 <= start < end and field_text(record, field)[start:end] == sentence):
        return {"text": "", "sentence": sentence, "mark": None}
    for ref in dates_of(record):
        if ref["field"] == field and ref["value"][:10] == value and \
                start <= ref["start"] and ref["end"] <= end:
            return {"text": ref["text"], "sentence": sentence,
                    "mark": [ref["start"] - start, ref["end"] - start]}
    return {"text": "", "sentence": sentence, "mark": None}
