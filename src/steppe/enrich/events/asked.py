"""Whom a request is made to when the parse does not say it: the name right after the verb
(« appelle Bichkek à »), the « à » phrase the parser hangs on what is asked for (« a demandé
des explications à Tachkent »), the subject of an act done « à la demande de » someone.

Why apart from ``parties``: the request's addressee is the commonest role the parser misplaces;
its rules read the text around the verb and are measured together (NOTES.md, Events).
"""

from __future__ import annotations

import re

from steppe.enrich.events.actors import Actor
from steppe.enrich.events.lexicon import event_lexicon
from steppe.enrich.events.syntax import PARTY_KINDS, case_of
from steppe.kb import fold

_ASKED_GAP = re.compile(r"\s*(?:(?:le|la|les|l[’']|son|sa|ses|leur|leurs)\s*)?$", re.IGNORECASE)
_ASKED_QUE = re.compile(r"\s*(?:que|qu[’'])\s*(?:(?:le|la|les|l[’'])\s*)?$", re.IGNORECASE)
_ASKED_THEN = re.compile(r"\s*(?:,\s*)?(?:(?:à|a|de)\s|d[’'])", re.IGNORECASE)
# « a demandé à Achgabat de révéler … »: the one asked after « à », then « de »
_ASKED_TO = re.compile(r"\s*(?:à|a|aux|au)\s+(?:(?:la|les|l[’'])\s*)?$", re.IGNORECASE)
_ASKED_TO_THEN = re.compile(r"\s*(?:,\s*)?(?:de\s|d[’'])", re.IGNORECASE)


def asked(token, actors: list[Actor], offset: int, window: str) -> list[Actor]:
    """Who a request is made to when the verb names them right after it, before « à » or
    « de » (« appelle Bichkek à surveiller », « exhorte les autorités à … »): the parser
    often hangs that name on the infinitive that follows."""
    at = token.idx + len(token.text)
    for actor in actors:
        start = actor.start - offset
        if start < at:
            continue
        if actor.kind in PARTY_KINDS and _ASKED_QUE.match(window[at:start]):
            return [actor]  # « a exigé que Douchanbé renforce … »: the subject asked to act
        if actor.kind in PARTY_KINDS and _ASKED_TO.match(window[at:start]) and \
                _ASKED_TO_THEN.match(window, actor.end - offset):
            return [actor]
        if actor.kind not in PARTY_KINDS or not _ASKED_GAP.match(window[at:start]) or \
                not _ASKED_THEN.match(window, actor.end - offset):
            break
        return [actor]
    return asked_of_object(token, actors, offset)


_ASKING = frozenset({"demander", "exiger", "reclamer", "solliciter"})


def asked_of_object(token, actors: list[Actor], offset: int) -> list[Actor]:
    """« a demandé des explications à Tachkent », « sollicite un prêt à la Chine »: the parser
    hangs the one asked on what is asked for; an « à » phrase there, a party, is whom it asks."""
    if event_lexicon().lemmas.get(fold(token.text)) not in _ASKING:
        return []
    for obj in (c for c in token.children if c.dep_ == "obj" and c.pos_ == "NOUN"):
        for mod in obj.children:
            if mod.dep_ == "nmod" and case_of(mod) in ("a", "à", "au", "aux"):
                found = [a for a in _inside_phrase(mod, actors, offset) if a.kind in PARTY_KINDS]
                if found:
                    return found[:1]
    return []


def on_request(token) -> bool:
    """« à la demande de l’UE », « sur demande de Tachkent »: a request told as an act's
    reason (its own event, beside the act's)."""
    return fold(token.text) == "demande" and case_of(token) in ("a", "à", "sur") and \
        token.head.pos_ in ("VERB", "AUX")


def acted_on_request(token, actors: list[Actor], offset: int) -> list[Actor]:
    """« Le gouvernement kazakh a soumis à licence les exportations …, à la demande de l’UE »:
    a request told as the reason of an act was made to the act's subject."""
    if not on_request(token):
        return []
    subject = next((c for c in token.head.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
    if subject is None:
        # « À la demande du président X, l’OTSC a déployé … » with the subject read as the
        # name's apposition: the actor between the phrase's comma and the verb
        verb = token.head
        comma = next((t for t in token.doc[token.i:verb.i] if t.text == ","), None)
        return [a for a in actors if comma is not None
                and comma.idx < a.start - offset < verb.idx][:1]
    return _inside_phrase(subject, actors, offset)


def asked_unnamed(token, actors: list[Actor], offset: int) -> bool:
    """Whether a request names whom it asks with words that are no actor (« a appelé les États
    membres à soutenir … »): an object with no actor in it and an infinitive after « à », the
    object being the one asked (« exiger sa libération » has no such infinitive: its object
    is what is asked)."""
    objects = [c for c in token.children if c.dep_ == "obj" and c.pos_ != "PRON"]  # (« l’a »)
    return any(not _inside_phrase(o, actors, offset) for o in objects) and any(
        c.dep_ == "xcomp" and any(m.dep_ == "mark" and fold(m.text) == "a" for m in c.children)
        for c in token.children)


def _inside_phrase(head, actors: list[Actor], offset: int) -> list[Actor]:
    """The actors whose first character falls inside the phrase ``head`` heads."""
    first, last = head.left_edge.idx, head.right_edge.idx + len(head.right_edge.text)
    return [a for a in actors if first <= a.start - offset < last]
