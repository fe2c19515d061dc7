"""French for readers: numbers, percentages and amounts through Babel's French locale, plurals,
language names, country names with their article, and the small text repairs listings need.

Every page and report that shows a number or a country in a sentence goes through here, so
"1,5 milliard USD", "70 %", "2 articles" and "sur le Kirghizstan" are written one way only.
The articles of country names are data (resources/countries_fr.jsonl), not code: a new
country is one line there.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.resources import files

from babel import Locale
from babel.numbers import format_compact_decimal, format_decimal

LOCALE = "fr"
NBSP = "\u00a0"          # before "%" and units: the sign never starts a line
COMPACT_FROM = 1_000_000  # below a million the exact figure reads well on its own
_VOWEL = re.compile(r"^[aeiouyàâäéèêëîïôöûüœAEIOUYÀÂÄÉÈÊËÎÏÔÖÛÜŒ]")
_PREPOSITIONS = {  # article → (de …, à …): "du Kirghizstan", "au Kirghizstan"
    "le": ("du ", "au "), "la": ("de la ", "en "), "l’": ("de l’", "en "),
    "les": ("des ", "aux "), "": ("de ", "à "),
}


def number(n: float) -> str:
    """A count with French grouping (narrow no-break space): 12 345. Fractions are dropped:
    counts are whole, and a stray float must not print as 12 345,0."""
    return format_decimal(int(n), locale=LOCALE)


def decimal(value: float, digits: int = 2) -> str:
    """A French decimal with up to ``digits`` places and no trailing zeros: 15,25 ; 16 ; 1,5."""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def percent(value: float) -> str:
    """A percentage as French writes it: '70 %', '15,25 %' (``value`` in percent, not a ratio)."""
    return f"{decimal(value)}{NBSP}%"


def amount_exact(amount: float, currency: str | None = None) -> str:
    """The figure as read, digit for digit: '1 500 000 000 USD', '4 500,5 KZT'."""
    text = decimal(amount)
    return f"{text}{NBSP}{currency}" if currency else text


def amount_compact(amount: float, currency: str | None = None) -> str | None:
    """A large amount in words: '1,5 milliard USD', '350 millions KZT'; None below a million,
    where the exact figure is already easy to read."""
    if abs(amount) < COMPACT_FROM:
        return None
    text = format_compact_decimal(amount, format_type="long", locale=LOCALE, fraction_digits=1)
    return f"{text} {currency}" if currency else text


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """'0 article', '1 article', '2 articles': French puts 0 and 1 in the singular."""
    return f"{number(n)} {singular if abs(n) < 2 else (plural_form or singular + 's')}"


def word(n: int, singular: str, plural_form: str | None = None) -> str:
    """The word alone, agreed with ``n``: for sentences that print the number themselves."""
    return singular if abs(n) < 2 else (plural_form or singular + "s")


def day_ordinal(day: int) -> str:
    """'1er' for the first of a month, the number otherwise."""
    return "1er" if day == 1 else str(day)


@lru_cache(maxsize=1)
def _languages() -> dict[str, str]:
    return dict(Locale(LOCALE).languages)


def language_name(code: str | None) -> str:
    """'fr' → 'français', 'ky' → 'kirghize' (Babel's French names); an unknown code stays as
    is, an absent one reads 'inconnue'."""
    if not code:
        return "inconnue"
    return _languages().get(code.lower().replace("-", "_"), _languages().get(code.lower()[:2], code))


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO code → French name (« Kazakhstan », « États-Unis »)."""
    return {code: row[0] for code, row in _country_articles().items()}


@lru_cache(maxsize=1)
def _country_articles() -> dict[str, tuple[str, str, str | None]]:
    """code → (name, article, explicit "in" form) from resources/countries_fr.jsonl."""
    table: dict[str, tuple[str, str, str | None]] = {}
    text = files("steppe.resources").joinpath("countries_fr.jsonl").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip():
            row = json.loads(line)
            table[row["code"]] = (row["name"], row["article"], row.get("in"))
    return table


def _guess_article(name: str) -> str:
    """For a name the table does not know (a user's own country entity): French country names
    ending in -e are mostly feminine, the others masculine; a vowel elides."""
    if _VOWEL.match(name):
        return "l’"
    return "la" if name.split()[0].split("-")[0].endswith("e") else "le"


def _article_of(code: str | None, name: str) -> tuple[str, str | None]:
    known = _country_articles().get((code or "").upper())
    if known and known[0] == name:
        return known[1], known[2]
    return _guess_article(name), None


def country_phrase(name: str, code: str | None = None, form: str = "") -> str:
    """A country's name in a sentence. ``form``: '' → 'le Kirghizstan', 'l’Ouzbékistan',
    'les États-Unis'; 'sur' → 'sur le Kirghizstan'; 'de' → 'du Kirghizstan', 'de la Chine',
    'des États-Unis'; 'à' → 'au Kirghizstan', 'en Chine', 'aux États-Unis', 'à Chypre'."""
    article, in_form = _article_of(code, name)
    if form == "de":
        prefix = _PREPOSITIONS[article][0]
        if not article and _VOWEL.match(name):
            prefix = "d’"
        return prefix + name
    if form == "à":
        return f"{in_form} {name}" if in_form else _PREPOSITIONS[article][1] + name
    spaced = "" if article == "l’" or not article else " "
    with_article = f"{article}{spaced}{name}"
    return f"{form} {with_article}" if form else with_article


_ELLIPSIS_AFTER_STOP = re.compile(r"([.!?])\s*(?:\.\.\.|…)$")


def tidy_excerpt(text: str | None) -> str | None:
    """An excerpt without the ellipsis a cut added after a full stop ('Tachkent.…' →
    'Tachkent.'): the sentence ended there, nothing is left out."""
    if not text:
        return text
    return _ELLIPSIS_AFTER_STOP.sub(r"\1", text.rstrip())


_SENTENCE_END = re.compile(r"(?<=[.!?…»])\s+(?=[«A-ZÀ-ÖØ-Þ0-9])")


def first_sentence(text: str | None, limit: int = 140) -> str:
    """The first sentence of ``text`` (cut at a word near ``limit`` with '…'), to stand as the
    title of an article that has none."""
    clean = " ".join((text or "").split())
    if not clean:
        return ""
    sentence = _SENTENCE_END.split(clean, maxsplit=1)[0]
    if len(sentence) > limit:
        cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:")
        sentence = cut + "…"
    return sentence
