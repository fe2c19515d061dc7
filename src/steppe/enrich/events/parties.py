"""Parties a sentence leaves implicit or the parser misplaces, read from the words around a
trigger: who a protest is aimed at, the story's country as an unnamed target
(who a coercion falls on is in ``coerced``, who a request asks in ``asked``).

Why apart from ``extract``: each is one small rule over the actors and the trigger's tokens,
measured on its own (NOTES.md, Events).
"""

from __future__ import annotations

import re
from functools import lru_cache

from steppe.enrich.events.actors import Actor
from steppe.enrich.events.lexicon import EventLexicon, Trigger
from steppe.enrich.events.roles import PARTY_KINDS
from steppe.enrich.events.syntax import COUNTERPARTS, POSSESSIVES, head_phrase
from steppe.kb import fold


def purpose(token) -> bool:
    """« a accordé un prêt pour financer sa part »: an infinitive of purpose is no act of its
    own; nor is a right or a freedom (« le droit de manifestation »)."""
    if token.pos_ == "NOUN" and fold(token.head.text) in ("droit", "droits", "liberte",
                                                          "libertes"):
        return True
    if token.pos_ == "VERB" and token.dep_ == "acl" and "Inf" in token.morph.get("VerbForm") \
            and fold(token.head.text) in _MEANS:
        return True  # « le seul moyen d’aller à la Station »: a way to act, not an act
    return token.pos_ == "VERB" and token.dep_ == "advcl" and "Inf" in token.morph.get(
        "VerbForm") and any(fold(c.text) in ("pour", "afin") for c in token.children)


_MEANS = frozenset({"moyen", "moyens", "possibilite", "capacite", "facon", "maniere"})


def named_before(noun: str, actors: list[Actor], before: int, folded: str = "") -> list[Actor]:
    """« Le ministère a refusé … »: the last body named with that noun before the sentence
    (« le ministère kirghiz de la Culture »), rather than whoever acted last (the OSCE that
    criticised it)."""
    for actor in reversed(actors):
        if actor.end <= before and actor.kind in ("state_org", "org") and \
                fold(actor.name).split(" ", 1)[0] == noun:
            return [actor]
    at = folded.rfind(noun, 0, before) if folded and len(noun) > 3 else -1
    if at != -1:  # « l’ambassade britannique a annoncé … L’ambassade a exclu tout report »
        after = at + len(noun)
        near = [a for a in actors if after <= a.start <= after + 12 and a.country
                and a.kind in ("demonym", "state")]
        if near:
            return near[:1]
    if noun in _NGO_NOUNS:  # « L’organisation, qui a recueilli … témoignages, accuse … »
        return next(([a] for a in reversed(actors) if a.end <= before and a.kind == "org"), [])
    return []


_NGO_NOUNS = frozenset({"organisation", "ong", "association", "fondation"})


def subject_before(actors: list[Actor], before: int, folded: str) -> list[Actor]:
    """« Le Comité a dressé un constat sévère. Il a condamné … »: a pronoun opening a sentence
    whose previous sentence told no event stands for the first party that sentence names, not
    a name it quotes nor a noun's complement; a person the KB does not place comes with the
    bodies named in his title (an envoy and the body he speaks for)."""
    opening = max(folded.rfind(". ", 0, before - 2), folded.rfind("\n", 0, before - 2)) + 1
    complements: list[Actor] = []
    for a in actors:
        if not opening <= a.start < before or a.kind not in (
                "person", "org", "state_org", "state", "capital") or \
                folded.count("«", opening, a.start) > folded.count("»", opening, a.start):
            continue  # (not a name quoted: « Le Kazakhstan est un partenaire fiable », ajoute …)
        if _OF_BEFORE.search(folded, max(opening, a.start - 8), a.start):
            complements.append(a)  # a noun's complement: « Le chef du cabinet des ministres »
            continue
        # (« L’envoyé spécial de l’UE, David O’Sullivan, … »: an envoy with the body he speaks for)
        return [c for c in complements if c.kind == "org"] + [a] \
            if a.kind == "person" and not a.country else [a]
    return []


