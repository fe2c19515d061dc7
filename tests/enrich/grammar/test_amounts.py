"""Money amounts and percentages in French, English and Russian news text."""

import datetime as dt
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from steppe.enrich.grammar import (
    MoneyHit,
    PercentHit,
    find_dates,
    find_money,
    find_percents,
)

NBSP, NNBSP = "\u00a0", "\u202f"


def money(text, lang="fr"):
    hits = find_money(text, lang)
    for hit in hits:
        assert text[hit.start:hit.end] == hit.text
    return [(hit.text, pytest.approx(hit.amount), hit.currency) for hit in hits]


def percents(text, lang="fr"):
    hits = find_percents(text, lang)
    for hit in hits:
        assert text[hit.start:hit.end] == hit.text
    return [(hit.text, pytest.approx(hit.value)) for hit in hits]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Le budget prévoit 5,9 milliards de tenges pour les routes.", "fr",
         [("5,9 milliards de tenges", 5.9e9, "KZT")]),
        ("L’UE débloque 11 millions d’euros pour l’Asie centrale.", "fr",
         [("11 millions d’euros", 1.1e7, "EUR")]),
        ("L’UE débloque 11 millions d'euros pour l'eau.", "fr",
         [("11 millions d'euros", 1.1e7, "EUR")]),
        ("Un prêt de 1,2 milliard de dollars de la BAD.", "fr",
         [("1,2 milliard de dollars", 1.2e9, "USD")]),
        ("Le contrat s’élève à $500 millions.", "fr",
         [("$500 millions", 5e8, "USD")]),
        ("Un investissement de 500 millions $ au Tadjikistan.", "fr",
         [("500 millions $", 5e8, "USD")]),
        ("Le salaire minimum passe à 45 000 soms.", "fr",
         [("45 000 soms", 45000, "KGS")]),
        (f"Le salaire minimum passe à 45{NNBSP}000 soms.", "fr",
         [(f"45{NNBSP}000 soms", 45000, "KGS")]),
        ("Tachkent a levé 2,5 milliards de soums.", "fr",
         [("2,5 milliards de soums", 2.5e9, "UZS")]),
        ("Douchanbé alloue 100 millions de somonis à l’énergie.", "fr",
         [("100 millions de somonis", 1e8, "TJS")]),
        ("Un marché de 300 M€ pour Orano.", "fr", [("300 M€", 3e8, "EUR")]),
        ("TotalEnergies investit 1,5 Md€ au Kazakhstan.", "fr",
         [("1,5 Md€", 1.5e9, "EUR")]),
        ("Une enveloppe de 2 Mds$ pour le rail.", "fr",
         [("2 Mds$", 2e9, "USD")]),
        ("The EU pledged €300 million to the region.", "en",
         [("€300 million", 3e8, "EUR")]),
        ("A $1.5 billion loan from the World Bank.", "en",
         [("$1.5 billion", 1.5e9, "USD")]),
        ("Trade reached 1.5 billion dollars last year.", "en",
         [("1.5 billion dollars", 1.5e9, "USD")]),
        ("The fund holds USD 200 million.", "en",
         [("USD 200 million", 2e8, "USD")]),
        ("Un fonds de 200 millions USD.", "fr", [("200 millions USD", 2e8, "USD")]),
        ("Le ticket coûte 10 000 tenges.", "fr", [("10 000 tenges", 1e4, "KZT")]),
        ("Бюджет выделил 15 млрд тенге на дороги.", "ru",
         [("15 млрд тенге", 1.5e10, "KZT")]),
        ("Инвестиции составили 2 млн долларов.", "ru",
         [("2 млн долларов", 2e6, "USD")]),
        ("Контракт на $3 млрд подписан в Ташкенте.", "ru",
         [("$3 млрд", 3e9, "USD")]),
        ("Билет стоит 100 рублей.", "ru", [("100 рублей", 100, "RUB")]),
        ("Kazakhstan a reçu deux milliards de dollars.", "fr",
         [("deux milliards de dollars", 2e9, "USD")]),
        ("La BERD prête un milliard d’euros.", "fr",
         [("un milliard d’euros", 1e9, "EUR")]),
        ("Un plan de trois cents millions de dollars.", "fr",
         [("trois cents millions de dollars", 3e8, "USD")]),
        ("Le coût, environ 5 millions de dollars, surprend.", "fr",
         [("5 millions de dollars", 5e6, "USD")]),
        ("Entre 3 et 5 milliards de dollars seront nécessaires.", "fr",
         [("3", 3e9, "USD"), ("5 milliards de dollars", 5e9, "USD")]),
        ("De 3 milliards à 5 milliards de dollars.", "fr",
         [("3 milliards", 3e9, "USD"), ("5 milliards de dollars", 5e9, "USD")]),
        ("Un prêt de 1 milliard de dollars américains.", "fr",
         [("1 milliard de dollars américains", 1e9, "USD")]),
        ("Bakou a dépensé 5 millions de manats azerbaïdjanais.", "fr",
         [("5 millions de manats azerbaïdjanais", 5e6, "AZN")]),
        ("Achgabat a payé 40 millions de manats.", "fr",
         [("40 millions de manats", 4e7, "TMT")]),
        ("Kaboul a saisi 2 000 afghanis.", "fr", [("2 000 afghanis", 2000, "AFN")]),
        ("Pékin prête 300 millions de yuans.", "fr",
         [("300 millions de yuans", 3e8, "CNY")]),
        ("Une amende de 50 livres sterling.", "fr",
         [("50 livres sterling", 50, "GBP")]),
        ("Un don de 100 francs suisses.", "fr",
         [("100 francs suisses", 100, "CHF")]),
        ("Le deal vaut 5 millions de rials iraniens.", "fr",
         [("5 millions de rials iraniens", 5e6, "IRR")]),
        ("Seoul offered $5m and London £3bn.", "en",
         [("$5m", 5e6, "USD"), ("£3bn", 3e9, "GBP")]),
        ("Hong Kong investors put in HK$300 million.", "en",
         [("HK$300 million", 3e8, "HKD")]),
        ("Les exportations : 500 millions $US.", "fr",
         [("500 millions $US", 5e8, "USD")]),
        ("The bill was 1,200 dollars.", "en", [("1,200 dollars", 1200, "USD")]),
        ("Un euro vaut 500 tenges.", "fr", [("500 tenges", 500, "KZT")]),
        ("Un prêt de 1,5 billion de dollars.", "fr",
         [("1,5 billion de dollars", 1.5e12, "USD")]),
    ],
)
def test_money(text, lang, expected):
    assert money(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("La plateforme a retiré 1,4 million de vidéos.", "fr"),
        ("Le pays compte 51 cliniques privées.", "fr"),
        ("La loi a été adoptée par 142 voix contre 3.", "fr"),
        ("Le chômage atteint 25 %.", "fr"),
        ("Des millions de dollars ont disparu.", "fr"),
        ("Des centaines de millions de dollars sont en jeu.", "fr"),
        ("Plusieurs milliards de tenges ont été détournés.", "fr"),
        ("Le dollar a progressé de 2 % face au tenge.", "fr"),
        ("La ville compte 3 millions d’habitants.", "fr"),
        ("Le tenge a perdu du terrain en 2024.", "fr"),
        ("Le rouble est tombé à son plus bas niveau.", "fr"),
        ("Un mur de 3 m€tre de haut.", "fr"),  # lower-case m is not a multiplier
        ("Il a lu 5 livres cet été.", "fr"),  # books, not pounds
        ("Il faut 5 lire pour comprendre.", "fr"),
        ("The team won 3 games.", "en"),
        ("They try 5 times.", "en"),
        ("5 try", "en"),  # lower-case is not the ISO code TRY
        ("A sum of money was paid.", "en"),
        ("Roughly 3 million people live in Tashkent.", "en"),
        ("В городе проживает 2 млн человек.", "ru"),
        ("Они поймали сома.", "ru"),
        ("Un homme a payé en dollars.", "fr"),
        ("Le ministre a cité le chiffre 2 000.", "fr"),
        ("Le 25 septembre 2025 à Astana.", "fr"),
        ("Le Boeing 737 a atterri.", "fr"),
        ("Le prix de cinq dollars.", "fr"),  # number words need a multiplier
        ("Le Kazakhstan produit 90 millions de tonnes de pétrole.", "fr"),
        ("Le projet emploie 1 200 personnes.", "fr"),
        ("La dette atteint 25 % du PIB.", "fr"),
        ("Il a parcouru 300 km en voiture.", "fr"),
        ("Le prix du dollar a augmenté de 2,5 %.", "fr"),
        ("Il y a 3 milliards d’habitants en Asie.", "fr"),
        ("Un Boeing 787 de 300 places.", "fr"),
        ("La loi n° 123 sur le tenge.", "fr"),
        ("Les 5 pays d’Asie centrale.", "fr"),
        ("South Korea won 3 medals.", "en"),
        ("The summit of 5 leaders ended.", "en"),
        ("Le PIB par habitant atteint 12 000.", "fr"),
        ("Выплачено 5 сумм.", "ru"),
        ("В Ташкенте 3 млн жителей.", "ru"),
        ("Un euro fort pénalise les exportateurs.", "fr"),
        ("Le Kazakhstan exporte 70 millions de tonnes de pétrole.", "fr"),
        ("Le taux de change est de 470 pour un dollar.", "fr"),
        ("Le rouble a chuté de 10 %.", "fr"),
        ("Il gagne des milliers de soms.", "fr"),
        ("Les 27 pays de l’UE.", "fr"),
        ("Airbus a livré 30 A320.", "fr"),
        ("The sum of 5 and 3 is 8.", "en"),
        ("Kyrgyzstan's som fell 3%.", "en"),
    ],
)
def test_not_money(text, lang):
    assert money(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Le chômage atteint 25%.", "fr", [("25%", 25)]),
        ("Le chômage atteint 25 %.", "fr", [("25 %", 25)]),
        (f"Le chômage atteint 25{NBSP}%.", "fr", [(f"25{NBSP}%", 25)]),
        (f"Le chômage atteint 25{NNBSP}%.", "fr", [(f"25{NNBSP}%", 25)]),
        ("La croissance est de 3,5%.", "fr", [("3,5%", 3.5)]),
        ("Une hausse de 25 pour cent.", "fr", [("25 pour cent", 25)]),
        ("Une hausse de 25 pour-cent.", "fr", [("25 pour-cent", 25)]),
        ("Growth of 25 percent.", "en", [("25 percent", 25)]),
        ("Growth of 25 per cent.", "en", [("25 per cent", 25)]),
        ("Рост составил 25 процентов.", "ru", [("25 процентов", 25)]),
        ("Рост составил 3,5%.", "ru", [("3,5%", 3.5)]),
        ("Une hausse de 3 à 5 % est prévue.", "fr", [("3", 3), ("5 %", 5)]),
        ("Entre 2 et 4 % des électeurs.", "fr", [("2", 2), ("4 %", 4)]),
        ("A 3-5% rise.", "en", [("3", 3), ("5%", 5)]),
        ("Le PIB a progressé de +2,3 % au T2.", "fr", [("+2,3 %", 2.3)]),
        ("Les ventes reculent de -0,4 %.", "fr", [("-0,4 %", -0.4)]),
        ("Le taux directeur est de 16,5 % et l’inflation de 8,9 %.", "fr",
         [("16,5 %", 16.5), ("8,9 %", 8.9)]),
        ("Une baisse de cinq pour cent.", "fr", [("cinq pour cent", 5)]),
        ("Une croissance de 1 234,5 % en dix ans.", "fr", [("1 234,5 %", 1234.5)]),
        ("Taux : 3.5% in 2024.", "en", [("3.5%", 3.5)]),
    ],
)
def test_percents(text, lang, expected):
    assert percents(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Le taux a gagné 2 points de pourcentage.", "fr"),
        ("Rates rose by 2 percentage points.", "en"),
        ("Ставка выросла на 2 процентных пункта.", "ru"),
        ("Рост составил два процента.", "ru"),  # Russian number words: skipped
        ("Le président a 25 ans.", "fr"),
        ("Le budget a été multiplié par 3,5 fois.", "fr"),
        ("Le 25 mai 2025 à Bichkek.", "fr"),
        ("Le vaccin contre la COVID-19.", "fr"),
        ("Il a obtenu 100 voix.", "fr"),
        ("Des centaines de pour cent.", "fr"),
        ("Un pour-centage mal écrit.", "fr"),
        ("5 pour centaines de dollars", "fr"),
        ("Pourcentage inconnu.", "fr"),
        ("Un taux de pour cent.", "fr"),
        ("Le taux de 25 est élevé.", "fr"),
        ("Une remise de 25 euros.", "fr"),
        ("Le match s’est fini 25-30.", "fr"),
        ("Le PIB est 3 fois plus élevé.", "fr"),
        ("Un point de pourcentage de plus.", "fr"),
        ("A percentage of 25 people agreed.", "en"),
        ("Per capita income rose by 5 dollars.", "en"),
        ("Процентная ставка 16 пунктов.", "ru"),
        ("Прошло 25 лет.", "ru"),
        ("Le 14 juillet est férié.", "fr"),
        ("Le vote s’est joué à 51 voix contre 49.", "fr"),
        ("Une note de 18 sur 20.", "fr"),
        ("Il reste 5 centimes.", "fr"),
        ("Il a misé 100 pour gagner.", "fr"),
    ],
)
def test_not_percents(text, lang):
    assert percents(text, lang) == []


