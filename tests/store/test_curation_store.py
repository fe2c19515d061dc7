"""The curation log on both backends: versions, conflicts, undo marks, the active set."""

from __future__ import annotations

import pytest

from steppe.errors import Conflict, InputError, NotFound
from steppe.store.curation_sql import NewChange


def _change(op: str, ids: list[str], actor: str = "aigerim", undoes: int | None = None,
            at: str = "2026-12-05T14:05:09+00:00") -> NewChange:
    return NewChange(actor, at, op, ids, {"n": 1}, {"before": ids}, {"after": ids}, undoes)


def test_empty_log(store):
    assert store.kb_change_version() == 0
    assert store.kb_entity_version("person:x") == 0
    assert store.kb_changes() == [] and store.active_kb_changes() == []
    assert store.kb_change(1) is None


def test_record_and_read_back(store):
    first = store.record_kb_change(_change("alias", ["person:x"]), {"person:x": 0})
    second = store.record_kb_change(_change("merge", ["person:y", "person:x"]),
                                    {"person:y": 0, "person:x": first.id})
    assert second.id > first.id and store.kb_change_version() == second.id
    assert store.kb_entity_version("person:x") == second.id
    assert store.kb_entity_version("person:y") == second.id
    assert first.payload == {"n": 1} and first.before == {"before": ["person:x"]}
    assert [c.id for c in store.kb_changes()] == [second.id, first.id]
    assert [c.id for c in store.kb_changes("person:y")] == [second.id]
    assert [c.id for c in store.kb_changes(newest_first=False, limit=1)] == [first.id]
    assert [c.op for c in store.active_kb_changes()] == ["alias", "merge"]


def test_stale_version_is_a_conflict_and_writes_nothing(store):
    first = store.record_kb_change(_change("alias", ["person:x"], actor="Dana"),
                                   {"person:x": 0})
    with pytest.raises(Conflict) as caught:  # a second editor who loaded the page before it
        store.record_kb_change(_change("reject", ["person:x", "person:z"]),
                               {"person:z": 0, "person:x": 0})
    assert "modifiée par Dana à 14:05" in str(caught.value) and "rechargez" in str(caught.value)
    assert store.kb_change_version() == first.id          # nothing half-written
    assert store.kb_entity_version("person:z") == 0


def test_undo_marks_and_leaves_the_active_set(store):
    first = store.record_kb_change(_change("alias", ["person:x"]), {"person:x": 0})
    undo = store.record_kb_change(_change("undo", ["person:x"], undoes=first.id),
                                  {"person:x": first.id})
    again = store.kb_change(first.id)
    assert again.undone_by == undo.id and again.undone_at == undo.at and not again.active
    assert undo.undoes == first.id and store.active_kb_changes() == []
    with pytest.raises(Conflict):      # twice: refused, and nothing written
        store.record_kb_change(_change("undo", ["person:x"], undoes=first.id),
                               {"person:x": undo.id})
    with pytest.raises(InputError):    # an undo is not undone; redo the change instead
        store.record_kb_change(_change("undo", ["person:x"], undoes=undo.id),
                               {"person:x": undo.id})
    with pytest.raises(NotFound):
        store.record_kb_change(_change("undo", ["person:x"], undoes=999),
                               {"person:x": undo.id})
    assert store.kb_change_version() == undo.id


def test_stories_are_retagged(store):
    store.retag_stories("entity:person:x", [1, 2])
    store.retag_stories("entity:person:y", [2, 3])
    assert store.story_pks_tagged("entity:person:x") == [1, 2]
    store.retag_stories("entity:person:y", [1, 2], "entity:person:x")     # a merge
    assert store.story_pks_tagged("entity:person:x") == []
    assert store.story_pks_tagged("entity:person:y") == [1, 2, 3]
    store.retag_stories("entity:person:x", [1, 2], "entity:person:y", [1])  # its undo
    assert store.story_pks_tagged("entity:person:x") == [1, 2]
    assert store.story_pks_tagged("entity:person:y") == [2, 3]
    store.retag_stories("entity:person:y", [3])                               # idempotent
    assert store.story_pks_tagged("entity:person:y") == [2, 3]


def test_two_editors_at_once_the_second_waits_then_conflicts(store):
    """The check and the write are one serialised transaction: an editor whose write starts
    while another's is open waits for it, then finds the version moved (nothing lost)."""
    import threading

    from steppe.store import open_store

    other = open_store(store.url)
    outcome: dict[str, object] = {}
    started = threading.Event()

    def second() -> None:
        started.set()
        try:
            other.record_kb_change(_change("reject", ["person:x"], actor="B"), {"person:x": 0})
            outcome["second"] = "written"
        except Conflict as exc:
            outcome["second"] = str(exc)

    try:
        with store.transaction():
            first = store.record_kb_change(_change("alias", ["person:x"], actor="A"),
                                           {"person:x": 0})
            thread = threading.Thread(target=second)
            thread.start()
            started.wait(5)
            thread.join(0.5)
            assert thread.is_alive()            # held by the lock until the first commits
        thread.join(20)
        assert "modifiée par A" in str(outcome["second"])
        assert [c.id for c in store.kb_changes()] == [first.id]
    finally:
        other.close()
