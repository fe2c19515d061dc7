"""French words for events (issue 15): PLOVER types, modes, statuses and quad classes, read
once from ``resources/plover.json`` (knowledge lives in data), for pages, the agenda and
their JSON. Quad classes are named as the relations report names them
(``verbal_cooperation`` …), in the file's order (1 verbal cooperation … 4 material conflict)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Any

QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")


@lru_cache(maxsize=1)
def plover() -> dict[str, Any]:
    text = files("steppe.resources").joinpath("plover.json").read_text(encoding="utf-8")
    return json.loads(text)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def type_label(code: str | None) -> str:
    """'CONSULT' → 'Consultation' (the code itself when unknown)."""
    if not code:
        return "Événement"
    known = plover()["types"].get(code)
    return _capital(known["label"]) if known else code


def mode_label(mode: str | None) -> str:
    """'visit' → 'visite'; '' for none."""
    return plover()["modes"].get(mode, mode) if mode else ""


def status_label(status: str | None) -> str:
    """'announced' → 'annoncé'."""
    return plover()["statuses"].get(status, status) if status else ""


def quad_label(quad: str | int | None) -> str:
    """'verbal_cooperation' (or 1) → 'Coopération verbale'."""
    for number, entry in plover()["quads"].items():
        if quad in (entry["name"], number) or str(quad) == number:
            return _capital(entry["label"])
    return str(quad or "")
