"""The store contract: the same tests for every backend (SQLite and PostgreSQL, see conftest)."""

from __future__ import annotations

import pytest

from steppe.errors import NotFound
from steppe.model import Annotation, Article, CountryRef, Entity, Mention


def make(i: int, text: str | None = None) -> tuple[Article, Annotation]:
    article = Article(id=f"a-{i}", title=f"Titre {i}", text=text or f"Texte numéro {i} à Astana.",
                      published="2025-09-25", source="test", lang="fr")
    ann = Annotation.empty(article)
    ann.countries = [CountryRef("KZ", "Kazakhstan", 1)]
    ann.entities = [Entity("place:astana", "Astana", "place", "KZ",
                           [Mention("text", 16, 22, "Astana")])]
    return article, ann


def test_put_then_get_round_trips(store):
    article, ann = make(1)
    assert store.put_article(article, ann) == "new"
    got, got_ann = store.get_article("a-1")
    assert (got.title, got.text, got.published, got.source) == (article.title, article.text,
                                                                 "2025-09-25", "test")
    assert got_ann.to_dict() == ann.to_dict()


def test_same_content_is_a_duplicate(store):
    article, ann = make(1)
    store.put_article(article, ann)
    assert store.put_article(article, ann) == "duplicate"
    same_text_other_id = Article(id="other", title=article.title, text=article.text)
    assert store.put_article(same_text_other_id, None) == "duplicate"
    assert store.count_articles() == 1


def test_same_id_new_content_updates(store):
    store.put_article(*make(1))
    assert store.put_article(*make(1, "Nouveau texte à Bichkek.")) == "updated"
    assert store.get_article("a-1")[0].text == "Nouveau texte à Bichkek."
    assert store.count_articles() == 1


def test_every_write_gets_a_growing_sequence_number(store):
    for i in range(3):
        store.put_article(*make(i))
    store.put_article(*make(1, "modifié"))
    assert store.stats()["last_seq"] == 4


def test_failed_transaction_leaves_nothing(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.put_article(*make(1))
            store.put_article(*make(2))
            raise RuntimeError("boom")
    assert store.count_articles() == 0
    assert store.stats()["last_seq"] == 0


def test_unknown_id(store):
    with pytest.raises(NotFound):
        store.get_article("missing")


def test_iteration_in_insertion_order_and_stats(store):
    for i in (3, 1, 2):
        store.put_article(*make(i))
    assert [a.id for a, _ in store.iter_articles()] == ["a-3", "a-1", "a-2"]
    stats = store.stats()
    assert stats["articles"] == 3 and stats["countries"] == {"KZ": 3} and stats["entities"] == 1


def test_changes_since_and_get_articles(store):
    for i in range(3):
        store.put_article(*make(i))
    store.put_article(*make(0, "changé"))
    assert store.changes_since(0) == [(1, "a-0", "insert"), (2, "a-1", "insert"),
                                      (3, "a-2", "insert"), (4, "a-0", "update")]
    assert store.changes_since(3) == [(4, "a-0", "update")]
    assert store.last_seq() == 4
    got = store.get_articles(["a-2", "a-0", "nope"])
    assert set(got) == {"a-0", "a-2"} and got["a-0"][0].text == "changé"


def test_put_articles_matches_one_by_one(store):
    """The bulk path gives the outcomes, rows and sequence numbers of put_article in order."""
    store.put_article(*make(1))
    batch = [make(2), make(3), make(1), make(1, "nouveau texte"), make(2),
             (Article(id="copy", title="Titre 3", text="Texte numéro 3 à Astana."), None), make(4)]
    assert store.put_articles(batch) == ["new", "new", "duplicate", "updated", "duplicate",
                                         "duplicate", "new"]
    assert store.count_articles() == 4
    assert [c[1:] for c in store.changes_since(0)] == [
        ("a-1", "insert"), ("a-2", "insert"), ("a-3", "insert"), ("a-4", "insert"),
        ("a-1", "update")] or [c[1:] for c in store.changes_since(0)] == [
        ("a-1", "insert"), ("a-2", "insert"), ("a-3", "insert"), ("a-1", "update"),
        ("a-4", "insert")]
    _, ann = store.get_article("a-4")
    assert ann.entities[0].id == "place:astana" and store.stats()["countries"] == {"KZ": 4}
