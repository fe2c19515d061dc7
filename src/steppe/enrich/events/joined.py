"""Actors that take a role from the words around them rather than from the parse: those
joined to a placed actor by « et » or a comma, the voice a body speaks through (« par la voix
de »), the party named after « avec » just after a meeting verb.

Why apart from ``roles``: the parser fails most on coordinations and inserted phrases (the
issue says as much); these text rules repair its output, each measured on its own (NOTES.md).
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Token

from steppe.enrich.events.actors import Actor
from steppe.enrich.events.hits import both_sides, sides_of
from steppe.enrich.events.syntax import PARTY_KINDS, head_phrase
from steppe.kb import fold

_COORDINATION = ("et", ", et", "ainsi que", "/", "-", "–", "—")
_DETERMINER_END = re.compile(r"(?<=[,\w])\s*(?:\b(?:le|la|les)|\bl[’'])$")
# « Yoon Suk Yeol et son homologue ouzbek Chavkat Mirziyoïev »: the counterpart is the second
# conjunct (and « ouzbek Chavkat … », a name right after its adjective, one actor)
_COUNTERPART_GAP = re.compile(r"^,?\s*(?:et|ainsi que)\s+(?:son|sa|ses|leur|leurs)\s+homologues?$")
# « À l’ONU, Tachkent et Astana condamnent »: a name after a preposition heads no list
_PREPOSITION_BEFORE = re.compile(r"(?:^|\s)(?:[àÀ]|au|aux|en|dans|sur|pour|avec|contre|chez|vers|"
                                 r"par|selon|lors)(?:\s+(?:la|le|les|l[’']))?\s*(?:l[’'])?$")


_VOICE = re.compile(r"par la voix (?:de|du|des|d[’'])\s*(?:(?:son|sa|ses|leur|le|la|l[’'])\s*)?"
                    r"(?:\w+\s+){0,3}$", re.IGNORECASE)


_WITH = re.compile(r"^[^.;:«»]{0,40}?\bavec\s+(?:(?:le|la|les|l[’']|son|sa|ses|leur|leurs)\s*)?"
                   r"[^.;:,«»]{0,40}$")


def with_after(trigger_token: Token, actors: list[Actor], sides: dict[str, list[Actor]],
                text: str, offset: int) -> None:
    """« s’est entretenu par téléphone avec son homologue kirghiz, qui … »: the party named
    after « avec » just after a meeting verb, wherever the parser hung it."""
    placed = {id(a) for side in sides.values() for a in side}
    end = trigger_token.idx + len(trigger_token.text)
    for actor in actors:
        if id(actor) in placed or actor.kind not in PARTY_KINDS or actor.start - offset < end:
            continue
        if _WITH.match(text[end:actor.start - offset]):
            sides["to"].append(actor)
        break  # only the first actor after the verb


def spokesmen(actors: list[Actor], sides: dict[str, list[Actor]], text: str,
               offset: int) -> None:
    """« Le Kremlin, par la voix de Dmitri Peskov, a démenti … »: the voice speaks for the
    subject; it is neither the target nor a second party."""
    for actor in actors:
        if _VOICE.search(text, max(0, actor.start - offset - 60), actor.start - offset):
            for name in ("obj", "to", "deep", "of"):
                if actor in sides[name]:
                    sides[name].remove(actor)
                    country = next((a.country for a in sides["subj"] if a.country), None)
                    if sides["subj"] and actor not in sides["subj"]:  # (« son ministère »: its)
                        sides["subj"].append(actor if actor.country or country is None else
                                             replace(actor, country=country))


def coordinated(actors: list[Actor], sides: dict[str, list[Actor]], text: str,
                 offset: int) -> None:
    """An actor joined to a placed one by « et » or a comma shares its role: the parser often
    hangs the first conjunct elsewhere (« à l’ONU, Tachkent et Astana condamnent »)."""
    ordered = sorted(actors, key=lambda a: a.start)
    # (« le Kirghizstan, le Kazakhstan et l’Ouzbékistan »: the articles are not the joint)
    gaps = [_DETERMINER_END.sub("", text[l.end - offset:r.start - offset].strip().lower())
            for l, r in zip(ordered, ordered[1:])]
    # a comma joins two actors only inside a list that « et » closes (« X, Y et Z »)
    joined = [g in _COORDINATION or _COUNTERPART_GAP.match(g) is not None or
              not g and "demonym" in (ordered[i].kind, ordered[i + 1].kind) or
              g == "," and any(h in _COORDINATION for h in gaps[i + 1:i + 4])
              and not _PREPOSITION_BEFORE.search(text, 0, max(0, ordered[i].start - offset))
              for i, g in enumerate(gaps)]
    for name in ("subj", "obj", "to"):
        placed = {id(a) for a in sides[name]}
        changed = True
        while changed:
            changed = False
            for (left, right), join in zip(zip(ordered, ordered[1:]), joined):
                if not join or left.kind not in PARTY_KINDS or right.kind not in PARTY_KINDS:
                    continue
                for a, b in ((left, right), (right, left)):
                    if id(a) in placed and id(b) not in placed and \
                            not any(id(b) in {id(x) for x in sides[o]} for o in sides if o != name):
                        sides[name].append(b)
                        placed.add(id(b))
                        changed = True


_INCISE = re.compile(r"[»”]\s*,\s*$")


def after_incise(trigger: Token, sides: dict[str, list[Actor]], window: str) -> None:
    """« « Ces mesures frappent les femmes », dénonce Syinat Sultanalieva, chercheuse à Human
    Rights Watch »: after an incise verb come its speaker and the speaker's body, which the
    parser reads as objects; none is a target."""
    if _INCISE.search(window, 0, trigger.idx):
        sides["subj"], sides["obj"], sides["to"] = \
            sides["subj"] + sides["obj"] + sides["to"], [], []


def unique(actors: list[Actor]) -> list[Actor]:
    """Each actor once (by KB entity, else by name), in order."""
    seen, out = set(), []
    for actor in actors:
        key = actor.entity_id or actor.name
        if key not in seen:
            seen.add(key)
            out.append(actor)
    return out


def clash_victims(trigger: Token, actors: list[Actor], offset: int) -> list[Actor]:
    """« Un garde-frontière kirghiz a été tué lors d’un échange de tirs avec des militaires
    tadjiks »: the other side of a clash is the subject of the clause it is an oblique of,
    which the noun's own phrase does not reach."""
    phrase = trigger
    while phrase.dep_ == "nmod" and phrase.head.i != phrase.i:  # (« un échange de tirs »)
        phrase = phrase.head
    verb = phrase.head.head if phrase.head.pos_ == "ADV" else phrase.head  # (« lors d’un »)
    if not phrase.dep_.startswith("obl") or verb.pos_ != "VERB":
        return []
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass") or c.i > trigger.i
                and c.dep_.startswith("obl") and any(fold(m.text) == "avec" for m in c.children)]
    return [a for s in subjects for a in actors if a.kind in PARTY_KINDS
            and s.left_edge.idx <= a.start - offset < s.right_edge.idx + len(s.right_edge.text)]


