"""The bundled demo corpus shows multi-outlet stories: its follow-ups join the event they report."""

from __future__ import annotations

import json
from collections import defaultdict
from importlib.resources import files

import pytest

from steppe.store import open_store
from steppe.web.stories import top_stories

CORPUS = files("steppe.resources").joinpath("demo_corpus.jsonl")

# demo-101 … demo-130: other outlets' reports (fr/en/ru) of an event told by one of
# demo-001 … demo-100 (one item per event).
FOLLOW_UPS = {
    "demo-101": "demo-002", "demo-102": "demo-002", "demo-103": "demo-002",   # Majilis dissolved
    "demo-104": "demo-003", "demo-105": "demo-003",                           # Halk Maslahaty
    "demo-106": "demo-010", "demo-107": "demo-010",                           # Uzbek referendum
    "demo-108": "demo-026", "demo-109": "demo-026", "demo-110": "demo-026",   # Kostenko mine
    "demo-111": "demo-027", "demo-112": "demo-027",                           # Macron's visit
    "demo-113": "demo-037", "demo-114": "demo-037",                           # foreign reps law
    "demo-115": "demo-057", "demo-116": "demo-057",                           # Rogun financing
    "demo-117": "demo-058", "demo-118": "demo-058", "demo-119": "demo-058",   # Aktau crash
    "demo-120": "demo-063", "demo-121": "demo-063",                           # KG–TJ border
    "demo-122": "demo-097", "demo-123": "demo-097",                           # Nomad Games
    "demo-124": "demo-098", "demo-125": "demo-098",                           # independence
    "demo-126": "demo-099", "demo-127": "demo-099",                           # harvest
    "demo-128": "demo-100", "demo-129": "demo-100", "demo-130": "demo-100",   # 2027 budget
}

# Two distinct events of the original hundred that the clusterer puts together: Xi Jinping's
# state visit to Dushanbe (demo-045), reported "the day after the SCO summit" in Astana
# (demo-044) — shared entities Xi Jinping and the SCO, two days apart. Tolerated here (the
# clusterer is not under test); any other mix fails.
KNOWN_MERGES = {frozenset({"demo-044", "demo-045"})}


def _event(article: str) -> str:
    return FOLLOW_UPS.get(article, article)


def test_demo_corpus_records():
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    assert [r["id"] for r in records] == [f"demo-{n:03d}" for n in range(1, 131)]
    assert all(list(r) == ["id", "title", "text", "published", "source", "url", "lang"]
               for r in records)
    by_id = {r["id"]: r for r in records}
    for new, original in FOLLOW_UPS.items():
        follow_up, first = by_id[new], by_id[original]
        assert follow_up["source"] != first["source"], new
        assert 40 <= len(follow_up["text"].split()) <= 120, new
    assert sum(by_id[i]["lang"] != "fr" for i in FOLLOW_UPS) >= 8


@pytest.mark.slow
def test_demo_stories(run, db):
    """One ingest (about 10 s), then: enough multi-outlet stories, each follow-up in its
    event's story, no story mixing two events, and multi-outlet stories on the home page."""
    result = run("--db", str(db), "ingest", str(CORPUS))
    assert result.code == 0, result.err
    assert "nouveaux : 130" in result.out and "échecs : 0" in result.out

    listed = run("--db", str(db), "stories", "list", "--json", "--limit", "500")
    assert listed.code == 0, listed.err
    stories = json.loads(listed.out)["stories"]
    multi = [s for s in stories if s["articles"] >= 2 and s["outlets"] >= 2]
    assert len(multi) >= 10, [s["label"] for s in multi]
    assert any(len(s["languages"]) >= 2 for s in multi)

    exported = run("--db", str(db), "stories", "export", "--format", "jsonl")
    assert exported.code == 0, exported.err
    story_of = {row["id"]: row["story"] for row in exported.records()}
    assert len(story_of) == 130
    members: dict[str, list[str]] = defaultdict(list)
    for article, story in story_of.items():
        members[story].append(article)

    strays = {new: original for new, original in FOLLOW_UPS.items()
              if story_of[new] != story_of[original]}
    assert not strays, f"follow-ups outside their event's story: {strays}"

    mixed = [sorted(ids) for ids in members.values()
             if len({_event(a) for a in ids}) > 1
             and frozenset(_event(a) for a in ids) not in KNOWN_MERGES]
    assert not mixed, f"stories mixing events: {mixed}"

    # The home page's "Histoires du moment" (outlets × recency): the latest events have
    # follow-ups, so most of its five stories are multi-outlet.
    with open_store(str(db)) as store:
        top = top_stories(store, None, None)
    assert len(top) == 5 and top[0]["outlets"] >= 2
    assert sum(s["outlets"] >= 2 for s in top) >= 3, [(s["label"], s["outlets"]) for s in top]
