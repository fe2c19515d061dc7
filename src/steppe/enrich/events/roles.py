"""Source and recipient of a trigger, read off the dependency parse of its sentence.

Each actor is placed by the path from its head word up to the trigger's clause: through the
subject (nsubj), the passive agent (obl:agent, « par »), the object, or an oblique or noun
complement marked by its preposition (« avec », « à », « contre », « de »). Actors on no such
path (a place where it happened, a name in another clause) are not parties to the event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc as ParsedDoc, Token

from steppe.enrich.events.actors import Actor
from steppe.enrich.events.fallbacks import (accuser_of, agent_of_decision, controller,
                                            described_noun, from_main_clause, local_state,
                                            object_left_root, other_head, subject_by_order,
                                            title_before)
from steppe.enrich.events.clauses import (anaphor, answered, during, object_read_as_subject,
                                           par_on, relative_read_as_completive, told_by)
from steppe.enrich.events.joined import after_incise, coordinated, spokesmen, unique, with_after
from steppe.enrich.events.lexicon import Trigger, event_lexicon
from steppe.enrich.events.syntax import (BE_VERBS, DATIVE_CASES, DATIVE_TYPES, DOCUMENTS, OBJECTS,
                                         OF_CASES, PARTY_KINDS, PLACE_CASES, SUBJECTS, TO_CASES,
                                         active, anchor_token, case_of, path_to)
from steppe.kb import fold

__all__ = ["PARTY_KINDS", "Roles", "assign"]


@dataclass
class Roles:
    source: list[Actor] = field(default_factory=list)
    recipient: list[Actor] = field(default_factory=list)
    place: list[Actor] = field(default_factory=list)   # where it happened (« à Astana »)
    anaphor: str = ""   # "one" / "both" when the subject is « il », « les deux pays »…
    anaphor_noun: str = ""  # its noun, folded (« ministere » for « le ministère »)
    described: bool = False  # a participle on the noun that underwent it (« migrants expulsés »)


def _chain(trigger: Token) -> list[Token]:
    """The trigger and the words whose clause it belongs to: the verbs it depends on as an
    infinitive or a conjunct (« pourrait se rendre », « a reçu … et signé »), and through a
    participle clause on a noun, that noun's verb (« a adopté une résolution dénonçant »)."""
    chain = [trigger]
    current = trigger
    while len(chain) < 5 and current.head.i != current.i:
        head = current.head
        if current.dep_ == "conj" and current.pos_ == "VERB" and head.pos_ == "ADJ" and \
                head.dep_ in ("acl", "amod") and head.head.pos_ == "NOUN":
            head = head.head  # « a rejeté ces accusations, « infondées », et appelé … »
        if current.dep_ == "conj" and current.pos_ == "VERB" and head.pos_ == "NOUN" and \
                head.dep_ in ("obj", "obl:arg") and head.head.pos_ == "VERB":
            # « a dénoncé des méthodes … et exigé de Moscou »: a verb the parser conjoined
            # with the first verb's object is that verb's conjunct (it shares its subject)
            current = head.head
            chain.append(current)
            continue
        if current.dep_ in ("xcomp", "conj", "ccomp") and head.pos_ in ("VERB", "AUX", "NOUN"):
            current = head
        elif current.dep_ == "advcl" and head.pos_ == "VERB" and _present_participle(current):
            current = head  # « a bloqué le site, l’accusant de … »: the blocker accuses
        elif current.dep_ == "acl" and head.pos_ == "NOUN" and head.dep_ in ("obj", "nsubj") \
                and head.head.i != head.i:
            current = head.head
        else:
            break
        chain.append(current)
    return chain


def _present_participle(token: Token) -> bool:
    """« accusant », « appelant » (the tagger sometimes calls them infinitives)."""
    return "Part" in token.morph.get("VerbForm") and "Pres" in token.morph.get("Tense") or \
        token.text.lower().endswith(("ant", "ants"))


def _is_passive(chain: list[Token]) -> bool:
    """« a été reçu par » is passive; « sont convenus », « s’est rendu » are not."""
    lemmas = event_lexicon().lemmas
    return any(c.dep_ == "aux:pass" for t in chain for c in t.children
               if lemmas.get(fold(t.text)) not in BE_VERBS)


