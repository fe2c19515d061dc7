"""Story clustering on real stores (a SQLite file and PostgreSQL): joins, splits, merges, rebuild."""

from __future__ import annotations

import multiprocessing

import pytest

from steppe.errors import UnknownStory
from steppe.model import (Amount, Annotation, Article, CountryRef, DateRef, Entity, Mention,
                          Provenance)
from steppe.store import open_store
from steppe.stories import cluster_new, rebuild
from steppe.stories.cluster import rebuild_since

PEOPLE = {
    "tokayev": ("person:kassym-jomart-tokaiev", "Kassym-Jomart Tokaïev", "person"),
    "japarov": ("person:sadyr-japarov", "Sadyr Japarov", "person"),
    "batken": ("place:batken", "Batken", "place"),
    "rosatom": ("org:rosatom", "Rosatom", "organization"),
    "oguz": ("org:oguz-bank", "Oguz Bank", "organization"),
}


def art(aid: str, title: str, text: str, published: str | None, lang: str = "fr",
        source: str = "a.example", ents: tuple[str, ...] = (), dates: tuple[str, ...] = (),
        money: tuple[tuple[float, str], ...] = (), countries: tuple[str, ...] = ("KZ",),
        ) -> tuple[Article, Annotation]:
    """A stored article with the annotation the enricher would give it."""
    article = Article(id=aid, title=title, text=text, published=published, source=source,
                      lang=lang, ingested_at="2026-01-01T00:00:00+00:00")
    ann = Annotation.empty(article)
    ann.lang = lang
    for key in ents:
        eid, name, kind = PEOPLE[key]
        ann.entities.append(Entity(id=eid, name=name, type=kind,
                                   mentions=[Mention("text", 0, 1, name)]))
    ann.dates = [DateRef("text", 0, 1, v, v, "day") for v in dates]
    ann.money = [Amount("text", 0, 1, f"{a} {c}", a, c) for a, c in money]
    ann.countries = [CountryRef(c, c) for c in countries]
    return article, ann


FLOOD_FR = art("f1", "Crues : Petropavl évacue ses quartiers bas",
               "Les crues de l'Ichim ont forcé l'évacuation de milliers d'habitants à Petropavl, "
               "où la digue menace de céder sous la montée des eaux.", "2024-04-08",
               ents=("tokayev",), dates=("2024-04-07",))
FLOOD_FR2 = art("f2", "Petropavl : la digue de l'Ichim tient, les évacuations continuent",
                "À Petropavl, les secours poursuivent l'évacuation des quartiers bas menacés "
                "par la crue de l'Ichim, la digue tenant pour l'instant.", "2024-04-09",
                source="b.example", ents=("tokayev",), dates=("2024-04-07",))
FLOOD_EN = art("f3", "Kazakhstan floods: Petropavl evacuates low-lying districts",
               "Floodwater on the Ishim river forced thousands from their homes in Petropavl.",
               "2024-04-09", lang="en", source="c.example", ents=("tokayev",),
               dates=("2024-04-07",))
DECREE = art("d1", "Tokaïev signe un décret sur les inspections des PME",
             "Le président a signé un décret suspendant les contrôles des petites entreprises "
             "pour deux ans.", "2024-04-09", source="d.example", ents=("tokayev",))
FLOOD_NEXT_YEAR = art("f9", "Crues : Petropavl évacue à nouveau ses quartiers bas",
                      "Les crues de l'Ichim forcent encore l'évacuation d'habitants à Petropavl.",
                      "2025-04-10", ents=("tokayev",), dates=("2025-04-09",))


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = open_store(str(tmp_path / "stories.db"))
    else:
        s = open_store(request.getfixturevalue("pg_url"))
    yield s
    s.close()


def put(store, *pairs) -> int:
    with store.transaction():
        store.put_articles(list(pairs))
    return cluster_new(store)


def story_of(store) -> dict[str, str]:
    return {aid: sid for aid, sid, _ in store.iter_story_members()}


def test_one_event_across_outlets_and_languages_is_one_story(store):
    assert put(store, FLOOD_FR, FLOOD_FR2, FLOOD_EN, DECREE) == 4
    stories = story_of(store)
    assert stories["f1"] == stories["f2"] == stories["f3"]
    assert stories["d1"] != stories["f1"]  # same president, same week, another event
    story = store.resolve_story(stories["f1"])
    assert story["size"] == 3 and story["sources"] == 3
    assert story["label"].startswith("Crues")  # French headline first


