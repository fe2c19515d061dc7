"""Which of the lexicon's triggers a word confirms: before the parse, from the text around it
(its phrase, the words it needs, those that rule it out); after, from its part of speech, its
reflexive pronoun, and whether it sits in a quotation."""

from __future__ import annotations

from bisect import bisect_right

from steppe.enrich.events.lexicon import EventLexicon, Trigger
from steppe.enrich.events.promises import promised
from steppe.kb import fold

WINDOW = 140        # characters after a trigger where its needs words are looked for
NEAR_WINDOW = 70    # short needed words (« à », « de ») are looked for this close
UNLESS_WINDOW = 60  # the words that rule a trigger out are in its own phrase
# verbs whose object is often a long list of names and titles before the words that tell
# their sense (« a condamné jeudi la journaliste X, directrice de Y, et son collègue Z à
# respectivement six et cinq ans de prison »): their clause is read further
WIDE_WINDOW = {"condamner": 260}


_REFLEXIVE = frozenset({"se", "s'", "s’", "me", "nous"})


def inside(position: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether ``position`` falls in one of ``ranges`` (sorted, not overlapping)."""
    at = bisect_right(ranges, (position, float("inf"))) - 1
    return at >= 0 and ranges[at][0] <= position < ranges[at][1]


def confirmed_triggers(token, folded: str, offset: int, start: int, end: int, quotes,
              lexicon: EventLexicon):
    """The lexicon's triggers this token confirms: its part of speech and lemma, its phrase,
    its reflexive pronoun, the words its clause needs or must not have."""
    if token.pos_ not in ("VERB", "NOUN", "PROPN", "ADJ"):
        return []
    pos = "VERB" if token.pos_ == "VERB" or _has_auxiliary(token) else "NOUN"
    if pos == "NOUN" and token.pos_ == "ADJ":
        return []
    form = fold(token.text)
    candidates = lexicon.by_form.get((pos, form), ())
    if not candidates:
        return []
    at = offset + token.idx
    if inside(at, quotes):
        return []
    out = []
    for trigger, lemma in candidates:
        reflexive = any(fold(c.text) in _REFLEXIVE for c in token.children)
        if trigger.reflexive and not reflexive or trigger.irreflexive and reflexive:
            continue
        if not text_allows(trigger, lemma, folded, at, start, end):
            continue
        if pos == "VERB" and trigger.needs_after(lemma) and trigger.needs_of(lemma) is not None \
                and not _governs(token, trigger, lemma):
            continue  # « a appelé mardi son homologue …, a indiqué l’Akorda »: a call, no « à »
        if trigger.object_not and any(fold(w.text) in trigger.object_not
                                      for c in token.children if _object(c)
                                      for w in [c] + [g for g in c.children
                                                      if g.dep_ in ("amod", "appos")]):
            # « doit recevoir de la Chine des véhicules blindés »: goods, no guest (the noun
            # read as its determiner's adjective or apposition: « la 201e base »)
            continue
        if trigger.subject_titles and not _titled_subject(token, trigger.subject_titles):
            continue
        if trigger.promise_clause and not promised(token):
            continue
        out.append(trigger)
    return out[:1]  # the first listed reading of a word wins (lexicon order is priority)


def _titled_subject(token, titles: frozenset[str]) -> bool:
    """Whether the verb's subject is a name or one of ``titles`` (« Le président turc est
    arrivé », « M. Erdogan, arrivé vendredi à Astana »), not goods (« le gaz arrive »)."""
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubj:pass")]
    if token.dep_ in ("acl", "acl:relcl", "appos") and all(
            s.pos_ == "PRON" and fold(s.text) == "qui" for s in subjects):
        subjects = [token.head]  # (« Erdogan, qui est arrivé … », « Erdogan, arrivé … »)
    return any(s.pos_ == "PROPN" or fold(s.text) in titles for s in subjects)


def _object(token) -> bool:
    """The verb's object, or its partitive read as a preposition (« des véhicules »)."""
    return token.dep_ == "obj" or token.dep_ == "obl:arg" and any(
        c.dep_ == "case" and c.lower_ in ("des", "du") for c in token.children)


def _has_auxiliary(token) -> bool:
    """A word with a tense or passive auxiliary is a verb whatever its tag: the tagger reads
    « a téléphoné mardi à son homologue » as a noun."""
    return any(c.dep_ in ("aux:tense", "aux:pass") for c in token.children)


def text_allows(trigger: Trigger, lemma: str, folded: str, at: int, start: int,
                 end: int) -> bool:
    """Whether the words around a trigger word at ``at`` allow this reading of it: the rest of
    its phrase, one of the words it needs, none of those that rule it out (no parse needed)."""
    reach = WIDE_WINDOW.get(lemma, WINDOW)
    after = folded[at:min(end, at + reach)]
    if " " in lemma and not any(after.startswith(p) for p in _phrase_forms(lemma)):
        return False  # a multi-word trigger (état d’urgence) read from this word on
    needs, unless = trigger.needs_of(lemma), trigger.unless_of(lemma)
    around = folded[start if trigger.needs_subject else max(start, at - 60):
                    min(end, at + reach)]  # « le traité signé par … »
    if trigger.unless_around and trigger.excluded_around().search(around):
        return False  # « l’accord de prêt a été signé »: a loan, not an endorsement
    if needs is not None:
        short = trigger.needs_after(lemma)  # « à » in « appeler X à », close to the verb: the
        # « a » of « qui n’a ni » two clauses on is no preposition of this one
        if not needs.search(around if trigger.pos == "VERB" and not short
                            else after[:NEAR_WINDOW] if short else after):
            return False
    # a word-specific exclusion reads the whole clause (« a condamné le 19 juin trois
    # journalistes … à sept ans »), a general one only the trigger's own phrase
    unless_window = reach if dict(trigger.unless_for).get(lemma) else UNLESS_WINDOW
    return unless is None or not unless.search(after[:unless_window])


def _phrase_forms(lemma: str) -> tuple[str, ...]:
    """« droits de douane » is also written « droit de douane »."""
    first, rest = lemma.split(" ", 1)
    return (lemma, f"{first.rstrip('sx')} {rest}", f"{first}s {rest}")


def _governs(token, trigger: Trigger, lemma: str) -> bool:
    """Whether the short word a verb needs (« appeler à », « presser de ») is one of its own
    dependents' prepositions, not a word of the next clause (the auxiliary « a » folded)."""
    wanted = {w.strip() for w in dict(trigger.needs_for).get(lemma, trigger.needs)}
    return any(fold(g.text) in wanted for g in token.subtree
               if g.dep_ in ("mark", "case") and g.i > token.i)
