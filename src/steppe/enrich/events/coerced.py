"""Who a coercion falls on and who does it when the sentence leaves them implicit or the
parser misplaces them: the people arrested or expelled (« a gracié six des militants »), the
state that holds them, who expels whom, whom a law binds.

Why apart from ``parties``: these read the coercion's own clause (its object, its places,
« vers X »), each one small rule measured on its own (NOTES.md, Events).
"""

from __future__ import annotations

from dataclasses import replace

from steppe.enrich.events.actors import Actor
from steppe.enrich.events.lexicon import EventLexicon
from steppe.enrich.events.syntax import OF_CASES, case_of
from steppe.kb import fold


def group_target(token, lexicon: EventLexicon, offset: int, window: str,
                 folded: str = "", article: str = "") -> list[Actor]:
    """The people a coercion, a release or an attack falls on when no actor is its object:
    its object (or passive subject) headed by a word for a group of people (« a gracié six des
    militants », « les migrants ont été expulsés »), named by that word and its adjectives; or
    a pronoun (« la police les a interpellés », « en a interpellé cinq »), named by the last
    group word before it (``folded``, ``article``: the whole text, folded and as written)."""
    passive = any(c.dep_ == "aux:pass" for c in token.children)
    wanted = ("nsubj:pass",) if passive else ("obj",)
    if token.pos_ == "NOUN":  # « l’arrestation de onze habitants de Khorog »
        wanted = ("nmod",)
    for child in token.children:
        numeral = child.dep_ == "obl:mod" and "Card" in child.morph.get("NumType") and \
            child.i > token.i and not case_of(child)  # (« a acquitté 22 des 27 militants »)
        # (« a interpellé dans la soirée deux organisateurs », the group hung on the time)
        numeral = numeral or child.dep_ == "obl:mod" and not passive and child.i > token.i and \
            any(t.dep_ == "nmod" and not case_of(t) and any(n.dep_ == "nummod" for n in t.children)
                and fold(t.text) in lexicon.group_targets for t in child.children)
        # « a interpellé deux des organisateurs », « en a interpellé cinq » with the number
        # read as a stray word after the verb
        counted = not passive and token.pos_ == "VERB" and child.i > token.i and \
            child.dep_ in ("dep", "punct") and child.pos_ == "NUM"
        if child.dep_ not in wanted and not numeral and not counted or \
                token.pos_ == "NOUN" and case_of(child) not in OF_CASES:
            continue
        among = any(fold(t.text) in ("eux", "elles") for t in child.subtree) and any(
            fold(t.text) == "entre" for t in child.subtree)  # (« une dizaine d’entre eux »)
        if article and token.pos_ == "VERB" and (
                child.pos_ == "PRON" and fold(child.text) in _OBJECT_PRONOUNS or among
                or child.pos_ == "NUM" and any(fold(c.text) == "en" for c in token.children)):
            return _referent(lexicon, offset + child.idx, folded, article)
        head = child
        if fold(head.text) not in lexicon.group_targets | lexicon.protesters:  # « six des …»
            head = next((t for t in child.subtree if t.dep_ == "nmod" and t.head.i == child.i
                         and fold(t.text) in lexicon.group_targets | lexicon.protesters), None)
        if head is None and child.pos_ == "NOUN" and "Plur" in child.morph.get("Number") and \
                fold(child.text).endswith(_PEOPLE_ENDINGS) and any(
                    c.dep_ == "nummod" for c in child.children):
            head = child  # « deux informaticiens », « trois chauffeurs »: people counted
        if head is None:
            return []
        named = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"
                      and c.i > head.i), None)
        if named is not None:  # « un militant d’opposition, Soulaïmon Davlatov »: the person
            last = max([named] + [c for c in named.children if c.dep_ == "flat:name"],
                       key=lambda t: t.i)
            return [_group(named, last, offset, window)]
        words = [head] + [t for t in head.rights if t.dep_ == "amod" and t.i <= head.i + 2]
        return [_group(head, words[-1], offset, window)]  # « travailleurs migrants »
    return []


_OBJECT_PRONOUNS = frozenset({"les"})  # (« l’a libéré »: a person, named before)
# the endings of most nouns for people (« informaticiens », « chercheurs », « juristes »;
# « imams », « ingénieurs » are missed), so that a counted thing (« trois sites ») is no group
_PEOPLE_ENDINGS = ("iens", "iennes", "eurs", "euses", "istes", "ants", "antes")


