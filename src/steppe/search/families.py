"""French word families, for query expansion.

Snowball's light French stemmer leaves ``élection``, ``électeurs`` and ``électoral`` apart
(stems ``elect``, ``electeur``, ``electoral``); a reader who types one means the others.
``data/word_families.txt`` is a curated list of derivational families (data, not code): a
query word also matches the other words of its family, at a lower weight than the word itself
(``compile.py``), and snippets mark them. A curated list rather than a suffix stripper:
``électricité`` must not meet ``élection``.

The expansion happens at query time, on the stems the index already holds: the index does not
depend on the list, so editing it needs no rebuild and costs indexing nothing.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from steppe.index.schema import french_analyzer


@lru_cache(maxsize=1)
def family_map() -> dict[str, str]:
    """Stem (as the index analyses the word) → family name (the stem of its first word).

    Raises ValueError naming the line when a stem belongs to two families."""
    analyzer = french_analyzer()
    stems: dict[str, str] = {}
    text = files("steppe.search").joinpath("data/word_families.txt").read_text(encoding="utf-8")
    for n, line in enumerate(text.split("\n"), 1):
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


@lru_cache(maxsize=1)
def _members() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for stem, family in family_map().items():
        out.setdefault(family, []).append(stem)
    return {family: tuple(stems) for family, stems in out.items()}


def family_of(stem: str) -> str | None:
    """The family of an analysed word, None when it belongs to none."""
    return family_map().get(stem)


def relatives(stem: str) -> tuple[str, ...]:
    """The other stems of ``stem``'s family (``elect`` → ``electeur``, ``electoral``, …)."""
    family = family_map().get(stem)
    return tuple(s for s in _members().get(family, ()) if s != stem) if family else ()
