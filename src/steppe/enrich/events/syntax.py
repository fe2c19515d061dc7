"""The words of the parse that place an actor: prepositions, dependency labels, and the way
up from a word to its clause. Shared by the role assignment and its fallbacks."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from steppe.kb import fold

TO_CASES = frozenset({"à", "au", "aux", "avec", "contre", "envers", "vers", "pour", "sur",
                      "chez", "entre", "en", "auprès"})
PLACE_CASES = frozenset({"à", "au", "aux", "en", "dans", "vers"})
# « a demandé mardi au Kirghizstan de … », read as a place by the parser: a state after « à »
# on a verb of asking, giving or sanctioning is the one asked, given or sanctioned
DATIVE_CASES = frozenset({"à", "au", "aux"})
DATIVE_TYPES = frozenset({"REQUEST", "AID", "SANCTION", "THREATEN", "AGREE", "CONCEDE"})
OF_CASES = frozenset({"de", "du", "des", "d'", "d’", "par"})
# verbs whose compound past takes « être » (« sont convenus », « s’est rendu »): the parser
# reads that auxiliary as a passive one
BE_VERBS = frozenset({"convenir", "arriver", "venir", "rendre", "retourner", "partir", "entrer",
                      "tomber", "rester", "devenir", "engager", "revenir", "parvenir",
                      "attendu a"})  # « X est attendu à Bichkek »: X is who comes
SUBJECTS = frozenset({"nsubj", "expl:subj"})
OBJECTS = frozenset({"obj", "iobj", "obl:arg", "ccomp"})
PARTY_KINDS = frozenset({"state", "person", "state_org", "org", "capital", "demonym", "region"})


def case_of(token: Token) -> str:
    """The preposition marking a dependent (« au » in « au Kazakhstan »), lower case."""
    for child in token.children:
        if child.dep_ in ("case", "mark"):
            return child.text.lower()
    return ""


def head_phrase(token: Token) -> str:
    """A dependent's words up to its head, folded, apostrophes joined as written (the tokens
    « l' organisation » read « l'organisation »): the way the anaphor lists are written."""
    return _joined(t for t in token.subtree if t.i <= token.i)


def whole_phrase(token: Token, longest: int = 6) -> str:
    """A short dependent's whole words, folded and joined as ``head_phrase`` joins them
    (« les forces de l’ordre »); "" when it is longer than ``longest`` words."""
    words = list(token.subtree)
    return _joined(words) if len(words) <= longest else ""


def _joined(words) -> str:
    phrase = fold(" ".join(t.text for t in words))
    return phrase.replace(" ’", "’").replace(" '", "'").replace("’ ", "’").replace("' ", "'")


def path_to(token: Token, heads: set[int]) -> tuple[Token, Token] | None:
    """(the clause head reached, its child on the path) going up from ``token``."""
    previous, current = None, token
    for _ in range(40):
        if current.i in heads:
            return (current, previous) if previous is not None else None
        if current.head.i == current.i:
            return None
        previous, current = current, current.head
    return None


# « son homologue », « leur voisin »: a party named back through the one it faces (the words
# are compared folded)
POSSESSIVES = frozenset({"son", "sa", "ses", "leur", "leurs"})
COUNTERPARTS = frozenset({"homologue", "homologues", "voisin", "voisins", "partenaire",
                          "partenaires"})


def active(verb: Token) -> bool:
    """A participle with « avoir » and no passive auxiliary (« que Douchanbé a critiquée »)."""
    return any(c.dep_ == "aux:tense" and fold(c.text) in _AVOIR for c in verb.children) and \
        not any(c.dep_ == "aux:pass" for c in verb.children)


_AVOIR = frozenset({"a", "ont", "avait", "avaient", "aura", "auront", "aurait", "auraient"})
# the nouns of texts named after a city (« la déclaration de Tokyo »: the city is no party)
DOCUMENTS = frozenset({"declaration", "declarations", "accord", "accords", "traite", "charte",
                       "protocole", "memorandum", "pacte", "communique", "format", "processus"})


def anchor_token(parsed: Doc, offset: int, actor) -> Token | None:
    """The word of an actor's name that hangs it in the clause: the span's root, unless the
    parser made that a sentence of its own (« Kassym - Jomart Tokaïev a invité … » read with
    « Kassym » as a root and « Jomart » as the subject)."""
    span = parsed.char_span(actor.start - offset, actor.end - offset, alignment_mode="expand")
    if span is None or not len(span):
        return None
    root = span.root
    if root.head.i == root.i and len(span) > 1:
        out = [t for t in span if t.head.i != t.i and t.dep_ != "punct"
               and not span.start <= t.head.i < span.end]
        return out[0] if out else root
    return root