def assign(trigger_token: Token, trigger: Trigger, actors: list[Actor], parsed: ParsedDoc,
           offset: int, window: str | None = None) -> Roles:
    """Source and recipient actors for one confirmed trigger; ``window`` is the parsed text
    (``parsed.text``, which spaCy would rebuild token by token on each access)."""
    window = parsed.text if window is None else window
    chain = _chain(trigger_token)
    if any(c.dep_ in SUBJECTS and not object_read_as_subject(trigger_token, c)
           or c.dep_ == "nsubj:pass" and active(trigger_token) for c in trigger_token.children):
        chain = [trigger_token]  # a clause of its own: « Moscou restreint …, Astana menace »
        # (« une mesure que Douchanbé a critiquée », its subject tagged passive)
        # (not the first verb's object read as the conjunct's subject: « a rejeté ces
        # accusations et dénoncé … »)
    heads = {t.i for t in chain}
    governor = trigger_token.head if trigger.pos == "NOUN" and \
        trigger_token.head.i != trigger_token.i else None
    below = trigger_token
    while governor is not None and governor.pos_ == "NOUN" and below.dep_ == "nmod" and \
            (fold(governor.text) in event_lexicon().measure_nouns or trigger.type == "AID" and
             fold(governor.text) in event_lexicon().deal_nouns) and governor.head.i != governor.i \
            and fold(case_of(governor)) not in ("apres", "depuis"):  # (« après deux jours de »)
        # « a adopté son 17e paquet de sanctions contre la Russie », « a signé avec … un
        # accord de prêt » (the accord read as an apposition of the one it is signed with),
        # « fournirait 26 milliards de yuans de financements »
        appositive = governor.dep_ == "appos"
        below, governor = governor, governor.head
        if appositive and governor.head.pos_ == "VERB":
            below, governor = governor, governor.head
    if governor is not None and governor.pos_ in ("VERB", "AUX") and not (
            governor.pos_ == "AUX" and trigger_token.dep_ in SUBJECTS):
        # (the subject of « être » shares no role with its other one; « pourrait faire le
        # déplacement »: the light verb's own clause)
        heads |= {governor.i, governor.head.i} if governor.pos_ == "VERB" and \
            governor.dep_ == "xcomp" and fold(governor.text) == "faire" else {governor.i}
    relative = next((t.head for t in chain if t.dep_ == "acl:relcl" and not any(
        fold(c.text) == "ou" for c in t.children)), None)  # « à Hérat, où il a lancé »: a place
    object_relative = relative is not None and any(
        c.dep_ == "obj" and fold(c.text) in ("que", "qu'", "qu’") for t in chain
        if t.dep_ == "acl:relcl" for c in t.children)
    antecedent = relative_read_as_completive(trigger_token, parsed)
    if antecedent is not None:  # « … Keremet Bank, qu’il accuse de … »
        chain, heads, relative, object_relative = [trigger_token], {trigger_token.i}, \
            antecedent, True
    passive = _is_passive(chain)
    if trigger.pos == "VERB" and not any(c.dep_ in SUBJECTS or c.dep_ == "nsubj:pass"
                                         for c in trigger_token.children):
        # « Le ministre turc, arrivé lundi à Douchanbé, a été reçu par … », « Xi Jinping,
        # arrivé mardi …, a signé … » with the subject hung on the participle: it is the
        # verb's
        heads |= {c.i for c in trigger_token.children if c.dep_ in ("advcl", "acl")
                  and "Part" in c.morph.get("VerbForm")
                  and any(g.dep_ in SUBJECTS for g in c.children)
                  and not any(g.dep_.startswith("aux") or g.dep_ == "mark" for g in c.children)
                  or c.dep_ == "aux:tense" and any(g.dep_ in SUBJECTS for g in c.children)}
        # (« Le Tadjikistan a en revanche refusé » with the subject hung on the auxiliary)
    anchors = {id(a): anchor_token(parsed, offset, a) for a in actors}
    anchor_ids = {t.i for t in anchors.values() if t is not None}
    sides: dict[str, list[Actor]] = {"subj": [], "obj": [], "to": [], "of": [], "place": [],
                                     "deep": []}
    for actor in actors:
        anchor = anchors[id(actor)]
        if anchor is None or anchor.i == trigger_token.i:
            continue
        if relative is not None and _inside(anchor, relative, chain):
            # « son homologue X, qui effectue une visite »: X acts; « la banque Keremet Bank,
            # qu’il accuse de … »: the bank undergoes it
            sides["obj" if object_relative else "subj"].append(actor)
            continue
        reached = path_to(anchor, heads)
        if reached is None:
            anchor, reached = other_head(parsed, offset, actor, anchor, heads)
        if reached is None and object_left_root(anchor, trigger_token):
            sides["obj"].append(actor)
            continue
        if reached is None:
            # « son homologue kirghiz Sadyr Japarov » with the name hung nowhere: the name is
            # its title's apposition and takes the title's place in the clause
            title = title_before(anchor, parsed)
            reached = path_to(title, heads) if title is not None else None
            if reached is None:
                continue
            anchor = title
        side = _side(actor, anchor, reached, trigger_token, trigger, passive, anchor_ids)
        if side == "place+to":
            sides["place"].append(actor)
            sides["to"].append(actor)
        elif side:
            sides[side].append(actor)
    described = described_noun(trigger_token) if trigger.pos == "VERB" else None
    if described is not None:
        # « Deux ressortissants chinois tués à la frontière »: the noun a participle
        # describes underwent the act; who did it is only its « par » agent
        sides["obj"] += [a for a in actors if anchors[id(a)] is not None and a not in sides["subj"]
                         and described.i in (anchors[id(a)].i, anchors[id(a)].head.i)]
        if trigger.type == "ACCUSE" and not sides["subj"]:
            sides["subj"] = accuser_of(described, actors, anchors)
    elif trigger.pos == "VERB" and not sides["subj"] and not passive and \
            not any(c.dep_ in SUBJECTS for t in chain for c in t.children):
        # (« Pékin s’est engagé à financer »: the verb the trigger hangs on has the subject)
        subject_by_order(parsed, chain[-1] if chain[-1].pos_ == "VERB" else trigger_token,
                         actors, anchors, sides)
    elif trigger.pos == "VERB" and passive and not sides["obj"] and \
            not any(c.dep_ == "nsubj:pass" for t in chain for c in t.children if c.pos_ != "VERB"):
        # « …, l’activiste Dana Jaksybekova a été remise en liberté » with the name hung on
        # the clause before: the actor just before the verb is what the passive befell
        found: dict[str, list[Actor]] = {"subj": []}
        subject_by_order(parsed, trigger_token, actors, anchors, found)
        sides["obj"] += [a for a in found["subj"] if a not in sides["subj"]]
    if trigger.pos == "NOUN" and not sides["subj"] and not sides["of"] and \
            trigger.type != "ASSAULT" and (
            ":" in window or any(c.dep_ == "det" and "Yes" in c.morph.get("Poss")
                                      for c in trigger_token.children)
            or during(trigger_token, parsed)):
        from_main_clause(parsed, trigger_token, actors, anchors, sides, trigger)
        if during(trigger_token, parsed):  # « lors d’un entretien … avec Vladimir Poutine »
            sides["to"] += [a for a in actors if anchors[id(a)] is not None
                            and anchors[id(a)].head.i == trigger_token.head.i
                            and anchors[id(a)].i > trigger_token.i
                            and case_of(anchors[id(a)]) == "avec"]
    if trigger.pos == "NOUN" and trigger.type == "COERCE":  # « la liquidation de Kloop »
        sides["obj"], sides["of"] = sides["obj"] + sides["of"], []  # (its « de » underwent it)
    if trigger.pos == "NOUN" and not sides["subj"] and not sides["of"]:
        sides["subj"] = agent_of_decision(trigger_token, actors, anchors)
    if trigger.pos == "NOUN" and not sides["subj"] and not sides["of"] and \
            case_of(trigger_token) == "en" and trigger_token.head.i != trigger_token.i:
        # « Le ministre iranien, Mohsen Paknejad, en visite à Achkhabad »: who is on the visit
        # is the noun it describes
        described = trigger_token.head
        sides["subj"] = [a for a in actors if anchors[id(a)] is not None
                         and described.i in (anchors[id(a)].i, anchors[id(a)].head.i)]
    if not sides["obj"] and not sides["to"] and not (
            (trigger.mode == "visit" or trigger.to_place) and trigger.roles != "vs"
            and any(a.country for a in sides["place"])):
        sides["to"] = sides["deep"]  # (not on a visit to a place: « sa visite au Turkménistan, à
        # l’occasion du forum consacré au poète Magtymguly »: the host is the place)
    # (« a invité Xi à effectuer une visite »: the noun's light verb is the infinitive)
    infinitive = trigger_token if trigger.pos == "VERB" else trigger_token.head \
        if trigger.mode == "visit" and trigger_token.dep_ == "obj" else None
    if infinitive is not None and infinitive.dep_ == "xcomp" and \
            not _present_participle(infinitive):  # an infinitive, not « les accusant »
        guests = controller(infinitive, actors, anchors)
        if guests:  # « a invité Xi Jinping à se rendre à Achgabat »: Xi goes
            sides["subj"] = guests
            sides["obj"] = [a for a in sides["obj"] if a not in guests]
            sides["to"] = [a for a in sides["to"] if a not in guests]
    if trigger.type == "REJECT" and trigger.pos == "VERB":
        named = answered(trigger_token, anchors)  # (« a rejeté les accusations du CPJ »)
        if named:
            sides["obj"], sides["to"] = [a for a in actors if id(a) in named], []
    if trigger.roles == "rec" and trigger.pos == "VERB":
        with_after(trigger_token, actors, sides, window, offset)
    if trigger.pos == "VERB":
        after_incise(trigger_token, sides, window)
    spokesmen(actors, sides, window, offset)
    coordinated(actors, sides, window, offset)
    roles = _sides(trigger, trigger_token, sides["subj"], sides["obj"], sides["to"], sides["of"],
                   sides["place"])
    roles.source, roles.recipient = unique(roles.source), unique(roles.recipient)
    roles.described = described is not None
    if not roles.source and trigger.pos == "VERB":
        # (« Il a été accueilli par … »: a passive's subject is the guest, pointing back)
        roles.anaphor, roles.anaphor_noun = anaphor(chain, passive and trigger.roles != "vs")
    elif not roles.source and governor is not None and governor.pos_ == "VERB":
        # « Les deux parties ont conclu un cessez-le-feu »: the verb's subject points back
        roles.anaphor, roles.anaphor_noun = anaphor([governor], _is_passive([governor]))
    roles.place = [a for a in sides["place"] if a.kind in ("place", "capital")]
    return roles