_OF_BEFORE = re.compile(r"\b(?:du|des|de la|de l'|de l’|d'|d’)\s?$")


def pluperfect(token) -> bool:
    """« avait interdit », « avaient déjà retiré »: a past before the story's past; also an
    infinitive governed by such a verb (« avait retenu Rosatom pour construire … »)."""
    if "Inf" in token.morph.get("VerbForm") and token.dep_ in ("xcomp", "advcl", "obl:arg") \
            and token.head.i != token.i:
        token = token.head
    return any(c.dep_.startswith("aux") and fold(c.text) in ("avait", "avaient")
               for c in token.children)


def charge_of(token, previous_event, start: int) -> bool:
    """Whether an accusation is the charge a sanction or a ban just told in the same sentence
    gives (« a imposé des sanctions à trois sociétés, accusées d’avoir fourni … », « a bloqué le
    site X, l’accusant de … »): a participle on the target, made by the side that acted (an
    arrest's charge, « accusé de … », is left to the court)."""
    if "Part" not in token.morph.get("VerbForm") or token.dep_ not in ("acl", "advcl", "ROOT") \
            or previous_event is None or previous_event.start != start or \
            any(c.dep_.startswith("aux") for c in token.children):
        return False  # (« une mesure que Douchanbé a critiquée »: a clause of its own)
    # « a ordonné le blocage du site X, l’accusant de … »: the ban's charge, made by who banned
    # the one it names (a pronoun), unlike the charge an arrested person faces in court; the
    # participle is sometimes read as a second root, the name before it as its subject
    clitic = any(c.i == token.i - 1 and fold(c.text) in _CLITICS for c in token.children)
    return clitic and previous_event.type == "COERCE" or token.dep_ != "ROOT" and \
        previous_event.type == "SANCTION"


_CLITICS = frozenset({"l'", "l’", "les", "la", "le", "lui", "leur"})


def named_again(token) -> bool:
    """« Moscou n’a pas réagi à cet ultimatum », « ces sanctions »: a noun with a demonstrative
    points back to an act the article told before (told there, with its own parties)."""
    return any(c.dep_ == "det" and fold(c.text) in ("ce", "cet", "cette", "ces")
               for c in token.children)


def at_risk(token) -> bool:
    """« un déserteur russe menacé d’extradition », « des villages menacés de disparition »: a
    participle with no tense auxiliary and no « par » agent, before « de » and a noun, says
    what someone risks, not that anyone threatens (« a menacé d’expulsion les migrants » does,
    and « a condamné … et menacé de représailles » shares its auxiliary)."""
    return "Part" in token.morph.get("VerbForm") and token.dep_ != "conj" and not any(
        c.dep_ in ("aux:tense", "obl:agent") or c.dep_.startswith("obl") and any(
            g.dep_ == "case" and fold(g.text) == "par" for g in c.children)
        for c in token.children) and any(
        c.pos_ == "NOUN" and any(g.dep_ == "case" and fold(g.text) in ("de", "d'", "d’")
                                 for g in c.children) for c in token.children)


def habitual(token) -> bool:
    """« L’Union européenne, qui finance plusieurs projets dans le Pamir, se borne à … »: a
    subject relative clause in the simple present tells what its actor does, not what it did
    (« la centrale, que les trois pays construisent ensemble » tells the joint work itself)."""
    # (« qui construit » read as a past participle: with « qui » and no auxiliary, a present)
    tense = token.morph.get("Tense")
    present = not tense or "Pres" in tense or "Part" in token.morph.get("VerbForm")
    return token.dep_ == "acl:relcl" and present and not any(
        c.dep_.startswith("aux") for c in token.children) and any(
        c.dep_ == "nsubj" and fold(c.text) == "qui" for c in token.children)


