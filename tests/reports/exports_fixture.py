"""A tiny hand-built archive for export tests: entities, countries and stories set by hand, so
every count an export or a co-mention graph gives can be counted here on one's fingers.

    article  published   outlet  entities (mentions)                       countries  story
    a1       2025-08-01  a.kz    Tokaïev 3, Mirziyoyev 1, ONU 1             KZ UZ      s1
    a2       2025-08-02  b.kz    Tokaïev 2, Mirziyoyev 2                    KZ UZ      s1
    a3       2025-09-10  c.kz    Tokaïev 1, Xi 1                            KZ CN      s2
    a4       2025-09-12  a.kz    Xi 1, ONU 1                                CN         —
    a5       (none)      b.kz    Tokaïev 1, ONU 1                           KZ         —

Co-mentions counted in stories (a4 and a5, outside any story, are stories of their own):
ONU–Mirziyoyev 1, Mirziyoyev–Tokaïev 1 (s1: two articles, one story), ONU–Tokaïev 2 (s1,
a5), Tokaïev–Xi 1, ONU–Xi 1. In articles: Mirziyoyev–Tokaïev 2, ONU–Tokaïev 2, the others 1.
Countries in stories: KZ–UZ 1, CN–KZ 1.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Iterator

import pytest

from steppe.model import Annotation, Article, CountryRef, Entity, Mention
from steppe.store import Store, open_store

PEOPLE = {"tok": ("person:tokayev", "Tokaïev", "person", "KZ"),
          "mir": ("person:mirziyoyev", "Mirziyoyev", "person", "UZ"),
          "onu": ("organization:onu", "ONU", "organization", None),
          "xi": ("person:xi-jinping", "Xi", "person", "CN")}
COUNTRY_NAMES = {"KZ": "Kazakhstan", "UZ": "Ouzbékistan", "CN": "Chine"}
TOK, MIR, ONU, XI = (PEOPLE[k][0] for k in ("tok", "mir", "onu", "xi"))

ROWS = [  # id, published, outlet, {entity: mentions}, countries
    ("a1", "2025-08-01", "a.kz", {"tok": 3, "mir": 1, "onu": 1}, ["KZ", "UZ"]),
    ("a2", "2025-08-02", "b.kz", {"tok": 2, "mir": 2}, ["KZ", "UZ"]),
    ("a3", "2025-09-10", "c.kz", {"tok": 1, "xi": 1}, ["KZ", "CN"]),
    ("a4", "2025-09-12", "a.kz", {"xi": 1, "onu": 1}, ["CN"]),
    ("a5", None, "b.kz", {"tok": 1, "onu": 1}, ["KZ"]),
]
# story id -> (members, first day, last day) as day numbers (20301 = 2025-08-01)
STORIES = {"s1": (["a1", "a2"], 20301, 20302), "s2": (["a3"], 20341, 20341)}
MENTIONS = sum(sum(counts.values()) for *_, counts, _ in ROWS)


def article(aid: str, published: str | None, outlet: str, counts: dict[str, int],
            countries: list[str]) -> tuple[Article, Annotation]:
    """An article whose text names each entity as often as ``counts`` says, with offsets."""
    words, entities = [], []
    position = 0
    for key, n in counts.items():
        eid, name, etype, country = PEOPLE[key]
        mentions = []
        for _ in range(n):
            mentions.append(Mention(field="text", start=position, end=position + len(name),
                                    text=name))
            words.append(name)
            position += len(name) + 1
        entities.append(Entity(id=eid, name=name, type=etype, country=country,
                               mentions=mentions))
    body = " ".join(words)
    art = Article(id=aid, title=f"Titre {aid}", text=body, published=published, source=outlet,
                  url=f"https://{outlet}/{aid}", lang="fr",
                  content_hash=hashlib.sha1((aid + body).encode()).hexdigest(),
                  ingested_at="2026-01-10T08:00:00+00:00")
    ann = Annotation(id=aid, lang="fr", title=art.title, text=body, published=published,
                     entities=entities,
                     countries=[CountryRef(code=c, name=COUNTRY_NAMES[c], count=1)
                                for c in countries])
    return art, ann


def put_stories(store: Any, stories: dict[str, tuple[list[str], int, int]] = STORIES) -> None:
    """Stories as the clustering would write them, with these members and days."""
    rows, members = [], []
    for pk, (sid, (ids, first, last)) in enumerate(sorted(stories.items()), start=1):
        rows.append({"pk": pk, "id": sid, "merged_into": None, "label_id": ids[0],
                     "label": f"Histoire {sid}", "label_score": 1.0, "size": len(ids),
                     "sources": len(ids), "first_day": first, "last_day": last,
                     "founded_seq": pk, "profile": {}})
        members += [(aid, pk, 1.0, 1.0, first, i, json.dumps({})) for i, aid in enumerate(ids)]
    with store.transaction():
        store.save_story_batch(rows, members, [], [], [])
        store.set_story_cursor(store.last_seq())   # nothing left for the CLI to cluster


def fill(store: Any, stories: bool = True) -> None:
    with store.transaction():
        for row in ROWS:
            store.put_article(*article(*row))
    if stories:
        put_stories(store)


def store_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    return str(tmp_path / "exports.db") if request.param == "sqlite" else \
        request.getfixturevalue("pg_url")


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(name="store", params=BACKENDS)
def filled_store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Store]:
    """The archive with its two stories, in a fresh store of each backend."""
    with open_store(store_url(request, tmp_path)) as s:
        fill(s)
        yield s


@pytest.fixture(name="bare_store", params=BACKENDS)
def storyless_store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Store]:
    """The same articles before any clustering: no stories."""
    with open_store(store_url(request, tmp_path)) as s:
        fill(s, stories=False)
        yield s
