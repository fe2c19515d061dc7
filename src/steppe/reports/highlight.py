"""Article text as HTML with every entity mention marked by type and linked.

The text between mentions is escaped here, and a mention whose offsets do not match the text
(an annotation out of step with an edited article) is left unmarked, so the result is always
well-formed, safe HTML.
"""

from __future__ import annotations

import re
from html import escape
from typing import Callable, Iterable

from steppe.model import Annotation, Entity
from steppe.search.snippets import longest_first

TYPE_LABELS = {"person": "Personne", "organization": "Organisation", "place": "Lieu",
               "country": "Pays", "region": "Région", "other": "Autre"}
TYPE_LABELS_PLURAL = {"person": "Personnes", "organization": "Organisations", "place": "Lieux",
                      "country": "Pays", "region": "Régions", "other": "Autres"}
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

Href = Callable[[Entity], str]
Span = tuple[int, int, Entity]


def entity_spans(annotation: Annotation | None, field: str, text: str) -> list[Span]:
    """Non-overlapping mentions of ``field``, in order; the longest wins where two overlap."""
    if annotation is None:
        return []
    return longest_first([(m.start, m.end, e) for e in annotation.entities for m in e.mentions
                          if m.field == field and 0 <= m.start < m.end <= len(text)
                          and text[m.start:m.end] == m.text])


def highlight(text: str, spans: Iterable[Span], href: Href, offset: int = 0) -> str:
    """``text`` escaped, with each span (offsets relative to ``offset``) as a typed link."""
    out, at = [], 0
    for start, end, entity in spans:
        start, end = start - offset, end - offset
        if start < at or end > len(text):
            continue
        kind = entity.type if entity.type in TYPE_LABELS else "other"
        out.append(escape(text[at:start]))
        out.append(f'<a class="ent ent-{kind}" href="{escape(href(entity))}" '
                   f'title="{escape(entity.name)} · {TYPE_LABELS[kind]}">'
                   f"{escape(text[start:end])}</a>")
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def title_html(title: str | None, annotation: Annotation | None, href: Href) -> str:
    title = title or ""
    return highlight(title, entity_spans(annotation, "title", title), href)


def paragraphs_html(text: str, annotation: Annotation | None, href: Href) -> list[str]:
    """The body split at blank lines, each paragraph highlighted; a mention across a break is
    left unmarked."""
    spans = entity_spans(annotation, "text", text)
    out, start = [], 0
    bounds = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(text)] + [(len(text), len(text))]
    for cut, resume in bounds:
        piece = text[start:cut]
        inside = [s for s in spans if s[0] >= start and s[1] <= cut]
        if piece.strip():
            out.append(highlight(piece, inside, href, offset=start))
        start = resume
    return out


def types_present(annotation: Annotation | None) -> list[str]:
    """Entity types the article names, in the legend's order."""
    present = {e.type for e in annotation.entities} if annotation else set()
    return [t for t in TYPE_LABELS if t in present]
