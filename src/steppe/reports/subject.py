"""What a timeline is about: a country or an entity, named the way a user would name it.

Apart from ``reports.chronology`` because the entity and country pages build their timelines
with it, and this resolution needs their checks (``ENTITY_ID``, ``country_code``).
"""

from __future__ import annotations

from typing import Any

from steppe.errors import NotFound, quoted
from steppe.kb import KnowledgeBase
from steppe.reports.country import country_code
from steppe.reports.entity import ENTITY_ID
from steppe.store import Store


def timeline_subject(store: Store, kb: KnowledgeBase, value: str) -> dict[str, Any]:
    """What ``steppe timeline ARG`` names: a country (code, name or ``country:`` id), an entity
    id, or a knowledge-base name; NotFound otherwise."""
    value = value.strip()
    if len(value) == 2 and value.isalpha():
        return _country(kb, value)
    if ENTITY_ID.match(value):
        known = kb.get(value)
        if known is not None and known.type == "country" and known.country:
            return _country(kb, known.country)
        if known is not None:
            return {"kind": "entity", "id": known.id, "name": known.name, "type": known.type}
        facts = store.entity_facts(value)
        if facts is not None:
            return {"kind": "entity", "id": value, "name": facts["name"], "type": facts["type"]}
    found = kb.lookup(value) if value else []
    if found:
        known = found[0]
        if known.type == "country" and known.country:
            return _country(kb, known.country)
        return {"kind": "entity", "id": known.id, "name": known.name, "type": known.type}
    raise NotFound(f"aucune entité ni aucun pays ne s’appelle {quoted(value)}")


def _country(kb: KnowledgeBase, code: str) -> dict[str, Any]:
    code = country_code(kb, code)
    entity = kb.country_by_code[code]
    return {"kind": "country", "id": entity.id, "code": code, "name": entity.name,
            "type": "country"}
