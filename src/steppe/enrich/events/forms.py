"""The written forms of the trigger and cue words, so no lemmatizer has to run.

Why: spaCy's French lemmatizer (with its attribute ruler) cost as much as the parse itself on
the candidate sentences; the lexicon's few hundred verbs and nouns are conjugated here once
instead: regular -er and -ir verbs by rule, the irregular ones from ``irregular_forms`` in the
data file. All forms are folded (lower case, no accents), as the text is compared.
"""

from __future__ import annotations

_ER = ("e", "es", "ent", "er", "ee", "ees", "ons", "ez", "ait", "aient", "a", "erent", "era",
       "eront", "erait", "eraient", "ant", "ions", "iez", "ai", "as", "ais", "at")
_IR = ("i", "ie", "is", "ies", "it", "issent", "ir", "issait", "issaient", "ira", "iront",
       "irait", "iraient", "issant", "issons", "issez", "irent")


def verb_forms(lemma: str, irregular: dict[str, tuple[str, ...]]) -> set[str]:
    """Folded forms of a folded infinitive (its participles, present, past, future and
    conditional, third persons mostly: news rarely says « je »)."""
    if lemma in irregular:
        return set(irregular[lemma]) | {lemma}
    forms = {lemma}
    if lemma.endswith("er"):
        stem = lemma[:-2]
        forms |= {stem + end for end in _ER}
        if stem.endswith("g"):      # songer: songeait, songea
            forms |= {stem + "e" + end for end in ("ait", "aient", "a", "ant", "ons")}
        if stem.endswith("y"):      # déployer: déploie, déploient, déploiera
            forms |= {stem[:-1] + "i" + end for end in ("e", "es", "ent", "era", "eront",
                                                       "erait", "eraient")}
        if stem.endswith(("el", "et")):  # appeler: appelle; rejeter: rejette
            double = stem + stem[-1]
            forms |= {double + end for end in ("e", "es", "ent", "era", "eront", "erait",
                                               "eraient")}
    elif lemma.endswith("ir"):
        stem = lemma[:-2]
        forms |= {stem + end for end in _IR}
    return forms


def noun_forms(lemma: str) -> set[str]:
    """A noun or adjective: singular, plural, feminine (« prochaine », « imminente »)."""
    forms = {lemma, lemma + "s", lemma + "e", lemma + "es"}
    if lemma.endswith("al"):
        forms.add(lemma[:-2] + "aux")
    if lemma.endswith(("s", "x", "z")):
        forms.add(lemma)
    return forms
