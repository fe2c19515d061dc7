"""Contract tests of the read queries behind pages (store/reports_sql.py), on both backends."""

from __future__ import annotations

from steppe.model import Annotation, Article, CountryRef, Entity, Mention

PEOPLE = {
    "tok": ("person:tok", "Kassym-Jomart Tokaïev", "person", "KZ"),
    "mir": ("person:mir", "Chavkat Mirzioïev", "person", "UZ"),
    "ast": ("place:astana", "Astana", "place", "KZ"),
    "kz": ("country:KZ", "Kazakhstan", "country", "KZ"),
}


def put(store, aid: str, published: str | None, *keys: str, mentions: dict[str, int] | None = None) -> None:
    article = Article(id=aid, title=f"Titre {aid}", text=f"Texte de {aid}.", published=published,
                      source="Source A")
    entities = []
    for key in keys:
        eid, name, etype, country = PEOPLE[key]
        count = (mentions or {}).get(key, 1)
        entities.append(Entity(id=eid, name=name, type=etype, country=country,
                               mentions=[Mention("text", 0, 5, name[:5])] * count))
    annotation = Annotation(id=aid, lang="fr", title=article.title, text=article.text,
                            published=published, entities=entities,
                            countries=[CountryRef("KZ", "Kazakhstan", 1)])
    store.put_article(article, annotation)


def test_entity_facts(store):
    put(store, "a1", "2025-01-02", "tok", "kz")
    assert store.entity_facts("person:tok") == {"id": "person:tok", "name": "Kassym-Jomart Tokaïev",
                                                "type": "person", "country": "KZ"}
    assert store.entity_facts("person:nobody") is None


def test_entities_of_articles_most_mentioned_first(store):
    put(store, "a1", "2025-01-02", "tok", "ast", mentions={"ast": 3})
    put(store, "a2", "2025-01-03")
    got = store.entities_of_articles(["a1", "a2", "missing"])
    assert [e["id"] for e in got["a1"]] == ["place:astana", "person:tok"]
    assert got["a1"][0]["mentions"] == 3 and got["a1"][0]["type"] == "place"
    assert got["a2"] == [] and got["missing"] == []


def test_article_briefs_keep_the_order_asked(store):
    put(store, "a1", "2025-01-02")
    put(store, "a2", None)
    assert store.article_briefs(["a2", "nope", "a1"]) == [
        {"id": "a2", "title": "Titre a2", "published": None, "source": "Source A"},
        {"id": "a1", "title": "Titre a1", "published": "2025-01-02", "source": "Source A"},
    ]


def test_related_articles_share_most_entities_then_newest(store):
    put(store, "a0", "2025-01-01", "tok", "mir", "ast", "kz")
    put(store, "a1", "2025-01-02", "tok", "kz")
    put(store, "a2", "2025-01-05", "tok", "mir")
    put(store, "a3", "2025-01-09", "mir")
    put(store, "a4", None, "tok")
    put(store, "a5", "2025-02-01", "kz")        # shares only the country: not related
    got = store.related_articles("a0", limit=10)
    assert got == [("a2", 2), ("a3", 1), ("a1", 1), ("a4", 1)]
    assert store.related_articles("a0", limit=1) == [("a2", 2)]
    assert store.related_articles("a5") == []
    assert store.related_articles("unknown") == []


def test_annotation_records_are_plain_dicts_in_order(store):
    put(store, "a1", "2025-01-02", "tok")
    store.put_article(Article(id="bare", title="Sans annotation", text="Rien."), None)
    got = store.annotation_records(["bare", "a1", "nope"])
    assert [r["id"] for r in got] == ["bare", "a1"]
    assert got[0]["annotation"] is None and got[0]["title"] == "Sans annotation"
    entity = got[1]["annotation"]["entities"][0]
    assert entity["id"] == "person:tok" and entity["mentions"][0]["field"] == "text"
    assert got[1]["published"] == "2025-01-02" and got[1]["source"] == "Source A"
