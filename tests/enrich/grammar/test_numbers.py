"""Number parsing shared by the date, money and percent grammars."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from steppe.enrich.grammar.numbers import (
    DIGITS_PATTERN,
    find_numbers,
    fold,
    multiplier_value,
    parse_french_words,
    parse_number,
    word_trie,
)

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("token", "lang", "expected"),
    [
        ("5,9", "fr", 5.9),
        ("0,75", "fr", 0.75),
        ("1 200", "fr", 1200.0),
        (f"1{NBSP}200", "fr", 1200.0),
        (f"1{NNBSP}200{NNBSP}000", "fr", 1_200_000.0),
        ("1 200 000", "ru", 1_200_000.0),
        ("1 200,5", "fr", 1200.5),
        ("1.200.000", "fr", 1_200_000.0),
        ("1.200.000", "en", 1_200_000.0),
        ("1,200,000", "en", 1_200_000.0),
        ("1,200,000", "fr", 1_200_000.0),
        ("1,200", "en", 1200.0),
        ("1,200", "fr", 1.2),
        ("1,200", "ru", 1.2),
        ("1.200", "fr", 1200.0),
        ("1.200", "en", 1.2),
        ("3.5", "en", 3.5),
        ("3.5", "fr", 3.5),
        ("1,200.50", "en", 1200.5),
        ("1.200,50", "fr", 1200.5),
        ("2024", "fr", 2024.0),
        ("0,500", "fr", 0.5),
        ("12,5", "ru", 12.5),
    ],
)
def test_parse_number(token, lang, expected):
    assert parse_number(token, lang) == pytest.approx(expected)


def test_dotted_thousands_before_a_multiplier_read_as_decimal():
    assert parse_number("1.500", "fr", before_multiplier=True) == 1.5


@pytest.mark.parametrize(
    "token",
    ["12.03.2024", "1.20.300", "", "abc", "1 20", "1 2000", "1.200,5.3",
     ",5", "1,2.3,4", "1,23,456", "1 2 3", "-5", "5 %"],
)
def test_parse_number_rejects_malformed(token):
    assert parse_number(token, "fr") is None


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("un", 1),
        ("une", 1),
        ("deux", 2),
        ("dix-sept", 17),
        ("vingt et un", 21),
        ("soixante-dix", 70),
        ("soixante et onze", 71),
        ("quatre-vingts", 80),
        ("quatre-vingt-dix", 90),
        ("cent", 100),
        ("trois cents", 300),
        ("cent quatre-vingts", 180),
        ("mille", 1000),
        ("deux mille", 2000),
        ("deux cent mille", 200_000),
        ("Trois Cents", 300),
    ],
)
def test_parse_french_words(phrase, expected):
    assert parse_french_words(phrase) == expected


@pytest.mark.parametrize("phrase", ["", "deux pommes", "milliard", "zéro virgule"])
def test_parse_french_words_rejects_other_words(phrase):
    assert parse_french_words(phrase) is None


@pytest.mark.parametrize(
    ("token", "lang", "expected"),
    [
        ("mille", "fr", 1e3),
        ("millions", "fr", 1e6),
        ("milliard", "fr", 1e9),
        ("Mds", "fr", 1e9),
        ("Md", "fr", 1e9),
        ("k", "en", 1e3),
        ("M", "fr", 1e6),
        ("mln", "en", 1e6),
        ("mlrd", "en", 1e9),
        ("bn", "en", 1e9),
        ("billion", "en", 1e9),
        ("billion", "fr", 1e12),
        ("billions", "fr", 1e12),
        ("тыс.", "ru", 1e3),
        ("млн", "ru", 1e6),
        ("млрд", "ru", 1e9),
        ("миллиардов", "ru", 1e9),
    ],
)
def test_multiplier_value(token, lang, expected):
    assert multiplier_value(token, lang) == expected


@pytest.mark.parametrize(
    "token", ["km", "mètres", "habitants", "centaines", "mil", "mile", ""])
def test_multiplier_value_rejects_other_words(token):
    assert multiplier_value(token) is None


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Le budget atteint 5,9 milliards.", "fr", [5.9e9]),
        ("soit trois cents millions", "fr", [3e8]),
        ("un milliard", "fr", [1e9]),
        ("1 200 000 habitants", "fr", [1_200_000.0]),
        ("300 M d'investissements", "fr", [3e8]),
        ("$1.5 billion and 2,500 people", "en", [1.5e9, 2500.0]),
        ("15 млрд тенге и 2 тыс. рублей", "ru", [1.5e10, 2000.0]),
        ("Deux milliards", "fr", [2e9]),
    ],
)
def test_find_numbers(text, lang, expected):
    assert [hit.value for hit in find_numbers(text, lang)] == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("un homme et une femme", "fr"),  # articles, not numbers
        ("deux milliards", "en"),  # French words only in French text
        ("l'Airbus A380", "fr"),  # part of a model name
        ("aucun chiffre ici", "fr"),
        ("le nouvel iPhone15", "fr"),
        ("l'un des pays", "fr"),
        ("quelques milliers de personnes", "fr"),
    ],
)
def test_find_numbers_negatives(text, lang):
    assert find_numbers(text, lang) == []


def test_lower_case_m_is_metres_not_millions():
    hits = find_numbers("un mur de 5 m de haut", "fr")
    assert [(h.text, h.value) for h in hits] == [("5", 5.0)]


def test_number_inside_a_number_is_not_a_fragment():
    digits = re.compile(DIGITS_PATTERN)
    assert [m.group() for m in digits.finditer("5,9 et 1 200 et 1.200.000")] \
        == ["5,9", "1 200", "1.200.000"]


def test_word_trie_prefers_longest_word_and_word_boundaries():
    pattern = re.compile(word_trie(["million", "millions", "milliard"]))
    assert pattern.match("millions de").group() == "millions"
    assert pattern.match("milliardaire") is None


@given(st.text())
def test_fold_keeps_length(text):
    assert len(fold(text)) == len(text)


@given(st.integers(min_value=0, max_value=10**12))
def test_space_grouped_integers_round_trip(value):
    grouped = f"{value:,}".replace(",", NNBSP)
    assert parse_number(grouped, "fr") == value
    assert parse_number(f"{value:,}", "en") == value