def _side(actor: Actor, anchor: Token, reached: tuple[Token, Token], trigger_token: Token,
          trigger: Trigger, passive: bool, anchor_ids: set[int]) -> str | None:
    """Which role the path from an actor to the trigger's clause gives it."""
    head, child = reached
    dep = child.dep_
    nested = child.i != anchor.i and child.i not in anchor_ids
    if child.i != anchor.i and not _through_nouns(anchor, child):
        return None  # in another clause hanging on the trigger (« affirmant que … »), or on
        # another actor (« avec X, avec lequel il est convenu … du chemin de fer Chine–… »)
    case = case_of(anchor) if nested else case_of(child)
    if told_by(anchor, child):
        return None  # « selon Bruxelles », « d’après Moscou »: who tells it, not a party
    if fold(case_of(child)) == "malgre":
        return None  # « malgré les tensions entre Bakou et Moscou »: a concession's actors
    if case_of(child) == "depuis" and child.i not in (anchor.i, anchor.head.i):
        return None  # « sa première visite au Kazakhstan depuis le début de l’invasion de
        # l’Ukraine »: a time phrase's actors are no parties
    if actor.kind in ("capital", "place") and anchor.dep_ == "nmod" and \
            case_of(anchor) in ("de", "d'", "d’") and fold(anchor.head.text) in DOCUMENTS:
        return None  # « la déclaration de Tokyo », « l’accord de Bichkek »: a text's name
    if trigger.type in ("ACCUSE", "REQUEST") and trigger.pos == "VERB" and \
            head.i == trigger_token.i and child.dep_ in ("xcomp", "ccomp", "advcl") and \
            child.i != anchor.i:  # « accusé Kiev de viser les intérêts des États-Unis »,
        return None  # « appelé ses homologues à coordonner face aux talibans »: its words
    on_noun = head.i == trigger_token.i and trigger.pos == "NOUN"
    if nested and on_noun and dep == "nmod" and case_of(child) in OF_CASES and \
            fold(child.text) in event_lexicon().agent_heads:
        return "of"  # « la visite du président kirghiz Sadyr Japarov »
    if nested and actor.kind in ("place", "capital") and case in PLACE_CASES:
        return "place"  # « la délégation de l’UE à Bichkek »: where its actor sits
    if nested and dep in OBJECTS and not case and not case_of(child):
        return "obj"  # « a reçu le président français Emmanuel Macron »: the object's apposition
    if nested and passive and case_of(child) == "par" and dep.startswith("obl"):
        return "subj"  # « interpellé par des agents du Service de sécurité »: its agents' body
    if passive and anchor.i != child.i and dep.startswith("obl") and par_on(anchor, child):
        return "subj"  # « reçu à Achgabat par Serdar Berdimuhamedov », « par » hung on the town
    if dep == "obl:agent" and not passive and head.i == trigger_token.i and any(
            c.dep_.startswith("expl") for c in trigger_token.children):
        return "deep" if nested else "to"  # « s’est dite préoccupée par la détention de X »
    if nested and dep not in SUBJECTS and dep not in ("nsubj:pass", "obl:agent"):
        # inside a complement that is not itself an actor (« la fermeture de son centre
        # de visas situé au Tadjikistan »): the target of the act, or where it happens
        if actor.kind in ("place", "capital") and (
                case in PLACE_CASES or case_of(child) == "dans"):
            return "place"  # (« dans le centre de Bichkek »)
        return "deep"  # a party only when the trigger has no direct one
    if dep in SUBJECTS and passive and any(c.dep_ == "aux:pass" for c in trigger_token.children) \
            and (head.i == trigger_token.i or "Part" in head.morph.get("VerbForm")
                 and not any(c.dep_.startswith("aux") for c in head.children)):
        # a passive verb's subject tagged as an active one (« Le chef de la diplomatie
        # chinoise, Wang Yi, a été reçu par … »), or « X, arrivé mardi au Kirghizistan, a été
        # reçu par … » read as « arrivé » governing « a été reçu »: what the act befell
        return "obj"
    if dep in SUBJECTS:
        if child.i > head.i and any(c.dep_ in SUBJECTS and c.i < head.i for c in head.children):
            return "obj"  # « X a invité Xi Jinping à … » with the guest read as a second subject
        return "subj"
    if dep == "nsubj:pass":
        return "obj" if passive else "subj"
    if dep == "obl:agent" or case == "par" and passive:
        return "subj"
    if on_noun and (dep == "nmod" and case in OF_CASES or dep == "det"):
        return "of"
    if dep in OBJECTS and not case:
        return "obj"
    if actor.kind == "capital" and case in DATIVE_CASES and trigger.type in DATIVE_TYPES and \
            head.i == trigger_token.i and trigger.pos == "VERB":
        return "to"      # « Tachkent a demandé à Astana son extradition »: the one asked
    if case in PLACE_CASES and actor.kind in ("place", "capital"):
        return "place"   # « à Astana »: where; a visit's host comes from it
    if case in PLACE_CASES and actor.kind == "state" and dep not in ("obl:arg", "iobj") and not (
            case in DATIVE_CASES and trigger.type in DATIVE_TYPES and head.i == trigger_token.i):
        return "place"   # « l’entrée en Russie »; but « accordé au Kirghizstan » is a party
    if case in TO_CASES or dep in OBJECTS or dep.startswith("obl") and case in OF_CASES:
        return "to"      # « demandé à Kiev », « exigé de Douchanbé »
    if dep == "appos" and trigger.pos == "NOUN" and head.i == trigger_token.i and not case:
        return "of"  # « une visite du ministre turc, Alparslan Bayraktar, »: a name set after
        # the noun is its complement's (no name stands for an act)
    if dep in ("appos", "flat:name", "nmod") and not case or \
            dep == "xcomp" and anchor.i == child.i and anchor.pos_ == "PROPN" and \
            head.i == trigger_token.i and trigger.pos == "VERB":
        # (« a accusé Kiev de viser … », « a appelé Douchanbé et Kaboul à la retenue » with
        # the name read as a complement)
        return "obj"
    return None