def ongoing(token) -> bool:
    """« le blogueur Aziz Tokonov, détenu depuis novembre », « les blogueurs encore
    emprisonnés »: a participle describing a noun's standing state, not an act of the news;
    nor is what one « reste » under (« restent visés par des sanctions de l’ONU »)."""
    verb = token.head if token.pos_ == "NOUN" and token.dep_.startswith("obl") else token
    if any(c.dep_.startswith("aux") and fold(c.text).startswith(("rest", "demeur"))
           for c in verb.children):
        return True
    if any(fold(c.text) in ("annees", "decennies") and any(
            fold(g.text) in ("dernieres", "precedentes") for g in c.children)
           for c in verb.children):
        return True  # « a financé ces dernières années la construction de … »: a record
    if token.dep_ not in ("acl", "amod") or "Part" not in token.morph.get("VerbForm"):
        return False
    return any(fold(c.text) in ("encore", "toujours", "deja") for c in token.children
               if c.dep_ == "advmod") or any(
        fold(g.text) == "depuis" for c in token.children if c.dep_.startswith("obl")
        for g in c.children if g.dep_ == "case")


def people_words(token, lexicon: EventLexicon):
    """The head word of the clause's subject when it is a group of the country's people (« des
    habitants », « 800 ouvriers de la société … », « les familles des prévenus »), else None."""
    for head in (token, token.head):
        for child in head.children:
            if child.dep_ not in ("nsubj", "nsubj:pass") and not (
                    child.dep_.startswith("obl") and child.i < head.i
                    and not any(c.dep_ == "case" for c in child.children)):
                continue  # (« Près de 200 habitants … se sont rassemblés »: read as an oblique)
            # « plusieurs centaines de commerçants », « une cinquantaine de membres »
            words = [child] + [g for g in child.children if g.dep_ == "nmod"]
            if any(fold(w.text) in lexicon.protesters for w in words):
                return child
    return None


def aimed_at_state(source: list[Actor], people: bool, sentence: str,
                   lexicon: EventLexicon) -> bool:
    """Whether a protest that names no target is aimed at the state: a body's or a party's
    protest is; the people's (« des habitants », « des pêcheurs kazakhs ») only when the
    sentence names the authorities (« devant le Parlement », « la décision de la mairie »).
    EVENTS_FORMAT.md leaves the recipient empty when the text names none: « ont manifesté dans
    le centre de Bichkek contre le nouveau régime de caisses » and strikes at a company do not
    (dev set: 24 protests coded with the state, 23 with no one)."""
    if not people and not all(a.kind == "demonym" for a in source):
        return True
    return lexicon.protest_addressees is not None and \
        lexicon.protest_addressees.search(sentence) is not None


def body_meets(trigger: Trigger, source: list[Actor], actors: list[Actor]) -> bool:
    """« Le sommet de la CEI se tient … », « les exercices de l’OTSC »: a multilateral body's
    meeting or exercise, with no one else named, has the body (its members) as its parties;
    with a leader named, the leader is the party the parse missed, and no event is better than
    the body alone."""
    if trigger.mode not in ("multilateral", "military") or len(source) != 1 or \
            source[0].kind != "org":
        return False
    return all(a.kind not in PARTY_KINDS or a.kind == "org" for a in actors)


def implicit_target(source: list[Actor], actors: list[Actor], home: Actor) -> list[Actor]:
    """The target a sentence leaves unnamed (« Amnesty a dénoncé … », « financé par l’UE »):
    the one other state the sentence itself names (« contre les ports ukrainiens », « du côté
    tadjik »), else the story's country, never the source's own."""
    own = {a.country for a in source}
    named = list(dict.fromkeys(a.country for a in actors if a.country and a.country not in own
                               and a.kind != "place"))  # (« lors du sommet de Kazan »: where)
    if len(named) == 1:
        first = next(a for a in actors if a.country == named[0])
        return [Actor(first.start, first.end, first.name, first.country, None, "state")]
    return [home] if home.country not in own else []




