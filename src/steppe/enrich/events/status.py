"""Whether an event took place, is planned, or is only considered; and whether it is denied.

Read from the parse of the trigger's clause: its tense and mood (spaCy's morphology), the verbs
it hangs on (« pourrait se rendre », « doit signer », « a annoncé la fermeture »), and negation
words attached to it. The cue words are data (``event_triggers.json``, status_cues).
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from steppe.enrich.events.lexicon import EventLexicon
from steppe.enrich.events.syntax import BE_VERBS
from steppe.kb import fold


def _clause(trigger: Token) -> list[Token]:
    """The trigger, its auxiliaries, and the verbs or nouns it depends on (up to 3 levels)."""
    out = [trigger]
    current = trigger
    for _ in range(3):
        if current.head.i == current.i or current.dep_ not in (
                "xcomp", "ccomp", "obj", "nsubj", "nsubj:pass", "conj", "acl", "obl:arg", "nmod"):
            break
        current = current.head
        out.append(current)
    return out + [c for t in out for c in t.children if c.dep_.startswith("aux")]


def _lemmas(token: Token, lexicon: EventLexicon) -> set[str]:
    """Every lemma the lexicon gives a word's form (« appelé » is both « appeler à » and
    « appel téléphonique »); the window parse runs no lemmatizer."""
    form = fold(token.text)
    return {lexicon.lemmas.get(form)} | {
        lemma for pos in ("VERB", "NOUN") for _, lemma in lexicon.by_form.get((pos, form), ())}


def negated(trigger: Token, lexicon: EventLexicon) -> bool:
    """« n'a pas rencontré », « sans signer », « aucune sanction », « s’abstenir de frapper »,
    « a renoncé à sa visite », « annule sa tournée »; and an act only threatened or asked for
    (« menace de suspendre les importations », « exige de libérer »), which is the threat's or
    the request's content, not an event of its own."""
    if trigger.dep_ in ("xcomp", "obj", "obl:arg", "obl", "ccomp") and trigger.head.i != trigger.i \
            and _lemmas(trigger.head, lexicon) & lexicon.refrain:
        return True
    head = trigger.head
    if trigger.dep_ in ("obj", "xcomp") and head.dep_ == "xcomp" and \
            "Inf" in head.morph.get("VerbForm") and head.head.i != head.i and \
            _lemmas(head.head, lexicon) & lexicon.refrain:
        return True  # « a menacé d’étendre l’interdiction »: only threatened
    if trigger.dep_ == "acl" and any(c.dep_ == "mark" and fold(c.text) in ("a", "de", "d'", "d’")
                                     for c in trigger.children) and \
            trigger.head.head.i != trigger.head.i and \
            _lemmas(trigger.head.head, lexicon) & lexicon.refrain:
        return True  # « appelé les autorités à le remettre en liberté » hung on « autorités »
    words = {fold(c.text) for c in trigger.children if c.dep_ in ("advmod", "det", "case", "mark",
                                                                    "cc")}
    if trigger.dep_ == "xcomp" and lexicon.lemmas.get(fold(trigger.head.text)) in MODALS:
        # « sans pouvoir contester », « ne peut pas signer »: the modal carries the negation
        words |= {fold(c.text) for c in trigger.head.children if c.dep_ in ("advmod", "mark",
                                                                           "case")}
    if trigger.pos_ in ("VERB", "AUX") or trigger.dep_ == "ROOT":
        return bool(words & lexicon.negation)
    return bool(words & {"aucun", "aucune", "sans"})


def status_of(trigger: Token, lexicon: EventLexicon, sentence_after: str) -> str:
    """occurred, announced (future, planned, pledged) or hypothetical (may, considers)."""
    clause = _clause(trigger)
    for token in clause:
        lemma = lexicon.lemmas.get(fold(token.text), "")
        if lemma in lexicon.hypothetical and (lemma != "pouvoir" or "Cnd" in token.morph.get("Mood")):
            return "hypothetical"
        if "Cnd" in token.morph.get("Mood") and token.pos_ in ("VERB", "AUX") \
                and lemma not in ("devoir",):
            return "hypothetical"
    for token in clause:
        if "Fut" in token.morph.get("Tense") or lexicon.lemmas.get(fold(token.text)) in lexicon.announced:
            return "announced"
    own = lexicon.lemmas.get(fold(trigger.text), "")
    if trigger.head.i != trigger.i and trigger.dep_ in ("xcomp", "obj") and own not in PROMISES \
            and lexicon.lemmas.get(fold(trigger.head.text)) in PROMISES:
        return "announced"  # « s’est engagée à financer », « a promis une aide »: a pledge
    if _past(trigger, lexicon):
        return "occurred"  # « sont convenus de porter … d’ici 2027 »: the agreement is made
    if lexicon.announced_words.search(fold(sentence_after[:80])):
        return "announced"
    return "occurred"


PROMISES = frozenset({"engager", "promettre"})
MODALS = frozenset({"pouvoir", "vouloir", "devoir", "savoir"})


