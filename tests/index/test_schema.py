"""The French analyzer and the document of one article."""

from __future__ import annotations

import pytest

from steppe.index.schema import day_number, document_fields, french_analyzer
from tests.index.corpus import articles

FR = french_analyzer()


def stems(text: str) -> list[str]:
    return FR.analyze(text)


@pytest.mark.parametrize("a, b", [
    ("élection", "élections"),
    ("Élection", "ELECTION"),
    ("électorale", "electorale"),
    ("présidentielles", "presidentielle"),
    ("Tokaïev", "tokaiev"),
    ("sécurité", "securite"),
])
def test_accents_case_and_inflections_meet(a, b):
    assert stems(a) == stems(b)


def test_words_split_on_punctuation_and_apostrophes():
    assert stems("l’élection d'Astana, Kassym-Jomart") == \
        stems("l élection d Astana Kassym Jomart")
    assert len(stems("Kassym-Jomart")) == 2


def test_cyrillic_is_lowercased_not_mangled():
    assert stems("Токаев") == stems("токаев") and stems("Токаев")[0].startswith("токаев")


@pytest.mark.parametrize("published, day", [
    ("2025-06-10", 20250610), ("2025-06", 20250601), ("2025", 20250101),
    ("2025-06-10T08:00:00+00:00", 20250610), (None, 0), ("", 0), ("juin 2025", 0),
    ("2025-13-01", 0),
])
def test_day_number_of_any_granularity(published, day):
    assert day_number(published) == day


def test_document_fields_carry_filters_and_facets():
    article, annotation = articles()[0]
    fields = document_fields(article, annotation)
    assert fields["id"] == "a1"
    assert fields["text"] == [article.title, article.text]
    assert fields["country"] == ["KZ"] and fields["topic"] == ["medtop:11000000"]
    assert fields["entity"] == ["person:kassym-jomart-tokaiev"]
    assert fields["facet_person"] == ["person:kassym-jomart-tokaiev"]
    assert fields["etype"] == ["person"]
    assert "person:kassym-jomart-tokaiev|Kassym-Jomart Tokaïev" in fields["label"]
    assert fields["month"] == "2025-06" and fields["day"] == 20250610
    assert fields["source_key"] == "le-courrier-des-steppes" and fields["lang"] == "fr"


def test_an_article_without_annotation_or_date_still_has_a_document():
    article, annotation = next(p for p in articles() if p[0].id == "a7")
    fields = document_fields(article, annotation)
    assert annotation is None and fields["day"] == 0 and "month" not in fields
    assert "country" not in fields and fields["text"] == [article.text]
