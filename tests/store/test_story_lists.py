"""Lists of live stories read light (store/story_lists_sql.py) and kept until the stories change
(reports/story_cache.py), on SQLite and PostgreSQL: the same stories, in the same order, with
the same totals as reading whole rows and ranking them all, whichever way a tag is read.
"""

from __future__ import annotations

import math
import random

import pytest

from steppe.reports import story_cache
from steppe.reports.stories import RECENCY_DAYS, list_stories, summary
from steppe.stories.profile import empty_profile

COUNTRIES = ("KZ", "UZ", "KG", "TJ")
TAGS = ["country:KZ", "country:UZ", "country:TJ", "topic:medtop:04000000", "entity:person:rare",
        "entity:person:none", None]


def a_story(pk: int, rng: random.Random) -> dict:
    """A live story of a few articles; ties on last_day are frequent (the order breaks them)."""
    prof = empty_profile()
    for code in rng.sample(COUNTRIES, rng.randint(1, 2)) if rng.random() < 0.9 else []:
        prof["countries"][code] = rng.randint(1, 3)
    if rng.random() < 0.3:
        prof["topics"]["medtop:04000000"] = 1
    if pk % 97 == 0:
        prof["entities"]["person:rare"] = [1, "Rare", "person"]
    prof["langs"] = {"fr": 1}
    size = rng.randint(1, 9)
    last = 20_000 + rng.randint(0, 60)
    return {"pk": pk, "id": f"s{pk:012d}", "merged_into": None, "label_id": f"a{pk}",
            "label": f"Histoire {pk}", "label_score": 0.5, "size": size,
            "sources": rng.randint(1, size), "first_day": last - rng.randint(0, 5),
            "last_day": last, "founded_seq": pk, "profile": prof}


def tags_of(story: dict) -> list[tuple[str, int]]:
    prof, pk = story["profile"], story["pk"]
    return ([(f"country:{c}", pk) for c in prof["countries"]] +
            [(f"topic:{t}", pk) for t in prof["topics"]] +
            [(f"entity:{e}", pk) for e in prof["entities"]])


def write_round(store, stories: list[dict], merges: list[tuple[int, int]] = (),
                stamp: int | None = None) -> None:
    """Stories written as a clustering round writes them: rows, tags, cursor and stamp."""
    tags = sorted({t for s in stories if s["merged_into"] is None for t in tags_of(s)})
    with store.transaction():
        store.save_story_batch(stories, [], [], tags, list(merges))
        store.set_story_cursor(store.story_cursor() + len(stories))
        if stamp is not None:
            store.set_story_stamp(stamp)


@pytest.fixture
def stories(store):
    rng = random.Random(5)
    made = [a_story(pk, rng) for pk in range(1, 601)]   # 600, 12 then 2 merged: 586 live
    write_round(store, made, stamp=1)
    merged = [dict(s, merged_into=s["pk"] + 1) for s in made[10:600:50]]   # 12 merged away
    write_round(store, merged, [(s["pk"], s["pk"] + 1) for s in merged], stamp=2)
    with store.transaction():   # merged by hand, their tags left behind: still not counted
        store._q("UPDATE stories SET merged_into = pk + 1 WHERE pk IN (3, 97)")
    story_cache.forget_all()
    yield store
    story_cache.forget_all()


def reference(store, since_day=None, tag=None, limit=20, offset=0, rank="outlets") -> dict:
    """list_stories as it was: whole rows, the 200 most recent ranked in Python."""
    total = store.count_stories(since_day, tag)
    if rank == "outlets":
        rows = store.list_story_rows(since_day, tag, limit=max(200, limit + offset), offset=0)
        newest = max((r["last_day"] for r in rows), default=0)

        def weight(r):
            return r["sources"] * (1 + math.log(r["size"])) * \
                math.exp(-(newest - r["last_day"]) / RECENCY_DAYS)
        rows.sort(key=lambda r: (-weight(r), -r["last_day"], -r["pk"]))
        rows = rows[offset:offset + limit]
    else:
        rows = store.list_story_rows(since_day, tag, limit=limit, offset=offset)
    return {"total": total, "stories": [summary(r) for r in rows]}


@pytest.mark.parametrize("walk", [True, False])
@pytest.mark.parametrize("tag", TAGS)
def test_the_window_is_list_story_rows_without_profiles(stories, monkeypatch, tag, walk):
    monkeypatch.setattr(stories, "_walk_recent", lambda *_: walk)
    for since_day in (None, 20_040):
        for limit in (1, 25, 200, 1_000):
            expected = [(r["pk"], r["sources"], r["size"], r["last_day"])
                        for r in stories.list_story_rows(since_day, tag, limit=limit)]
            assert stories.live_story_window(since_day, tag, limit) == expected