def _past(trigger: Token, lexicon: EventLexicon) -> bool:
    """A compound past (« a appelé », « se sont engagés », « sont convenus »): what follows it
    (« dès le 24 mars », « d’ici 2027 ») dates the act's content, not the act."""
    be_verb = lexicon.lemmas.get(fold(trigger.text)) in BE_VERBS
    return trigger.pos_ == "VERB" and any(
        (c.dep_ == "aux:tense" or be_verb and c.dep_ == "aux:pass")
        and "Pres" in c.morph.get("Tense") for c in trigger.children)


def side_clauses(trigger: Token, offset: int) -> list[tuple[int, int]]:
    """Character ranges (in the article) of the clauses set beside the trigger's own: a
    participle or relative clause on a noun, an adverbial clause (« les points de passage,
    fermés depuis les affrontements de septembre 2022 »). Their dates are not the act's."""
    root = trigger
    while root.head.i != root.i and root.dep_ in ("xcomp", "conj", "ccomp"):
        root = root.head
    out = []
    for token in root.doc:  # a parsed window is one sentence
        bare_participle = token.dep_ == "conj" and "Part" in token.morph.get("VerbForm") \
            and not any(c.dep_.startswith("aux") for c in token.children)
        if (token.dep_ in ("acl", "acl:relcl", "advcl") or bare_participle) and not (
                token.left_edge.i <= trigger.i <= token.right_edge.i):
            left, right = token.left_edge, token.right_edge
            out.append((offset + left.idx, offset + right.idx + len(right.text)))
    return sorted(out)


_SINCE = re.compile(r"\bdepuis (?:le |l'|l’)?$")


def since_elsewhere(trigger: Token, at: int, offset: int, folded: str) -> bool:
    """Whether the date at ``at`` (in the article) follows a « depuis » that another word
    governs (« une visite d’État, sa première au Kazakhstan depuis 2022 », « les restrictions,
    en vigueur depuis 2023 »): the start of another state of things, not the act's date. A
    « depuis » on the trigger itself (« est interdit depuis 2015 ») dates a standing state,
    which stays the event's date (and makes it history)."""
    token = next((t for t in trigger.doc if offset + t.idx >= at), None)
    if token is None:  # past the parsed window (« …, une première depuis l’arrêt des échanges
        # en 2017 »): a « depuis » in the date's own comma-delimited phrase
        return " depuis " in folded[max(folded.rfind(",", 0, at), offset + trigger.idx):at]
    if _SINCE.search(folded, max(0, at - 12), at):
        return token.head.i != trigger.i
    # « une première depuis la création du format C5+1 en 2015 »: inside a « depuis » phrase
    date = token
    for _ in range(6):
        if token.i == trigger.i:
            return False
        if any(c.dep_ == "case" and c.lower_ == "depuis" for c in token.children):
            # (« Depuis l’arrivée au pouvoir de X en 2016, Tachkent a libéré … »: a record)
            return not (token.head.i == trigger.i and (token.i == date.i
                                                       or token.dep_.startswith("obl")))
        if token.head.i == token.i or token.head.i == trigger.i:
            return False
        token = token.head
    return False


def names_a_thing(trigger: Token, at: int, offset: int) -> bool:
    """Whether the date at ``at`` (in the article) is a « de » complement of a noun other than
    the trigger (« l’abrogation de l’amendement Jackson-Vanik, une loi de 1974 », « l’accord
    de 2018 »): it dates that thing, not the act."""
    token = next((t for t in trigger.doc if offset + t.idx >= at), None)
    if token is None or token.dep_ != "nmod" or token.head.i == trigger.i or \
            token.head.pos_ != "NOUN":
        return False
    return any(c.dep_ == "case" and fold(c.text) in ("de", "d'", "d’", "du", "des")
               for c in token.children)


def invited(token: Token) -> bool:
    """Whether the act is what an invitation proposes (« a invité Joe Biden à se rendre au
    Kazakhstan », « a accepté l’invitation à effectuer une visite d’État »): a visit only
    planned once the invitation is accepted, and not an event before."""
    current = token
    for _ in range(3):
        head = current.head
        if head.i == current.i or current.dep_ not in (
                "xcomp", "acl", "obj", "advcl", "obl:arg", "nmod", "ccomp"):
            return False
        if fold(head.text).startswith("invit"):
            return True
        current = head
    return False


_LONG_AGO = re.compile(r"\b(?:deja|par le passe|alors|l'an dernier|l’an dernier|l'annee derniere|"
                       r"l’annee derniere|auparavant|a l'epoque|a l’epoque|precedemment|jadis|"
                       r"autrefois|naguere|en son temps)\b")


def long_ago(dates, start: int, end: int, folded: str, published: str | None) -> bool:
    """Whether a sentence in the pluperfect tells a past before the news: a word that says so
    (« avait déjà », « l’an dernier », « avait alors ») or a date in an earlier year."""
    if _LONG_AGO.search(folded, start, end):
        return True
    return bool(published) and any(start <= d.start and d.end <= end and
                                   d.value[:4] < published[:4] for d in dates)
