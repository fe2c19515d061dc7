"""Apply and undo knowledge-base curation changes, and re-annotate only what they touch.

One function per step of a change, shared by the CLI (``steppe kb merge|split|…``) and the web:

1. validate the operation against the KB as currently curated (``kb.curation``), naming what
   is wrong in one French line;
2. find the articles it touches through the search index: a plain-text search of the names
   involved (a new alias is found where no entity was linked yet) and the entities' postings;
3. record the change in the audit log and queue re-annotation jobs for exactly those
   articles, in ONE transaction, with the versions of the entities its author saw (a second
   editor working from a stale page gets a Conflict and nothing is written);
4. reload this process's overlay, so enrichment here sees the change at once (workers
   reload theirs on their next batch).

The jobs are ``steppe reannotate --queue``'s batches (``reannotate.defer_batches``): on
PostgreSQL procrastinate's ``reannotate`` queue, on SQLite the job table's ``enrich`` kind
(the same handler; the in-process runner takes it). ``steppe jobs`` shows them.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from steppe.enrich.kb_access import get_kb, refresh_overlay
from steppe.errors import InputError, quoted
from steppe.kb import KnowledgeBase
from steppe.reannotate import Targets, TargetSpec, defer_batches
from steppe.search.matches import matching_ids
from steppe.store.base import Store
from steppe.store.curation_sql import KBChange, NewChange
from steppe.tasks.registry import Defer, local_defer, procrastinate_defer, uses_procrastinate
from steppe.curate.plan import Planned, plan

BATCH = 50   # articles per re-annotation job: a curation touches few, and shows progress


@dataclass
class Applied:
    """A recorded change and the re-annotation it queued."""

    change: KBChange
    articles: int           # articles queued for re-annotation
    jobs: int
    key: str                # the jobs' key prefix (progress: store jobs named KEY:…)

    def to_dict(self) -> dict[str, Any]:
        return {"change": self.change.to_dict(), "articles": self.articles, "jobs": self.jobs,
                "key": self.key}


def default_actor() -> str:
    """Who is curating, until accounts exist: the OS user."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER") or "inconnu"


def curated_kb(store: Store, kb_file: str) -> KnowledgeBase:
    refresh_overlay(store)
    return get_kb(kb_file)


def apply_change(store: Store, kb_file: str, op: str, args: dict[str, Any], actor: str,
                 index_dir: str | Path, expected: dict[str, int] | None = None,
                 defer: Defer | None = None) -> Applied:
    """Validate, record and queue one change (``expected``: the versions the author saw, by
    entity id; default the current ones, which a CLI user has just seen)."""
    kb = curated_kb(store, kb_file)
    planned = plan(store, kb, op, args, index_dir)
    return _record(store, kb_file, planned, actor, index_dir, expected, defer)


def undo_change(store: Store, kb_file: str, change_id: int, actor: str,
                index_dir: str | Path, expected: dict[str, int] | None = None,
                defer: Defer | None = None) -> Applied:
    """Revert change ``change_id`` (an audit row of its own) and re-annotate the same
    articles the change touched."""
    target = store.kb_change(change_id)
    if target is None:
        raise InputError(f"kb undo : aucune modification n° {change_id} (« steppe kb log » "
                         "les liste)")
    planned = Planned("undo", target.entity_ids, {"change": change_id, "op": target.op,
                                                   **target.payload},
                      target.after, target.before, target.payload.get("query", ""),
                      target.payload.get("articles_hint", []))
    return _record(store, kb_file, planned, actor, index_dir, expected, defer, undoes=change_id)


def _record(store: Store, kb_file: str, planned: Planned, actor: str, index_dir: str | Path,
            expected: dict[str, int] | None, defer: Defer | None,
            undoes: int | None = None) -> Applied:
    ids = _targets(store, index_dir, planned)
    seen = expected if expected is not None else {
        e: store.kb_entity_version(e) for e in planned.entity_ids}
    at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    payload = {**planned.payload, "query": planned.query}
    if planned.op in ("merge", "reject"):
        payload["stories"] = _stories_before(store, planned)
    change = NewChange(actor.strip() or default_actor(), at, planned.op, planned.entity_ids,
                       payload, planned.before, planned.after, undoes)
    targets = Targets(TargetSpec(where=f"curation {at} {planned.op} {planned.entity_ids}"),
                      store.article_keys_of(ids) if ids else [])
    queue = defer or job_defer(store)
    with store.transaction():           # the change and its jobs: both or neither
        recorded = store.record_kb_change(change, seen)
        _retag_stories(store, recorded.op, payload)
        result = defer_batches(store, targets, queue, BATCH, restart=True) if ids else None
    refresh_overlay(store)
    return Applied(recorded, result.done if result else 0, result.batches if result else 0,
                   targets.spec.key())


