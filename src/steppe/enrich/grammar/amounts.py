"""Money amounts and percentages in French, English and Russian news text.

A money hit needs both a number and a currency that touch each other
("5,9 milliards de tenges", "$500 millions", "300 M€", "15 млрд тенге"):
"des centaines de millions de dollars" has no number and "1,4 million de
vidéos" no currency, so neither is money.  The currency lexicon is data
(``resources/currencies.json``); the regexes are built from it on first use
and cached.

Ranges share their tail: "entre 3 et 5 milliards de dollars" gives 3e9 and
5e9 USD, "de 3 à 5 %" gives 3 and 5.  The first bound is kept only if it is
within a factor 100 of the second, which drops "en 2024 à 5 %".

Speed: every regex here starts with a digit, a symbol or an upper-case
letter, so ``re`` can jump between candidates instead of trying the whole
pattern at each character; the text is lower-cased once (see
:func:`~steppe.enrich.grammar.numbers.fold`) instead of using IGNORECASE.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

from .numbers import (
    DIGITS_PATTERN,
    FR_WORD_RUN,
    MULTIPLIER_PATTERN,
    fold,
    multiplier_allowed,
    quantity,
    starts_word,
    word_trie,
)

__all__ = ["MoneyHit", "PercentHit", "find_money", "find_percents"]

_LANGS = ("fr", "en", "ru")
_S = r"[^\S\r\n]{1,3}"
_OS = r"[^\S\r\n]{0,3}"
_RANGE_CONJ = rf"(?:{_S}(?:à|et|to|and|до|ou|or){_S}|{_OS}[-–]{_OS})"
# Each alternative starts with a literal, so ``re`` scans for it quickly.
_PERCENT_SIGN = (
    rf"(?:%|％|pour{_OS}-?{_OS}cent(?!\w)|per{_OS}cent(?!\w)|percent(?!\w)|"
    r"pct(?!\w)|процент(?:а|ов)?(?!\w)|проц\.)"
)
_PERCENT_SIGN_RE = re.compile(_PERCENT_SIGN)
_PERCENT_WINDOW = 48  # characters before a percent sign that may hold numbers
_WORD_HINT = re.compile(r"mill|billion")
_MULT_AFTER = re.compile(rf"{_OS}({MULTIPLIER_PATTERN})")


@dataclass(frozen=True)
class MoneyHit:
    """An amount in units of the ISO 4217 ``currency``."""

    start: int
    end: int
    text: str
    amount: float
    currency: str


@dataclass(frozen=True)
class PercentHit:
    """A percentage; ``value`` is 25.0 for "25 %"."""

    start: int
    end: int
    text: str
    value: float


@dataclass(frozen=True)
class _Lexicon:
    names: dict[str, dict[str, str]]  # lang -> lower-case name -> code
    symbols: dict[str, str]  # folded symbol -> code
    codes: dict[str, str]  # ISO code or alias (upper case) -> code


def _normalise(token: str) -> str:
    return " ".join(token.lower().split())


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = json.loads(files("steppe.enrich.resources").joinpath(
        "currencies.json").read_text(encoding="utf-8"))
    names: dict[str, dict[str, str]] = {lang: {} for lang in _LANGS}
    symbols: dict[str, str] = {}
    codes: dict[str, str] = {}
    for entry in data["currencies"]:
        code = entry["code"]
        for lang in _LANGS:
            for name in entry["names"].get(lang, ()):
                names[lang].setdefault(_normalise(name), code)
        for symbol in entry["symbols"]:
            symbols.setdefault(fold(symbol), code)
        for alias in (code, *entry.get("aliases", ())):
            codes.setdefault(alias, code)
    return _Lexicon(names, symbols, codes)


@cache
def _names_for(lang: str) -> dict[str, str]:
    """Names of ``lang`` plus Russian ones, which cannot be confused.

    Words such as "won" or "sum" are only safe in some languages, so the
    lexicon lists them per language rather than globally.
    """
    lex = _lexicon()
    return {**lex.names["ru"], **lex.names.get(lang, lex.names["en"])}


@cache
def _regexes(lang: str) -> dict[str, re.Pattern[str]]:
    """The money regexes of one language (all but "code" see folded text).

    "suffix": number(s), multiplier, "de"/"d’"/"of", currency;
    "words": the same with French number words; "symbol": "$500 millions";
    "code": "USD 200 million", matched in the original text because ISO
    codes are only trusted in upper case.
    """
    lex = _lexicon()
    symbols = word_trie(lex.symbols, boundary=False)
    codes = rf"{word_trie(map(fold, lex.codes), boundary=False)}(?![a-z])"
    currency = rf"(?P<cur>{word_trie(_names_for(lang))}|{symbols}|{codes})"
    tail = (rf"(?P<link>{_S}(?:de|of){_S}|{_OS}d['’])?{_OS}{currency}")

    def amounts(number: str) -> str:
        return (rf"(?P<a>{number})(?:{_OS}(?P<am>{MULTIPLIER_PATTERN}))?"
                rf"(?:{_RANGE_CONJ}(?P<b>{number})"
                rf"(?:{_OS}(?P<bm>{MULTIPLIER_PATTERN}))?)?{tail}")

    single = "".join(sorted(s for s in lex.symbols if len(s) == 1))
    return {
        "suffix": re.compile(amounts(DIGITS_PATTERN)),
        "words": re.compile(amounts(FR_WORD_RUN)),
        "symbol": re.compile(
            rf"[{re.escape(single)}]{_OS}(?P<num>{DIGITS_PATTERN})"
            rf"(?:{_OS}(?P<mult>{MULTIPLIER_PATTERN}))?"),
        "code": re.compile(
            rf"[A-Z](?<![A-Za-z][A-Z])[A-Z]{{2}}(?![A-Za-z]){_OS}"
            rf"(?P<num>{DIGITS_PATTERN})"),
    }


def _currency_code(text: str, span: tuple[int, int], lang: str) -> str | None:
    """ISO code of the currency token at ``span``; ISO codes must be upper
    case in the original text ("200 USD", not "5 try")."""
    lex = _lexicon()
    original = text[span[0]:span[1]]
    folded = fold(original)
    if folded in lex.symbols:
        return lex.symbols[folded]
    if original.upper() in lex.codes:
        return lex.codes[original] if original.isupper() else None
    return _names_for(lang).get(_normalise(original))


def _group_text(m: re.Match, text: str, group: str) -> str | None:
    return text[m.start(group):m.end(group)] if m.group(group) else None


def _value(number: str, multiplier: str | None, lang: str) -> float | None:
    """Value of a number token; French number words need a multiplier,
    because "un"/"une" are far more often articles than numbers."""
    if multiplier is not None and not multiplier_allowed(multiplier):
        return None
    if not number[:1].isdigit() and multiplier is None:
        return None
    return quantity(number, multiplier, lang)


def _plausible_range(low: float, high: float) -> bool:
    """Both bounds of a range are within a factor 100 of each other."""
    low, high = abs(low), abs(high)
    if low == 0 or high == 0:
        return max(low, high) <= 100
    return 0.01 <= low / high <= 100


def _suffix_hits(m: re.Match, text: str, lang: str) -> list[MoneyHit]:
    """Hits of a "suffix"/"words" match: one amount, or both range bounds."""
    last = "b" if m.group("b") else "a"
    mult = _group_text(m, text, last + "m")
    code = _currency_code(text, m.span("cur"), lang)
    if code is None or (m.group("link") and mult is None):
        return []  # "de" only follows a multiplier: "5 millions de"
    amount = _value(m.group(last), mult, lang)
    if amount is None:
        return []
    hits = [MoneyHit(m.start(last), m.end(), text[m.start(last):m.end()],
                     amount, code)]
    if last == "b":
        own = _group_text(m, text, "am")
        low = _value(m.group("a"), own or mult, lang)
        end = m.end("am") if own else m.end("a")
        if low is not None and _plausible_range(low, amount):
            hits.insert(0, MoneyHit(m.start(), end, text[m.start():end],
                                    low, code))
    return hits


def _symbol_start(folded: str, index: int) -> tuple[int, str] | None:
    """Widen a one-character symbol to "us$", "hk$", "cn¥"...; None if it is
    glued to an unknown word ("xy$")."""
    symbols = _lexicon().symbols
    for width in (4, 3, 2, 1):
        start = index - width
        candidate = folded[max(start, 0):index + 1]
        if start >= 0 and candidate in symbols and starts_word(folded, start):
            return start, candidate
    if index and folded[index - 1].isalpha():
        return None
    return index, folded[index]


def _prefix_hits(text: str, folded: str, lang: str) -> list[MoneyHit]:
    """"$500 millions", "€300 million", "US$ 2 bn", "USD 200 million"."""
    hits = []
    regexes = _regexes(lang)
    for m in regexes["symbol"].finditer(folded):
        found = _symbol_start(folded, m.start())
        mult = _group_text(m, text, "mult")
        if found is None or (mult and not multiplier_allowed(mult, True)):
            continue
        amount = quantity(m.group("num"), mult, lang)
        if amount is not None:
            hits.append(MoneyHit(found[0], m.end(), text[found[0]:m.end()],
                                 amount, _lexicon().symbols[found[1]]))
    for m in regexes["code"].finditer(text):
        code = _lexicon().codes.get(text[m.start():m.start() + 3])
        after = _MULT_AFTER.match(folded, m.end())
        mult = text[after.start(1):after.end(1)] if after else None
        end = after.end() if after else m.end()
        amount = quantity(m.group("num"), mult, lang)
        if code and amount is not None:
            hits.append(MoneyHit(m.start(), end, text[m.start():end], amount,
                                 code))
    return hits


def _without_overlaps(hits: list) -> list:
    """Sort by position; on overlap keep the earlier (then longer) hit."""
    kept: list = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


def find_money(text: str, lang: str = "fr") -> list[MoneyHit]:
    """Money amounts in ``text``, in order of appearance.

    ``lang`` ("fr", "en" or "ru") decides how "1,200" and "billion" read
    and which currency words are trusted; symbols, ISO codes and Russian
    names are recognised in every language.
    """
    folded = fold(text)
    regexes = _regexes(lang)
    hits = _prefix_hits(text, folded, lang)
    for m in regexes["suffix"].finditer(folded):
        hits += _suffix_hits(m, text, lang)
    if lang == "fr" and _WORD_HINT.search(folded):
        for m in regexes["words"].finditer(folded):
            if starts_word(folded, m.start()):
                hits += _suffix_hits(m, text, lang)
    return _without_overlaps(hits)


@cache
def _percent_regex(words: bool) -> re.Pattern[str]:
    """Number (or range of numbers) right before a percent sign, which must
    end the match: the regex is run backwards from each sign."""
    number = FR_WORD_RUN if words else DIGITS_PATTERN
    return re.compile(rf"(?P<a>{number})(?:{_RANGE_CONJ}[+\-−]?(?P<b>{number}))?"
                      rf"{_OS}(?P<pct>{_PERCENT_SIGN})$")


def _signed(text: str, start: int, token: str,
            lang: str) -> tuple[int, float] | None:
    """(start, value) of a number, taking in a "+"/"-" glued before it."""
    value = quantity(token, None, lang)
    if value is None:
        return None
    if start and text[start - 1] in "+-−" and starts_word(text, start - 1):
        return start - 1, (-value if text[start - 1] != "+" else value)
    return start, value


def _percent_hits(m: re.Match, text: str, lang: str) -> list[PercentHit]:
    last = "b" if m.group("b") else "a"
    high = _signed(text, m.start(last), m.group(last), lang)
    if high is None:
        return []
    hits = [PercentHit(high[0], m.end(), text[high[0]:m.end()], high[1])]
    low = _signed(text, m.start("a"), m.group("a"), lang) if last == "b" \
        else None
    if low is not None and _plausible_range(low[1], high[1]):
        hits.insert(0, PercentHit(low[0], m.end("a"),
                                  text[low[0]:m.end("a")], low[1]))
    return hits


def _number_before(folded: str, start: int, sign: re.Match,
                   lang: str) -> re.Match | None:
    """The number (or range) ending at ``sign``, searched in a short window
    before it: percent signs are rare, numbers are not."""
    window = max(start, sign.start() - _PERCENT_WINDOW)
    found = _percent_regex(False).search(folded, window, sign.end())
    if found is None and lang == "fr" and sign.group()[0] == "p":
        found = _percent_regex(True).search(folded, window, sign.end())
        if found is not None and not starts_word(folded, found.start()):
            return None
    return found


def find_percents(text: str, lang: str = "fr") -> list[PercentHit]:
    """Percentages ("25 %", "3,5 pour cent", "25 процентов") in ``text``.

    "points de pourcentage" / "percentage points" have no percent sign and
    never match.  French number words count before "pour cent" only.
    """
    folded = fold(text)
    hits: list[PercentHit] = []
    end = 0
    for sign in _PERCENT_SIGN_RE.finditer(folded):
        m = _number_before(folded, end, sign, lang)
        if m is not None:
            hits += _percent_hits(m, text, lang)
            end = m.end()
    return hits
