"""Where a phrase hangs in a clause when the parser hung it elsewhere: the few shapes of
French news sentences that the dependency parse gets wrong and the roles still need."""

from __future__ import annotations

import re

from spacy.tokens import Doc as ParsedDoc, Token

from steppe.enrich.events.lexicon import EventLexicon, event_lexicon
from steppe.enrich.events.syntax import SUBJECTS, case_of, head_phrase, whole_phrase
from steppe.kb import fold


def relative_read_as_completive(trigger: Token, parsed: ParsedDoc) -> Token | None:
    """« la banque Keremet Bank, qu’il accuse de … » parsed as « imposé … qu’il accuse »: the
    name before « , qu’ » is the antecedent of an object relative (None when it is not so)."""
    if trigger.dep_ != "ccomp":
        return None
    mark = next((c for c in trigger.children if c.dep_ == "mark"
                 and fold(c.text) in ("que", "qu'", "qu’")), None)
    if mark is None or mark.i < 2 or parsed[mark.i - 1].text != ",":
        return None
    before = parsed[mark.i - 2]
    return before if before.pos_ in ("PROPN", "NOUN", "X") else None


def par_on(anchor: Token, child: Token) -> bool:
    """Whether the actor's phrase is a « par … » hung on ``child`` (« reçu à l’Akorda par le
    président Kassym-Jomart Tokaïev », the agent read as the town's complement)."""
    current = anchor
    for _ in range(6):
        if current.head.i == child.i:
            return current.dep_ == "nmod" and case_of(current) == "par"
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def during(trigger: Token, parsed: ParsedDoc) -> bool:
    """« a évoqué la question lors d’un entretien téléphonique avec Vladimir Poutine »: a
    meeting the main clause's subject took part in."""
    return any(fold(t.text) in ("lors", "pendant", "durant") for t in
               parsed[max(0, trigger.i - 3):trigger.i])


def told_by(anchor: Token, child: Token) -> bool:
    """Whether the actor is in a « selon … » phrase (« selon un porte-parole du gouvernement
    taliban »), on the way from its word up to the trigger's dependent."""
    current = anchor
    for _ in range(8):
        if any(c.dep_ == "case" and fold(c.text) in ("selon", "apres") for c in current.children):
            return True
        if current.i == child.i or current.head.i == current.i:
            return False
        current = current.head
    return False


def object_read_as_subject(verb: Token, subject: Token) -> bool:
    """« a rejeté ces accusations et dénoncé … »: the first verb's object, with no comma after
    that verb, read as the subject of the verb conjoined with it."""
    if verb.dep_ != "conj" or not verb.head.i < subject.i < verb.i:
        return False
    first = subject.left_edge
    return first.i > 0 and first.nbor(-1).pos_ != "PUNCT" and any(
        c.dep_ == "cc" and subject.i < c.i < verb.i for c in verb.children)


def answered(trigger: Token, anchors: dict[int, Token | None]) -> list[int]:
    """The ids of the actors whose charge or demand a refusal names (« a rejeté les
    accusations du CPJ », « a décliné l’offre de Moscou »): they are what it answers, not
    whoever a clause hung on the charge names (« démentant tout lien avec M. Jakenov »)."""
    nouns = event_lexicon().charge_nouns
    charges = [c for c in trigger.children if c.dep_ == "obj" and fold(c.text) in nouns]
    return [key for key, anchor in anchors.items() if anchor is not None and any(
        anchor.head.i == c.i and anchor.dep_ == "nmod" and case_of(anchor) in ("de", "du", "des",
                                                                                "d'", "d’")
        for c in charges)]


def _of_home(subject: Token, lexicon: EventLexicon) -> bool:
    """« le porte-parole du gouvernement », « le chef de la police »: one who speaks or acts
    for an organ of the story's state."""
    for g in subject.children:
        if g.dep_ == "nmod":
            phrase = head_phrase(g)
            for of, the in _OF_THE:
                if phrase.startswith(of):
                    if the + phrase[len(of):] in lexicon.anaphor_home:
                        return True
                    break
    return False


