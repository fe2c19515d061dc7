"""The curation overlay on plain values: what each change does to the KB and to an article."""

from __future__ import annotations

import pytest

from steppe.errors import InputError
from steppe.kb.curation import (adjust_annotation, apply_overlay, build_overlay, change_lines,
                                parse_mention)
from steppe.kb.loader import KBEntity, KnowledgeBase
from steppe.model import Annotation, Entity, Mention, Quote
from steppe.store.curation_sql import KBChange


def _kb() -> KnowledgeBase:
    return KnowledgeBase(KBEntity.from_record(r) for r in [
        {"id": "person:a", "type": "person", "name": "Aziz Karimov", "country": "UZ",
         "aliases": ["Karimov", "A. Karimov"]},
        {"id": "person:b", "type": "person", "name": "A. Karimov (ministre)", "country": "UZ"},
        {"id": "org:x", "type": "organization", "name": "Breaking", "country": None},
        {"id": "country:KZ", "type": "country", "name": "Kazakhstan", "country": "KZ"},
    ])


def _change(cid: int, op: str, payload: dict) -> KBChange:
    return KBChange(cid, "dana", "2026-12-05T14:05:00+00:00", op, [], payload, {}, {})


def test_alias_merge_reject_retype_make_a_new_kb():
    overlay = build_overlay([
        _change(1, "alias", {"id": "person:a", "name": "Aziz Karimovich"}),
        _change(2, "unalias", {"id": "person:a", "name": "A. Karimov"}),
        _change(3, "merge", {"keep": "person:a", "other": "person:b",
                             "names": ["A. Karimov (ministre)"]}),
        _change(4, "reject", {"id": "org:x", "forms": ["Breaking"]}),
        _change(5, "retype", {"id": "person:a", "type": "person", "country": "KZ"}),
    ], 5)
    kb = _kb()
    curated = apply_overlay(kb, overlay)
    a = curated.get("person:a")
    assert "Aziz Karimovich" in a.aliases and "A. Karimov" not in a.all_names()
    assert "A. Karimov (ministre)" in a.aliases and a.country == "KZ"
    assert curated.get("person:b") is None and curated.get("org:x") is None
    assert [e.id for e in curated.lookup("person:b")] == ["person:a"]    # the redirect
    assert [e.id for e in curated.lookup("Aziz Karimovich")] == ["person:a"]
    assert kb.get("person:b") is not None and "Aziz Karimovich" not in kb.get("person:a").aliases


def test_undone_alias_is_simply_absent_and_removal_wins_over_an_earlier_addition():
    overlay = build_overlay([_change(1, "alias", {"id": "person:a", "name": "AK"}),
                             _change(2, "unalias", {"id": "person:a", "name": "AK"})], 2)
    assert "AK" not in apply_overlay(_kb(), overlay).get("person:a").all_names()
    assert apply_overlay(_kb(), build_overlay([], 0)).get("person:a").aliases == \
        _kb().get("person:a").aliases


def _annotation() -> Annotation:
    return Annotation("art1", "fr", None, "Breaking : Aziz Karimov et A. Karimov à Tachkent",
                      entities=[Entity("org:x", "Breaking", "organization", None,
                                       [Mention("text", 0, 8, "Breaking")]),
                                Entity("person:b", "A. Karimov", "person", "UZ",
                                       [Mention("text", 25, 35, "A. Karimov")]),
                                Entity("person:a", "Aziz Karimov", "person", "UZ",
                                       [Mention("text", 11, 23, "Aziz Karimov")]),
                                Entity("org:breaking-news", "Breaking", "organization", None,
                                       [Mention("text", 0, 8, "Breaking")])],
                      quotes=[Quote("A. Karimov", "person:b", "…", "text", 0, 1)])


def test_article_follows_merge_and_reject():
    overlay = build_overlay([
        _change(1, "merge", {"keep": "person:a", "other": "person:b", "names": []}),
        _change(2, "reject", {"id": "org:x", "forms": ["Breaking"]})], 2)
    adjusted = adjust_annotation("art1", _annotation(), overlay, apply_overlay(_kb(), overlay))
    assert [(e.id, len(e.mentions)) for e in adjusted.entities] == [("person:a", 2)]
    assert adjusted.quotes[0].speaker_id == "person:a"    # a new id from the same text: gone too


def test_split_by_article_and_by_mention():
    new = {"id": "person:aziz-karimov-jr", "name": "Aziz Karimov Jr", "type": "person",
           "country": "UZ"}
    by_article = build_overlay([_change(1, "split", {"id": "person:a", "new": new,
                                                     "articles": ["art1"], "mentions": []})], 1)
    kb = apply_overlay(_kb(), by_article)
    assert kb.get(new["id"]).name == "Aziz Karimov Jr"
    moved = adjust_annotation("art1", _annotation(), by_article, kb)
    assert new["id"] in [e.id for e in moved.entities] and "person:a" not in \
        [e.id for e in moved.entities]
    kept = adjust_annotation("art2", _annotation(), by_article, kb)
    assert "person:a" in [e.id for e in kept.entities]
    by_mention = build_overlay([_change(1, "split", {"id": "person:a", "new": new,
                                                     "articles": [],
                                                     "mentions": [["art1", 11, 23]]})], 1)
    one = adjust_annotation("art1", _annotation(), by_mention, apply_overlay(_kb(), by_mention))
    assert [m.start for e in one.entities if e.id == new["id"] for m in e.mentions] == [11]


def test_mention_syntax_and_change_lines():
    assert parse_mention("abc123:10-20") == ("abc123", 10, 20)
    for bad in ("abc123", "abc123:20-10", "abc:x-y"):
        with pytest.raises(InputError, match="ARTICLE:DÉBUT-FIN"):
            parse_mention(bad)
    lines = change_lines({"person:a": {"name": "A", "names": ["A"], "type": "person",
                                       "country": "UZ"}},
                         {"person:a": {"name": "A", "names": ["A", "AK"], "type": "person",
                                       "country": "KZ"}})
    assert lines == ["person:a : noms + AK; pays : UZ → KZ"]
    assert change_lines({}, {"person:b": {"redirect": "person:a"}}) == \
        ["person:b : fusionnée dans person:a"]
