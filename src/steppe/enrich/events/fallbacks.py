"""Where the parse leaves a party out: the ways an actor is found when no dependency path
gives it its role (a name cut in two, a title before a name, a subject left as a root of its
own, the guest of an invitation, the agent of an announced decision, the noun a participle
describes). Each is a narrow, tested rule; roles.assign calls them in a fixed order."""

from __future__ import annotations

from spacy.tokens import Doc as ParsedDoc, Token

from steppe.enrich.events.actors import Actor
from steppe.enrich.events.lexicon import Trigger, event_lexicon
from steppe.enrich.events.syntax import OBJECTS, PARTY_KINDS, SUBJECTS, case_of, path_to
from steppe.kb import fold

def other_head(parsed: ParsedDoc, offset: int, actor: Actor, anchor: Token,
                heads: set[int]) -> tuple[Token, tuple[Token, Token] | None]:
    """A name the parser cut in two (« Le président Emomali | Rahmon a reçu … », its first
    word hung on the title, its last the verb's subject): another of its words whose head is
    outside it and whose path reaches the clause."""
    span = parsed.char_span(actor.start - offset, actor.end - offset, alignment_mode="expand")
    for token in span if span is not None else ():
        if token.i != anchor.i and not span.start <= token.head.i < span.end:
            reached = path_to(token, heads)
            if reached is not None:
                return token, reached
    return anchor, None


def object_left_root(anchor: Token, trigger_token: Token) -> bool:
    """« La police a arrêté onze Tadjiks soupçonnés de … » parsed as two roots: a noun phrase
    left a root of its own right after a verb that has no object is that verb's object."""
    root = anchor
    while root.head.i != root.i:
        root = root.head
    between = anchor.doc[trigger_token.i + 1:root.left_edge.i]  # (« onze » hung elsewhere)
    return root.i != trigger_token.i and root.pos_ in ("NOUN", "PROPN") and \
        root.left_edge.i > trigger_token.i and trigger_token.pos_ == "VERB" and \
        all(t.pos_ in ("NUM", "DET") for t in between) and len(between) <= 2 and \
        not any(c.dep_ in ("obj", "ccomp", "xcomp") for c in trigger_token.children)


def title_before(anchor: Token, parsed: ParsedDoc) -> Token | None:
    """The title word just before a name (« homologue », « président », « ministre »), with
    at most two words between (« kirghiz », « des Affaires »), or None."""
    start = min(t.i for t in anchor.subtree) if anchor.i >= 0 else anchor.i
    heads = event_lexicon().agent_heads
    for i in range(start - 1, max(-1, start - 4), -1):
        token = parsed[i]
        if token.pos_ == "NOUN" and fold(token.text) in heads:
            return token
        if token.pos_ in ("VERB", "AUX", "PUNCT", "ADP", "CCONJ") and token.text not in ("-",):
            return None
    return None


def controller(trigger_token: Token, actors: list[Actor],
                anchors: dict[int, Token | None]) -> list[Actor]:
    """The actors that are the object of the verb an infinitive trigger depends on: the
    subject of « inviter X à », « appeler X à », « exhorter X à »."""
    head = trigger_token.head
    before = any(c.dep_ in SUBJECTS and c.i < head.i for c in head.children)
    objects = [c for c in head.children if c.i != trigger_token.i and (
        c.dep_ in ("obj", "iobj") or before and c.dep_ in SUBJECTS and c.i > head.i)]
    if not objects:
        return []
    inside = {t.i for c in objects for t in c.subtree}
    return [a for a in actors if a.kind in PARTY_KINDS and anchors[id(a)] is not None
            and anchors[id(a)].i in inside]


def subject_by_order(parsed: ParsedDoc, trigger_token: Token, actors: list[Actor],
                      anchors: dict[int, Token | None], sides: dict[str, list[Actor]]) -> None:
    """A verb the parser left without a subject (« Pékin a accordé … » parsed as two roots):
    the actor just before it, with no verb, stop or comma between, is its subject."""
    before = [a for a in actors if anchors[id(a)] is not None and anchors[id(a)].i < trigger_token.i]
    if not before:
        return
    last = before[-1]
    between = parsed[anchors[id(last)].i + 1:trigger_token.i]
    if len(between) <= 4 and not any(t.pos_ == "VERB" or t.text in (",", ".", ";", ":")
                                     for t in between):
        sides["subj"].append(last)
        return
    # « Pékin, par la voix de son ministère des Affaires étrangères, a exhorté … »: a name
    # left as a root of its own, with only an inserted phrase between it and the verb
    finite = "Fin" in trigger_token.morph.get("VerbForm") or any(
        c.dep_.startswith("aux") for c in trigger_token.children)
    # (or opening the sentence, read as an oblique: « Tachkent, principal partenaire de
    # Kaboul, s’est engagé à … »)
    first = next((a for a in before if anchors[id(a)].dep_ == "ROOT" or anchors[id(a)].i == 0
                  and anchors[id(a)].dep_.startswith("obl")), None) if finite else None
    # (« Moscou, qui avait joué les médiateurs, a salué … »: a clause on the name is its own)
    own = {t.i for t in anchors[id(first)].subtree} if first is not None else set()
    if first is not None:  # (the relative clause left a root of its own)
        own |= {d.i for t in parsed[anchors[id(first)].i + 1:trigger_token.i]
                if t.pos_ == "VERB" and any(c.dep_ == "nsubj" and c.lower_ == "qui"
                                            for c in t.children) for d in t.subtree}
    if first is not None and not any(
            t.pos_ == "VERB" and t.i not in own or t.text in (".", ";", ":")
            for t in parsed[anchors[id(first)].i + 1:trigger_token.i]):
        sides["subj"].append(first)


