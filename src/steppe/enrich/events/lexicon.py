"""The event trigger lexicon, loaded once from ``resources/event_triggers.json``.

Each trigger's lemmas are expanded to their written forms (``forms``): a form in a sentence
makes it a candidate before any parse; the parse then confirms the word's part of speech, so
that « reçu » the participle of recevoir counts and « reçue » in « idée reçue » does not.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from steppe.enrich.events.forms import noun_forms, verb_forms
from steppe.kb import fold

ROLE_KINDS = ("sv", "vs", "rec", "noun", "solo")


@dataclass(frozen=True)
class Trigger:
    type: str
    mode: str | None
    pos: str                     # VERB or NOUN: the part of speech the parse must give
    lemmas: frozenset[str]       # folded lemmas that confirm the trigger
    roles: str                   # how actors fill source and recipient (ROLE_KINDS)
    needs: tuple[str, ...] = ()  # one of these (folded) must follow in the clause
    unless: tuple[str, ...] = ()  # none of these may follow in the clause
    needs_for: tuple[tuple[str, tuple[str, ...]], ...] = ()   # per lemma
    unless_for: tuple[tuple[str, tuple[str, ...]], ...] = ()  # per lemma
    reciprocal: bool = False     # a noun whose parties are all on both sides (sommet)
    reflexive: bool = False      # se rendre: only with its reflexive pronoun
    irreflexive: bool = False    # s’appuyer sur, se féliciter de: not with it
    to_place: bool = False       # a visit's host comes from the place it goes to
    object_actor: bool = False   # the object must be an actor (recevoir un ultimatum is not a visit)
    object_actor_for: frozenset[str] = frozenset()
    needs_actor_after: bool = False  # a noun naming its target after it (sanctions contre X)
    people_subject: bool = False     # only with people as its subject (« des habitants ont bloqué »)
    unless_around: tuple[str, ...] = ()  # none of these before or after it in the clause
    status_only: frozenset[str] = frozenset()  # an event only with these statuses (planned trade)
    home_target: bool = False  # with no target named, it falls on the article's state (a law)
    # its needed words may open the sentence (« Les travaux de … ont débuté »)
    needs_subject: bool = False
    # nouns its object may not be (« accueille la 201e base russe » is no visit)
    object_not: frozenset[str] = frozenset()
    # when set, its subject must be a name or one of these nouns (« le président turc est
    # arrivé à Astana » is a visit, « le gaz turkmène arrive en Irak » is not)
    subject_titles: frozenset[str] = frozenset()
    # only with a clause that promises: « a assuré que Kaboul coopérerait », an actor's act in
    # the future or the conditional (« a assuré que la ligne serait prête » is a forecast)
    promise_clause: bool = False

    def needs_of(self, lemma: str) -> re.Pattern[str] | None:
        """Words one of which must follow the trigger (whole words, folded)."""
        return _words(dict(self.needs_for).get(lemma, self.needs))

    def needs_after(self, lemma: str) -> bool:
        """Whether the needed words must come after the trigger: short words (« à » in
        « appeler à ») would otherwise be found in what precedes it (« Macron a appelé »)."""
        return all(len(w.strip()) <= 3 for w in dict(self.needs_for).get(lemma, self.needs))

    def excluded_around(self) -> re.Pattern[str] | None:
        """Words that rule the trigger out wherever they are in its clause."""
        return _words(self.unless_around)

    def unless_of(self, lemma: str) -> re.Pattern[str] | None:
        return _words(self.unless + dict(self.unless_for).get(lemma, ()))


@lru_cache(maxsize=1024)
def _words(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for a word list, each matched from a word start (« ans » is not in
    « talibans »); None for an empty list."""
    if not words:
        return None
    # a short word is a whole word (« à », « a », « ans »: not the start of « Afghanistan »);
    # longer ones are word starts (« pret » finds « prets »)
    alternation = "|".join(re.escape(w.strip()) + (r"(?!\w)" if len(w.strip()) <= 3 else "")
                           for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})")


