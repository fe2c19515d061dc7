"""Protests and demands of groups of people the KB cannot know (strikers, villagers, traders):
who they are, named as the sentence names them, with their country (the nationality the
sentence opens with, the town they gather in: « À Almaty, des commerçants … », « ont manifesté
à Andijan »), and at whom they protest (the foreign mission they picket: « devant l'ambassade
de Chine »; the body they gather before: « devant la mairie »; the strikers' employer).

Why apart from ``parties``: most of these read the words around an actor, not the parse, since
the parser attaches « à Astana » and « de Chine » anywhere in a long protest sentence."""

from __future__ import annotations

import re
from dataclasses import replace

from steppe.enrich.events.actors import Actor
from steppe.enrich.events.lexicon import EventLexicon, Trigger
from steppe.enrich.events.parties import aimed_at_state, people_words

# what a group of people the KB cannot know may say to a named party, as its subject
PEOPLE_SPEAK = frozenset({"ACCUSE", "REQUEST", "REJECT"})

# folded text (same length as the article's), just before the state's name
_MISSION = re.compile(r"(?:ambassade|consulat(?: general)?|representation diplomatique)"
                      r"(?: \w+)? (?:de la |de l.|du |des |d.|de )$")
_IN_TOWN = re.compile(r"(?:^|[\s,(])a $")
_OF = frozenset({"de", "d'", "d’", "du", "des"})


def mission_of(actors: list[Actor], folded: str) -> list[Actor]:
    """The states whose embassy or consulate a sentence names (« devant l’ambassade de Chine
    à Astana », « le consulat général de Chine »), in order, once each."""
    found: list[Actor] = []
    for actor in actors:
        if actor.kind in ("state", "demonym") and actor.country and \
                _MISSION.search(folded[max(0, actor.start - 40):actor.start]) and \
                actor.country not in {a.country for a in found}:
            found.append(actor)
    return found


def placed_in(actors: list[Actor], folded: str, start: int, end: int) -> list[Actor]:
    """The towns of the sentence ``start``–``end`` that an act happens in (« à Andijan »,
    « À Almaty, »), with their country: the people gathered there are that country's."""
    return [a for a in actors if a.kind in ("place", "capital") and a.country
            and start <= a.start < end
            and _IN_TOWN.search(folded[max(start, a.start - 3):a.start])]


def crowd(subject, offset: int, where: Actor) -> Actor:
    """The people who protest, named as the sentence names them (« plusieurs centaines de
    commerçants du marché Barakholka »), with the country ``where`` gives them: readers see who
    marched, the relations count their state's people."""
    first, last = subject.left_edge, subject.right_edge
    while first.dep_ == "case" and first.i < subject.i:  # « avec les grévistes »: the people
        first = subject.doc[first.i + 1]
    for child in subject.rights:  # « les grévistes sur la place »: where, not who
        if any(c.dep_ == "case" and c.lower_ not in _OF for c in child.children):
            last = subject.doc[child.left_edge.i - 1]
            break
    words = subject.doc[first.i:last.i + 1].text
    if len(words) > 90 or not words.strip():
        return where
    return replace(where, start=first.idx + offset, end=last.idx + len(last.text) + offset,
                   name=words, entity_id=None, kind="group")


def addressed(state: Actor, folded: str, article: str, start: int, end: int,
              lexicon: EventLexicon) -> list[Actor]:
    """The body of ``state`` a protest by its people is addressed to, named as the sentence
    names it (« devant la mairie », « devant le Parlement »), else the state itself."""
    found = lexicon.protest_addressees.search(folded, start, end) \
        if lexicon.protest_addressees is not None else None
    if found is None or len(article) < found.end():
        return [state]
    return [replace(state, start=found.start(), end=found.end(),
                    name=article[found.start():found.end()], entity_id=None, kind="state_org")]


