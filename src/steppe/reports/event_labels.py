"""French words for events (issue 15), in one place: PLOVER types, modes, statuses and quad
classes from ``resources/plover.json`` (read once, by ``store.events_sql.plover``: knowledge
lives in data), countries' French names (``reports.french.country_names``), and who acts on
whom (« Chine → Kazakhstan »). Reports, pages, the CLI and their JSON all take them from here.

Quad classes are named as the relations report names them (``verbal_cooperation`` …), in the
file's order (1 verbal cooperation … 4 material conflict). Labels come lower-case as the file
writes them (« aide ») or capitalised for a badge or a heading (« Aide »)."""

from __future__ import annotations

from steppe.reports.french import country_names
from steppe.store.events_sql import plover

__all__ = ["QUADS", "country_name", "country_names", "mode_label", "plover", "quad_label",
           "quad_labels", "quad_names", "status_label", "type_label", "who", "who_text"]

QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")




def country_name(code: str) -> str:
    return country_names().get(code, code)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def type_label(code: str | None, capital: bool = True) -> str:
    """'CONSULT' → 'Consultation' ('consultation' with ``capital=False``; the code itself
    when unknown, « Événement » for none)."""
    if not code:
        return "Événement" if capital else "événement"
    known = plover()["types"].get(code)
    if not known:
        return code
    return _capital(known["label"]) if capital else known["label"]


def mode_label(mode: str | None) -> str:
    """'visit' → 'visite'; '' for none."""
    return plover()["modes"].get(mode, mode) if mode else ""


def status_label(status: str | None) -> str:
    """'announced' → 'annoncé'."""
    return plover()["statuses"].get(status, status) if status else ""


def quad_names() -> dict[int, str]:
    """1 → verbal_cooperation … 4 → material_conflict."""
    return {int(k): v["name"] for k, v in plover()["quads"].items()}


def quad_labels() -> dict[str, str]:
    """verbal_cooperation → « coopération verbale » …, in quad order."""
    return {v["name"]: v["label"] for _, v in sorted(plover()["quads"].items())}


def quad_label(quad: str | int | None, capital: bool = True) -> str:
    """'verbal_cooperation' (or 1) → 'Coopération verbale'."""
    for number, entry in plover()["quads"].items():
        if quad in (entry["name"], number) or str(quad) == number:
            return _capital(entry["label"]) if capital else entry["label"]
    return str(quad or "")


def who(source: list[str], recipient: list[str]) -> str:
    """'Chine → Kazakhstan'; 'Italie ↔ Kazakhstan' for a reciprocal act (every party on
    both sides: a summit, a jointly signed accord); 'Chine' when nobody receives it."""
    if source and sorted(source) == sorted(recipient):
        return " ↔ ".join(source)
    text = ", ".join(source) or "?"
    return f"{text} → {', '.join(recipient)}" if recipient else text


def who_text(source: str | None, recipient: str | None) -> str:
    """``who`` for parties already joined as text (« Chine, Russie »), as an agenda line's
    ``event`` carries them."""
    def split(text: str | None) -> list[str]:
        return [p for p in (text or "").split(", ") if p]
    return who(split(source), split(recipient))
