"""The actors a sentence names, from what the enrichment already linked.

Why from the linked entities and not the parse: appositions and coordinations (« le président
kazakh Kassym-Jomart Tokaïev », « Astana et Tachkent ») are where a parser fails most, and the
KB knows which country a leader, ministry, embassy or capital stands for.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc

from steppe.enrich.doc_state import context, doc_text, state
from steppe.enrich.events.lexicon import event_lexicon
from steppe.kb import KnowledgeBase, fold

# organisations that act for their state: their country is the actor's country
STATE_KINDS = frozenset({"ministry", "government", "parliament", "court", "agency", "army",
                         "police", "embassy", "presidency", "security", "state_company"})
_WORD_BEFORE = re.compile(r"(?<![\w-])(\w+(?:-\w+)*)[\s\u00a0]+$")  # « gardes-frontières » whole
_WORD_END = re.compile(r"(?!\w)")
_OFFICIAL = re.compile(r"\b(?:vice-)?(?:ministre|président|présidente|premier ministre|"
                       r"ambassadeur|ambassadrice|porte-parole|procureur|gouverneur|akim|hokim|"
                       r"maire|député|sénateur|chef de la diplomatie|conseiller)"
                       r"(?:\s+\w+){0,4}[\s,]+$", re.IGNORECASE)
_OF_END = re.compile(r"(?:\bde|\bdu|\bd[’'])\s*$")
_TITLE_GAP = re.compile(r"^[\s,’'\w-]{0,40}$")  # « kazakh, » between a demonym and a name


@dataclass(frozen=True)
class Actor:
    """One actor mention: where it is, how the article names it, which state it stands for."""

    start: int
    end: int
    name: str
    country: str | None
    entity_id: str | None
    kind: str   # state, person, state_org, org, capital, place, demonym, thing


@lru_cache(maxsize=4)
def _capitals(kb: KnowledgeBase) -> dict[str, str]:
    """Place id of each country's capital → the country's code."""
    return {e.capital: e.country for e in kb if e.type == "country" and e.capital and e.country}


def actors_in(doc: Doc, kb: KnowledgeBase, start: int, end: int,
              non_actor_nouns: frozenset[str] = frozenset(), home: str | None = None,
              actor_words=None, actor_countries: dict[str, str] | None = None) -> list[Actor]:
    """Actors mentioned in ``[start, end)`` of the Doc's text, in text order; a demonym after
    one of ``non_actor_nouns`` is a "thing" (a target, never an agent)."""
    st = state(doc)
    text = doc_text(doc)
    countries = st.get("entity_countries", {})
    names = st.get("names", {})
    capitals = _capitals(kb)
    found: list[Actor] = []
    for span in doc.spans.get("entities", []):
        if span.start_char < start or span.end_char > end:
            continue
        actor = _entity_actor(span, kb, capitals, countries, names)
        if actor is not None:
            found.append(actor)
    taken = sorted((a.start, a.end) for a in found)
    taken_starts = [t[0] for t in taken]
    for s, e, label, entity_id in st.get("kb_all", []):
        if s < start or e > end or label not in ("demonym", "country"):
            continue
        at = bisect_right(taken_starts, s) - 1  # names do not overlap: one can hold it
        if at >= 0 and taken[at][1] >= e:
            continue  # inside a name already listed (Banque nationale du Kazakhstan)
        entity = kb.get(entity_id)
        if entity is not None and entity.country:
            kind = "state"
            if label == "demonym":  # « le territoire afghan » is a thing of Afghanistan
                before = _WORD_BEFORE.search(text, max(0, s - 30), s)
                kind = "thing" if before and fold(before.group(1)) in non_actor_nouns \
                    else "demonym"
            found.append(Actor(s, e, kb.country_name(entity.country), entity.country, entity.id,
                               kind))
    if actor_words is not None:
        folded = st.get("folded_text") or text.lower()
        for m in actor_words.finditer(folded, start, end):
            if not any(ts <= m.start() < te for ts, te in taken) and \
                    _WORD_END.match(folded, m.end()):
                code = actor_countries[m.group()]
                found.append(Actor(m.start(), m.end(), text[m.start():m.end()], code,
                                   f"country:{code}", "demonym"))
    found.sort(key=lambda a: (a.start, -a.end))
    if home:
        found = [_home_institution(a, home, st.get("kb_all", ()), kb) for a in found]
    found = _seated_bodies(found, st.get("kb_all", ()), kb)
    # (an international body's officer the KB places in their own country acts for the body)
    officers = {a.entity_id for a in found if a.kind == "person" and a.country is None
                and a.entity_id and getattr(kb.get(a.entity_id), "country", None)}
    return _unplaced_orgs(_placed_persons(found, text, home, officers),
                          set(st.get("countries", {})))


# « aux cinq pays » alone, not « les cinq pays riverains de la Caspienne »
_BARE_END = re.compile(r"\s*(?:[,.;:)»]|$|(?:et|a|à|pour|qui|en|dans|sur|afin|d'asie|d’asie)\b|"
                       r"de\s(?!la\s|l['’])|de la region\b)")  # (« de renforcer », not « de l'OTSC »)


def with_region_words(found: list[Actor], doc: Doc, kb: KnowledgeBase, words, ids: dict[str, str],
                      home: str | None) -> list[Actor]:
    """``found`` with the phrases that stand for a region's states in a story set in that region
    or naming two of its states (« a appelé les pays de la région à … »: the five states of
    Central Asia, as the region actor that ``with_members`` lists with its states); elsewhere
    « la région » is unknown."""
    if words is None:
        return found
    folded = state(doc).get("folded_text") or doc_text(doc).lower()
    named = set(state(doc).get("countries", {}))
    added = []
    for m in words.finditer(folded):
        entity = kb.get(ids.get(m.group(), ""))
        if entity is not None and (home in entity.countries or len(named & set(entity.countries))
                                   >= 2) and _WORD_END.match(folded, m.end()) and (
                "region" in m.group() or _BARE_END.match(folded, m.end())) \
                and not any(a.start < m.end() and m.start() < a.end for a in found):
            added.append(Actor(m.start(), m.end(), doc_text(doc)[m.start():m.end()], None,
                               entity.id, "region"))
    return sorted(found + added, key=lambda a: (a.start, -a.end)) if added else found


def by_section(doc: Doc, kb: KnowledgeBase, found: list[Actor],
               sections: list[tuple[int, Actor]]) -> list[Actor]:
    """« KAZAKHSTAN — Le Sénat a ratifié … »: in a press review, a state body named without a
    country is that of its paragraph's heading, not of the review's main country."""
    nested = state(doc).get("kb_all", ())
    starts = [at for at, _ in sections]
    out = []
    for actor in found:
        at = bisect_right(starts, actor.start) - 1
        if at >= 0 and actor.kind == "state_org":
            actor = _home_institution(actor, sections[at][1].country, nested, kb)
        out.append(actor)
    return out


def _seated_bodies(found: list[Actor], nested, kb: KnowledgeBase) -> list[Actor]:
    """A body the KB does not know, named with its town (« le tribunal de Bichkek »), sits in
    that town's country."""
    out = []
    for actor in found:
        if actor.kind == "org" and not actor.country:
            inside = (kb.get(eid) for s, e, _, eid in nested if actor.start <= s and e <= actor.end
                      and eid != actor.entity_id)  # (not its own entry: an NGO stays unseated)
            country = next((entity.country for entity in inside if entity and entity.country), None)
            if country:
                actor = replace(actor, country=country)
        out.append(actor)
    return out