def _stories_before(store: Store, planned: Planned) -> dict[str, list[int]]:
    """The stories filed under the entities a merge or a reject changes (an undo restores)."""
    p = planned.payload
    if planned.op == "merge":
        return {"other": store.story_pks_tagged(f"entity:{p['other']}"),
                "keep": store.story_pks_tagged(f"entity:{p['keep']}")}
    return {"rejected": store.story_pks_tagged(f"entity:{p['id']}")}


def _retag_stories(store: Store, op: str, p: dict[str, Any]) -> None:
    """Stories follow a merge (the merged entity's go to the survivor) and a reject (off),
    and an undo puts them back: a story's tags are set when articles join it, and
    re-annotation does not re-file it."""
    stories = p.get("stories") or {}
    undo, op = op == "undo", p.get("op", op) if op == "undo" else op
    if op == "merge":
        other, keep = f"entity:{p['other']}", f"entity:{p['keep']}"
        if undo:
            store.retag_stories(other, stories.get("other", []), keep,
                                [pk for pk in stories.get("other", [])
                                 if pk not in stories.get("keep", [])])
        else:
            store.retag_stories(keep, stories.get("other", []), other)
    elif op == "reject":
        tag = f"entity:{p['id']}"
        if undo:
            store.retag_stories(tag, stories.get("rejected", []))
        else:
            store.retag_stories(None, [], tag)


def _targets(store: Store, index_dir: str | Path, planned: Planned) -> list[str]:
    """The articles to re-annotate: those the change's query finds, and any named."""
    ids = matching_ids(store, index_dir, planned.query) if planned.query else []
    return list(dict.fromkeys([*ids, *planned.articles]))


def job_defer(store: Store) -> Defer:
    """Where re-annotation jobs go: procrastinate's ``reannotate`` queue on PostgreSQL, the
    job table's ``enrich`` kind on SQLite (the same handler, taken by ``steppe watch`` and
    ``steppe worker``)."""
    if uses_procrastinate(store.url):
        return procrastinate_defer(store)
    local = local_defer(store)

    def defer(jobs: list[tuple[str, dict[str, Any], str | None]], now: float,
              run_after: float | None = None) -> int:
        return local([("enrich" if kind == "reannotate" else kind, payload, key)
                      for kind, payload, key in jobs], now, run_after)
    return defer


def describe(applied: Applied) -> str:
    """The CLI's line: « fusion : person:x → person:y (12 articles à réannoter, tâches en
    file) »."""
    change = applied.change
    what = OP_WORDS.get(change.op, change.op)
    detail = _detail(change)
    n = applied.articles
    queued = (f"{n} article{'s' if n > 1 else ''} à réannoter, tâches en file" if n
              else "aucun article à réannoter")
    return f"{what} : {detail} ({queued}) — modification n° {change.id}"


OP_WORDS = {"merge": "fusion", "split": "scission", "alias": "alias ajouté",
          "unalias": "alias retiré", "reject": "rejet", "retype": "correction",
          "undo": "annulation"}


def _detail(change: KBChange) -> str:
    p = change.payload
    if change.op == "merge":
        return f"{p['other']} → {p['keep']}"
    if change.op == "split":
        return f"{p['id']} → {p['new']['id']} « {p['new']['name']} »"
    if change.op in ("alias", "unalias"):
        return f"{p['id']} {quoted(p['name'])}"
    if change.op == "reject":
        return f"{p['id']} (ses mentions seront retirées)"
    if change.op == "retype":
        old = change.before.get(p["id"], {})
        return f"{p['id']} : {old.get('type')}, {old.get('country') or '-'}" \
               f" → {p['type']}, {p.get('country') or '-'}"
    return f"modification n° {p.get('change')} ({OP_WORDS.get(p.get('op', ''), p.get('op'))})"



def jobs_key(change: KBChange) -> str:
    """The key prefix of the re-annotation jobs ``change`` queued (``_record``'s spec)."""
    return TargetSpec(where=f"curation {change.at} {change.op} {change.entity_ids}").key()


def progress(store: Store, change: KBChange) -> tuple[int, int] | None:
    """(articles done, articles queued) of ``change``'s re-annotation while it runs; None
    when it has finished or queued nothing. On PostgreSQL, counted in jobs."""
    prefix = jobs_key(change) + ":"
    if uses_procrastinate(store.url):
        from steppe.store import procrastinate_sql

        status = procrastinate_sql.progress_of(store, prefix)
        total = sum(status.values())
        left = status.get("todo", 0) + status.get("doing", 0)
        return (total - left, total) if left else None
    jobs = [j for j in store.list_jobs(None, 2000) if (j.key or "").startswith(prefix)]
    total = sum(len(j.payload.get("ids", [])) for j in jobs)
    done = sum(len(j.payload.get("ids", [])) for j in jobs if j.state == "done")
    return (done, total) if jobs and done < total else None
