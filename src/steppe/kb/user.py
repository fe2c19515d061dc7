"""User additions to the knowledge base: a JSONL file that overrides bundled records by id.

A file (not the database) keeps additions reviewable, shareable and versionable, and lets the
same additions serve every database a user works with. Adding a name the knowledge base already
holds merges into that record instead of creating a twin: two records for one person would
split its mentions between two ids.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from steppe.errors import InputError, quoted
from steppe.kb.loader import KBEntity, KnowledgeBase, fold, slug
from steppe.model import ENTITY_TYPES

ID_PREFIX = {"person": "person", "organization": "org", "place": "place", "country": "country",
             "region": "region", "other": "other"}


def new_record(name: str, type: str, country: str | None = None, aliases: list[str] | None = None,
               entity_id: str | None = None, role: str | None = None,
               known_countries: set[str] | None = None) -> dict[str, Any]:
    """A validated KB record for a user-added entity.

    ``known_countries``, when given, are the codes the KB knows: a code outside them (a typo
    such as ``KY`` for Kyrgyzstan) is refused, since it would silently attach the entity to no
    country page."""
    name = name.strip()
    if not name:
        raise InputError("kb add : le nom est vide")
    if type not in ENTITY_TYPES:
        raise InputError(f"kb add : type inconnu {quoted(type)} "
                         f"(au choix : {', '.join(ENTITY_TYPES)})")
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        raise InputError(f"kb add : le pays doit être un code ISO 3166-1 alpha-2 comme KZ, "
                         f"reçu {quoted(country)}")
    if country and known_countries is not None and country not in known_countries:
        raise InputError(f"kb add : code pays inconnu {quoted(country)} (ISO 3166-1 alpha-2 "
                         f"d’un pays de la base, ex. KZ, KG, UZ, TJ, TM)")
    record: dict[str, Any] = {
        "id": entity_id or f"{ID_PREFIX[type]}:{slug(name)}", "type": type, "name": name,
        "country": country, "aliases": {"fr": [a.strip() for a in aliases or [] if a.strip()]},
        "user": True,
    }
    if role:
        record["role"] = role
    return record


def _one_line(text: str) -> str:
    """JSON with the characters other tools take for line breaks escaped (U+0085, U+2028,
    U+2029: json.dumps leaves them as they are when it keeps non-ASCII text readable)."""
    return text.replace("\u0085", "\\u0085").replace("\u2028", "\\u2028") \
        .replace("\u2029", "\\u2029")


def append_record(path: str, record: dict[str, Any]) -> KBEntity:
    """Append one record to the user's file (created when missing)."""
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{path} : c’est un dossier, pas un fichier de base de connaissances")
    try:
        with target.open("a", encoding="utf-8") as f:
            f.write(_one_line(json.dumps(record, ensure_ascii=False)) + "\n")
    except OSError as exc:
        raise InputError(f"{path} : écriture impossible ({exc.strerror})") from None
    return KBEntity.from_record(record)


@dataclass(frozen=True)
class Added:
    """What ``add_record`` did: the entity as now stored, and the record it merged into."""

    entity: KBEntity
    merged_into: KBEntity | None = None


def existing_for(kb: KnowledgeBase, record: dict[str, Any]) -> KBEntity | None:
    """The KB entity a new record names again: same id, else the one entity of the same type
    one of whose names is the new name (accents and case aside)."""
    same_id = kb.get(record["id"])
    if same_id is not None:
        return same_id
    same_name = [e for e in kb.lookup(record["name"])
                 if e.type == record["type"] and fold(record["name"]) in map(fold, e.all_names())]
    return same_name[0] if len(same_name) == 1 else None


def merged(old: KBEntity, new: dict[str, Any]) -> dict[str, Any]:
    """The old record with the new names added after its own (earlier aliases first, none
    lost) and the new country or role only where the old one had none."""
    record = dict(old.raw)
    aliases = old.raw.get("aliases") or {}
    by_lang = {k: list(v) for k, v in aliases.items()} if isinstance(aliases, dict) \
        else {"fr": list(aliases)}
    known = {fold(a) for a in old.all_names()}
    for alias in [new["name"], *new["aliases"].get("fr", [])]:
        if fold(alias) not in known:
            by_lang.setdefault("fr", []).append(alias)
            known.add(fold(alias))
    record["aliases"] = by_lang
    for key in ("country", "role"):
        if new.get(key) and not record.get(key):
            record[key] = new[key]
    record["user"] = True
    return record


def add_record(path: str, record: dict[str, Any], kb: KnowledgeBase) -> Added:
    """Add ``record`` to the user's file, merged into the entity it names again if any.

    A merge rewrites the user's file without the entity's older lines (atomically: a temporary
    file renamed over it) and appends the merged record; a bundled entity gets an override
    carrying its bundled names too, so nothing it matched before is lost."""
    old = existing_for(kb, record)
    if old is None:
        return Added(append_record(path, record))
    combined = merged(old, record)
    _drop_lines_of(path, old.id)
    return Added(append_record(path, combined), old)


def _drop_lines_of(path: str, entity_id: str) -> None:
    target = Path(path)
    if not target.is_file():
        return
    lines = target.read_text(encoding="utf-8").split("\n")
    kept = [line for line in lines if line.strip() and _id_of(line) != entity_id]
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text("".join(line + "\n" for line in kept), encoding="utf-8")
    os.replace(temporary, target)


def _id_of(line: str) -> str | None:
    try:
        value = json.loads(line)
    except json.JSONDecodeError:
        return None
    return value.get("id") if isinstance(value, dict) else None
