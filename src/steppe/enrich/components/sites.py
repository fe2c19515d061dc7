"""Places named with a generic head word: sites (« rivière Isfara », « place Registan »,
« mine de Kumtor ») and divisions (« région de Soughd », « les régions de Kostanaï et
d’Atyraou »).

The head says what kind of place the name is, so it decides the link: « rivière Isfara » is
a river, never the town of Isfara the KB knows; a site whose name the KB gives to a company
(Kumtor) is the site, a place. A division is one place whether the article writes « région de
X » or, elsewhere, « X » alone (unless it says « la ville de X »): both become one entity.
Hyphenated names built of Turkic toponym words (Jany-Jol, Kara-Saz) are places, whatever
the statistical model guessed.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from steppe.enrich.components.class_lexicon import ClassLexicon, class_lexicon
from steppe.kb import KnowledgeBase, fold
from steppe.kb.loader import translit_key

_DE = {"de", "d'", "du", "des"}
_PLURAL_HEADS = {"regions": "région", "provinces": "province", "districts": "district",
                 "oblasts": "oblast"}
_DETERMINERS = {"la", "le", "l'", "les", "du", "au", "aux", "de", "des", "d'", "sur", "dans",
                "un", "une", "pres", "the", "a", "in", "at"}
_ELIDED = ("d’", "d'")


def _connector(token_text: str) -> bool:
    return fold(token_text) in _DE or token_text in _ELIDED


class Sites:
    """Re-types and re-links spans after a site or division head word."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.lex: ClassLexicon = class_lexicon()

    def __call__(self, doc: Doc, spans: list[Span]) -> list[Span]:
        taken = {i for s in spans for i in range(s.start, s.end)}
        out = []
        for span in spans:
            if span.label_ not in {"country", "region"}:
                span = self._named_site(doc, span, taken) or self._division(doc, span, taken) \
                    or self._toponym(span)
            out.append(span)
        return out

    def _named_site(self, doc: Doc, span: Span, taken: set[int]) -> Span | None:
        """« rivière Isfara » (head, then the name) or « mine de Kumtor » (head, de, a name
        the KB gives to a company or a person)."""
        head_at = span.start - 1
        if head_at >= 0 and _connector(doc[head_at].text) and span.label_ != "place":
            head_at -= 1
        if head_at < 0 or head_at in taken:
            return None
        head = doc[head_at]
        kinds = self.lex.site_heads.get(fold(head.text))
        if kinds is None or not head.text.islower() or head_at == 0 \
                or fold(doc[head_at - 1].text) not in _DETERMINERS:
            return None   # « la rivière Isfara »: a noun after its article, not an adjective
        entity = self.kb.get(span.kb_id_)
        if entity is not None and entity.type == "place" and entity.kind in kinds:
            return Span(doc, head_at, span.end, label="place", kb_id=span.kb_id_)
        if head_at < span.start - 1 and span.label_ == "place":
            return None
        return Span(doc, head_at, span.end, label="place", kb_id=self._site_id(span, kinds))

    def _site_id(self, span: Span, kinds: frozenset[str]) -> str:
        """The KB's place of that kind under the name, if any (the river Naryn, not the
        town); else none, so the site gets its own id from its name."""
        for entity in self.kb.lookup(span.text):
            if entity.type == "place" and entity.kind in kinds:
                return entity.id
        return ""

    def _division(self, doc: Doc, span: Span, taken: set[int]) -> Span | None:
        """« région de Soughd » as one place; in « les régions de A et de B » each name is
        its region (the KB's, when it has one)."""
        if span.start < 2 or not _connector(doc[span.start - 1].text):
            return self._listed_division(doc, span)
        head = doc[span.start - 2]
        word = fold(head.text)
        if not head.text.islower() or span.start - 2 in taken:
            return None
        if word in self.lex.town_heads:
            return Span(doc, span.start, span.end, label="place", kb_id=self._town_id(span))
        if word not in self.lex.division_heads:
            return self._listed_division(doc, span)
        entity = self.kb.get(span.kb_id_)
        if entity is not None and entity.kind == "region":
            return Span(doc, span.start, span.end, label="place", kb_id=span.kb_id_)
        whole = Span(doc, span.start - 2, span.end, label="place")
        return Span(doc, whole.start, whole.end, label="place", kb_id=self._region_id(whole))

    def _town_id(self, span: Span) -> str:
        entity = self.kb.get(span.kb_id_)
        return span.kb_id_ if entity is not None and entity.type == "place" else ""

    def _region_id(self, whole: Span) -> str:
        for entity in self.kb.lookup(whole.text):
            if entity.type == "place":
                return entity.id
        return ""

    def _listed_division(self, doc: Doc, span: Span) -> Span | None:
        """A name in a list after a plural division head: « régions de Kostanaï, d’Aktioubé
        et d’Atyraou »: each is its region (the KB's, when it has one)."""
        i = span.start - 1
        while i > 0 and span.start - i <= 12:
            word = fold(doc[i].text)
            singular = _PLURAL_HEADS.get(word)
            if singular is not None:
                if not _connector(doc[i + 1].text):
                    return None
                region = self._region_of(span.text, singular)
                return Span(doc, span.start, span.end, label="place",
                            kb_id=region or (span.kb_id_ if span.label_ == "place" else ""))
            if not (_connector(doc[i].text) or word in {",", "et", "and", "-", "la", "l'"}
                    or doc[i].text[:1].isupper()):
                return None
            i -= 1
        return None

    def _region_of(self, name: str, head: str) -> str | None:
        for form in (f"{head} de {name}", f"{head} d'{name}", f"{head} du {name}",
                     f"{head} de la {name}", f"région de {name}", f"région d'{name}"):
            for entity in self.kb.lookup(form):
                if entity.type == "place":
                    return entity.id
        return None

    def _toponym(self, span: Span) -> Span:
        """« Jany-Jol », « Kara-Saz »: a hyphenated name ending in a toponym word (jol
        'road', suu 'water', saz 'marsh') is a place."""
        if span.label_ == "place" or span.kb_id_ or "-" not in span.text:
            return span
        last = fold(span.text.replace("‐", "-").rsplit("-", 1)[-1])
        if len(span.text.split()) == 1 and last in self.lex.toponym_parts:
            return Span(span.doc, span.start, span.end, label="place")
        return span