_SUBJECT_PRONOUNS = frozenset({"il", "elle", "ils", "elles"})


def reporting_subject(trigger: Token, actors: list[Actor], offset: int) -> list[Actor]:
    """« La Banque mondiale a confirmé qu’elle accorderait … »: a pronoun subject of a clause
    that completes a verb of saying points to that verb's own subject."""
    if trigger.dep_ != "ccomp" or not any(c.dep_ == "nsubj" and fold(c.text) in _SUBJECT_PRONOUNS
                                          for c in trigger.children):
        return []
    subjects = [c for c in trigger.head.children if c.dep_ == "nsubj"]
    return [a for s in subjects for a in actors if a.kind in PARTY_KINDS
            and s.left_edge.idx <= a.start - offset < s.right_edge.idx + len(s.right_edge.text)]


_UNDOING = frozenset({"levee", "annulation", "abrogation", "suspension", "retrait", "report"})


def undoing(trigger: Token) -> bool:
    """Whether a request asks to undo something (« a demandé la levée de la mesure », « a
    exigé son annulation »): the one asked is who took the measure just told."""
    return any(c.dep_ == "obj" and fold(c.text) in _UNDOING for c in trigger.children)


_OBJECT_RELATIVE = re.compile(r",\s*qu['’](?:il|ils|elle|elles|on)\s+$", re.IGNORECASE)


def relative_antecedent(trigger: Token, actors: list[Actor], window: str,
                        offset: int) -> list[Actor]:
    """« … la société chinoise Zhong Ji Mining, qu’ils accusent de polluer la rivière »: the
    party named just before « , qu’ils » is whom the relative's verb is about (the parser often
    breaks the sentence at the name); none when the verb has no such relative."""
    return _antecedent(_OBJECT_RELATIVE, trigger, actors, window, offset)


_DATIVE_RELATIVE = re.compile(r",\s*(?:auquel|[àa] laquelle|auxquel(?:le)?s|[àa] qui)\s+"
                              r"(?:il|elle|ils|elles)\s+(?:lui\s+|leur\s+)?"
                              r"(?:a|ont|avait|avaient)\s+$", re.IGNORECASE)


def dative_antecedent(trigger: Token, actors: list[Actor], window: str,
                      offset: int) -> list[Actor]:
    """« … s’est entretenu avec Vladimir Poutine, auquel il a demandé de … »: the party named
    just before « , auquel il a » is whom the relative's verb is addressed to (the parser
    leaves « auquel » with no antecedent); none when the verb has no such relative."""
    return _antecedent(_DATIVE_RELATIVE, trigger, actors, window, offset)


