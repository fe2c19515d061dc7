"""Curation on the web: the entity page's audit log and editors' forms, and their API twins.

Everyone sees an entity's audit log (who, when, what, before → after) and, while the
re-annotation a change queued runs, a progress line. Editors (``require_role("editor")``,
which also checks a browser form's CSRF token) get forms for each operation; each form carries
the entity's version as the page showed it, so a second editor submitting from a stale page
gets the store's Conflict (409, in French) and nothing is written. The routes call the same
library functions as ``steppe kb …`` (``steppe.curate``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Body, Depends, Path, Request
from fastapi.responses import RedirectResponse, Response

from steppe.accounts.roles import RANK
from steppe.curate import apply_change, describe, undo_change
from steppe.curate.apply import OP_WORDS, progress
from steppe.enrich.kb_access import refresh_overlay
from steppe.errors import InputError
from steppe.kb import KnowledgeBase
from steppe.kb.curation import OPS, change_lines
from steppe.model import ENTITY_TYPES
from steppe.store import Store
from steppe.store.accounts_sql import UserRow
from steppe.web.auth import current_user, read_form, require_role
from steppe.web.deps import store_of, web_state

router = APIRouter()
EDITOR = require_role("editor")
FIELDS = {"merge": ("other",), "split": ("articles", "mentions", "name", "type", "country"),
          "alias": ("name",), "unalias": ("name",), "reject": (), "retype": ("type", "country")}


def curated_kb(request: Request, store: Store) -> KnowledgeBase:
    """The KB as this base's curation log says (merged ids redirect, new aliases known)."""
    refresh_overlay(store)
    return web_state(request).kb()


def merged_away(kb: KnowledgeBase, entity_id: str, prefix: str) -> RedirectResponse | None:
    """For an entity merged into another, a 302 to the survivor's URL under ``prefix``
    (``/entities`` for the page, ``/api/entities`` for its JSON twin); 302, not 301, since an
    undo may bring the entity back. None for any other entity."""
    if entity_id not in kb.redirects:
        return None
    return RedirectResponse(f"{prefix}/{quote(kb.redirects[entity_id], safe=':')}", status_code=302)


def curation_panel(request: Request, store: Store, entity_id: str) -> dict[str, Any]:
    """What the entity page shows of curation: log, version, progress, may this visitor edit."""
    changes = store.kb_changes(entity_id, 50)
    running = next((p for c in changes[:3] if (p := progress(store, c)) is not None), None)
    user = current_user(request)
    return {"log": [{"id": c.id, "actor": c.actor, "at": c.at.replace("T", " ")[:16],
                     "op": c.op, "op_word": OP_WORDS.get(c.op, c.op), "lines": change_lines(c.before, c.after),
                     "undone_by": c.undone_by, "undoable": c.op != "undo" and not c.undone_by}
                    for c in changes],
            "version": store.kb_entity_version(entity_id), "running": running,
            "can_edit": bool(user and RANK.get(user.role, -1) >= RANK["editor"]),
            "types": ENTITY_TYPES}


def _args(op: str, entity_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The library's arguments from a form's or a JSON body's fields."""
    if op == "merge":       # the page's entity is merged INTO another: it is the one to go
        return {"keep": str(fields.get("into") or fields.get("keep") or ""), "other": entity_id}
    args: dict[str, Any] = {"id": entity_id}
    for name in FIELDS[op]:
        value = fields.get(name)
        if name in ("articles", "mentions") and isinstance(value, str):
            value = [v.strip() for v in value.replace("\n", ",").split(",") if v.strip()]
        if value not in (None, "", []):
            args[name] = value
    return args


def _version(fields: dict[str, Any]) -> int:
    try:
        return int(fields.get("version", ""))
    except (TypeError, ValueError):
        raise InputError("version de l’entité manquante : rechargez la page") from None


def _expected(entity_id: str, fields: dict[str, Any], store: Store) -> dict[str, int]:
    """The page's entity at the version the form carried; the other one of a merge as now."""
    seen = {entity_id: _version(fields)}
    other = str(fields.get("into") or "")
    if other:
        seen[other] = store.kb_entity_version(other)
    return seen


def _op(op: str) -> str:
    if op not in OPS:
        raise InputError(f"opération de curation inconnue « {op} » (au choix : "
                         f"{', '.join(OPS)})")
    return op


@router.post("/entities/{entity_id}/curate", include_in_schema=False)
async def curate_form(request: Request, entity_id: str = Path(max_length=300),
                      store: Store = Depends(store_of),
                      user: UserRow = Depends(EDITOR)) -> Response:
    """The entity page's forms: one change, then back to the page (the survivor's, after a
    merge). Errors (a conflict among them) are the app's French error page."""
    fields = await read_form(request)
    settings = web_state(request).settings
    if fields.get("op") == "undo":
        applied = undo_change(store, settings.kb_file, _change_id(fields), user.name,
                              web_state(request).index_dir, {entity_id: _version(fields)})
    else:
        op = _op(fields.get("op", ""))
        applied = apply_change(store, settings.kb_file, op, _args(op, entity_id, fields),
                               user.name, web_state(request).index_dir,
                               _expected(entity_id, fields, store))
    target = applied.change.payload.get("keep") if applied.change.op == "merge" else entity_id
    return RedirectResponse(f"/entities/{quote(str(target), safe=':')}?fait={applied.change.id}",
                            status_code=303)


def _change_id(fields: dict[str, Any]) -> int:
    try:
        return int(fields.get("change", ""))
    except (TypeError, ValueError):
        raise InputError("numéro de modification manquant") from None


@router.get("/api/entities/{entity_id}/log", summary="Journal des modifications d’une entité")
def api_log(entity_id: str = Path(max_length=300),
            store: Store = Depends(store_of)) -> dict[str, Any]:
    return {"entity": entity_id, "version": store.kb_entity_version(entity_id),
            "changes": [c.to_dict() for c in store.kb_changes(entity_id, 200)]}


@router.post("/api/entities/{entity_id}/{op}", summary="Corriger une entité (éditeurs) : "
             "merge (champ into), split, alias, unalias, reject, retype ; champ version")
def api_curate(request: Request, entity_id: str = Path(max_length=300),
               op: str = Path(max_length=20), body: dict[str, Any] = Body(default_factory=dict),
               store: Store = Depends(store_of), user: UserRow = Depends(EDITOR)) -> Any:
    settings = web_state(request).settings
    expected = _expected(entity_id, body, store) if "version" in body else None
    applied = apply_change(store, settings.kb_file, _op(op), _args(op, entity_id, body),
                           user.name, web_state(request).index_dir, expected)
    return {**applied.to_dict(), "message": describe(applied)}


@router.post("/api/kb/changes/{change_id}/undo", summary="Annuler une modification (éditeurs)")
def api_undo(request: Request, change_id: int, store: Store = Depends(store_of),
             user: UserRow = Depends(EDITOR)) -> Any:
    settings = web_state(request).settings
    applied = undo_change(store, settings.kb_file, change_id, user.name,
                          web_state(request).index_dir)
    return {**applied.to_dict(), "message": describe(applied)}