@dataclass(frozen=True)
class EventLexicon:
    triggers: tuple[Trigger, ...]
    forms: frozenset[str]          # every folded form of a trigger's (first) word
    # (POS, folded form) → (trigger, its whole folded lemma: « droits de douane » must be
    # read from that word on)
    by_form: dict[tuple[str, str], tuple[tuple[Trigger, str], ...]]
    lemmas: dict[str, str]         # folded form → folded lemma, for triggers and status cues
    negation: frozenset[str]        # words that negate the trigger's clause (pas, jamais)
    hypothetical: frozenset[str]    # folded lemmas of the clause that make it hypothetical
    announced: frozenset[str]       # folded lemmas that make it planned
    announced_words: re.Pattern[str]  # words of the sentence after the trigger that do
    non_actor_nouns: frozenset[str]  # « territoire afghan »: a thing of a state, not the state
    actor_words: re.Pattern[str] | None  # words standing for a state as an actor (talibans)
    actor_countries: dict[str, str]      # folded word → ISO code
    anaphors: re.Pattern[str] | None     # « il », « le ministère », « les deux pays » …
    anaphor_both: frozenset[str]         # … of which these stand for both parties before
    anaphor_home: frozenset[str]         # … and these (« le gouvernement ») for the article's state
    agent_verbs: frozenset[str]          # forms of verbs whose subject does what their object names
    agent_heads: frozenset[str]          # « la visite du président X »: X is the visitor
    # nouns that hold a trigger noun (« un paquet de sanctions », « une série d’accords »): the
    # verb governing them governs the trigger
    measure_nouns: frozenset[str] = frozenset()
    # « a dénoncé des sanctions « illégitimes » »: a hostile measure told before, its author
    denounced_measures: frozenset[str] = frozenset()
    anaphor_last: frozenset[str] = frozenset()  # … and these (« ce dernier ») for the last named
    deal_nouns: frozenset[str] = frozenset()  # « accord de prêt »: the loan is the signing's
    one_state_bodies: frozenset[str] = frozenset()  # bodies of one state whatever the story
    # what a refusal answers when it names it (« a rejeté les accusations du CPJ »)
    charge_nouns: frozenset[str] = frozenset()
    # international bodies whose officers act for them, not for their country (a KB role)
    international_bodies: tuple[str, ...] = ()
    group_targets: frozenset[str] = frozenset()  # « a gracié six des militants »: a target
    group_words: re.Pattern[str] | None = None  # both lists as one pattern (a pronoun's referent)
    refrain: frozenset[str] = frozenset()  # verbs that undo what they govern (renoncer à)
    body_metonyms: dict[str, str] | None = None  # « Bruxelles » → the European Union
    protesters: frozenset[str] = frozenset()  # « des habitants ont manifesté »: the state's people
    protest_addressees: re.Pattern[str] | None = None  # « devant le Parlement »: the state
    # titles of the officials that meet the country's people (« le gouverneur … a rencontré
    # les grévistes »): with no country named, the story's state's
    home_officials: frozenset[str] = frozenset()
    region_words: re.Pattern[str] | None = None  # « les pays de la région »: the region's states
    region_ids: dict[str, str] | None = None     # … which region each of them stands for


def _folded(words) -> tuple[str, ...]:
    return tuple(fold(w) for w in words)


@lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    data = json.loads(files("steppe.enrich.resources").joinpath("event_triggers.json")
                      .read_text(encoding="utf-8"))
    irregular = {fold(k): tuple(dict.fromkeys(fold(f) for f in v))
                 for k, v in data.get("irregular_forms", {}).items()}
    triggers = []
    by_form: dict[tuple[str, str], list[tuple[Trigger, str]]] = {}
    lemmas: dict[str, str] = {}
    for raw in data["triggers"]:
        if raw["roles"] not in ROLE_KINDS:
            raise ValueError(f"event_triggers.json: unknown roles {raw['roles']!r}")
        trigger = Trigger(
            type=raw["type"], mode=raw.get("mode"), pos=raw["pos"],
            lemmas=frozenset(_folded(raw["lemmas"])), roles=raw["roles"],
            needs=_folded(raw.get("needs", ())), unless=_folded(raw.get("unless", ())),
            needs_for=tuple((fold(k), _folded(v)) for k, v in raw.get("needs_for", {}).items()),
            unless_for=tuple((fold(k), _folded(v)) for k, v in raw.get("unless_for", {}).items()),
            reciprocal=bool(raw.get("reciprocal")), reflexive=bool(raw.get("reflexive")),
            irreflexive=bool(raw.get("irreflexive")),
            to_place=bool(raw.get("to_place")), object_actor=bool(raw.get("object_actor")),
            object_actor_for=frozenset(_folded(raw.get("object_actor_for", ()))),
            needs_actor_after=bool(raw.get("needs_actor_after")),
            people_subject=bool(raw.get("people_subject")),
            unless_around=_folded(raw.get("unless_around", ())),
            status_only=frozenset(raw.get("status_only", ())),
            home_target=bool(raw.get("home_target")),
            needs_subject=bool(raw.get("needs_subject")),
            object_not=frozenset(_folded(raw.get("object_not", ()))),
            subject_titles=frozenset(_folded(raw.get("subject_titles", ()))),
            promise_clause=bool(raw.get("promise_clause")))
        triggers.append(trigger)
        for lemma in _folded(raw["lemmas"]):
            first = re.split(r"[ '’]", lemma)[0]
            found = verb_forms(first, irregular) if trigger.pos == "VERB" and " " not in lemma \
                else noun_forms(first) | noun_forms(first.rstrip("sx"))
            for form in found:
                by_form.setdefault((trigger.pos, form), []).append((trigger, lemma))
                lemmas.setdefault(form, lemma)
    cues = data["status_cues"]
    for lemma in _folded(cues["hypothetical_lemmas"] + cues["announced_lemmas"]
                         + cues.get("negating_lemmas", [])):
        for form in verb_forms(lemma, irregular) if lemma.endswith(("er", "ir", "re", "oir")) \
                else noun_forms(lemma):
            lemmas.setdefault(form, lemma)
    for lemma in _folded(data.get("be_verbs", ())):
        for form in verb_forms(lemma, irregular):
            lemmas.setdefault(form, lemma)
    cues = data["status_cues"]
    words = "|".join(re.escape(w) for w in _folded(cues["announced_words"]))
    return EventLexicon(
        triggers=tuple(triggers), forms=frozenset(form for _, form in by_form),
        by_form={k: tuple(v) for k, v in by_form.items()}, lemmas=lemmas,
        negation=frozenset(_folded(cues["negation_words"])),
        refrain=frozenset(_folded(cues.get("negating_lemmas", ()))),
        body_metonyms={fold(k): v for k, v in data.get("body_metonyms", {}).items()},
        protesters=frozenset(_folded(data.get("protesters", ()))),
        protest_addressees=_words(_folded(data.get("protest_addressees", ()))),
        home_officials=frozenset(_folded(data.get("home_officials", ()))),
        region_words=_words(_folded(data.get("region_words", {}))),
        region_ids={fold(k): v for k, v in data.get("region_words", {}).items()},
        hypothetical=frozenset(_folded(cues["hypothetical_lemmas"])),
        announced=frozenset(_folded(cues["announced_lemmas"])),
        announced_words=re.compile(rf"\b(?:{words})\b"),
        non_actor_nouns=frozenset(_folded(data.get("non_actor_nouns", ()))),
        actor_words=_words(tuple(fold(w) for w in data.get("actor_words", {}))),
        actor_countries={fold(w): c for w, c in data.get("actor_words", {}).items()},
        anaphors=_words(tuple(fold(w) for group in data.get("anaphors", {}).values()
                              for w in group)),
        anaphor_both=frozenset(fold(w) for w in data.get("anaphors", {}).get("both", ())),
        anaphor_home=frozenset(fold(w) for w in data.get("anaphors", {}).get("home", ())),
        anaphor_last=frozenset(fold(w) for w in data.get("anaphors", {}).get("last", ())),
        agent_verbs=frozenset(form for lemma in _folded(data.get("agent_verbs", ()))
                              for form in verb_forms(lemma, irregular)),
        agent_heads=frozenset(_folded(data.get("agent_heads", ()))),
        measure_nouns=frozenset(_folded(data.get("measure_nouns", ()))),
        denounced_measures=frozenset(_folded(data.get("denounced_measures", ()))),
        deal_nouns=frozenset(_folded(data.get("deal_nouns", ()))),
        one_state_bodies=frozenset(_folded(data.get("one_state_bodies", ()))),
        international_bodies=_folded(data.get("international_bodies", ())),
        charge_nouns=frozenset(_folded(data.get("charge_nouns", ()))),
        group_targets=frozenset(_folded(data.get("group_targets", ()))),
        group_words=_words(tuple(_folded(data.get("group_targets", ())))
                           + tuple(_folded(data.get("protesters", ())))))
