"""Hand-made articles with events, and stories set by hand, so that tests of the events
store, reports and CLI do not depend on the extractor nor on the clustering."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Iterator

import pytest

from steppe.model import Annotation, Article, Event, EventActor
from steppe.store import Store, open_store

ACTORS = {
    "US": EventActor("Donald Trump", "US", "person:donald-trump"),
    "KZ": EventActor("Kazakhstan", "KZ", "country:KZ"),
    "UZ": EventActor("Ouzbékistan", "UZ", "country:UZ"),
    "CN": EventActor("Chine", "CN", "country:CN"),
    "KG": EventActor("Kirghizstan", "KG", "country:KG"),
    "AF": EventActor("talibans", "AF", None),
    "ONU": EventActor("ONU", None, "organization:onu"),
}


def event(type: str, source: list[str], recipient: list[str], text: str, mode: str | None = None,
          date: str | None = None, status: str = "occurred") -> Event:
    return Event(type=type, mode=mode, source=[ACTORS[s] for s in source],
                 recipient=[ACTORS[r] for r in recipient], date=date,
                 date_from="text" if date else "published", status=status, place=None,
                 text=text, field="text", start=0, end=len(text), confidence=0.8)


def article(aid: str, published: str | None, source: str, events: list[Event],
            text: str | None = None) -> tuple[Article, Annotation]:
    body = text or " ".join(e.text for e in events) or f"Article {aid}."
    art = Article(id=aid, title=f"Titre {aid}", text=body, published=published, source=source,
                  url=f"https://{source}/{aid}", lang="fr",
                  content_hash=hashlib.sha1((aid + body).encode()).hexdigest(),
                  ingested_at="2026-01-10T08:00:00+00:00")
    ann = Annotation(id=aid, lang="fr", title=art.title, text=body, published=published,
                     events=[e if e.date or not published else _dated(e, published)
                             for e in events])
    return art, ann


def _dated(e: Event, published: str) -> Event:
    e.date, e.date_from = published, "published"
    return e


TARIFFS = "Donald Trump frappe le Kazakhstan de 25 % de droits de douane."
TALKS = "Le Kazakhstan et la Chine ont signé un accord sur le transport."
CONDEMN = "Tachkent et Astana condamnent les talibans."


def corpus() -> list[tuple[Article, Annotation]]:
    """Three outlets report the tariffs (one story), a fourth article repeats them in
    another month (its own story); KZ and CN agree twice; KZ and UZ condemn the Taliban."""
    return [
        article("t1", "2025-08-01", "a.kz", [event("SANCTION", ["US"], ["KZ"], TARIFFS, "tariffs")]),
        article("t2", "2025-08-02", "b.kz", [event("SANCTION", ["US"], ["KZ"], TARIFFS, "tariffs")]),
        article("t3", "2025-08-02", "b.kz", [event("SANCTION", ["US"], ["KZ"], TARIFFS + " (2)",
                                                   "tariffs")]),
        article("t4", "2025-09-15", "c.kz", [event("SANCTION", ["US"], ["KZ"], TARIFFS, "tariffs")]),
        article("c1", "2025-09-03", "a.kz", [event("AGREE", ["KZ"], ["CN"], TALKS),
                                             event("CONSULT", ["KZ"], ["CN"], TALKS, "visit",
                                                   date="2025-09-20", status="announced")]),
        article("c2", "2025-09-04", "b.kz", [event("AGREE", ["CN"], ["KZ"], TALKS)]),
        article("a1", "2025-07-07", "a.kz", [event("ACCUSE", ["KZ", "UZ"], ["AF"], CONDEMN),
                                             event("ACCUSE", ["ONU"], ["AF"], CONDEMN)]),
        article("n1", None, "a.kz", [], text="Un article sans événement."),
    ]


STORIES = {"s-tariffs": ["t1", "t2", "t3"], "s-agree": ["c1"]}


def put_stories(store: Any, stories: dict[str, list[str]] = STORIES) -> None:
    """Stories as the clustering would write them, with these members."""
    rows, members = [], []
    for pk, (sid, ids) in enumerate(sorted(stories.items()), start=1):
        rows.append({"pk": pk, "id": sid, "merged_into": None, "label_id": ids[0],
                     "label": f"Histoire {sid}", "label_score": 1.0, "size": len(ids),
                     "sources": len(ids), "first_day": 20300, "last_day": 20300,
                     "founded_seq": pk, "profile": {}})
        members += [(aid, pk, 1.0, 1.0, 20300, i, json.dumps({})) for i, aid in enumerate(ids)]
    with store.transaction():
        store.save_story_batch(rows, members, [], [], [])


def fill(store: Any) -> None:
    with store.transaction():
        for art, ann in corpus():
            store.put_article(art, ann)
    put_stories(store)


@pytest.fixture(name="store", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def filled_store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Store]:
    """The corpus in a fresh store of each backend (import it as ``store`` in a test module)."""
    url = str(tmp_path / "events.db") if request.param == "sqlite" else \
        request.getfixturevalue("pg_url")
    with open_store(url) as s:
        fill(s)
        yield s

