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
_CAPS = re.compile(rf"(?<![^\W_])[{_UPPER}][{_UPPER}0-9]{{1,11}}(?![^\W_])")


def capitals(texts: list[str]) -> list[str]:
    """The distinct all-capitals tokens of ``texts``, as written, in first-seen order."""
    found: dict[str, None] = {}
    for text in texts:
        for token in _CAPS.findall(text):
            if token.isupper():
                found[token] = None
    return list(found)