def _antecedent(relative: re.Pattern[str], trigger: Token, actors: list[Actor], window: str,
                offset: int) -> list[Actor]:
    """The party named right before the comma that opens the ``relative`` pronoun before the
    trigger (« X, qu’ils accusent », « X, auquel il a demandé »); [] without one."""
    if not relative.search(window, 0, trigger.idx):
        return []
    comma = window.rfind(",", 0, trigger.idx) + offset
    before = [a for a in actors if a.end <= comma and a.kind in PARTY_KINDS]
    return before[-1:] if before and comma - before[-1].end <= 2 else []


_COUNTED = re.compile(r"les (deux|trois|quatre|cinq) (?:pays|parties|capitales|voisins|"
                      r"gouvernements|camps|belligerants|presidents|dirigeants|chefs d'etat|"
                      r"chefs d’etat|republiques)$")
_HOW_MANY = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5}


def counted_addressees(token: Token, source: list[Actor], earlier: list[Actor],
                       start: int) -> list[Actor]:
    """« Moscou a appelé les deux capitales à la retenue », « a félicité les trois présidents »:
    an object that counts the parties told before stands for them, the states last named
    before the sentence (other than the speaker's), as many as it counts; [] when the article
    named fewer."""
    phrase = next((head_phrase(c) for c in token.children if c.dep_ in ("obj", "iobj")), "")
    counted = _COUNTED.search(phrase)
    if counted is None:
        return []
    wanted = _HOW_MANY[counted.group(1)]
    own = {a.country for a in source}
    found: list[Actor] = []
    for actor in reversed([a for a in earlier if a.end <= start]):
        if actor.country and actor.country not in own and actor.kind in PARTY_KINDS and \
                actor.country not in {a.country for a in found}:
            found.append(actor)
            if len(found) == wanted:
                return found[::-1]
    return []


def refers_dispute(token) -> bool:
    """« a menacé de saisir la Commission économique eurasiatique », « … la Cour d'arbitrage
    de Stockholm »: the body a dispute would be taken to is no target; the threat is aimed at
    the other party of the dispute (``parties.partner``)."""
    return any(c.dep_ in ("xcomp", "advcl", "obl:arg", "ccomp") and fold(c.text) == "saisir"
               for c in token.children)


_BETWEEN = re.compile(r"\bentre (?:(les deux (?:pays|parties|camps|voisins|armees|capitales|"
                      r"republiques|etats))|\S)")


def between_parties(at: int, end: int, actors: list[Actor], folded: str,
                    previous) -> list[Actor]:
    """« Un cessez-le-feu est entré en vigueur … à la frontière entre le Kirghizistan et le
    Tadjikistan », « … conclu entre les deux pays »: the parties of a reciprocal noun its
    sentence names after « entre » (the parse hangs them on « frontière »), or, for « les
    deux pays », the two sides of the act told before."""
    m = _BETWEEN.search(folded, at, end)
    if m is None:
        return []
    if m.group(1):
        return both_sides(previous) if previous is not None and \
            len({a.country for a in both_sides(previous) if a.country}) >= 2 else []
    stop = min([i for i in (folded.find(c, m.end()) for c in ",;(.") if i >= 0] or [len(folded)])
    named = [a for a in actors if a.kind in PARTY_KINDS and m.start() < a.start < stop]
    return named if len({a.country or a.entity_id for a in named}) >= 2 else []


def joint_sides(token: Token, trigger, source: list[Actor], recipient: list[Actor],
                actors: list[Actor], offset: int, end: int, folded: str,
                previous) -> tuple[list[Actor], list[Actor]]:
    """Both sides of a reciprocal act the parse left with fewer than two parties: joint
    exercises (each state or body the sentence names), a clash (the other side of « un
    échange de tirs avec … »), a ceasefire or a talk « entre » two named parties."""
    if trigger.mode == "military" and trigger.pos == "NOUN" and \
            len(sides_of(source, regions=True)) < 2:
        # « ont entamé des exercices conjoints » with the parse missing who
        source = recipient = [a for a in actors if a.kind in (
            "state", "demonym", "org", "state_org", "capital")] or source
    if trigger.type == "ASSAULT" and trigger.reciprocal and len(sides_of(source)) < 2:
        source = recipient = source + clash_victims(token, actors, offset)
    talk = trigger.type == "CONSULT" and trigger.pos == "NOUN" and trigger.reciprocal
    if (trigger.mode == "ceasefire" or talk) and len(sides_of(source)) < 2:
        # « un cessez-le-feu … entre le Kirghizistan et le Tadjikistan », « un entretien
        # téléphonique entre les présidents X et Y » (a talk: « entre » right after it)
        at = offset + token.idx
        source = recipient = between_parties(at, at + 40 if talk else end, actors, folded,
                                             previous) or source
    return source, recipient