def test_range_lower_bound_must_be_plausible():
    assert percents("Il a été réélu en 2024 à 5 % près.") == [("5 %", 5)]
    assert money("De 2019 à 5 millions de dollars.") == [
        ("5 millions de dollars", 5e6, "USD")]


def test_hits_are_frozen_dataclasses():
    hit = find_money("5 euros")[0]
    assert isinstance(hit, MoneyHit)
    assert isinstance(find_percents("5 %")[0], PercentHit)
    with pytest.raises(AttributeError):
        hit.amount = 0


_TOKENS = st.sampled_from([
    "5,9", "1 200", "milliards", "de", "d’", "tenges", "$", "€", "M€", "USD",
    "%", "pour cent", "à", "et", "-", "deux", "un", "millions", "dollars",
    "млн", "тенге", "\u202f", "İ", "Md€",
])


@given(st.lists(_TOKENS, max_size=12).map(" ".join))
def test_spans_always_match_the_text(text):
    for lang in ("fr", "en", "ru"):
        for hit in find_money(text, lang) + find_percents(text, lang):
            assert text[hit.start:hit.end] == hit.text


@given(st.text(max_size=200))
def test_never_crashes_on_arbitrary_text(text):
    find_money(text)
    find_percents(text)


PARAGRAPH = (
    "Le 25 septembre 2025, le gouvernement kazakh a annoncé à Astana un plan "
    "de 5,9 milliards de tenges (environ 11 millions d’euros) pour moderniser "
    "51 cliniques d’ici 2030. Selon le ministère, l’inflation a atteint 8,5 % "
    "en août, contre 9,1 % en juillet, et le tenge a perdu 3 % face au dollar "
    "depuis le début de l’année. Les 3 et 4 juillet 2024, une délégation "
    "ouzbèke avait signé des accords d’une valeur de 1,2 milliard de dollars. "
    "Le Kirghizstan prévoit 45 000 soms d’aide par famille."
)


def test_throughput_self_check():
    """10,000 runs of the three finders over a ~500-character paragraph.

    Prints the time (run with ``-s`` to see it); only results are asserted,
    never timing.  The target is about 2 s on a developer machine.
    """
    published = dt.date(2025, 10, 1)
    assert len(find_dates(PARAGRAPH, published)) == 6
    assert len(find_money(PARAGRAPH)) == 4
    assert len(find_percents(PARAGRAPH)) == 3
    start = time.perf_counter()
    for _ in range(10_000):
        find_dates(PARAGRAPH, published)
        find_money(PARAGRAPH)
        find_percents(PARAGRAPH)
    elapsed = time.perf_counter() - start
    print(f"\n10,000 x (dates + money + percents) over {len(PARAGRAPH)} "
          f"characters: {elapsed:.2f} s")
