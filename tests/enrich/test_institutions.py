"""Institutions are per country (issue 13): the same generic name about two countries is two
entities, linked to the KB's record of that country's institution when it has one, else to
``generic-id--cc`` with the country in the label."""

from __future__ import annotations

import steppe


def orgs(annotation) -> dict[str, tuple[str, str | None]]:
    return {e.id: (e.name, e.country) for e in annotation.entities if e.type == "organization"}


def test_same_generic_name_about_two_countries_is_two_entities():
    kg = steppe.annotate("À Bichkek, la Commission électorale centrale a publié les résultats "
                         "des élections kirghizes.", title="Kirghizstan : résultats publiés")
    uz = steppe.annotate("À Tachkent, la Commission électorale centrale a publié les résultats "
                         "du scrutin ouzbek.", title="Ouzbékistan : résultats publiés")
    assert "org:commission-electorale-centrale-du-kirghizstan" in orgs(kg)   # the KB's record
    assert orgs(uz)["org:commission-electorale-centrale--uz"] == (
        "Commission électorale centrale (Ouzbékistan)", "UZ")


def test_country_written_in_the_mention_wins_over_the_dominant_country():
    a = steppe.annotate("Le Kazakhstan et le Kazakhstan encore : Astana a reçu une délégation. "
                        "Le ministère tadjik de la Culture a signé un accord à Astana.")
    assert orgs(a)["org:ministere-de-la-culture--tj"] == ("ministère de la Culture (Tadjikistan)",
                                                          "TJ")


def test_languages_meet_on_one_per_country_id():
    fr = steppe.annotate("Selon le ministère de la Culture, le Kirghizstan rénove ses musées.")
    en = steppe.annotate("According to the Ministry of Culture, Kyrgyzstan is renovating "
                         "its museums.")
    assert "org:ministere-de-la-culture--kg" in orgs(fr)
    assert "org:ministere-de-la-culture--kg" in orgs(en)


def test_generic_name_links_to_the_kb_record_of_the_country():
    a = steppe.annotate("Au Kazakhstan, la Banque nationale a relevé son taux et le Sénat a "
                        "adopté le budget à Astana.")
    assert {"org:banque-nationale-du-kazakhstan", "org:senat-du-kazakhstan"} <= set(orgs(a))


def test_no_country_keeps_the_generic_id():
    a = steppe.annotate("La Commission électorale centrale a publié les résultats définitifs.")
    assert orgs(a).get("org:commission-electorale-centrale") == (
        "Commission électorale centrale", None)


def test_an_international_body_is_not_made_national():
    a = steppe.annotate("À Moscou, le Conseil économique suprême eurasiatique s’est réuni ; "
                        "la Russie et le Kazakhstan étaient représentés.")
    assert "org:conseil-economique-supreme-eurasiatique" in orgs(a)
    assert not [i for i in orgs(a) if "--" in i]