def merge_divisions(doc: Doc, spans: list[Span], kb: KnowledgeBase) -> list[Span]:
    """« X » alone joins « région de X » of the same article (one place), unless the article
    writes « ville de X » (then the town is meant)."""
    lex = class_lexicon()
    regions: dict[str, str] = {}
    for span in spans:
        core = _division_core(span, kb, lex)
        if core:
            regions.setdefault(core, span.kb_id_)
    if not regions:
        return spans
    towns = {translit_key(s.text) for s in spans if s.start >= 2 and
             fold(doc[s.start - 2].text) in lex.town_heads and _connector(doc[s.start - 1].text)}
    out = []
    for span in spans:
        key = translit_key(span.text)
        if span.label_ == "place" and key in regions and key not in towns \
                and span.kb_id_ != regions[key]:
            span = Span(doc, span.start, span.end, label="place", kb_id=regions[key])
        out.append(span)
    return out


def _division_core(span: Span, kb: KnowledgeBase, lex: ClassLexicon) -> str:
    """The name inside « région de X » (a KB region's mention or a rule-made one)."""
    if span.label_ != "place" or not span.kb_id_:
        return ""
    words = span.text.split(maxsplit=1)
    if len(words) < 2 or fold(words[0]) not in lex.division_heads or \
            fold(words[0]) in lex.town_heads:
        return ""
    rest = words[1]
    for connector in ("de la ", "de l’", "de l'", "du ", "de ", "d’", "d'"):
        if rest.startswith(connector):
            return translit_key(rest[len(connector):])
    return ""