def counterpart(token, source: list[Actor], history) -> list[Actor]:
    """« a demandé à son homologue de … », « a remercié son homologue », « a invité le
    chancelier à … » (a title alone, no name nor nationality): the counterpart is the other
    side of the last event the source's state took part in (the call or the meeting the
    article just told); none when no such event came before."""
    if not any(c.dep_ in ("obj", "iobj", "obl:arg", "obl") and (
            fold(c.text) in COUNTERPARTS and any(fold(d.text) in POSSESSIVES for d in c.children)
            or fold(c.text) in _GUEST_TITLES and any(fold(d.text) in ("le", "la", "son", "sa")
                                                     for d in c.children)
            and not any(d.dep_ in ("flat:name", "appos", "nmod", "amod") for d in c.children))
               for c in token.children):
        return []
    return partner(source, history)


# « a invité le chancelier à … », « a remercié son invité »: the one the article just met
_GUEST_TITLES = frozenset({"chancelier", "chanceliere", "president", "presidente", "dirigeant",
                           "invite", "invitee", "hote", "emir", "roi", "monarque"})


def partner(source: list[Actor], history) -> list[Actor]:
    """The other side of the last event the source's state took part in, if any."""
    own = {a.country for a in source if a.country}
    if not own:
        return []
    for event in reversed(history or []):
        sides = event.source + event.recipient
        if own & {a.country for a in sides}:
            others = [a for a in sides if a.country and a.country not in own]
            if others:
                return list({a.country: a for a in others}.values())
    return []


def home_organ_addressed(token, lexicon: EventLexicon) -> bool:
    """« a appelé les autorités à … », « a exhorté le gouvernement à … »: the act is addressed
    to an organ named with no country, the story's own state's."""
    for child in token.children:
        if child.dep_ not in ("obj", "iobj", "obl:arg", "obl"):
            continue
        phrase = head_phrase(child).replace(" a ", " ").removeprefix("a ")
        if phrase in lexicon.anaphor_home and not any(
                c.dep_ in ("amod", "nmod") for c in child.children):
            return True
    return False


_ORIGIN = re.compile(r"\b(?:importe(?:e|s|es)?|en provenance) "
                     r"(?:de la |du |des |de l['’]|d['’]|de )")


def goods_origin(actors: list[Actor], folded: str, at: int, end: int) -> list[Actor]:
    """« des droits antidumping sur le ciment importé du Kazakhstan », « les fruits en
    provenance du Kirghizistan »: the state the goods come from is what a tariff or a ban
    targets when no other target is named."""
    origin = _ORIGIN.search(folded, at, end)
    return [a for a in actors if origin and a.country and a.kind in ("state", "capital")
            and origin.end() <= a.start <= origin.end() + 4][:1]


def told_by_another(token, trigger: Trigger, lexicon: EventLexicon) -> bool:
    """Whether another trigger of the clause tells this act: « une visite attendue à Paris »
    is the noun's event, not the participle's; « s’est engagée à financer … » is the aid,
    announced, not a pledge besides; « se sont engagées à coopérer avec … », « sont convenus
    de rouvrir les postes-frontières » are the pledge, not cooperation or easing under way."""
    nouns = lexicon.by_form.get(("NOUN", fold(token.head.text)), ())
    if trigger.to_place and trigger.pos == "VERB" and token.dep_ in ("acl", "amod") and any(
            t.type == trigger.type for t, _ in nouns):
        return True
    if trigger.type == "AGREE" and any(
            c.dep_ == "xcomp" and any(t.type == "AID" for t, _ in
                                      lexicon.by_form.get(("VERB", fold(c.text)), ()))
            for c in token.children):
        return True
    if trigger.type in ("COERCE", "ASSAULT", "SANCTION", "THREATEN", "AID", "COOPERATE",
                        "SUPPORT") and "Fin" not in token.morph.get("VerbForm") and _under(
                token, ("xcomp", "advcl", "ccomp", "acl"), ("accuser", "reprocher", "soupconner"),
                lexicon, 4, strict=False):
        return True  # « a accusé Ankara de violer le droit en renvoyant des opposants », « accusées
        # d’avoir fourni des drones à l’Iran »: alleged
    # (« s’est engagé à mener des patrouilles conjointes »: the noun's light verb is pledged)
    act = token if trigger.pos == "VERB" else token.head if token.dep_ == "obj" and \
        token.head.pos_ == "VERB" else None
    return trigger.type in ("COOPERATE", "RETREAT") and act is not None and _under(
        act, ("xcomp", "conj"), ("engager", "promettre", "convenir"), lexicon, 3)