# adverbs the parser makes of compound prepositions (« auprès de l’ambassadeur de l’UE »)
_PREPOSITION_ADVERBS = frozenset({"aupres", "vis-a-vis"})


def _through_nouns(anchor: Token, child: Token) -> bool:
    """Whether the words between an actor and the trigger's dependent are a noun phrase, or
    the infinitive the trigger governs (« s’est engagé à soutenir la candidature de X »)."""
    current = anchor
    for _ in range(12):
        if current.i == child.i:
            return current.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "ADJ", "X") or \
                current.dep_ == "xcomp" or fold(current.text) in _PREPOSITION_ADVERBS
        if current.pos_ in ("VERB", "AUX") and current.i != anchor.i and not (
                current.dep_ == "acl" and "Part" in current.morph.get("VerbForm")):
            # (the actor's own word is a name whatever its tag: « M. Séjourné » as a verb)
            return False  # a clause of its own; a participle (« situé au … ») is not
        current = current.head
    return False


def _inside(anchor: Token, antecedent: Token, chain: list[Token]) -> bool:
    """Whether ``anchor`` is the antecedent of the relative clause or in its own words."""
    clause = {t.i for t in chain[-1].subtree}
    return anchor.i == antecedent.i or (anchor.i in {t.i for t in antecedent.subtree}
                                        and anchor.i not in clause)