def _unplaced_orgs(found: list[Actor], mentioned: set[str]) -> list[Actor]:
    """A company, an NGO or a medium keeps the country the KB seats it in only when the
    article mentions that country: TikTok's acts in Kazakhstan are no acts of Singapore's."""
    return [Actor(a.start, a.end, a.name, None, a.entity_id, a.kind)
            if a.kind == "org" and a.country and a.country not in mentioned else a
            for a in found]


def _home_institution(actor: Actor, home: str, nested, kb: KnowledgeBase) -> Actor:
    """A state body the KB placed abroad but the text names without any country (« le Parquet
    général », « le ministère de l’Intérieur ») is the article's own country's; a state
    company or an agency with a name of its own stays its state's (Navoiyuran is Uzbek in a
    story datelined Paris, Rosselkhoznadzor Russian in a story about Kazakh wheat)."""
    entity = kb.get(actor.entity_id) if actor.entity_id else None
    if actor.kind != "state_org" or actor.country == home or \
            entity is not None and (entity.kind == "state_company" or entity.kind == "agency"
                                    and " " not in actor.name and not actor.name.isupper()) or \
            fold(actor.name) in event_lexicon().one_state_bodies:
        return actor  # (« le département d’État » is Washington's in any story)
    if any(actor.start <= s and e <= actor.end and label in ("country", "demonym")
           for s, e, label, _ in nested):
        return actor
    words = event_lexicon().actor_countries
    if any(w in words for w in fold(actor.name).split()):
        return actor  # « le gouvernement taliban » is Kabul's in a story about Dushanbe
    return Actor(actor.start, actor.end, actor.name, home, actor.entity_id, actor.kind)


