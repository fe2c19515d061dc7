"""Refining a search by clicks keeps the query readable and valid."""

from __future__ import annotations

from steppe.kb import load_kb
from steppe.web.refine import active_filters, month_range, quoted, refine, remove, with_sort


def test_refine_adds_once_and_replaces_dates():
    assert refine("Tokayev", "country:KZ") == "Tokayev country:KZ"
    assert refine("Tokayev country:KZ", "country:KZ") == "Tokayev country:KZ"
    assert refine("gaz from:2024 to:2024-06", month_range("2025-03"), replace_dates=True) == \
        "gaz from:2025-03 to:2025-03"
    assert refine("", "topic:medtop:04000000") == "topic:medtop:04000000"


def test_remove_and_sort():
    assert remove("a country:KZ b", "country:KZ") == "a b"
    assert remove("country:KZG country:KZ", "country:KZ") == "country:KZG"
    assert with_sort("gaz", "date") == "gaz sort:date"
    assert with_sort("gaz sort:relevance", "date") == "gaz sort:relevance"
    assert with_sort("gaz", "") == "gaz"
    assert quoted("Le Courrier") == '"Le Courrier"' and quoted("AKIpress") == "AKIpress"


def test_active_filters_have_french_labels_and_removal():
    kb = load_kb()
    found = active_filters('Tokayev country:KZ -entity:person:kassym-jomart-tokaiev topic:medtop:04000000 '
                           'type:personne from:2025-03 source:"Le Courrier"', kb,
                           {"medtop:04000000": "économie"})
    labels = [f["label"] for f in found]
    assert labels == ["Pays : Kazakhstan", "Sans entité : Kassym-Jomart Tokaïev", "Thème : économie",
                      "Type : Personne", "Depuis : mars 2025", "Source : Le Courrier"]
    assert found[0]["without"].startswith("Tokayev -entity:")


def test_active_filters_name_languages_and_days_in_french():
    labels = [f["label"] for f in active_filters("gaz lang:ru from:2025-03-01 to:2025-03-31", load_kb())]
    assert labels == ["Langue : russe", "Depuis : 1er mars 2025", "Jusqu’à : 31 mars 2025"]