def _under(token, deps: tuple[str, ...], lemmas: tuple[str, ...], lexicon: EventLexicon,
           steps: int, strict: bool = True) -> bool:
    """Whether, going up at most ``steps`` words, the token hangs through one of ``deps`` on a
    verb of one of ``lemmas`` (« se sont engagées à coopérer »); ``strict``: every step
    through ``deps``, else only the last (« accusé Ankara de violer … en renvoyant »)."""
    current = token
    for _ in range(steps):
        if current.head.i == current.i or strict and current.dep_ not in deps:
            return False
        dep, current = current.dep_, current.head
        if dep in deps and lexicon.lemmas.get(fold(current.text)) in lemmas:
            return True
    return False


@lru_cache(maxsize=4)
def _people_words(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:%s)\b" % "|".join(sorted(map(re.escape, words))))


def names_people(folded: str, start: int, end: int, lexicon: EventLexicon) -> bool:
    """Whether a sentence names a group of the country's people (« les grévistes »)."""
    return _people_words(lexicon.protesters).search(folded, start, end) is not None


def people_met(token, trigger: Trigger, source: list[Actor], recipient: list[Actor],
               home: Actor | None, lexicon: EventLexicon):
    """« Le gouverneur a rencontré les grévistes », « s’est rendu auprès des commerçants »,
    « … sur place pour rencontrer les représentants des grévistes »: an official of the
    story's state meets a group of its own people (the state on both sides); so does a promise
    to them (« a promis aux grévistes de créer une commission »). The phrase that names the
    people, else None."""
    host, other = (recipient, source) if trigger.roles == "vs" else (source, recipient)
    if trigger.roles == "rec" or trigger.reciprocal:  # (every party is on both sides)
        other = [a for a in other if a not in host]
    if trigger.type not in ("CONSULT", "AGREE") or home is None or other or \
            home.country not in {a.country for a in host} and not (
                not any(a.country for a in host) and official_subject(token, lexicon)):
        return None
    near = [c for c in token.children if c.dep_ in ("obj", "iobj", "obl:arg", "obl:mod", "obl")
            or c.dep_ == "advcl" and "Inf" in c.morph.get("VerbForm")]
    near += [g for c in near if c.dep_ == "advcl" for g in c.children
             if g.dep_ in ("obj", "obl:arg", "obl:mod", "obl")]
    return next((c for c in near if c.dep_ != "advcl" and any(
        fold(w.text) in lexicon.protesters
        for w in [c] + [g for g in c.children if g.dep_ == "nmod"])), None)


def official_subject(token, lexicon: EventLexicon) -> bool:
    """Whether the clause's subject is an official named by a title alone, with no country
    (« Le gouverneur de la région, Nurdaulet Kilybay, a rencontré … », « l’akim … a reçu »):
    one of the story's state, whom the KB may not know."""
    current = token
    for _ in range(3):
        subject = next((c for c in current.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
        if subject is not None:
            title = fold(subject.text)
            if title == "premier" or title.endswith("-premier"):  # « le (vice-)Premier ministre »
                title += " ministre"
            return title in lexicon.home_officials
        if current.dep_ not in ("conj", "xcomp") or current.head.i == current.i:
            return False
        current = current.head
    return False
