"""Which stories an alert fires for: incremental, over the change sequence.

An alert's cursor is a position in the store's change sequence. Evaluation reads the
changes after it, up to the stories' own cursor (only clustered articles have a story), in
steps of ``STEP`` changes: the articles written or re-annotated there are matched against the
query in the search index restricted to their ids (the archive is never re-scanned), then
mapped to their live stories. A story fires ``new`` once per alert, whatever the number of
its articles that match; with ``grow`` N, a story the alert fired for fires ``grow`` once
when a change finds it with N outlets or more.

The deliveries and their jobs are written in ONE transaction with the cursor's move, and the
move succeeds only from the position the evaluator started at: two evaluators of the same
range (two workers) record it once; the unique key of the deliveries holds anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from tantivy import Occur, Query

from steppe.alerts.entry import story_entry, story_url
from steppe.errors import SteppeError, StoreError
from steppe.index import checked_index
from steppe.kb import KnowledgeBase
from steppe.search.compile import Compiler
from steppe.search.engine import default_kb
from steppe.search.query import parse_query
from steppe.search.stories import resolve_story_filter, restrict
from steppe.store.alerts_sql import AlertRow
from steppe.store.base import Store

STEP = 5_000          # changes per evaluation step (bounds the id set of one index query)
DELIVER_KIND = "deliver_alert"
Defer = Callable[..., int]


@dataclass
class Fired:
    alert: str
    story: str
    reason: str
    label: str
    channels: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"alert": self.alert, "story": self.story, "reason": self.reason,
                "label": self.label, "channels": self.channels}


def evaluate(store: Store, index_dir: str | Path, now: float, defer: Defer,
             kb: KnowledgeBase | None = None, public_url: str = "") -> list[Fired]:
    """Record every delivery now due and queue its job; what fired."""
    upto = store.story_cursor()
    alerts = [a for a in store.list_alerts() if a.cursor < upto]
    if not alerts:
        return []
    handle, stale = checked_index(store, index_dir)
    if stale is not None:   # fail (the job is retried with its back-off), never skip changes
        raise StoreError(f"alertes non évaluées : {stale.message()}")
    searcher = handle.searcher()
    kb = kb or default_kb()
    fired: list[Fired] = []
    for alert in alerts:
        try:
            query = _compile(store, Compiler(handle.schema, searcher, kb), handle.schema, alert)
        except SteppeError:   # checked at creation; a story: filter may name a story gone since
            store.advance_alert(alert.id, alert.cursor, upto)   # it cannot match: move on
            continue
        start = alert.cursor
        while start < upto:
            end = min(upto, start + STEP)
            fired += _step(store, searcher, handle.schema, query, alert, start, end, now,
                           defer, public_url)
            start = end
    return fired


def _compile(store: Store, compiler: Compiler, schema: Any, alert: AlertRow) -> Query:
    parsed = parse_query(alert.query)
    compiled = compiler.compile(parsed)
    if parsed.story is not None:
        compiled.query = restrict(compiled.query, schema,
                                  resolve_story_filter(store, parsed.story))
    return compiled.query


def matching(searcher: Any, schema: Any, query: Query, ids: list[str]) -> list[str]:
    """Which of ``ids`` the query matches (the query AND id ∈ ids, in the index)."""
    if not ids:
        return []
    only = Query.const_score_query(Query.term_set_query(schema, "id", ids), 0.0)
    both = Query.boolean_query([(Occur.Must, query), (Occur.Must, only)])
    hits = searcher.search(both, len(ids), count=False).hits
    return [searcher.doc(address)["id"][0] for _, address in hits]


def _step(store: Store, searcher: Any, schema: Any, query: Query, alert: AlertRow,
          start: int, end: int, now: float, defer: Defer, public_url: str) -> list[Fired]:
    ids = store.changed_articles(start, end)
    stories = store.live_stories_of(ids) if ids else {}
    matched = matching(searcher, schema, query, [i for i in ids if i in stories])
    due: dict[tuple[str, str], dict[str, Any]] = {}
    for aid in matched:
        due.setdefault((stories[aid]["id"], "new"), stories[aid])
    if alert.grow:
        grown = {s["id"]: s for s in stories.values() if s["sources"] >= alert.grow}
        for sid in store.fired_stories(alert.id, sorted(grown), "new"):
            due[(sid, "grow")] = grown[sid]
    bodies = {key: _body(store, alert, key[0], key[1], public_url) for key in sorted(due)}
    return _record(store, alert, start, end, bodies, now, defer)


def _body(store: Store, alert: AlertRow, story: str, reason: str,
          public_url: str) -> dict[str, Any]:
    """What every channel says about this (story, reason): a snapshot taken when it is due."""
    entry = story_entry(store, story, public_url)
    return {"alert": alert.name, "reason": reason, "story": story, "label": entry["label"],
            "url": story_url(public_url, story), "outlets": entry["outlets"],
            "articles": entry["articles"], "entry": entry}


def _record(store: Store, alert: AlertRow, start: int, end: int,
            bodies: dict[tuple[str, str], dict[str, Any]], now: float,
            defer: Defer) -> list[Fired]:
    fired: list[Fired] = []
    with store.transaction():
        if not store.advance_alert(alert.id, start, end):
            return []       # another evaluator recorded this range
        jobs = []
        for (story, reason), body in bodies.items():
            channels = []
            for channel in alert.channels():
                did = store.add_delivery(alert.id, story, reason, channel, body, now,
                                         "sent" if channel == "atom" else "due")
                if did is None:
                    continue
                channels.append(channel)
                if channel != "atom":
                    jobs.append((DELIVER_KIND, {"delivery": did}, f"delivery:{did}"))
            if channels:
                fired.append(Fired(alert.name, story, reason, body["label"], channels))
        if jobs:
            defer(jobs, now)
    return fired