def test_the_same_event_a_year_later_is_another_story(store):
    put(store, FLOOD_FR, FLOOD_NEXT_YEAR)
    stories = story_of(store)
    assert stories["f1"] != stories["f9"]


def test_every_membership_says_why(store):
    put(store, FLOOD_FR, FLOOD_FR2)
    rows = store.story_member_rows(store.member_story_pks(["f1"])["f1"])
    founder, joiner = rows
    assert founder["why"]["founded"] is True and founder["score"] is None
    why = joiner["why"]
    assert joiner["score"] == why["score"] > 0.26
    assert "Kassym-Jomart Tokaïev" in why["shared_entities"]
    assert why["shared_dates"] == ["2024-04-07"] and why["gap_days"] == 1
    assert {"text", "entities", "dates", "figures", "countries"} <= set(why)


def test_clustering_is_idempotent_and_reingesting_changes_nothing(store):
    put(store, FLOOD_FR, FLOOD_FR2)
    before = story_of(store)
    assert put(store, FLOOD_FR, FLOOD_FR2) == 0  # duplicates: no change, nothing to cluster
    assert cluster_new(store) == 0
    assert story_of(store) == before
    assert store.count_stories() == 1


def test_rebuild_gives_the_online_result(store):
    put(store, FLOOD_FR, DECREE)
    put(store, FLOOD_FR2, FLOOD_EN, FLOOD_NEXT_YEAR)
    online = story_of(store)
    assert rebuild(store) == 5
    assert story_of(store) == online
    assert rebuild_since(store, "2025-01-01") == 1
    assert story_of(store) == online


def test_near_duplicates_always_share_a_story(store):
    other = art("n2", "Sans rapport", "Un texte sans aucun mot commun avec le premier.",
                "2024-04-08", source="z.example", countries=())
    with store.transaction():
        store.put_articles([FLOOD_FR, other])
        store.put_provenance(Provenance(article_id="n2", near_duplicate_of="f1"))
    cluster_new(store)
    rows = store.story_member_rows(store.member_story_pks(["f1"])["f1"])
    assert [r["article_id"] for r in rows] == ["f1", "n2"]
    assert rows[1]["why"] == {"near_duplicate": True}


def test_a_late_article_joining_two_stories_merges_them_into_the_older(store):
    # two halves of one event that did not recognise each other (different words, entities)
    a = art("m1", "Oguz Bank : la banque centrale turkmène retire la licence",
            "La banque centrale a retiré la licence d'Oguz Bank à Achgabat.", "2025-03-03",
            ents=("oguz",), dates=("2025-03-03",), countries=("TM",))
    b = art("m2", "Achgabat : faillite bancaire et files d'attente",
            "Des déposants inquiets font la queue devant les agences fermées du prêteur.",
            "2025-03-04", source="b.example", money=((500_000_000, "TMT"),),
            countries=("TM",))
    bridge = art("m3", "Oguz Bank : licence retirée, déposants inquiets, faillite bancaire",
                 "La banque centrale a retiré la licence d'Oguz Bank à Achgabat ; des déposants "
                 "inquiets font la queue devant les agences fermées du prêteur.", "2025-03-04",
                 source="c.example", ents=("oguz",), dates=("2025-03-03",),
                 money=((500_000_000, "TMT"),), countries=("TM",))
    put(store, a, b)
    first, second = story_of(store)["m1"], story_of(store)["m2"]
    assert first != second
    put(store, bridge)
    merged = story_of(store)
    assert merged["m1"] == merged["m2"] == merged["m3"] == first
    assert store.resolve_story(second)["id"] == first  # the younger id redirects
    assert store.count_stories() == 1


def test_hostile_articles_cluster_without_error(store):
    tiny = art("x1", None, "Oui", None, countries=())
    old = art("x2", "Archives", "Un texte daté de 1970.", "1970-01-01", countries=())
    future = art("x3", "Demain", "Un texte daté de l'an prochain.", "2027-06-01", countries=())
    assert put(store, tiny, old, future) == 3
    assert store.count_stories() == 3


def test_unknown_story_id(store):
    with pytest.raises(UnknownStory, match="aucune histoire n’a l’identifiant « nope »"):
        store.resolve_story("nope")


