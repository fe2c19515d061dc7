"""The one seam from spaCy to Steppe's model: a processed Doc → an Annotation.

Offsets are mapped from the joined title+body string back to their field; anything that
straddles the two fields is dropped.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from steppe.enrich.doc_state import field_of, state
from steppe.kb import KnowledgeBase
from steppe.model import (Amount, Annotation, Article, CountryRef, DateRef, Entity, Event,
                          EventActor, Mention, Percent, Quote, Topic)


def to_annotation(doc: Doc, article: Article, kb: KnowledgeBase) -> Annotation:
    st = state(doc)
    ann = Annotation.empty(article)
    ann.entities = _entities(doc, kb, st.get("names", {}), st.get("entity_countries", {}))
    ann.countries = [CountryRef(code, kb.country_name(code), n)
                     for code, n in sorted(st.get("countries", {}).items(), key=lambda x: (-x[1], x[0]))]
    ann.dates = _located(doc, st.get("dates", []), lambda h, f, s, e: DateRef(
        f, s, e, h.text, h.value, h.granularity))
    ann.money = _located(doc, st.get("money", []), lambda h, f, s, e: Amount(
        f, s, e, h.text, h.amount, h.currency))
    ann.percents = _located(doc, st.get("percents", []), lambda h, f, s, e: Percent(
        f, s, e, h.text, h.value))
    ann.topics = [Topic(t.id, t.label, round(t.score, 3)) for t in st.get("topics", [])]
    ann.quotes = _located(doc, st.get("quotes", []), lambda h, f, s, e: Quote(
        h.speaker, h.speaker_id, h.text, f, s, e))
    ann.events = _located(doc, st.get("events", []), lambda h, f, s, e: _event(
        h, f, s, e, article.published))
    return ann


def _event(hit: Any, field: str, start: int, end: int, published: str | None) -> Event:
    """An event of the model; its date is the sentence's, else the publication date."""
    actors = lambda xs: [EventActor(a.name, a.country, a.entity_id) for a in xs]  # noqa: E731
    day = (published or "")[:10] or None
    date, date_from = (hit.date, "text") if hit.date else (day, "published" if day else "none")
    return Event(hit.type, hit.mode, actors(hit.source), actors(hit.recipient), date, date_from,
                 hit.status, hit.place, hit.text, field, start, end, hit.confidence)


def _entities(doc: Doc, kb: KnowledgeBase, names: dict[str, str],
              countries: dict[str, str]) -> list[Entity]:
    """One Entity per id; an entity the KB does not know may still have a country (a
    per-country institution, or a name with its country written in it)."""
    by_id: dict[str, Entity] = {}
    for span in sorted(doc.spans.get("entities", []), key=lambda s: s.start_char):
        where = field_of(doc, span.start_char, span.end_char)
        if where is None:
            continue
        entity = by_id.get(span.kb_id_)
        if entity is None:
            known = kb.get(span.kb_id_)
            country = known.country if known else countries.get(span.kb_id_)
            entity = by_id[span.kb_id_] = Entity(
                span.kb_id_, names.get(span.kb_id_, span.text), known.type if known else span.label_,
                country)
        entity.mentions.append(Mention(where[0], where[1], where[2], span.text))
    return list(by_id.values())


def _located(doc: Doc, hits: list[Any], build) -> list[Any]:
    out = []
    for hit in hits:
        where = field_of(doc, hit.start, hit.end)
        if where is not None:
            out.append(build(hit, *where))
    return out