# « employés de la société Senim Construction », « ouvriers d’Ozenmounaïgaz », « auprès de la
# société Ozenmunaigas »: a capitalised name after a company word or a workers' word
_EMPLOYER = re.compile(
    r"\b(?:soci[ée]t[ée]|compagnie|entreprise|groupe|mine|usine|(?:employ[ée]s|ouvriers|salari[ée]s"
    r"|mineurs|travailleurs|personnel)(?= d))(?: (?:de |d[’'])?(?:services |forage |construction )?"
    r"(?:p[ée]troli[eè]re?s?|mini[eè]re|publique?|priv[ée]e?|nationale?)?)?"
    r"\s*(?:de |d[’'])?((?:[A-Z][\w’'-]+)(?: [A-Z][\w’'-]+){0,3})")


def employer(crowd_: Actor, article: str, start: int, end: int) -> list[Actor]:
    """The company a strike is aimed at: the one the strikers work for or the sentence names
    (the dev part's gold codes 14 of its 22 strikes against the company, 5 with no target, 3
    against the government), of the strikers' country."""
    found = _EMPLOYER.search(article, start, end)
    if found is None:
        return []
    return [replace(crowd_, start=found.start(1), end=found.end(1), name=found.group(1),
                    entity_id=None, kind="org")]


def crowd_of(token, head, actors: list[Actor], folded: str, start: int, end: int, offset: int,
             home: Actor) -> Actor:
    """The group of people ``head`` heads (the subject of ``token``), with its country: the
    nationality the sentence opens with or that its words hold (« Dans le village kirghiz de
    Kök-Tash, … », « des agriculteurs du sud du Kazakhstan »), else the town it gathered in
    (« À Almaty, … », « à Andijan »), else the story's."""
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    within = (subject.left_edge.idx + offset, subject.right_edge.idx + offset + 1) \
        if subject is not None else (0, 0)
    opening = [a for a in actors if a.country and a.start < offset + token.idx and (
        a.kind == "demonym" or a.kind in ("state", "place") and within[0] <= a.start < within[1])]
    where = [opening[0]] if opening else placed_in(actors, folded, start, end)[:1] or [home]
    return crowd(head, offset, where[0])


def protest_parties(token, trigger: Trigger, source: list[Actor], recipient: list[Actor],
                    actors: list[Actor], folded: str, article: str, where: tuple[int, int, int],
                    home: Actor, lexicon: EventLexicon):
    """(who protests, at whom) for a protest trigger, from the people words around it and the
    places, missions and bodies the sentence names; None when the sentence tells no protest
    (a protest word whose subject must be people, with none). ``where``: the sentence's
    start and end and the parsed window's offset, in the article."""
    start, end, offset = where
    crowd_head = people_words(token, lexicon)
    people = crowd_head is not None
    if trigger.people_subject and not people:
        return None  # « la police a bloqué l’avenue » is no protest
    envoys = mission_of(source + actors, folded) if people else []
    if envoys:  # « ont tenu un piquet devant l’ambassade de Chine »: China is the target
        source = [a for a in source if a not in envoys]
        recipient = recipient or envoys[:1]
    if people:  # (« … de la société X, sous-traitant sur le gisement de Tengiz »)
        source = [a for a in source if a.kind not in ("place", "capital", "region", "thing")]
    if people and not any(a.country for a in source):
        source = [crowd_of(token, crowd_head, actors, folded, start, end, offset, home)]
    if source and not recipient and aimed_at_state(source, people, folded[start:end],
                                                   lexicon):
        # the people's own authorities (« devant le Parlement »), unless « contre X »
        recipient = [home] if not people or source[0].country == home.country else \
            [source[0]]
        if people:  # « devant la mairie »: that body of the people's state, by its name
            recipient = addressed(recipient[0], folded, article, start, end, lexicon)
    if people and trigger.mode == "strike" and source:  # « ouvriers de la société X »
        recipient = employer(source[0], article, start, end) or recipient
    return source, recipient
