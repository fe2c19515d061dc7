"""French word families and written-in-capitals acronyms: two index fields beside the text.

*Families.* Snowball's light French stemmer leaves ``élection``, ``électeurs`` and
``électoral`` apart (stems ``elect``, ``electeur``, ``electoral``); a reader who types one
means the others. ``data/word_families.txt`` is a curated list of derivational families (data,
not code); every article stores the families its words belong to (field ``family``) and a query
word also matches its family, at a lower weight than the word itself (``search/compile.py``).
A curated list rather than a suffix stripper: ``électricité`` must not meet ``élection``.

*Capitals.* Acronyms that are also ordinary words once lower-cased (``UN`` / « un »,
``EU`` / « eu », ``UE``) can only be searched as written. Field ``caps`` keeps each
all-capitals token of the article exactly as written (``ONU``, ``UN``, ``ООН``).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from importlib.resources import files

CAPS_MIN, CAPS_MAX = 2, 12
_TOKEN = re.compile(r"[^\W_]+")            # tantivy's simple tokenizer: runs of letters/digits


@lru_cache(maxsize=1)
def _family_text() -> str:
    return files("steppe.index").joinpath("data/word_families.txt").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def analysis_digest() -> str:
    """Names the word lists an index was built with: another list means a rebuild, since the
    family field of every stored document would be out of date."""
    return hashlib.sha256(_family_text().encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1)
def family_map() -> dict[str, str]:
    """Stem (as the index analyses the word) → family name (the family's first word, folded).

    Raises ValueError naming the line when a stem belongs to two families."""
    from steppe.index.schema import french_analyzer    # schema imports this module

    analyzer = french_analyzer()
    stems: dict[str, str] = {}
    for n, line in enumerate(_family_text().split("\n"), 1):
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        name = analyzer.analyze(words[0])[0]
        for word in words:
            for stem in analyzer.analyze(word):
                if stems.setdefault(stem, name) != name:
                    raise ValueError(f"word_families.txt:{n}: {word!r} (stem {stem!r}) is "
                                     f"already in family {stems[stem]!r}")
    return stems


def family_of(stem: str) -> str | None:
    """The family of an analysed token (a query word), None when it belongs to none."""
    return family_map().get(stem)


@lru_cache(maxsize=1)
def surface_map() -> dict[str, str]:
    """Every listed form, lower-cased and also folded (« élus », « elus ») → its family: an
    article's words are looked up as written, without stemming them a second time."""
    from steppe.kb.loader import fold

    analyzer_stems = family_map()
    out: dict[str, str] = {}
    for line in _family_text().split("\n"):
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        for word in words:
            family = analyzer_stems[_stem(word)]
            out[word.lower()] = family
            out[fold(word)] = family
    return out


def article_terms(texts: list[str]) -> tuple[list[str], list[str]]:
    """The word families and the all-capitals tokens (acronyms, as written) of an article, in
    one pass over its distinct words."""
    forms = surface_map()
    found: dict[str, None] = {}
    caps: dict[str, None] = {}
    for text in texts:
        for token in set(_TOKEN.findall(text)):
            family = forms.get(token.lower())
            if family is not None:
                found[family] = None
            if CAPS_MIN <= len(token) <= CAPS_MAX and token.isupper():
                caps[token] = None
    return list(found), list(caps)


def families(stems: list[str]) -> list[str]:
    """The distinct families of analysed tokens, in first-seen order."""
    known = family_map()
    return list(dict.fromkeys(f for s in dict.fromkeys(stems) if (f := known.get(s))))


def capitals(texts: list[str]) -> list[str]:
    """The distinct all-capitals tokens of ``texts``, as written (acronyms)."""
    return article_terms(texts)[1]


def _stem(word: str) -> str:
    from steppe.index.schema import french_analyzer

    return french_analyzer().analyze(word)[0]
