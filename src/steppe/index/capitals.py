"""Acronyms as written: the ``caps`` index field.

Acronyms that are also ordinary words once lower-cased (``UN`` / « un », ``EU`` / « eu »,
``UE``) can only be searched as written: the folded, stemmed ``text`` field cannot tell them
from the word. Field ``caps`` keeps each all-capitals token of an article exactly as written
(``ONU``, ``UN``, ``ООН``); ``search/aliases.py`` decides which names are searched there.
"""

from __future__ import annotations

import re

# a run of 2–12 capitals (Latin with accents, Cyrillic) and digits, starting with a capital,
# between non-alphanumeric characters: the tokens of tantivy's simple tokenizer that are upper
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁІЇЄҚҒҮҰҺӨӘ"
_RUN = re.compile(rf"[{_UPPER}][{_UPPER}0-9]+")    # rare in prose: few matches to check


def capitals(texts: list[str]) -> list[str]:
    """The distinct all-capitals tokens of ``texts``, as written, in first-seen order."""
    found: dict[str, None] = {}
    for text in texts:
        for match in _RUN.finditer(text):
            start, end = match.span()
            if end - start > 12 or (start and _word_char(text[start - 1])) \
                    or (end < len(text) and _word_char(text[end])):
                continue                  # part of a longer word: « ONUx », « xONU »
            token = match.group()
            if token.isupper():
                found[token] = None
    return list(found)


def _word_char(char: str) -> bool:
    return char.isalnum()
