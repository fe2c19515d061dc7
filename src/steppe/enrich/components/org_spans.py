"""Where an organisation's name starts and stops (issue 14).

The rules cut an institution at the first word their vocabulary lacks; the statistical model
often reads it whole (« Agence de régulation des communications »), so a model span that
carries a rule-found name further in lower-case words is kept instead. Both run on, though:
a name never ends in a connector (« Tribunal … du »), nor in « de la ville » / « du pays »
(the town is said after the department, not in its name), and « l’Union européenne et l’Asie
centrale » coordinates two names, it is not one. Round 3: a model name cut at the connector
before a place goes on through it, and the places inside an institution's name (« Fédération de
football du Tadjikistan ») are part of it; a KB name followed by « de » + its town keeps the
KB's name.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from steppe.enrich.components.class_lexicon import ClassLexicon
from steppe.kb import fold
from steppe.enrich.doc_state import doc_text

CONNECTORS = {"de", "du", "des", "d'", "la", "le", "l'", "les", "et", "of", "the", "and", "for",
              "a", "au", "aux", "en", "pour", "sur", "-", "&", "in", "on", "at", "by"}
_GLUE_PUNCT = {"’", "'", "-"}


def _connector(text: str) -> bool:
    folded = fold(text)
    return folded in CONNECTORS or folded.endswith("'") and len(folded) <= 2


def longer_model_names(doc: Doc, patterns: list[Span], lex: ClassLexicon) -> list[Span]:
    """A rule-found organisation the model reads further, in connectors and lower-case
    words, is the model's longer name (without a run-on tail)."""
    ents = [e for e in doc.ents if e.label_ == "ORG"]
    out = []
    for span in patterns:
        if span.label_ == "organization":
            longer = next((e for e in ents if e.start <= span.start < e.end and
                           e.end > span.end and _lower_words(doc, span.end, e.end)), None)
            if longer is not None:
                span = trim_org_tail(Span(doc, span.start, longer.end, label=span.label_), lex)
        out.append(span)
    return out


def _lower_words(doc: Doc, start: int, end: int) -> bool:
    tokens = doc[start:end]
    if not _connector(tokens[0].text):
        return False   # « Conseil du peuple | coiffe »: a verb follows the name, not a complement
    return end - start <= 8 and any(t.text.islower() and not _connector(t.text) for t in tokens) \
        and all(t.text.islower() or _connector(t.text) or t.text in _GLUE_PUNCT for t in tokens)


def trim_org_tail(span: Span, lex: ClassLexicon) -> Span:
    """Drop a dangling connector (« … du ») and a generic place said after the name
    (« … de la ville », « … du pays »)."""
    doc, start, end = span.doc, span.start, span.end
    changed = True
    while changed and end - start > 1:
        changed = False
        if _connector(doc[end - 1].text) or doc[end - 1].is_punct:
            end, changed = end - 1, True
        elif doc[end - 1].text.islower() and fold(doc[end - 1].text) in lex.institution_tail_nouns \
                and end - 2 > start and _connector(doc[end - 2].text):
            end, changed = end - 1, True
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label_, kb_id=span.kb_id_)


def cut_coordination(span: Span, known: list[tuple[int, int]]) -> Span:
    """« Union européenne et l’Asie centrale »: at « et » followed by a name the KB knows on
    its own (a region, a country, a place), the span holds two names; keep the first."""
    doc = span.doc
    for i in range(span.start + 1, span.end - 1):
        if fold(doc[i].text) not in {"et", "and"}:
            continue
        after = doc[i + 1]
        if _connector(after.text) and i + 2 < span.end:
            after = doc[i + 2]
        if any(a <= after.idx < b for a, b in known):
            return Span(doc, span.start, i, label=span.label_, kb_id=span.kb_id_)
    return span


_UP_TO_ACRONYM = re.compile(r"((?:[ \u00a0]+(?:[a-zà-öø-ÿ’'\-]+|[dl][’'][a-zà-öø-ÿ\-]+)){1,6})"
                            r"[ \u00a0]*\(([A-ZÀ-Ö]{2,8})\)")


