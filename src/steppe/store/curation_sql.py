"""The knowledge-base curation log in the store: one implementation, two backends (``?`` marks).

Each change people make to the KB is one row of ``kb_changes``; the entities it touches are
rows of ``kb_change_entities``, so an entity's *version* (the id of the last change touching
it) is one indexed lookup. A write names the versions its author saw; ``record_kb_change``
checks them and writes in ONE transaction, after taking a lock that serialises curation
writes (SQLite's ``BEGIN IMMEDIATE`` already does; PostgreSQL locks the table), so of two
editors working from the same page the second is refused with who changed what and when,
and nothing of either is half-written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable

from steppe.errors import Conflict, InputError, NotFound

_COLUMNS = ("id, actor, at, op, entity_ids, payload, before, after, undoes, undone_by, "
            "undone_at")


@dataclass
class KBChange:
    """One row of the audit log: who did what to which entities, the state before and after."""

    id: int
    actor: str
    at: str                     # ISO 8601, UTC
    op: str                     # merge | split | alias | unalias | reject | retype | undo
    entity_ids: list[str]
    payload: dict[str, Any]     # the operation's arguments, as validated
    before: dict[str, Any]
    after: dict[str, Any]
    undoes: int | None = None
    undone_by: int | None = None
    undone_at: str | None = None

    @property
    def active(self) -> bool:
        """Part of the KB overlay: a change not undone, and not an undo row itself."""
        return self.op != "undo" and self.undone_by is None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class NewChange:
    """What a caller asks the store to record (the id and time come from the store)."""

    actor: str
    at: str
    op: str
    entity_ids: list[str]
    payload: dict[str, Any] = field(default_factory=dict)
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    undoes: int | None = None


def _change(row: tuple[Any, ...]) -> KBChange:
    (cid, actor, at, op, ids, payload, before, after, undoes, undone_by, undone_at) = row
    return KBChange(int(cid), actor, at, op, json.loads(ids), json.loads(payload),
                    json.loads(before), json.loads(after),
                    None if undoes is None else int(undoes),
                    None if undone_by is None else int(undone_by), undone_at)


def _hhmm(at: str) -> str:
    """« 14:05 » of an ISO time (the conflict message names the minute, not the second)."""
    return at[11:16] if len(at) >= 16 else at


class CurationMixin:
    """Store methods behind ``steppe kb merge|split|alias|…``, ``kb log`` and ``kb undo``."""

    _CURATION_LOCK: str | None = None   # SQL serialising curation writes (backend's choice)

    def _q(self, sql: str, params: Iterable[Any] = ()) -> Any:  # pragma: no cover - hook
        raise NotImplementedError

    def _write(self) -> Any:  # pragma: no cover - hook
        raise NotImplementedError

    def kb_change_version(self) -> int:
        """The last change's id (0: none): workers compare it to the overlay they hold, one
        cheap query per batch, to know whether to reload it."""
        row = self._q("SELECT max(id) FROM kb_changes").fetchone()
        return int(row[0] or 0)

    def kb_entity_version(self, entity_id: str) -> int:
        """The id of the last change touching ``entity_id`` (0: never curated)."""
        row = self._q("SELECT max(change_id) FROM kb_change_entities WHERE entity_id = ?",
                      (entity_id,)).fetchone()
        return int(row[0] or 0)

    def kb_change(self, change_id: int) -> KBChange | None:
        row = self._q(f"SELECT {_COLUMNS} FROM kb_changes WHERE id = ?",
                      (int(change_id),)).fetchone()
        return None if row is None else _change(row)

    def kb_changes(self, entity_id: str | None = None, limit: int | None = None,
                   newest_first: bool = True) -> list[KBChange]:
        """The audit log, of one entity or of all; newest first unless asked otherwise."""
        order = "DESC" if newest_first else "ASC"
        tail = f" ORDER BY id {order}" + (" LIMIT ?" if limit else "")
        params: list[Any] = [int(limit)] if limit else []
        if entity_id is None:
            rows = self._q(f"SELECT {_COLUMNS} FROM kb_changes{tail}", params).fetchall()
        else:
            rows = self._q(f"SELECT {_COLUMNS} FROM kb_changes WHERE id IN (SELECT change_id "
                           f"FROM kb_change_entities WHERE entity_id = ?){tail}",
                           [entity_id, *params]).fetchall()
        return [_change(r) for r in rows]

    def active_kb_changes(self) -> list[KBChange]:
        """The changes that make the KB overlay, oldest first (later ones apply over earlier)."""
        rows = self._q(f"SELECT {_COLUMNS} FROM kb_changes WHERE op <> 'undo' AND "
                       "undone_by IS NULL ORDER BY id").fetchall()
        return [_change(r) for r in rows]

    def record_kb_change(self, change: NewChange, expected: dict[str, int]) -> KBChange:
        """Write ``change`` if every entity of ``expected`` is still at the version its author
        saw; else a Conflict naming who changed it and when. An undo row also marks the change
        it reverts as undone (refused if it already is). One transaction: all or nothing."""
        with self._write():
            if self._CURATION_LOCK:
                self._q(self._CURATION_LOCK)
            for entity_id, seen in expected.items():
                self._check_version(entity_id, int(seen))
            if change.undoes is not None:
                self._check_undoable(change.undoes)
            row = self._q("INSERT INTO kb_changes (actor, at, op, entity_ids, payload, before, "
                          "after, undoes) VALUES (?,?,?,?,?,?,?,?) RETURNING id",
                          (change.actor, change.at, change.op,
                           json.dumps(change.entity_ids, ensure_ascii=False),
                           json.dumps(change.payload, ensure_ascii=False),
                           json.dumps(change.before, ensure_ascii=False),
                           json.dumps(change.after, ensure_ascii=False),
                           change.undoes)).fetchone()
            cid = int(row[0])
            for entity_id in dict.fromkeys(change.entity_ids):
                self._q("INSERT INTO kb_change_entities (entity_id, change_id) VALUES (?, ?)",
                        (entity_id, cid))
            if change.undoes is not None:
                self._q("UPDATE kb_changes SET undone_by = ?, undone_at = ? WHERE id = ?",
                        (cid, change.at, int(change.undoes)))
        recorded = self.kb_change(cid)
        assert recorded is not None
        return recorded

    # -- stories follow (their tags are set when articles join; re-annotation leaves them) --
    def story_pks_tagged(self, tag: str) -> list[int]:
        """The stories filed under ``tag`` (``entity:ID``), for a change to record."""
        rows = self._q("SELECT story_pk FROM story_tags WHERE tag = ? ORDER BY story_pk",
                       (tag,)).fetchall()
        return [int(r[0]) for r in rows]

    def retag_stories(self, add: str | None, pks: list[int], remove: str | None = None,
                      remove_from: list[int] | None = None) -> None:
        """File stories ``pks`` under ``add``, and take ``remove`` off ``remove_from`` (all
        stories when None): a merge moves the merged entity's stories to its survivor, a
        reject takes them off, an undo puts back what the change recorded."""
        with self._write():
            for pk in dict.fromkeys(pks):
                if add:
                    self._q("INSERT INTO story_tags (tag, story_pk) VALUES (?, ?) "
                            "ON CONFLICT (tag, story_pk) DO NOTHING", (add, int(pk)))
            if remove and remove_from is None:
                self._q("DELETE FROM story_tags WHERE tag = ?", (remove,))
            elif remove:
                for pk in remove_from or []:
                    self._q("DELETE FROM story_tags WHERE tag = ? AND story_pk = ?",
                            (remove, int(pk)))

    def _check_version(self, entity_id: str, seen: int) -> None:
        current = self.kb_entity_version(entity_id)
        if current == seen:
            return
        last = self.kb_change(current) if current else None
        who = f"{last.actor} à {_hhmm(last.at)}" if last else "quelqu’un d’autre"
        raise Conflict(f"Cette entité ({entity_id}) a été modifiée par {who} ; rechargez la "
                       "page")

    def _check_undoable(self, change_id: int) -> None:
        target = self.kb_change(change_id)
        if target is None:
            raise NotFound(f"kb undo : aucune modification n° {change_id}")
        if target.op == "undo":
            raise InputError(f"kb undo : la modification n° {change_id} est déjà une "
                             "annulation ; annulez la modification d’origine")
        if target.undone_by is not None:
            raise Conflict(f"kb undo : la modification n° {change_id} a déjà été annulée (par "
                           f"la n° {target.undone_by})")


class PostgresCurationMixin(CurationMixin):
    """PostgreSQL runs transactions side by side: the version check and the write of two
    editors must not interleave, so a curation write locks the log (readers still read)."""

    _CURATION_LOCK = "LOCK TABLE kb_changes IN SHARE ROW EXCLUSIVE MODE"