def _entity_actor(span, kb: KnowledgeBase, capitals: dict[str, str], countries: dict[str, str],
                  names: dict[str, str]) -> Actor | None:
    entity = kb.get(span.kb_id_) if span.kb_id_ else None
    name = names.get(span.kb_id_, span.text)
    label = entity.type if entity else span.label_
    if label == "country":
        code = entity.country if entity else None
        return Actor(span.start_char, span.end_char, span.text, code, span.kb_id_, "state") \
            if code else None
    if label == "person":
        country = entity.country if entity and not _international(
            entity, context(span.doc).published) else None
        if entity is not None:  # the KB's spelling, and the article's when it is another one
            name = _both_names(_fullest(span), entity)
        return Actor(span.start_char, span.end_char, name, country, span.kb_id_ or None,
                     "person")
    if label == "organization":
        country = entity.country if entity else countries.get(span.kb_id_)
        if entity is not None and entity.kind == "ngo":
            country = None  # (CPJ condemning Bichkek is no act of the United States)
        kind = "state_org" if entity is not None and entity.kind in STATE_KINDS and country \
            else "org"
        # as the article writes it (« Assemblée générale de l’ONU »), with the KB's own name
        # when the text's is another one (« UE (Union européenne) »): readers and other
        # outlets know it under either
        return Actor(span.start_char, span.end_char, _both_names(span.text, entity), country,
                     span.kb_id_ or None, kind)
    body = (event_lexicon().body_metonyms or {}).get(fold(span.text)) \
        if label in ("region", "place") and entity is not None else None
    before = doc_text(span.doc)[max(0, span.start_char - 4):span.start_char].lower()
    if body and label == "region" and not before.endswith(("à ", "de ", "d’", "d'", "en ")):
        # « l’Europe promet 12 milliards »: the Union, not every state of the continent
        return Actor(span.start_char, span.end_char, f"{span.text} ({body})", None, entity.id,
                     "org")
    if label == "region" and entity is not None:  # « l’Asie centrale » as a party: by name
        return Actor(span.start_char, span.end_char, span.text, None, entity.id, "region")
    if label == "place" and entity is not None:
        if body and not before.endswith(("à ", "de ", "d’", "d'", "en ")):
            # « Bruxelles salue … »: the European Union, named both ways (« à Bruxelles »
            # is the town)
            return Actor(span.start_char, span.end_char, f"{span.text} ({body})", None,
                         entity.id, "org")
        if entity.metonym_of:  # le Kremlin, la Maison Blanche
            return Actor(span.start_char, span.end_char, span.text, entity.metonym_of,
                         entity.id, "state")
        if entity.id in capitals:
            return Actor(span.start_char, span.end_char, span.text, capitals[entity.id],
                         entity.id, "capital")
        return Actor(span.start_char, span.end_char, span.text, entity.country, entity.id,
                     "place")
    return None


_ACRONYM = re.compile(r"[A-ZÀ-Ý][A-Za-zÀ-ÿ0-9&.-]{1,7}")


