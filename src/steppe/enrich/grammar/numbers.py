"""Numbers as written in French, English and Russian news copy.

The money, percent and date grammars all need the same low-level facts:
which digit strings form one number, what "1,200" means in a given
language, and how big "Md" or "млрд" is.  They live here so that the three
grammars cannot disagree.

Conventions handled (``lang`` is ``"fr"``, ``"en"`` or ``"ru"``):

* thousands grouped by a space, U+00A0 or U+202F: "1 200 000";
* thousands grouped by dots ("1.200.000") or commas ("1,200,000");
* one comma: decimal in French/Russian ("5,9"), thousands in English when
  followed by exactly three digits ("1,200");
* one dot: decimal in English ("3.5"); in French/Russian "1.200" is a
  thousands group unless a multiplier follows ("1.500 milliard" reads 1.5);
* multipliers: mille, million(s), milliard(s), billion (1e9 in English,
  1e12 in French), k, M, Md, Mds, mln, mlrd, bn, тыс., млн, млрд, трлн;
* French number words up to the hundreds of thousands ("deux",
  "trois cents", "quatre-vingt-dix", "vingt et un").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "DIGITS_PATTERN",
    "FR_WORDS_PATTERN",
    "FR_WORD_RUN",
    "MULTIPLIER_PATTERN",
    "NumberHit",
    "find_numbers",
    "fold",
    "multiplier_allowed",
    "multiplier_value",
    "parse_french_words",
    "parse_number",
    "quantity",
    "starts_word",
    "word_trie",
]

#: Characters accepted as thousands separators between digit groups.
GROUP_SPACES = " \u00a0\u202f"
_GS = "[ \u00a0\u202f]"

#: One number written with digits.  It starts with a bare ``\d`` so that
#: ``re`` can skip straight to digits when scanning; the look-behinds that
#: follow the first digit stop a match from starting inside a word or
#: another number ("A380", "1,4", "1 200"), and the look-ahead stops it from
#: ending inside one, so the engine never settles for a fragment.
DIGITS_PATTERN = (
    rf"\d(?<![\w.,]\d)(?<!\d{_GS}\d)"
    rf"(?:\d{{0,2}}(?:{_GS}\d{{3}})+(?:[.,]\d+)?|\d*(?:[.,]\d+)*)"
    r"(?!\d|[.,]\d)"
)


def fold(text: str) -> str:
    """Lower-case ``text`` without changing its length.

    Every grammar matches case-sensitive regexes against folded text:
    Python's ``re`` is an order of magnitude slower on large alternations
    under IGNORECASE.  Spans found in the folded text are valid in the
    original because no character changes length (the rare ones that
    would, like "İ", are left as they are).
    """
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def word_trie(words, boundary: bool = True,
              tails: dict[str, str] | None = None) -> str:
    """A regex matching any of ``words``, factored as a prefix tree.

    ``re`` tries alternatives one by one; a tree tests each character once,
    and a tree whose branches start with plain letters lets ``re`` skip
    ahead to possible first letters.  Longer words are preferred.  With
    ``boundary`` a word ending in a letter or digit must end at a word
    boundary.  ``tails`` maps a word to a regex that must follow it.  A
    space in a word matches any run of horizontal blanks.
    """
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[None] = word
    return _emit(root, boundary, tails or {})


def _emit(node: dict, boundary: bool, tails: dict[str, str]) -> str:
    branches = []
    for char in sorted(k for k in node if k is not None):
        atom = r"[^\S\r\n]+" if char == " " else re.escape(char)
        branches.append(atom + _emit(node[char], boundary, tails))
    if None in node:  # tried last, so the longest word wins
        word = node[None]
        end = r"(?!\w)" if boundary and word[-1].isalnum() else ""
        branches.append(end + (f"(?:{tails[word]})" if word in tails else ""))
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


_FR_UNITS = {
    "zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4,
    "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60,
}
_FR_WORD = word_trie([*_FR_UNITS, "cents", "cent", "mille"])

#: A run of French number words ("trois cents", "vingt et un",
#: "quatre-vingt-dix"), matched on folded text.  "et" only joins "un" and
#: "onze", as in French, so "deux et trois milliards" stays a range.  It
#: starts with the word tree so that scanning can skip to plausible
#: letters; callers check that the run does not start inside a word (see
#: :func:`starts_word`), or use FR_WORDS_PATTERN, which checks it first.
FR_WORD_RUN = (rf"{_FR_WORD}(?:(?:-|{_GS}+){_FR_WORD}"
               rf"|(?:{_GS}+et{_GS}+|-et-)(?:une|un|onze)(?!\w))*")
FR_WORDS_PATTERN = rf"(?<![\w'’-]){FR_WORD_RUN}"


def starts_word(text: str, index: int) -> bool:
    """True unless ``text[index]`` continues a word ("aun", "l'un")."""
    return index == 0 or not (text[index - 1].isalnum()
                              or text[index - 1] in "_'’-")


_MULTIPLIERS: dict[str, float] = {
    "mille": 1e3, "thousand": 1e3, "k": 1e3,
    "тыс.": 1e3, "тыс": 1e3, "тысяча": 1e3, "тысячи": 1e3, "тысяч": 1e3,
    "million": 1e6, "millions": 1e6, "mn": 1e6, "mln": 1e6,
    "млн": 1e6, "млн.": 1e6, "миллион": 1e6, "миллиона": 1e6,
    "миллионов": 1e6,
    "milliard": 1e9, "milliards": 1e9, "md": 1e9, "mds": 1e9, "mrd": 1e9,
    "mrds": 1e9, "mld": 1e9, "mlrd": 1e9, "bn": 1e9, "bln": 1e9,
    "млрд": 1e9, "млрд.": 1e9, "миллиард": 1e9, "миллиарда": 1e9,
    "миллиардов": 1e9,
    "трлн": 1e12, "трлн.": 1e12, "триллион": 1e12, "триллиона": 1e12,
    "триллионов": 1e12,
}
# "billion"/"trillion" depend on the language: long scale in French.
_SCALE_WORDS = {
    "billion": (1e9, 1e12), "billions": (1e9, 1e12),
    "trillion": (1e12, 1e18), "trillions": (1e12, 1e18),
}


#: A multiplier word or abbreviation, matched on folded (lower-case) text.
#: A lone "m" also matches: :func:`multiplier_allowed` decides on case.
MULTIPLIER_PATTERN = word_trie([*_MULTIPLIERS, *_SCALE_WORDS, "m"])


def multiplier_allowed(original: str, loose: bool = False) -> bool:
    """A lone "M" means million only in upper case ("300 M€"); a lower-case
    "m" is metres, except right after a currency symbol ("$5m": ``loose``).
    """
    return original != "m" or loose


def multiplier_value(token: str, lang: str = "fr") -> float | None:
    """Return the factor of a multiplier token, or None if it is not one.

    "billion" is 1e9 except in French text, where it keeps its long-scale
    meaning of 1e12 (a French "billion" is a "trillion" in English).
    """
    key = token.strip().lower()
    if key == "m":
        return 1e6
    if key in _SCALE_WORDS:
        short, long_ = _SCALE_WORDS[key]
        return long_ if lang == "fr" else short
    return _MULTIPLIERS.get(key)


_GROUP_SPACE = re.compile(_GS)
_SEPARATOR = re.compile(r"[.,]")
_PLAIN_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD_SPLIT = re.compile(r"[\s\-]+")


def _is_grouped(groups: list[str]) -> bool:
    """Thousands grouping: a 1-3 digit head then 3-digit groups only."""
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def _parse_single_separator(head: str, sep: str, tail: str, lang: str,
                            before_multiplier: bool) -> float:
    """Decide whether the only separator of a number is decimal."""
    as_decimal = float(f"{head}.{tail}")
    if len(tail) != 3 or len(head) > 3 or head.strip("0") == "":
        return as_decimal
    if sep == ",":
        return float(head + tail) if lang == "en" else as_decimal
    if lang == "en" or before_multiplier:
        return as_decimal
    return float(head + tail)


def parse_number(token: str, lang: str = "fr",
                 before_multiplier: bool = False) -> float | None:
    """Parse a digit string the way a reader of ``lang`` news would.

    Returns None for strings that are not one well-formed number, such as
    dates ("12.03.2024") or badly grouped digits ("1.20.300").
    """
    token = token.strip()
    if token.isdigit():
        return float(token)
    if not token or not token[0].isdigit():
        return None
    if _GROUP_SPACE.search(token):
        head, *groups = _GROUP_SPACE.split(token)
        last = _SEPARATOR.split(groups[-1])
        if len(last) > 2 or not _is_grouped([head, *groups[:-1], last[0]]):
            return None
        digits = head + "".join(groups[:-1]) + last[0]
        return float(digits + ("." + last[1] if len(last) == 2 else ""))
    if not _PLAIN_NUMBER.fullmatch(token):
        return None
    seps = _SEPARATOR.findall(token)
    groups = _SEPARATOR.split(token)
    if len(set(seps)) == 2:
        decimal = seps[-1]
        if seps.count(decimal) != 1 or not _is_grouped(groups[:-1]):
            return None
        return float("".join(groups[:-1]) + "." + groups[-1])
    if len(seps) > 1:
        return float("".join(groups)) if _is_grouped(groups) else None
    return _parse_single_separator(groups[0], seps[0], groups[1], lang,
                                   before_multiplier)


def parse_french_words(phrase: str) -> int | None:
    """Value of a French number written in words, or None.

    Handles the vigesimal "quatre-vingt(s)" and multiplicative "cent(s)" /
    "mille"; "et" is ignored ("vingt et un").  Anything else returns None.
    """
    tokens = [t for t in _WORD_SPLIT.split(phrase.lower()) if t]
    total = current = 0
    previous = ""
    for tok in tokens:
        if tok == "et":
            continue
        if tok in ("cent", "cents"):
            current = (current or 1) * 100
        elif tok == "mille":
            total += (current or 1) * 1000
            current = 0
        elif tok in ("vingt", "vingts") and previous == "quatre":
            current += 76  # the 4 already added becomes 80
        elif tok in _FR_UNITS:
            current += _FR_UNITS[tok]
        else:
            return None
        previous = tok
    return total + current if tokens else None


@dataclass(frozen=True)
class NumberHit:
    """A number (with its multiplier, if any) found in text."""

    start: int
    end: int
    text: str
    value: float


_NUMBER_RE = {
    lang: re.compile(
        rf"(?P<num>{DIGITS_PATTERN}{words})"
        rf"(?:[^\S\r\n]{{0,2}}(?P<mult>{MULTIPLIER_PATTERN}))?"
    )
    for lang, words in (("fr", "|" + FR_WORDS_PATTERN), ("en", ""), ("ru", ""))
}


def quantity(number: str, multiplier: str | None, lang: str) -> float | None:
    """Value of a number token times its optional multiplier token."""
    if number[:1].isdigit():
        value = parse_number(number, lang, before_multiplier=bool(multiplier))
    else:
        value = parse_french_words(number)
    if value is None:
        return None
    factor = multiplier_value(multiplier, lang) if multiplier else 1.0
    return None if factor is None else value * factor


def find_numbers(text: str, lang: str = "fr") -> list[NumberHit]:
    """All numbers in ``text`` with multipliers applied.

    French number words are only read in French text, and a lone "un"/"une"
    (an article far more often than a number) only counts before a
    multiplier.  A lower-case "m" after a number is metres, not millions.
    """
    pattern = _NUMBER_RE.get(lang, _NUMBER_RE["en"])
    hits = []
    for m in pattern.finditer(fold(text)):
        num, end = m.group("num"), m.end()
        mult = text[m.start("mult"):end] if m.group("mult") else None
        if mult is not None and not multiplier_allowed(mult):
            mult, end = None, m.end("num")
        if not num[0].isdigit() and not mult and num in ("un", "une"):
            continue
        value = quantity(num, mult, lang)
        if value is not None:
            hits.append(NumberHit(m.start(), end, text[m.start():end], value))
    return hits
