"""User additions to the knowledge base: a JSONL file that overrides bundled records by id.

A file (not the database) keeps additions reviewable, shareable and versionable, and lets the
same additions serve every database a user works with.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from steppe.errors import InputError
from steppe.kb.loader import KBEntity, slug
from steppe.model import ENTITY_TYPES

ID_PREFIX = {"person": "person", "organization": "org", "place": "place", "country": "country",
             "region": "region", "other": "other"}


def new_record(name: str, type: str, country: str | None = None, aliases: list[str] | None = None,
               entity_id: str | None = None, role: str | None = None) -> dict[str, Any]:
    """A validated KB record for a user-added entity."""
    name = name.strip()
    if not name:
        raise InputError("kb add: the name is empty")
    if type not in ENTITY_TYPES:
        raise InputError(f"kb add: unknown type {type!r} (choose from {', '.join(ENTITY_TYPES)})")
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        raise InputError(f"kb add: country must be an ISO 3166-1 alpha-2 code like KZ, got {country!r}")
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
        raise InputError(f"{path}: is a directory, not a knowledge-base file")
    try:
        with target.open("a", encoding="utf-8") as f:
            f.write(_one_line(json.dumps(record, ensure_ascii=False)) + "\n")
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
    return KBEntity.from_record(record)