def from_main_clause(parsed: ParsedDoc, trigger_token: Token, actors: list[Actor],
                      anchors: dict[int, Token | None], sides: dict[str, list[Actor]],
                      trigger: Trigger) -> None:
    """A noun trigger in a fragment (« Trump frappe le Kazakhstan : 25 % de droits de
    douane »): its parties are the subject and object of the sentence's main verb."""
    roots = [t for t in parsed if t.dep_ == "ROOT" and t.pos_ == "VERB"]
    if not roots:
        return
    root = roots[0]
    for actor in actors:
        anchor = anchors[id(actor)]
        if anchor is None:
            continue
        reached = path_to(anchor, {root.i})
        if reached is None:
            continue
        dep = reached[1].dep_
        if dep in SUBJECTS:
            sides["subj"].append(actor)
        elif dep in OBJECTS and not case_of(reached[1]) and not sides["to"]:
            sides["obj"].append(actor)


def agent_of_decision(trigger_token: Token, actors: list[Actor],
                       anchors: dict[int, Token | None]) -> list[Actor]:
    """« Donald Trump a annoncé l’imposition de droits de douane », « a ordonné la fermeture
    du consulat »: the subject of a verb that decides or announces the act the noun names."""
    current = trigger_token
    for _ in range(3):
        if _loose_conj(current):
            current = current.head.head
            break
        if current.dep_ not in ("obj", "nmod", "obl:arg", "nsubj:pass") or current.head.i == current.i:
            return []
        current = current.head
        if current.pos_ == "VERB":
            break
    if current.pos_ != "VERB" or fold(current.text) not in event_lexicon().agent_verbs:
        return []
    if current.dep_ == "xcomp" and current.head.i != current.i and not any(
            c.dep_ in SUBJECTS for c in current.children):
        current = current.head  # « L’Ouzbékistan va instaurer des droits antidumping »
    inside = {t.i for c in current.children if c.dep_ in SUBJECTS for t in c.subtree}
    return [a for a in actors if a.kind in PARTY_KINDS and anchors[id(a)] is not None
            and anchors[id(a)].i in inside]


def _loose_conj(token: Token) -> bool:
    """A conjunct with no « et » nor comma-listed sibling, hung on an oblique: the verb's object
    read past a long place phrase (« ont entamé lundi, sur le polygone de …, à une vingtaine de
    kilomètres de la frontière, un exercice conjoint »)."""
    return token.dep_ == "conj" and not any(c.dep_ == "cc" for c in token.children) and \
        token.head.dep_.startswith("obl") and token.head.head.pos_ == "VERB"


def described_noun(trigger_token: Token) -> Token | None:
    """The noun a past participle trigger hangs on with no auxiliary, or None."""
    if trigger_token.dep_ != "acl" or "Part" not in trigger_token.morph.get("VerbForm") or \
            "Past" not in trigger_token.morph.get("Tense") or \
            any(c.dep_.startswith("aux") for c in trigger_token.children):
        return None
    return trigger_token.head if trigger_token.head.pos_ in ("NOUN", "PROPN") else None


def local_state(subject: list[Actor]) -> list[Actor]:
    """« la police de Saint-Pétersbourg a expulsé … »: a subject that is a body of a town
    stands for that town's state."""
    return [Actor(a.start, a.end, a.name, a.country, None, "state") for a in subject
            if a.kind == "place" and a.country][:1]


def accuser_of(described: Token, actors: list[Actor],
               anchors: dict[int, Token | None]) -> list[Actor]:
    """« Les autorités ont expulsé le correspondant X, accusé d’avoir … »: a charge stated as a
    participle on the one the clause acted on comes from that clause's subject."""
    verb = described.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return []
    out = []
    for actor in actors:
        anchor = anchors[id(actor)]
        reached = path_to(anchor, {verb.i}) if anchor is not None else None
        if reached is not None and reached[1].dep_ in ("nsubj", "expl:subj"):
            out.append(actor)
    return out
