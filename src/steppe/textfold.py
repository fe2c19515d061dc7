"""Accent stripping shared by every layer that compares words without their marks.

Why one module: the KB, the topic lexicon, the quote referents and the story features all
compared text as NFKD without combining marks, each with a Python generator over every
character, which cost the enrichment a tenth of its own time on whole article texts.
"""

from __future__ import annotations

import unicodedata


class _Marks(dict):
    """A ``str.translate`` table that drops combining marks, filled as code points are met
    (``translate`` honours ``__missing__``), so it is exact for every script without listing
    the Unicode tables at import."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_MARKS = _Marks()


def strip_marks(text: str) -> str:
    """``text`` decomposed (NFKD) without its combining marks: Tokaïev → Tokaiev, й → и."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_MARKS)