_PERIOD = re.compile(r"\((?:depuis (\d{4})|(\d{4})\s*[–-]\s*(\d{4}))\)")


def _international(entity, published: str | None) -> bool:
    """Whether a person held, when the article was written, the office of an international
    body the KB names first in their role (« secrétaire général de l’ONU (depuis 2017) »):
    António Guterres acts for the United Nations, not for Portugal."""
    year = int(published[:4]) if published and published[:4].isdigit() else None
    return bool(entity.role) and _international_role(entity.role, year)


@lru_cache(maxsize=4096)
def _international_role(role: str, year: int | None) -> bool:
    first = fold(role).split(",")[0]
    if not any(body in first for body in event_lexicon().international_bodies):
        return False
    period = _PERIOD.search(first)
    if period is None or year is None:
        return period is None or period.group(1) is not None
    since = int(period.group(1) or period.group(2))
    until = int(period.group(3)) if period.group(3) else 9999
    return since <= year <= until


def _fullest(span) -> str:
    """The longest form the article gives the entity of ``span`` (« Dauletmurat Tajimuratov »
    where the sentence says « M. Tajimuratov »)."""
    return max((e.text for e in span.doc.ents if e.kb_id_ == span.kb_id_), key=len,
               default=span.text)


def _both_names(written: str, entity) -> str:
    """The name as written, and the KB's name after it when neither holds the other."""
    if entity is None or not entity.name:
        return written
    a, b = f" {_plain(written)} ", f" {_plain(entity.name)} "
    if not a.strip() or a in b or b in a:
        return written
    # an acronym goes after the name, as the press writes it: « Union européenne (UE) »
    return f"{entity.name} ({written})" if _is_acronym(written) else \
        f"{written} ({entity.name})"


def _is_acronym(written: str) -> bool:
    """« UE », « OTSC », and « BAsD » or « OCSh » with a lower-case letter inside."""
    return bool(_ACRONYM.fullmatch(written)) and sum(c.isupper() for c in written) >= 2


def _plain(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(name).replace("’", " ").replace("'", " ")).split())


def _placed_persons(found: list[Actor], text: str, home: str | None,
                    officers: set[str] = frozenset()) -> list[Actor]:
    """A person the KB does not place takes the country of a demonym just before the name
    (« son homologue italien Sergio Mattarella », « le président kazakh, X »); an official
    titled without a country (« le vice-ministre Azat Sultanov ») serves the article's own."""
    out = []
    last_demonym: Actor | None = None
    last_of: Actor | None = None  # the last state named after « de » (« ambassadeur de Chine »)
    for actor in found:
        if actor.kind == "person" and actor.country is None and actor.entity_id not in officers:
            country = None
            if last_of is not None and 0 <= actor.start - last_of.end <= 3 and \
                    not text[last_of.end:actor.start].strip(" ,"):
                country = last_of.country  # « l’ambassadeur de Chine, Han Chunlin »
            elif last_demonym is not None and last_demonym.end <= actor.start and \
                    actor.start - last_demonym.end <= 40 and \
                    _TITLE_GAP.match(text[last_demonym.end:actor.start]):
                country = last_demonym.country
            elif home and _OFFICIAL.search(text, max(0, actor.start - 40), actor.start):
                country = home
            if country:
                actor = Actor(actor.start, actor.end, actor.name, country, actor.entity_id,
                              actor.kind)
        elif actor.kind in ("org", "state_org") and last_demonym is not None and \
                last_demonym.country and last_demonym.country != actor.country and \
                0 <= actor.start - last_demonym.end <= 3 and \
                not text[last_demonym.end:actor.start].strip():
            # « la compagnie d’État ouzbèke Navoiyuran », « le groupe chinois CNNC »: the
            # adjective just before the name says whose it is, whatever the KB guessed
            actor = Actor(actor.start, actor.end, actor.name, last_demonym.country,
                          actor.entity_id, actor.kind)
        if actor.kind == "demonym":
            last_demonym = actor
        if actor.kind == "state" and _OF_END.search(text, max(0, actor.start - 5), actor.start):
            last_of = actor
        out.append(actor)
    return out