def _sides(trigger: Trigger, token: Token, subj: list[Actor], obj: list[Actor],
           to: list[Actor], of: list[Actor], place: list[Actor]) -> Roles:
    roles = trigger.roles
    parties = lambda xs: [a for a in xs if a.kind in PARTY_KINDS]  # noqa: E731
    targets = lambda xs: [a for a in xs if a.kind in PARTY_KINDS or a.kind == "thing"]  # noqa
    # a visit's host, or the state where a visa centre or an embassy is closed
    visited = [a for a in place if a.country] \
        if trigger.to_place or trigger.mode == "visit" or trigger.type == "SANCTION" else []
    if roles == "vs":  # « a reçu l’ambassadeur de Chine »: the guest's state when no actor
        # (« X a été reçu à Astana », « X est attendu à Bichkek »: the host is the place)
        # (never a town the guest passes through: « lors d’une escale entre Achkhabad et
        # Islamabad »)
        return Roles(parties(obj) or [a for a in parties(to) if a.kind != "capital"],
                     parties(subj) or visited)
    if roles == "rec" or trigger.reciprocal:
        everyone = unique(parties(subj + of + obj + to))
        return Roles(everyone, everyone)
    if roles == "noun":
        source = parties(of or subj)
        return Roles(source, targets(to + obj) or visited)
    if roles == "solo":
        return Roles(parties(subj or of), targets(to + obj))
    if trigger.to_place and trigger.mode == "multilateral":
        # « a participé à la COP29 à Bakou »: the meeting's body and its host, no person
        return Roles(parties(subj), [a for a in targets(obj + to) if a.kind != "person"]
                     + visited)
    own = {a.country for a in parties(subj) if a.country} if visited else set()
    named = [a for a in targets(obj + to) if a.country not in own]  # (a visitor's own state
    # is no host: « …, la première d’un chef d’État iranien au Tadjikistan »)
    if trigger.to_place and visited and named and all(a.kind == "org" for a in named):
        named = visited  # « se rendre à Moscou pour le sommet de la CEI »: the host is Moscow
    return Roles(parties(subj) or local_state(subj), named or visited)