def test_counts_are_count_stories(stories):
    for tag in TAGS:
        for since_day in (None, 0, 20_030, 20_060, 20_061):
            assert stories.count_live_stories(since_day, tag) == \
                stories.count_stories(since_day, tag), (tag, since_day)


def test_walking_is_chosen_for_common_tags_only(stories):
    assert stories._walk_recent("country:KZ", 20) is True        # about half the stories
    assert stories._walk_recent("entity:person:rare", 20) is False


@pytest.mark.parametrize("rank", ["outlets", "recent"])
def test_lists_are_what_they_were(stories, rank):
    cases = [{}, {"country": "KZ"}, {"country": "TJ"}, {"topic": "medtop:04000000"},
             {"entity": "person:rare"}, {"entity": "person:none"}, {"limit": 7, "offset": 195},
             {"country": "UZ", "limit": 20, "offset": 40}, {"since": "1970-01-01"}]
    for case in cases:
        kwargs = {"limit": 20, **case}
        since_day = 0 if "since" in case else None
        tag = next((f"{k}:{v}" for k, v in case.items() if k in ("country", "topic", "entity")), None)
        expected = reference(stories, since_day, tag, kwargs["limit"], kwargs.get("offset", 0), rank)
        assert list_stories(stories, rank=rank, **kwargs) == expected, case
        assert list_stories(stories, rank=rank, **kwargs) == expected, case     # remembered


def test_a_new_round_is_seen_at_once(stories):
    assert story_cache.live_story_count(stories) == 586
    assert story_cache.live_story_count(stories, tag="entity:person:rare") == 5
    rng = random.Random(9)
    fresh = [a_story(pk, rng) for pk in range(601, 611)]
    for s in fresh:
        s["profile"]["entities"]["person:rare"] = [1, "Rare", "person"]
    write_round(stories, fresh, stamp=3)
    assert story_cache.live_story_count(stories) == 596
    assert story_cache.live_story_count(stories, tag="entity:person:rare") == 15
    top = list_stories(stories, entity="person:rare", limit=50, rank="recent")
    assert {s["id"] for s in top["stories"]} >= {s["id"] for s in fresh}


def test_stories_written_outside_a_round_are_seen_too(stories):
    """Benchmarks write stories without a round (no new cursor or stamp): a new pk says it."""
    assert story_cache.live_story_count(stories) == 586
    write_round(stories, [a_story(700, random.Random(1))])
    assert story_cache.live_story_count(stories) == 587


def test_nothing_is_kept_without_a_stamp(store):
    assert store.story_version() is None
    write_round(store, [a_story(1, random.Random(1))])
    assert store.story_version() is None
    assert story_cache.live_story_count(store) == 1
    write_round(store, [a_story(2, random.Random(2))])
    assert story_cache.live_story_count(store) == 2
    store.clear_stories()
    assert store.story_version() is None and story_cache.live_story_count(store) == 0


def test_an_undated_article_ingested_today_is_in_this_weeks_story_windows(store):
    """A dump's article has no publication date: its story's days come from the dates in its
    text (2019 here), but story windows (``--since``) read the day it arrived."""
    from datetime import datetime, timedelta, timezone

    from steppe.model import Annotation, Article, DateRef
    from steppe.stories.cluster import cluster_new

    now = datetime.now(timezone.utc)
    text = "Le 12 mars 2019, le parlement kirghiz a adopté la loi sur les médias à Bichkek."
    pairs = [(Article(id="undated", title="Kirghizstan : la loi sur les médias", text=text,
                      ingested_at=now.isoformat(timespec="seconds")),
              [DateRef("text", 3, 16, "12 mars 2019", "2019-03-12", "day")]),
             (Article(id="dated-old", title="Ouzbékistan : récolte de coton", published="2019-10-02",
                      text="La récolte de coton a commencé dans la vallée de Ferghana.",
                      ingested_at=now.isoformat(timespec="seconds")), [])]
    for article, dates in pairs:
        store.put_article(article, Annotation(id=article.id, lang="fr", title=article.title,
                                              text=article.text, dates=dates))
    cluster_new(store)
    week = {s["label_article"] for s in list_stories(store, since="7d")["stories"]}
    assert week == {"undated"}
    assert list_stories(store, since="7d")["total"] == 1
    later = (now + timedelta(days=3)).date().isoformat()
    assert list_stories(store, since=later)["stories"] == []