_OF_THE = (("du ", "le "), ("de la ", "la "), ("de l'", "l'"), ("de l’", "l’"), ("des ", "les "))


def answered_body(trigger: Token) -> bool:
    """Whether a refusal answers the charges of a body named before by its kind alone
    (« a rejeté les accusations de l’ONG »): the organisation last named is its target."""
    nouns = event_lexicon().charge_nouns
    return any(g.dep_ == "nmod" and fold(g.text) in _BODY_WORDS
               for c in trigger.children if c.dep_ == "obj" and fold(c.text) in nouns
               for g in c.children)


_BODY_WORDS = frozenset({"ong", "organisation", "association"})


def anaphor(chain: list[Token], passive: bool) -> tuple[str, str]:
    """"one" or "both" when the clause's subject points back (« il », « le ministère »,
    « les deux présidents »), "home" when it names an organ of the article's state with no
    country (« le gouvernement », « la police »), else ""; with the phrase's noun."""
    lexicon = event_lexicon()
    for token in chain:
        for child in token.children:
            # (« Les deux dirigeants sont convenus » is tagged passive: its subject too)
            if child.dep_ not in SUBJECTS and child.dep_ != "nsubj:pass" or passive or \
                    lexicon.anaphors is None:
                continue
            if any(g.pos_ == "PROPN" and g.text[:1].isupper() and child.i < g.i <= child.i + 2
                   and g.dep_ in ("appos", "flat:name", "nmod", "flat") for g in child.children):
                continue  # « L’organisation Atajurt a dénoncé … », « Le Premier ministre
                # kazakh Oljas Bektenov a reçu … »: named, not pointing back
            phrase = head_phrase(child)
            m = lexicon.anaphors.fullmatch(phrase) or lexicon.anaphors.fullmatch(
                fold(child.text))
            whole = lexicon.anaphors.fullmatch(whole_phrase(child)) if m is None else None
            if whole is not None and whole.group() in lexicon.anaphor_home:
                m = whole  # « les forces de l’ordre »: an organ named with its complement
            if m:
                kind = "both" if m.group() in lexicon.anaphor_both else \
                    "home" if m.group() in lexicon.anaphor_home or _of_home(child, lexicon) else \
                    "last" if m.group() in lexicon.anaphor_last else "one"
                words = re.split(r"[ '’]", m.group())
                return kind, words[-1] if len(words) > 1 else ""
    return "", ""


_ARRIVED = re.compile(r"(?:[^,.]{0,50}[–—-] )?arrivee?s? ")  # (after a dateline)
_VISITOR_KINDS = ("person", "state", "state_org", "demonym", "capital")


def arrived_for_visit(actors: list, start: int, at: int, end: int, folded: str,
                      home) -> tuple[list, list]:
    """« Arrivé mardi à Douchanbé pour une visite d’État, Xi Jinping a … », a visit named in
    the participle clause that opens the sentence (the parser hangs it anywhere): the visitor
    is the main clause's subject, the first party after the clause's comma; the host, the
    place the clause names, else the story's state. ([], []) for any other sentence."""
    comma = folded.find(",", at, end)
    if not _ARRIVED.match(folded, start) or comma < 0:
        return [], []
    visitor = []
    for actor in actors:
        if comma < actor.start < comma + 90 and actor.kind in _VISITOR_KINDS and actor.country:
            visitor.append(actor)
            if actor.kind != "demonym":  # (« le ministre turc Hakan Fidan »: one visitor)
                break
    own = {a.country for a in visitor}
    host = [a for a in actors if start <= a.start < comma and a.kind in ("place", "capital")
            and a.country and a.country not in own]
    if not host and home is not None and home.country not in own:
        host = [home]
    return (visitor, host) if visitor and host else ([], [])