def _referent(lexicon: EventLexicon, before: int, folded: str, article: str) -> list[Actor]:
    """The last word for a group of people written before ``before`` in the sentence or the
    one before it (« Une centaine de militants ont manifesté. La police les a interpellés »)."""
    opening = max(folded.rfind(". ", 0, max(0, folded.rfind(". ", 0, before))), 0)
    last = None
    for m in lexicon.group_words.finditer(folded, opening, before) if lexicon.group_words \
            else ():
        last = m
    if last is None:
        return []
    return [Actor(last.start(), last.end(), article[last.start():last.end()], None, None,
                  "group")]


def _group(first, last, offset: int, window: str) -> Actor:
    """A group of people named by the words from ``first`` to ``last`` (parsed tokens)."""
    start, end = first.idx, last.idx + len(last.text)
    return Actor(offset + start, offset + end, window[start:end], None, None, "group")


def expeller(token, source: list[Actor], recipient: list[Actor], offset: int,
             actors: list[Actor] = ()) -> tuple[list[Actor], list[Actor]]:
    """Who expels whom. Where the expelled are sent is no party (« a extradé vers la Russie
    Mikhaïl Jiline »: the man is the target, Russia his destination). And a state does not
    deport its own nationals (« Douchanbé proteste après l’expulsion de 300 migrants tadjiks
    de Russie »): when the source's state is also among the targets and another state is named
    with them, that other state expels, the first is expelled."""
    sent_to = [a for a in recipient if _after_case(token, a.start - offset, ("vers",))]
    if len(sent_to) < len(recipient):
        recipient = [a for a in recipient if a not in sent_to]
    own = {a.country for a in source if a.country}
    nations = [a for a in recipient if a.kind not in ("person", "org", "group")]
    other = [a for a in nations if a.country and a.country not in own]
    if own & {a.country for a in nations} and other:
        return other, [a for a in recipient if a not in other]
    targets = {a.country for a in recipient if a.country}
    if own and targets and targets <= own and not any(a.kind in ("person", "org")
                                                      for a in recipient):
        # « plus de 16 000 ressortissants tadjiks ont été expulsés » (from Russia): no state
        # expels its own people to itself (a named person may be one of its own); the other
        # state the sentence names does, else the sentence does not say who (no event)
        named = [a for a in actors if a.country and a.country not in own and a not in sent_to
                 and a.kind in ("state", "state_org", "capital", "demonym", "place")
                 and not _after_case(token, a.start - offset, ("vers",))]
        return named[:1], recipient
    return source, recipient


def _after_case(token, at: int, cases: tuple[str, ...]) -> bool:
    """Whether the word at ``at`` (a character offset in the parse) is a phrase introduced by
    one of ``cases`` (« vers la Russie »)."""
    word = _word_at(token.doc, at)
    return word is not None and any(c.dep_ == "case" and fold(c.text) in cases
                                    for c in word.children)


def holder(token, recipient: list[Actor], actors: list[Actor], home: Actor,
           offset: int) -> Actor:
    """The state that holds, tries or expels people when the sentence names no one doing it:
    their own state (« a été condamné à six ans »), unless they are nationals of a state and
    the act's own clause places it in one other state (« l’interpellation de 150 ressortissants
    tadjiks dans la région de Moscou », « lors de rafles menées par la police russe »; not
    « condamnés pour avoir combattu en Syrie »)."""
    held = next((a.country for a in recipient if a.country), home.country)
    if any(a.kind == "demonym" and a.country == held for a in recipient):
        where = {a.country for a in actors if a.kind in ("place", "capital", "demonym")
                 and a.country and a.country != held and a not in recipient
                 and _in_clause(token, a.start - offset)}
        if len(where) == 1:
            held = where.pop()
    return Actor(home.start, home.end, home.name if held == home.country else held, held, None,
                 "state")


def held_by(token, trigger, recipient: list[Actor], actors: list[Actor], home: Actor,
            offset: int, history) -> tuple[list[Actor], list[Actor]]:
    """(source, recipient) of a coercion or a release whose sentence names no one doing it:
    people released are freed by whoever held them, and are the people held (« Les 90 autres
    ressortissants ont été remis en liberté » after « la police russe a interpellé 150
    ressortissants tadjiks »); anyone else is held by ``holder``'s state."""
    held = {a.country or a.name for a in recipient}
    unnamed = any(a.kind == "group" and not a.country for a in recipient)  # (« les 90 »)
    jailer = next((e for e in reversed(history or []) if e.type == "COERCE" and (
        unnamed or held & {a.country or a.name for a in e.recipient})), None) \
        if trigger.mode == "release" else None
    if jailer is None:
        return [holder(token, recipient, actors, home, offset)], recipient
    kept = {a.country for a in jailer.recipient if a.country}
    if len(kept) == 1:  # (the same people: « Les 90 autres ressortissants » are Tajiks)
        recipient = [replace(a, country=next(iter(kept))) if a.kind == "group" and not a.country
                     else a for a in recipient]
    return list(jailer.source), recipient