def _writer(url: str, prefix: str, n: int) -> None:
    store = open_store(url)
    for i in range(n):
        pair = art(f"{prefix}{i}", f"Événement {prefix} numéro {i} à Batken",
                   f"Un texte {prefix} {i} sur un incident frontalier près de Batken.",
                   "2024-05-01", source=f"{prefix}.example", ents=("batken", "japarov"),
                   dates=("2024-05-01",), countries=("KG", "TJ"))
        with store.transaction():
            store.put_articles([pair])
        cluster_new(store)
    store.close()


@pytest.mark.postgres
def test_two_writers_clustering_at_once_lose_nothing_and_double_nothing(pg_url):
    open_store(pg_url).close()  # migrate once before the race
    spawn = multiprocessing.get_context("spawn")
    procs = [spawn.Process(target=_writer, args=(pg_url, p, 40)) for p in ("a", "b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    store = open_store(pg_url)
    members = list(store.iter_story_members())
    assert len(members) == 80 and len({aid for aid, _, _ in members}) == 80
    assert store.story_cursor() == store.last_seq()
    ids = [r[0] for r in store._q("SELECT id FROM stories").fetchall()]
    assert len(ids) == len(set(ids))
    total = sum(r["size"] for r in store.list_story_rows(limit=1000))
    assert total == 80
    store.close()


def test_a_story_founded_by_an_undated_report_is_dated_by_the_first_dated_one(store):
    undated = art("u1", "Crues : Petropavl évacue ses quartiers bas",
                  "Les crues de l'Ichim ont forcé l'évacuation de milliers d'habitants à "
                  "Petropavl, où la digue menace de céder.", None, ents=("tokayev", "batken"))
    dated = art("u2", "Petropavl : la digue de l'Ichim tient, les évacuations continuent",
                "À Petropavl, les secours poursuivent l'évacuation des quartiers bas menacés "
                "par la crue de l'Ichim.", "2024-04-09", source="b.example",
                ents=("tokayev", "batken"))
    put(store, undated)
    put(store, dated)
    stories = story_of(store)
    assert stories["u1"] == stories["u2"]
    story = store.resolve_story(stories["u1"])
    assert story["first_day"] == story["last_day"] == 19822  # 2024-04-09
    assert story["profile"]["timeless"] is False


def test_a_round_that_prefetched_a_merged_story_flushes(store):
    """A round reads the stories its postings name before assigning anything; a merged one
    among them (its target not yet read) must not break the round's write."""
    from steppe.stories.cluster import _Batch
    from steppe.stories.features import features_of
    from steppe.stories.scoring import default_weights

    test_a_late_article_joining_two_stories_merges_them_into_the_older(store)
    probe = art("m4", "Achgabat : files d'attente", "Des déposants font la queue.",
                "2025-03-05", money=((500_000_000, "TMT"),), countries=("TM",))
    with store.transaction():
        state = _Batch(store, default_weights())
        state.prefetch([features_of(*probe)])
        targets = {s["merged_into"] for s in state.stories.values()} - {None}
        assert targets
        for pk in targets:  # as when the round's postings named only the merged story
            del state.stories[pk]
        state.flush()


def test_articles_in_hand_cluster_exactly_as_articles_read_back(store, tmp_path):
    """An ingest hands ``cluster_new`` the articles it has just written; the stories, scores
    and explanations are those of reading them back from the store."""
    from steppe.bench.story_corpus import StoryCorpus
    from steppe.stories.cluster import written

    items = list(StoryCorpus(3).iter(600, 0))
    with open_store(str(tmp_path / "read_back.db")) as other:
        for start in range(0, len(items), 150):
            batch = items[start:start + 150]
            with store.transaction():
                outcomes = store.put_articles(batch)
                assert cluster_new(store, fresh=written(batch, outcomes)) == len(batch)
            put(other, *batch)
        mine = {(a, s, round(x or 0, 4)) for a, s, x in store.iter_story_members()}
        theirs = {(a, s, round(x or 0, 4)) for a, s, x in other.iter_story_members()}
        assert mine == theirs
        assert len({s for _, s, _ in mine}) < len(items)  # stories were formed, not singletons
        ids = [a.id for a, _ in items]
        assert store.stories_of_articles(ids) == other.stories_of_articles(ids)
