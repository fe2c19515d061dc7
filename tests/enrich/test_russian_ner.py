"""Russian names from natasha (issue 14), merged KB first, on sentences of our own; and a
French run that never loads it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import steppe
from steppe.enrich.components.russian_ner import same_word


def by_mention(annotation) -> dict[str, tuple[str, str]]:
    """mention text → (entity id, type)."""
    return {m.text: (e.id, e.type) for e in annotation.entities for m in e.mentions}


def test_persons_in_several_cases_are_found_and_joined():
    a = steppe.annotate("Вчера министр сельского хозяйства Марат Оспанов встретился с фермером "
                        "Ильёй Воронцовым. Оспанов пообещал Воронцову новые субсидии, а разговор "
                        "с Ильёй Воронцовым продолжится в понедельник.", lang="ru")
    found = by_mention(a)
    assert found["Марат Оспанов"][1] == "person"
    assert found["Оспанов"] == found["Марат Оспанов"]          # the surname joins the name
    assert found["Ильёй Воронцовым"][1] == "person"            # instrumental
    assert found["Воронцову"] == found["Ильёй Воронцовым"]     # dative surname, same person
    assert len([e for e in a.entities if e.type == "person"]) == 2


def test_an_organisation_the_kb_does_not_know_and_the_person_after_it():
    """The rule that guesses persons by shape read "Алтынсервис Дмитрий" as a person; natasha
    reads a company, then a person, and wins; the company's one-word name is one type."""
    a = steppe.annotate("Компания «Северная звезда» и холдинг Алтынсервис подписали соглашение. "
                        "Представитель компании Алтынсервис Дмитрий Кравец сообщил, что работы "
                        "начнутся весной.", lang="ru")
    types = {(e.name, e.type) for e in a.entities}
    assert ("Северная звезда", "organization") in types
    assert ("Алтынсервис", "organization") in types
    assert ("Дмитрий Кравец", "person") in types
    assert not [n for n, t in types if n.startswith("Алтынсервис ")]


def test_a_village_natasha_finds_and_inflected_cities_still_linked_through_the_kb():
    a = steppe.annotate("Работы начнутся в посёлке Жанаконыс, а затем в Шымкенте и Бишкеке.",
                        lang="ru")
    found = by_mention(a)
    assert found["Жанаконыс"][1] == "place"
    assert found["Шымкенте"] == ("place:chymkent", "place")    # KB ids, as before natasha
    assert found["Бишкеке"] == ("place:bichkek", "place")


def test_an_organisation_takes_in_its_country_which_still_counts():
    a = steppe.annotate("Глава Федерации шахмат Казахстана Ерлан Сейткали заявил, что турнир "
                        "пройдёт осенью.", lang="ru")
    found = by_mention(a)
    assert found["Федерации шахмат Казахстана"][1] == "organization"
    assert found["Ерлан Сейткали"][1] == "person"
    assert "KZ" in {c.code for c in a.countries}


def test_a_site_is_a_place_and_common_acronyms_are_not_organisations():
    a = steppe.annotate("Строительство АЭС обсуждали в парке «Новый Узбекистан», а на "
                        "Камбаратинской ГЭС-1 начались работы.", lang="ru")
    types = {(e.name, e.type) for e in a.entities}
    assert ("Новый Узбекистан", "place") in types
    assert ("Камбаратинской ГЭС-1", "place") in types
    assert not [n for n, t in types if n in {"АЭС", "Камбаратинской"}]


def test_titles_natasha_reads_as_names_are_not_entities():
    a = steppe.annotate("«Мы продолжим реформы», — сказал Президент. Аким города Ерболат Досаев "
                        "провёл совещание.", lang="ru")
    names = {e.name for e in a.entities}
    assert not names & {"Президент", "Аким"}, names
    assert any(m.text == "Ерболат Досаев" for e in a.entities for m in e.mentions)


def test_another_case_of_a_place_joins_it():
    a = steppe.annotate("Озеро Балхаш мелеет. Уровень Балхаша упал на метр.", lang="ru")
    places = [e for e in a.entities if e.type == "place"]
    assert len(places) == 1, places


def test_forms_of_one_word():
    assert same_word("Федерация", "Федерации") and same_word("Курсив", "Курсива")
    assert not same_word("Москва", "Минск")


def test_annotating_french_text_does_not_import_natasha():
    script = textwrap.dedent("""
        import sys
        import steppe
        steppe.annotate("Le président Tokaïev a reçu à Astana le ministre ouzbek.", lang="fr")
        steppe.annotate("President Tokayev met the Uzbek minister in Astana.", lang="en")
        assert not [m for m in sys.modules if m.split(".")[0] in {"natasha", "slovnet", "navec"}]
        steppe.annotate("Президент Токаев принял в Астане министра.", lang="ru")
        assert "natasha" in sys.modules
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("ok")