def _in_clause(token, at: int) -> bool:
    """Whether the word at ``at`` (a character offset in the parse) hangs on ``token``'s clause
    through nouns and participles only, not through another verb's clause."""
    word = _word_at(token.doc, at)
    top = token if token.dep_ not in ("obj", "nsubj", "nsubj:pass", "nmod", "obl", "obl:arg",
                                       "obl:mod") else token.head
    while word is not None and word.i != top.i and word.i != token.i:
        if word.pos_ in ("VERB", "AUX") and word.dep_ not in ("acl", "amod"):
            return False
        if word.head.i == word.i:
            return False
        word = word.head
    return word is not None


def law_target(token, lexicon: EventLexicon, offset: int, window: str) -> list[Actor]:
    """The people a restrictive law binds (« la loi obligeant les ONG financées de l’étranger
    à … », « qui impose aux ONG … »): the group named as the object of a verb after the law."""
    for verb in token.doc[token.i + 1:]:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        for child in verb.children:
            if child.dep_ in ("obj", "iobj", "obl:arg") and fold(child.text) in lexicon.group_targets:
                last = child
                for t in token.doc[child.i + 1:child.i + 4]:  # « non gouvernementales »
                    if t.pos_ not in ("ADJ", "ADV") or t.dep_ not in ("amod", "advmod"):
                        break
                    last = t
                return [_group(child, last, offset, window)]
    return []


def group_country(group: Actor, actors: list[Actor], source: list[Actor],
                  home: Actor | None) -> Actor:
    """The country of a group an act falls on: its own nationality adjective (« migrants
    ouzbeks »), else, when the story's state acts, that state's own people (« la police a
    interpellé une trentaine de manifestants »); else none."""
    if group.kind != "group" or group.country is not None:
        return group
    own = next((a.country for a in actors if a.kind == "demonym" and a.country
                and group.start <= a.start < group.end), None)
    if own is None and home is not None and home.country in {a.country for a in source}:
        own = home.country
    return replace(group, country=own) if own else group


def _word_at(doc, at: int):
    """The parsed word at character offset ``at`` of the parse, None past its words."""
    return next((t for t in doc if t.idx <= at < t.idx + len(t.text)), None)


def group_recipients(token, trigger, source: list[Actor], actors: list[Actor],
                     home: Actor | None, anaphor: str, lexicon: EventLexicon, offset: int,
                     window: str, folded: str, article: str) -> list[Actor]:
    """The people an act with no actor as its object falls on (``group_target``), placed:
    a crowd the state disperses or a group a leader accuses or threatens is the story's
    people; « Le parquet russe l’accuse » one of the accuser's; an attack's, unknown."""
    people_of = home if trigger.type != "ASSAULT" or trigger.mode == "disperse" else None
    if trigger.type == "ACCUSE" and anaphor == "home":
        people_of = next((a for a in source if a.country), home)
    # « a menacé d’« éliminer » les émeutiers »: the threatened act's object
    threatened = [c for c in token.children if c.dep_ == "xcomp"] \
        if trigger.type == "THREATEN" else []
    for verb in [token] + threatened:
        groups = group_target(verb, lexicon, offset, window, folded, article)
        if groups:
            return [group_country(g, actors, source, people_of) for g in groups]
    return []


def group_over_nested(token, recipient: list[Actor], lexicon: EventLexicon, offset: int,
                      window: str, folded: str, article: str) -> list[Actor]:
    """« Le GKNB a arrêté vingt militants et hommes politiques opposés au projet d’accord
    frontalier avec l’Ouzbékistan »: the arrested are the group its object names, not a state
    named inside the group's own words (a demonym is the group's nationality: « des
    ressortissants tadjiks »); [] when the object is no group or names no state."""
    if not recipient or any(a.kind not in ("state", "capital") for a in recipient):
        return []
    groups = group_target(token, lexicon, offset, window, folded, article)
    return groups if groups and all(g.start < a.start for g in groups for a in recipient) \
        else []
