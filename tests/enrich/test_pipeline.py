"""The enrichment pipeline end to end through the Python API, on hand-written articles."""

from __future__ import annotations

import pytest

import steppe


def names(annotation, kind):
    return {e.name for e in annotation.entities if e.type == kind}


def codes(annotation):
    return {c.code for c in annotation.countries}


def test_schema_record_shape_and_offsets():
    title = "Tokaïev reçoit Mirzioïev à Astana"
    text = ("Le président kazakhstanais Kassym-Jomart Tokaïev a reçu le 3 mars 2025 son homologue "
            "ouzbek. « Nous ouvrons une nouvelle page de notre coopération », a déclaré Tokaïev.")
    record = steppe.annotate(text, title=title, published="2025-03-04").to_dict()
    for e in record["entities"]:
        for m in e["mentions"]:
            source = title if m["field"] == "title" else text
            assert source[m["start"]:m["end"]] == m["text"]
    for key in ("dates", "money", "percents", "quotes"):
        for item in record[key]:
            source = title if item["field"] == "title" else text
            assert source[item["start"]:item["end"]] in (item["text"], item.get("text"))
    (tokaiev,) = [e for e in record["entities"] if e["id"] == "person:kassym-jomart-tokaiev"]
    assert len(tokaiev["mentions"]) == 3  # title surname, full name, surname in the attribution
    assert record["dates"][0]["value"] == "2025-03-03"
    assert record["quotes"][0]["speaker_id"] == "person:kassym-jomart-tokaiev"
    assert {"KZ", "UZ"} <= {c["code"] for c in record["countries"]}


def test_unknown_person_surname_links_to_full_name():
    a = steppe.annotate("Aïnoura Bekbolotova, militante à Och, a été arrêtée. "
                        "Selon ses avocats, Bekbolotova conteste les accusations.")
    people = [e for e in a.entities if e.type == "person"]
    assert len(people) == 1 and len(people[0].mentions) == 2
    assert people[0].id == "person:ainoura-bekbolotova"


def test_a_family_name_said_first_links_to_the_full_name():
    """Chinese and Korean names put the family name first: « M. Lee » is Lee Jae-myung."""
    a = steppe.annotate("Le président sud-coréen Lee Jae-myung a reçu mardi à Séoul Chavkat "
                        "Mirziyoyev. M. Lee a invité le dirigeant ouzbek à revenir en 2027.")
    (lee,) = [e for e in a.entities if e.id == "person:lee-jae-myung"]
    assert [m.text for m in lee.mentions] == ["Lee Jae-myung", "Lee"]
    assert not any(e.id == "person:lee" for e in a.entities)


@pytest.mark.parametrize("text, expected", [
    ("L’alliance kazakho-kirghize se renforce.", {"KZ", "KG"}),
    ("Le Kremlin a salué l’accord.", {"RU"}),
    ("Des investisseurs chinois arrivent à Bichkek.", {"CN", "KG"}),
    ("Les relations russo-chinoises et sino-kazakhes progressent.", {"RU", "CN", "KZ"}),
    ("La délégation s’est rendue à Douchanbé puis à Achgabat.", {"TJ", "TM"}),
    ("Un indo-européen n’est pas un pays.", set()),
])
def test_countries_from_adjectives_places_and_metonymy(text, expected):
    assert codes(steppe.annotate(text)) == expected


@pytest.mark.parametrize("text, lang, expected_codes, person", [
    ("Kazakh President Tokayev met the Uzbek leader, Shavkat Mirziyoyev, in Tashkent on Monday to discuss water and energy.", "en",
     {"KZ", "UZ"}, "Kassym-Jomart Tokaïev"),
    ("Президент Казахстана Токаев встретился с Шавкатом Мирзиёевым в Ташкенте.", "ru",
     {"KZ", "UZ"}, "Kassym-Jomart Tokaïev"),
])
def test_english_and_russian_entities_and_countries(text, lang, expected_codes, person):
    a = steppe.annotate(text)
    assert a.lang == lang
    assert expected_codes <= codes(a)
    assert person in names(a, "person")


def test_batch_keeps_order_and_accepts_dicts_strings_and_articles():
    items = [{"id": "x1", "text": "Réunion à Almaty."}, "Sommet à Bichkek.",
             {"id": "x3", "text": "Visite à Tachkent.", "published": "2024-01-02"}]
    out = list(steppe.annotate_many(items))
    assert [a.id for a in out][0] == "x1" and out[2].id == "x3"
    assert [next(iter(codes(a))) for a in out] == ["KZ", "KG", "UZ"]


@pytest.mark.parametrize("text", [
    "",
    "   \n\t ",
    "Astana " * 150_000,                                   # about 1 MB
    "<p>Le <b>Kazakhstan</b> signe</p><script>alert(1)</script>",
    "Texte\x00avec\x07des\x1bcontrôles à Bichkek",
    "这是一篇关于哈萨克斯坦的中文文章。",
    "مقال باللغة العربية عن كازاخستان",
    "😀" * 500,
])
def test_bad_input_never_crashes(text):
    record = steppe.annotate(text).to_dict()
    assert isinstance(record["entities"], list)


def test_html_in_text_still_finds_the_country():
    a = steppe.annotate("<p>Le <b>Kazakhstan</b> signe un accord</p>")
    assert "KZ" in codes(a)


def test_the_text_components_read_is_the_docs_own_text():
    # the enricher hands the components the text it tokenised (doc_state's "text") instead of
    # letting spaCy rebuild it from the tokens: both must be the same, character for character,
    # whatever the spaces, tabs, line ends and markup
    from steppe.enrich.doc_state import state
    from steppe.enrich.pipeline import Enricher
    from steppe.model import Article

    enricher = Enricher()
    articles = [Article(id="a", title="Titre  avec\u00a0espaces\t",
                        text="Texte\r\n\n  « guillemets »\tfin  "),
                Article(id="b", title=None, text="<b>Astana</b>\u202f: 5 %\u2009 \n"),
                Article(id="c", title="", text="   ")]
    for doc, _ in enricher.nlp.pipe(enricher._inputs(articles), as_tuples=True):
        assert state(doc)["text"] == doc.text
