"""Explicit calendar dates in French, English and Russian news text."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from steppe.enrich.grammar import DateHit, find_dates

PUBLISHED = dt.date(2025, 10, 1)


def found(text, published=PUBLISHED, context_years=()):
    hits = find_dates(text, published, context_years)
    for hit in hits:
        assert text[hit.start:hit.end] == hit.text
    return [(hit.text, hit.value, hit.granularity) for hit in hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # French, full dates
        ("Le sommet s’est tenu le 25 septembre 2025 à Astana.",
         [("25 septembre 2025", "2025-09-25", "day")]),
        ("Tokaïev a signé ce 25 septembre 2025 un décret sur le nucléaire.",
         [("25 septembre 2025", "2025-09-25", "day")]),
        ("La loi entre en vigueur le 1er juillet 2025.",
         [("1er juillet 2025", "2025-07-01", "day")]),
        ("Le 30 août 2025, Bichkek a accueilli le forum.",
         [("30 août 2025", "2025-08-30", "day")]),
        ("Le président s’est rendu à Douchanbé mardi 3 juin 2025.",
         [("mardi 3 juin 2025", "2025-06-03", "day")]),
        ("LE 12 DÉCEMBRE 2024, LE PARLEMENT A VOTÉ",
         [("12 DÉCEMBRE 2024", "2024-12-12", "day")]),
        ("L’accord du 5 févr. 2024 prévoit un gazoduc.",
         [("5 févr. 2024", "2024-02-05", "day")]),
        ("Publié le 29 février 2024.", [("29 février 2024", "2024-02-29", "day")]),
        # coordinated and ranged days
        ("Le festival aura lieu les 31 août et 1er septembre 2025 à Och.",
         [("31 août", "2025-08-31", "day"),
          ("1er septembre 2025", "2025-09-01", "day")]),
        ("Les 3 et 4 juillet 2024, l’OCS s’est réunie à Astana.",
         [("3", "2024-07-03", "day"), ("4 juillet 2024", "2024-07-04", "day")]),
        ("La conférence se tiendra du 4 au 5 novembre à Samarcande.",
         [("4", "2025-11-04", "day"), ("5 novembre", "2025-11-05", "day")]),
        ("Des élections auront lieu entre le 10 et le 12 mai 2025.",
         [("10", "2025-05-10", "day"), ("12 mai 2025", "2025-05-12", "day")]),
        ("Les 3, 4 et 5 juillet 2024, des manœuvres ont eu lieu.",
         [("3", "2024-07-03", "day"), ("4", "2024-07-04", "day"),
          ("5 juillet 2024", "2024-07-05", "day")]),
        ("Le salon se tient du 10-12 mai 2025 à Tachkent.",
         [("10", "2025-05-10", "day"), ("12 mai 2025", "2025-05-12", "day")]),
        ("Les 31 décembre et 1er janvier 2026 seront fériés.",
         [("31 décembre", "2025-12-31", "day"),
          ("1er janvier 2026", "2026-01-01", "day")]),
        # months and years
        ("L’inflation a ralenti en mars 2024.", [("mars 2024", "2024-03", "month")]),
        ("Les travaux reprendront mi-juillet 2025.",
         [("mi-juillet 2025", "2025-07", "month")]),
        ("Le rapport est attendu fin mars 2025.",
         [("fin mars 2025", "2025-03", "month")]),
        ("septembre 2025 restera un mois record.",
         [("septembre 2025", "2025-09", "month")]),
        ("La centrale ouvrira début 2026.", [("début 2026", "2026", "year")]),
        ("En 2018, le Kazakhstan a changé d’alphabet.", [("2018", "2018", "year")]),
        ("Le programme existe dès 2018.", [("2018", "2018", "year")]),
        ("Le pays est membre depuis 2019.", [("2019", "2019", "year")]),
        ("Objectif neutralité carbone d’ici 2060.", [("2060", "2060", "year")]),
        ("Le moratoire court jusqu’en 2027.", [("2027", "2027", "year")]),
        ("À partir de 2019, les visas ont été supprimés.",
         [("2019", "2019", "year")]),
        ("La récolte de l’année 2023 a été faible.", [("2023", "2023", "year")]),
        ("Le projet sera achevé au printemps 2026.",
         [("printemps 2026", "2026", "year")]),
        ("Les prix ont doublé de 2018 à 2020.",
         [("2018", "2018", "year"), ("2020", "2020", "year")]),
        ("La sécheresse de 1990-1995 a marqué la région.",
         [("1990", "1990", "year"), ("1995", "1995", "year")]),
        ("Des élections ont eu lieu en 2018 et 2019.",
         [("2018", "2018", "year"), ("2019", "2019", "year")]),
        # numeric forms
        ("Décret n° 45 du 12/03/2024.", [("12/03/2024", "2024-03-12", "day")]),
        ("Signé le 12.03.2024 à Achgabat.", [("12.03.2024", "2024-03-12", "day")]),
        ("Mise à jour : 2024-03-12.", [("2024-03-12", "2024-03-12", "day")]),
        # English
        ("The summit opened on September 25, 2025 in Astana.",
         [("September 25, 2025", "2025-09-25", "day")]),
        ("Talks resumed on 25 September 2025.",
         [("25 September 2025", "2025-09-25", "day")]),
        ("The pipeline deal was signed on Sept. 25.",
         [("Sept. 25", "2025-09-25", "day")]),
        ("Inflation peaked in March 2024.", [("March 2024", "2024-03", "month")]),
        ("The forum runs May 10-12, 2025 in Almaty.",
         [("May 10", "2025-05-10", "day"), ("12, 2025", "2025-05-12", "day")]),
        ("On Tuesday, June 3, 2025, the president flew to Baku.",
         [("Tuesday, June 3, 2025", "2025-06-03", "day")]),
        ("The plant should open by the end of 2026.",
         [("the end of 2026", "2026", "year")]),
        ("Exports grew in mid-July 2025.", [("mid-July 2025", "2025-07", "month")]),
        # Russian
        ("Саммит прошёл 25 сентября 2025 года в Астане.",
         [("25 сентября 2025 года", "2025-09-25", "day")]),
        ("Закон вступает в силу 1 июля.", [("1 июля", "2025-07-01", "day")]),
        ("Инфляция замедлилась в марте 2024 года.",
         [("марте 2024 года", "2024-03", "month")]),
        ("В 2024 году экспорт вырос.", [("2024 году", "2024", "year")]),
        ("С 2018 года действует безвизовый режим.", [("2018 года", "2018", "year")]),
        ("Форум пройдёт с 4 по 5 ноября 2025 г.",
         [("4", "2025-11-04", "day"), ("5 ноября 2025 г.", "2025-11-05", "day")]),
        ("Строительство начнётся в начале 2026 года.",
         [("начале 2026 года", "2026", "year")]),
    ],
)
def test_dates(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Le président a 30 ans de carrière.",
        "Le pays fête le 30e anniversaire de sa constitution.",
        "La visite a duré quinze jours.",
        "Le chantier a pris 3 mois de retard.",
        "Discours devant la 80ᵉ session de l’Assemblée générale.",
        "Le taux est passé à 1,4.",
        "Le chômage atteint 25%.",
        "Un budget de 5,9 milliards de tenges.",
        "Rendez-vous à 14h30 au ministère.",
        "Voir l’article 12 de la Constitution.",
        "Lire page 7 du rapport.",
        "Le Kaïrat a gagné 3-1 face à l’Ordabasy.",
        "Le 1er est arrivé en tête.",
        "Il était au premier rang lundi.",
        "Le ministre est arrivé hier.",
        "Mars est la quatrième planète du système solaire.",
        "La ville compte 2018 habitants.",
        "La production a atteint 2025 tonnes.",
        "Plus de 2000 manifestants étaient présents.",
        "Jusqu’à 2000 personnes ont été évacuées.",
        "Le nombre 1 2018 n’est pas une année.",
        "Le 31 février 2025 n’existe pas.",
        "Le 31 avril 2024 non plus.",
        "Le 29 février 2023 non plus.",
        "Les 25 sept membres du conseil ont voté.",
        "Vision 2030 est un programme saoudien.",
        "Le vol SU 2024 a été annulé.",
        "La route mesure 1 200 km.",
        "Le score final : 2-0.",
        "Le taux est de 3.5 points.",
        "La population atteint 1.200.000 habitants.",
        "The team won 2025 votes.",
        "Around 1990 people attended.",
        "Прошло 30 лет.",
        "Собрались 2018 человек.",
        "Il a été condamné à 15 ans de prison.",
        "Le vote a recueilli 72 % des suffrages.",
        "Le siège est au 12 rue de la Paix.",
        "Le groupe compte 12 membres depuis sa création.",
        "Il a parcouru 2000 kilomètres.",
        "La ville existe depuis 2000 ans.",
        "Le livre a été tiré en 2000 exemplaires.",
        "Le match a fini 1-0 le soir.",
        "Le décret n° 2024-123 est paru.",
        "Le colis pèse 3,5 kg.",
        "Le train de 8.15 est parti.",
        "La sonde Mars 2 a échoué.",
        "La résolution 2231 du Conseil de sécurité.",
        "La COP29 se tient à Bakou.",
        "Il arrive lundi 3.",
        "May I ask 25 questions?",
        "The Boeing 737 landed.",
        "За 2 дня прошло 5 встреч.",
        "Les prix ont augmenté de 1990 à 2000 tenges.",
        "Le réacteur de 1200 MW sera livré.",
        "Ils ont parcouru 42 km en 3 heures.",
        "Le bilan s’établit à 31 morts et 12 blessés.",
        "Le 12 est un numéro porte-bonheur.",
        "Il a marqué 2 buts à la 90e minute.",
        "La réunion a lieu ce mardi à 10 h.",
        "Le texte compte 12 articles et 3 annexes.",
        "In 25 years, the city has doubled.",
        "Le PIB a crû de 4,8 % sur un an.",
        "Le bâtiment compte 1 917 logements.",
        "Le vol 2019 a décollé à 14 h 30.",
        "He scored 20 points in 2 games.",
        "Рост ВВП составил 4,8%.",
        "Погибли 12 человек.",
        "Le chantier redémarre en mai",  # no year, and no published date
        "Le 14 juillet est férié.",  # idem
    ],
)
def test_not_dates(text):
    if text.endswith(("en mai", "férié.")):
        assert found(text, published=None) == []
    else:
        assert found(text) == []


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("le 15 décembre", dt.date(2026, 1, 5), "2025-12-15"),
        ("le 15 janvier", dt.date(2025, 12, 20), "2026-01-15"),
        ("le 3 mai", dt.date(2025, 6, 1), "2025-05-03"),
        ("en mars", dt.date(2025, 6, 1), "2025-03"),
        ("le 29 février", dt.date(2024, 5, 1), "2024-02-29"),
    ],
)
def test_missing_year_comes_from_publication_date(text, published, expected):
    assert [h.value for h in find_dates(text, published)] == [expected]


def test_missing_year_comes_from_preceding_explicit_year():
    text = "En 2019, le pays a adhéré. Le 15 mars, puis le 2 avril, il a signé."
    assert [h.value for h in find_dates(text)] == [
        "2019", "2019-03-15", "2019-04-02"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # issue 14: ranges whose ends share a month or a year give both ends
        ("Le sommet se tiendra du mercredi 5 au jeudi 6 janvier 2025 à Astana.",
         [("mercredi 5", "2025-01-05", "day"),
          ("jeudi 6 janvier 2025", "2025-01-06", "day")]),
        ("Les manœuvres ont duré du lundi 14 au vendredi 18 avril 2025.",
         [("lundi 14", "2025-04-14", "day"),
          ("vendredi 18 avril 2025", "2025-04-18", "day")]),
        ("Les exportations de blé ont progressé de janvier à septembre 2024.",
         [("janvier", "2024-01", "month"), ("septembre 2024", "2024-09", "month")]),
        ("Entre janvier et août 2025, le trafic fret a doublé au Kirghizstan.",
         [("janvier", "2025-01", "month"), ("août 2025", "2025-08", "month")]),
        ("La campagne de vaccination court d’avril à juin 2023.",
         [("avril", "2023-04", "month"), ("juin 2023", "2023-06", "month")]),
        ("Le trafic a chuté de novembre à février 2024 à Och.",
         [("novembre", "2023-11", "month"), ("février 2024", "2024-02", "month")]),
        ("Le festival aura lieu du 29 mai au 1er juin 2025 à Boukhara.",
         [("29 mai", "2025-05-29", "day"), ("1er juin 2025", "2025-06-01", "day")]),
        ("Entre mars et mai, les prix ont grimpé.",
         [("mars", "2025-03", "month"), ("mai", "2025-05", "month")]),
        # seasons and periods with a year: the schema has no season, so the year
        ("Le barrage de Rogun a été inauguré à l’été 2021.",
         [("été 2021", "2021", "year")]),
        ("La ligne ferroviaire ouvrira à l'hiver 2026.",
         [("hiver 2026", "2026", "year")]),
        ("Le gazoduc sera achevé fin 2025, selon Gazprom.",
         [("fin 2025", "2025", "year")]),
        ("Les négociations ont repris début 2024 à Tachkent.",
         [("début 2024", "2024", "year")]),
        ("La réforme est prévue pour mi-2023.", [("mi-2023", "2023", "year")]),
        ("Le référendum a eu lieu au printemps 2022.",
         [("printemps 2022", "2022", "year")]),
        ("Les livraisons reprendront d’ici l’automne 2026.",
         [("automne 2026", "2026", "year")]),
        # a year after a preposition
        ("La mosquée de Douchanbé date de 1993.", [("1993", "1993", "year")]),
        ("La crise bancaire de 2008 a frappé Almaty.", [("2008", "2008", "year")]),
        ("L’accord de 2015 sur l’eau reste en vigueur.", [("2015", "2015", "year")]),
        ("La Constitution kazakhe de 1995, amendée en 2022.",
         [("1995", "1995", "year"), ("2022", "2022", "year")]),
        ("Le Tadjikistan est membre de l’OMC depuis 2013.",
         [("2013", "2013", "year")]),
        ("Le moratoire sera levé en 2027.", [("2027", "2027", "year")]),
        ("La première tranche sera mise en service vers 2030, dit Rosatom.",
         [("2030", "2030", "year")]),
        ("Kazatomprom a révisé son objectif pour 2025, invoquant des retards.",
         [("2025", "2025", "year")]),
        ("Le pays vise la neutralité carbone à l’horizon 2060.",
         [("2060", "2060", "year")]),
    ],
)
def test_issue_14_classes(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Plus de 2000 manifestants étaient présents à Bichkek.",
        "Près de 2000 migrants ont été expulsés.",
        "Une hausse de 2019 unités a été enregistrée.",
        "Un car pour 2020 supporters a été affrété.",
        "Vers 2000 participants sont attendus.",
        "Le score de 2020 points est un record.",
        "La planète Mars et Vénus sont visibles.",
        "Il a parlé de Mars à Vénus.",
    ],
)
def test_issue_14_not_dates(text):
    assert found(text) == []


def test_missing_year_comes_from_context_years():
    assert [h.value for h in find_dates("le 15 mars", context_years=[2021, 2022])] \
        == ["2021-03-15"]


def test_coordinated_year_wins_over_context():
    hits = find_dates("les 31 août et 1er septembre 2025", context_years=[2019])
    assert [h.value for h in hits] == ["2025-08-31", "2025-09-01"]


def test_following_day_crosses_into_the_next_year():
    hits = find_dates("du 31 décembre 2025 au 2 janvier")
    assert [h.value for h in hits] == ["2025-12-31", "2026-01-02"]


def test_unresolved_dates_are_dropped():
    assert find_dates("le 1er septembre") == []


def test_published_may_be_a_datetime():
    hits = find_dates("le 1er septembre", dt.datetime(2025, 9, 2, 10, 30))
    assert [h.value for h in hits] == ["2025-09-01"]


def test_hits_are_frozen_dataclasses():
    hit = find_dates("le 25 septembre 2025")[0]
    assert isinstance(hit, DateHit)
    with pytest.raises(AttributeError):
        hit.value = "x"


def test_offsets_in_a_longer_paragraph():
    text = ("Astana, 2 octobre 2025. Le gouvernement a adopté le 30 septembre "
            "un plan pour 2026-2030, après une première version en mars 2024.")
    assert found(text) == [
        ("2 octobre 2025", "2025-10-02", "day"),
        ("30 septembre", "2025-09-30", "day"),
        ("2026", "2026", "year"),
        ("2030", "2030", "year"),
        ("mars 2024", "2024-03", "month"),
    ]


_WORDS = st.sampled_from([
    "le", "25", "1er", "septembre", "mars", "2025", "en", "2018", "et", "au",
    "du", ",", "-", "12/03/2024", "mi-", "fin", "May", "Sept.", "года",
    "марта", "в", "%", "1,5", "milliards", "\u00a0", "İ", "ᵉʳ",
])


@given(st.lists(_WORDS, max_size=12).map(" ".join))
def test_spans_always_match_the_text(text):
    for hit in find_dates(text, PUBLISHED):
        assert text[hit.start:hit.end] == hit.text
        assert hit.granularity in ("day", "month", "year")


@given(st.text(max_size=200))
def test_never_crashes_on_arbitrary_text(text):
    find_dates(text, PUBLISHED, (2020,))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no publication date: a reader takes the year the article states, before or after
        ("Le 3 mars, le Majilis a adopté la loi. Elle entrera en vigueur en 2026.",
         ["2026-03-03", "2026"]),
        ("Les 12 et 13 juin, Bichkek accueillera le forum, prévu depuis janvier 2025.",
         ["2025-06-12", "2025-06-13", "2025-01"]),
        ("En 2024, les exportations ont bondi ; le 5 avril, Astana a signé l’accord.",
         ["2024", "2024-04-05"]),
        ("On March 3, the Majilis passed the law, which takes effect in 2026.",
         ["2026-03-03", "2026"]),
        # a year recalled from history does not date today's news; a dated one does
        ("Indépendant depuis 1991, le pays a voté en 2024 ; le 15 juin, la loi a été signée.",
         ["1991", "2024", "2024-06-15"]),
        ("Fondée en 1998, la société a publié ses comptes le 2 mars 2025. Le 15 juin, elle a "
         "racheté un concurrent.", ["1998", "2025-03-02", "2025-06-15"]),
    ],
)
def test_issue_14_yearless_days_take_the_articles_years(text, expected):
    assert [h.value for h in find_dates(text)] == expected


def test_issue_14_month_or_year_only_publication_is_the_reference():
    from steppe.enrich.components.grammar import published_date, published_year

    assert published_date("2022-05") == dt.date(2022, 5, 15)
    assert published_date("2022") is None and published_year("2022") == 2022
    assert published_date("2022-13") is None and published_year("2022-05") is None
    # « en janvier » in a May 2022 article is January 2022; « le 30 novembre » the one gone by
    hits = find_dates("En janvier, puis le 30 novembre, le port a fermé.", published_date("2022-05"))
    assert [h.value for h in hits] == ["2022-01", "2021-11-30"]
    hits = find_dates("Le 30 novembre, le port a fermé.", None, published_year=2022)
    assert [h.value for h in hits] == ["2022-11-30"]


def test_issue_14_month_only_publication_dates_an_annotated_article():
    import steppe

    result = steppe.annotate("En janvier, le gouvernement kirghiz a relevé les tarifs.",
                             published="2022-05")
    dates = [d["value"] for d in result.to_dict()["dates"]]
    assert dates == ["2022-01"]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # a future verb before a yearless date puts it ahead of the publication
        ("Le prochain sommet se tiendra à Tachkent en août.", dt.date(2025, 4, 17), ["2025-08"]),
        ("Следующий совет пройдёт в Ташкенте в августе.", dt.date(2025, 4, 17), ["2025-08"]),
        ("The forum will open in Astana on March 3.", dt.date(2025, 10, 1), ["2026-03-03"]),
        ("La réunion aura lieu en octobre.", dt.date(2025, 10, 20), ["2025-10"]),
        # without one, the nearest past still wins; a future after the date is another clause's
        ("Le sommet s’est tenu en août.", dt.date(2025, 4, 17), ["2024-08"]),
        ("Signé le 3 mars, l’accord sera appliqué dès l’été.", dt.date(2025, 10, 1),
         ["2025-03-03"]),
        # undated: the article's present, not a year recalled nearby
        ("Ouvert en 2022, le complexe accueillera la réunion de la CEI le 3 septembre. "
         "Le budget a été voté en 2025.", None, ["2022", "2025-09-03", "2025"]),
    ],
)
def test_issue_14_future_verbs_put_yearless_dates_ahead(text, published, expected):
    assert [h.value for h in find_dates(text, published)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("en ce début d’octobre où la neige tombe", [("début d’octobre", "2025-10")]),
        ("ДУШАНБЕ, 20 фев — Sputnik.", [("20 фев", "2025-02-20")]),
        ("au premier semestre 2025, la production", [("premier semestre 2025", "2025")]),
        ("in the first quarter of 2024, exports", [("the first quarter of 2024", "2024")]),
        ("в первом полугодии 2025 года", [("первом полугодии 2025 года", "2025")]),
        ("trois fois plus qu’en 2019.", [("2019", "2019")]),
    ],
)
def test_issue_14_periods_elided_months_and_russian_abbreviations(text, expected):
    assert [(h.text, h.value) for h in find_dates(text, PUBLISHED)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le budget 2025 ne prévoyait qu’une enveloppe réduite.", ["2025"]),
        ("le premier vol habité de 2025 depuis le site.", ["2025"]),
        ("à la veille de la Coupe du monde 2026, la fédération", ["2026"]),
        ("Les comptes de l’exercice 2024.", ["2024"]),
        ("Le pays compte 2020 écoles.", []),
        ("soit 2030 emplois créés", []),
        ("le plan Vision 2030 prévoit", []),
        ("emploie 1900 personnes", []),
    ],
)
def test_issue_14_a_year_after_a_common_noun(text, expected):
    assert [h.value for h in find_dates(text, PUBLISHED)] == expected
