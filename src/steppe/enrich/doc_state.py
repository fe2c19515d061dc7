"""What Steppe's components leave on a spaCy Doc, in one place.

Components write plain Python values under ``doc._.steppe`` (a dict) and span groups; only
``convert.py`` turns them into our model. Two fields (title and body) share one Doc so context
crosses between them; ``field_of`` maps a character offset back to its field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

SEPARATOR = "\n\n"
if not Doc.has_extension("steppe"):
    Doc.set_extension("steppe", default=None)


@dataclass(frozen=True)
class Context:
    """What the pipeline knows of an article besides its text."""

    title_len: int          # length of the title part (0 when no title); body starts after SEPARATOR
    has_title: bool
    published: str | None
    lang: str | None


def join_fields(title: str | None, text: str) -> tuple[str, int]:
    """One string for the Doc, and the offset where the body starts."""
    if title:
        return f"{title}{SEPARATOR}{text}", len(title) + len(SEPARATOR)
    return text, 0


_STATE_KEY = ("._.", "steppe", None, None)  # where spaCy keeps ``doc._.steppe``


def state(doc: Doc) -> dict[str, Any]:
    """``doc._.steppe``, read straight from ``doc.user_data`` where spaCy keeps it: every
    component asks for it many times, and ``doc._`` builds a new accessor object each time."""
    data = doc.user_data
    st = data.get(_STATE_KEY)
    if st is None:
        st = data[_STATE_KEY] = {}
    return st


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once: spaCy joins every token on each access, so a component reading
    it per span is quadratic (150 000 « Astana » took 18 minutes)."""
    st = state(doc)
    text = st.get("text")
    if text is None:
        text = st["text"] = doc.text
    return text


def context(doc: Doc) -> Context:
    return state(doc).get("context") or Context(0, False, None, None)


def field_of(doc: Doc, start: int, end: int) -> tuple[str, int, int] | None:
    """(field, start, end) of a character span, or None when it straddles the two fields."""
    ctx = context(doc)
    if not ctx.has_title:
        return "text", start, end
    body = ctx.title_len + len(SEPARATOR)
    if end <= ctx.title_len:
        return "title", start, end
    if start >= body:
        return "text", start - body, end - body
    return None
