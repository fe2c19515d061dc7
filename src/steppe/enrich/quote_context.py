"""What attributing a quotation works on: the person mentions, the quotes found so far, and the
text with its quote marks and sentence starts, computed once per article."""

from __future__ import annotations

import re
from dataclasses import dataclass

from steppe.enrich.quote_cues import ABBREV, QUOTED_NAME

__all__ = ["UNNAMED", "Context", "QuoteHit", "SpeakerSpan", "carrier", "titles_only"]


@dataclass(frozen=True)
class SpeakerSpan:
    """A person mention found by the entity stage; ``name`` is the canonical full name;
    ``country`` and ``role`` what the knowledge base says of the person, if linked ("KZ",
    "président du Kazakhstan"), so that "le président kazakhstanais" can name someone the
    article writes with no title."""

    start: int
    end: int
    name: str
    entity_id: str | None = None
    country: str = ""
    role: str = ""


@dataclass(frozen=True)
class QuoteHit:
    """Quoted words without their marks; ``start``/``end`` index them in the text."""

    start: int
    end: int
    text: str
    speaker: str
    speaker_id: str | None


#: Not a speaker but a verdict: someone unnamed spoke ("a déclaré un responsable").
UNNAMED = SpeakerSpan(-2, -2, "")


@dataclass(frozen=True)
class Context:
    """What every attribution step needs to know about the text, computed once."""

    text: str
    marks: tuple[tuple[int, int], ...]
    quotations: tuple[tuple[int, int], ...]
    outside: tuple[SpeakerSpan, ...]
    everyone: tuple[SpeakerSpan, ...]
    starts: tuple[int, ...]

    def sentence_start(self, pos: int, back: int = 0) -> int:
        """Start of the sentence holding ``pos``, or of the ``back``-th sentence before it."""
        index = max(i for i, s in enumerate(self.starts) if s <= pos)
        return self.starts[max(0, index - back)]

    def named_between(self, start: int, end: int) -> list[SpeakerSpan]:
        return [s for s in self.outside if start <= s.start and s.end <= end]


def carrier(hit: QuoteHit) -> SpeakerSpan:
    """The speaker of an earlier quote, as a span (only its name and id are used)."""
    return SpeakerSpan(hit.start, hit.end, hit.speaker, hit.speaker_id)


def titles_only(gap: str) -> bool:
    """Between a verb and a name, only words like "le président kazakh", no sentence break."""
    gap = QUOTED_NAME.sub("", ABBREV.sub("", re.sub(r"(?<=\w)\.(?=\w)", "", gap)))  # Kaspi.kz
    return len(gap) <= 90 and not re.search(r"[.;:!?«»“”\"\n]", gap)
