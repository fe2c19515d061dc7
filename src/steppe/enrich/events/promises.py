"""Promises told as assurances: « X a assuré que son pays n’aiderait en aucun cas Moscou »
is a commitment (AGREE); « a assuré que la ligne serait opérationnelle » is a forecast and
« a assuré que les droits sont respectés » a denial, neither a promise."""

from __future__ import annotations

from steppe.kb import fold

# subjects of the promised act that stand for the one who promises or a party: a state, its
# government, « il » / « nous » for the speaker's side
_PARTY_WORDS = frozenset({"pays", "etat", "gouvernement", "emirat", "regime", "autorites",
                          "il", "ils", "nous"})  # (« elle » is mostly a thing: « la loi »)


# the endings of the future and the conditional (the tagger reads « coopérerait » as an
# imperfect: the form tells)
_FUTURE_ENDINGS = ("rait", "raient", "ra", "ront", "rons", "rai")


def _future(verb) -> bool:
    """Whether a verb (or its auxiliary) is in the future or the conditional."""
    words = [verb] + [c for c in verb.children if c.dep_.startswith("aux")]
    return any("Fut" in w.morph.get("Tense") or "Cnd" in w.morph.get("Mood")
               or "Fin" in w.morph.get("VerbForm") and fold(w.text).endswith(_FUTURE_ENDINGS)
               for w in words)


def promised(token) -> bool:
    """Whether the verb's « que » clause promises an act of a party: a verb in the future or
    the conditional whose subject is a name or a word that stands for a state or the
    speaker (« Kaboul coopérerait », « l’État rembourserait », « il ne permettrait pas »)."""
    for clause in token.children:
        if clause.pos_ not in ("VERB", "AUX") or not _future(clause) or not (
                clause.dep_ == "ccomp" or clause.dep_ == "advcl" and any(
                    c.dep_ == "mark" and fold(c.text) in ("que", "qu'", "qu’")
                    for c in clause.subtree if c.i < clause.i)):
            continue  # (« a assuré à l’UE qu’Achgabat respecterait » read as an adverbial)
        subjects = [c for c in clause.children if c.dep_ == "nsubj"]
        if any(s.pos_ == "PROPN" or fold(s.text) in _PARTY_WORDS for s in subjects):
            return True
    return False


def promised_to(token, recipient: list, named: list) -> list:
    """A promise's recipient: only whom it was told (« a assuré à l’UE que … »), or, with
    « lui a assuré », the party the fallbacks found (the one just met)."""
    if any(fold(c.text) in ("lui", "leur") for c in token.children):
        return recipient
    return [a for a in recipient if a in named]