def extend_to_acronym(span: Span) -> Span:
    """« Banque asiatique d’infrastructure | pour l’investissement (BAII) »: a name cut
    before lower-case words that its acronym spells goes on to the parenthesis."""
    doc = span.doc
    m = _UP_TO_ACRONYM.match(doc_text(doc), span.end_char)
    if m is None:
        return span
    name = doc_text(doc)[span.start_char:m.end(1)]
    if _initials(name) != m.group(2).upper():
        return span
    longer = doc.char_span(span.start_char, m.end(1), label=span.label_)
    return longer if longer is not None else span


def _initials(name: str) -> str:
    words = re.findall(r"[\w\-]+", re.sub(r"\b[dlDL][’']", " ", name))
    return "".join(w[0].upper() for w in words if fold(w) not in CONNECTORS | {"les", "un"})


def through_place(span: Span, geo: dict[int, Span]) -> Span:
    """« Compagnie … du réseau du | Kazakhstan », « Service frontalier du | Kirghizstan »: the
    model often stops an organisation's name at the connector before a place the KB knows; a
    name never ends in a connector, so it goes on through that place."""
    doc = span.doc
    if span.end >= len(doc) or len(span) < 2 or not _connector(doc[span.end - 1].text):
        return span
    place = geo.get(span.end)   # KB places and countries by first token
    if place is None:
        return span
    return Span(doc, span.start, place.end, label=span.label_)


def places_inside_institution(span: Span, ruled: list[Span], heads: set[str]) -> list[Span]:
    """The KB places and countries inside a model organisation headed by an institution word
    (« Association de football d’Ouzbékistan », « Troupes frontalières du Tadjikistan ») when
    each follows a connector: part of the name, not places of their own (their countries
    still count). Empty when the span is not such a name or holds anything else the rules
    found."""
    doc = span.doc
    if len(span) < 3 or fold(span[0].text) not in heads or not span[0].text[:1].isupper():
        return []
    inside = [s for s in ruled if s.start < span.end and span.start < s.end]
    if not inside or any(s.label_ not in {"country", "place", "region"} or s.start <= span.start
                         or s.end > span.end for s in inside):
        return []
    if not all(_connector(doc[s.start - 1].text) or doc[s.start - 1].text[-1:] in _GLUE_PUNCT
               or doc[s.start].text[:2].lower() in {"d’", "d'"} for s in inside):
        return []
    return inside


def located_kb_name(span: Span, kb_orgs: dict[int, list[Span]], geo_ends: dict[int, list[Span]]) -> bool:
    """« Université slave russo-tadjike | de Douchanbé »: a rule-found name that is a name the
    KB knows followed only by a connector and a place says where the institution is; the
    KB's name stands (the place stays a place). ``kb_orgs`` by first token, ``geo_ends`` by
    end token."""
    doc = span.doc
    for k in kb_orgs.get(span.start, ()):
        if k.end < span.end - 1 and _connector(doc[k.end].text) and any(
                k.end < g.start <= k.end + 2 and all(_connector(t.text) for t in doc[k.end:g.start])
                for g in geo_ends.get(span.end, ())):
            return True
    return False


def without_located_kb_names(patterns: list[Span], kb_spans: list[Span],
                             geo: list[Span]) -> list[Span]:
    """The rule-found names, less those ``located_kb_name`` says are a KB name and its town."""
    kb_orgs: dict[int, list[Span]] = {}
    geo_ends: dict[int, list[Span]] = {}
    for s in kb_spans:
        if s.label_ == "organization":
            kb_orgs.setdefault(s.start, []).append(s)
    for s in geo:
        geo_ends.setdefault(s.end, []).append(s)
    return [s for s in patterns if s.label_ != "organization"
            or not located_kb_name(s, kb_orgs, geo_ends)]
