"""Places named with a generic head word: sites (« rivière Isfara », « place Registan »,
« mine de Kumtor ») and divisions (« région de Soughd », « les régions de Kostanaï et
d’Atyraou »).

The head says what kind of place the name is, so it decides the link: « rivière Isfara » is
a river, never the town of Isfara the KB knows; a site whose name the KB gives to a company
(Kumtor) is the site, a place. A division is one place whether the article writes « région de
X » or, elsewhere, « X » alone (unless it says « la ville de X »): both become one entity.
Hyphenated names built of Turkic toponym words (Jany-Jol, Kara-Saz) are places, whatever
the statistical model guessed.

Round 3 (``resources/place_filters.json``): a head word finds the place the model missed
(« col de Taldyk », « village de Nimich », "Tamchy airport", "Lake Sarez", « перевал Тоо-Ашуу »,
« пункт пропуска «Кайрагач» »), and the coordinated Russian adjective (« в Баткенском и
Лейлекском районах ») is its district; a holiday, a train or a club (Novruz, Afrosiyob,
Kairat) is no place; a first name alone (Madina) or a name after a title or with a surname's
ending (governor Nurdaulet Kilybai) is a person; a town the article sets « à X », "in X" or
« в X » stays the town beside its same-named region.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.resources import files

from spacy.tokens import Doc, Span

from steppe.enrich.components.class_lexicon import ClassLexicon, class_lexicon
from steppe.enrich.components.span_filters import PlaceMisreadings
from steppe.enrich.doc_state import context, doc_text, field_of
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
        self.finder = PlaceFinder(kb)

    def __call__(self, doc: Doc, spans: list[Span]) -> list[Span]:
        spans = self.finder.clean(doc, self.finder.find(doc, spans))
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
                and span.kb_id_ != regions[key] and not town_by_cue(doc, span, kb):
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



@lru_cache(maxsize=1)
def place_filters() -> dict:
    return json.loads(files("steppe.enrich.resources").joinpath("place_filters.json")
                      .read_text(encoding="utf-8"))


_CAP = r"[A-ZÀ-ÖØ-ÞŒ][\w’'\-]*"
_CAP_RU = r"[А-ЯЁ][А-ЯЁа-яё\-]*"
_CONNECT = r"(?:de la |de l’|de l'|du |des |de |d’|d')?"
_RU_COORDINATED = re.compile(   # « в Баткенском и Лейлекском районах »: the first is a district
    r"(?<![\w-])(?P<stem>[А-ЯЁ][а-яё\-]+[сц]к)(?P<end>ом|ого|ой|ую|ие|их)\s*(?:и|,)\s+"
    r"(?P<stem2>[А-ЯЁ][а-яё\-]+[сц]к)(?:ом|ого|ой|ую|ие|их)\s+(?P<noun>район|област|кра)\w*")
_RU_NOMINATIVE = {"район": "ий район", "област": "ая область", "кра": "ий край"}
_LOCATIVE = {"a", "au", "in", "at", "в", "во", "near", "pres"}
_EN_CUT = re.compile(r"^.*\b(?:And|Of|For|To|With|In|On|At|By|From|The|A|An)(?:\s+|$)")
_NOT_A_SITE_KIND = {"city", "region", "district"}


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class PlaceFinder:
    """Places the model missed, found by their head word; non-places the model took for places
    (see the module's docstring). Regexes are built once, with the pipeline."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        data = place_filters()
        self.fr_kind = {k: v for k, v in data["site_heads_fr"].items()}
        self.en_before_kind = dict(data["site_heads_en_before"])
        self.ru_heads = data["site_heads_ru"]
        self.misreadings = PlaceMisreadings(data)
        self.en_stop = set(data["en_name_stop"])
        name = rf"{_CAP}(?:[ -]{_CAP}){{0,2}}"
        self.fr = re.compile(rf"(?<![\w’'-])(?P<head>{_alternation(self.fr_kind)})\s+{_CONNECT}"
                             rf"(?P<name>{name})")
        self.en_after = re.compile(rf"(?<![\w’'-])(?P<name>{name})\s+(?P<head>"
                                   rf"{_alternation(data['site_heads_en_after'])})(?![\w-])")
        self.en_before = re.compile(rf"(?<![\w’'-])(?P<head>{_alternation(self.en_before_kind)})"
                                    rf"\s+(?P<name>{name})")
        self.ru = re.compile(rf"(?<![\w-])(?P<head>{_alternation(self.ru_heads)})\s+"
                             rf"(?P<name>«[^»\n]{{2,40}}»|{_CAP_RU}(?:[ -]{_CAP_RU})?)")

    # --- recall -------------------------------------------------------------------------
    def find(self, doc: Doc, spans: list[Span]) -> list[Span]:
        text = doc_text(doc)
        lang = context(doc).lang or "fr"
        found: list[tuple[int, int, str, str]] = []   # (start, end, kind, name text)
        if lang == "ru":
            for m in self.ru.finditer(text):
                a, b = m.span("name")
                if text[a] == "«":
                    a, b = a + 1, b - 1
                found.append((a, b, "town", text[a:b]))
            for m in _RU_COORDINATED.finditer(text):
                noun = _RU_NOMINATIVE[m.group("noun")]
                for stem, start, end in ((m.group("stem"), m.start(), m.end("end")),
                                         (m.group("stem2"), m.start("stem2"), m.end())):
                    entity = self._place(stem + noun)
                    if entity is not None:
                        found.append((start, end, "id:" + entity.id, ""))
        elif lang == "en":
            for m in self.en_after.finditer(text):
                a = self._en_name_start(m)
                if a is not None and self._in_body(doc, a):
                    found.append((a, m.end("head"), "site", text[a:m.end("name")]))
            for m in self.en_before.finditer(text):
                if not self._in_body(doc, m.start()):
                    continue
                kind = self.en_before_kind[m.group("head")]
                start = m.start("name") if kind == "town" else m.start()
                found.append((start, m.end("name"), kind, m.group("name")))
        else:
            for m in self.fr.finditer(text):
                kind = self.fr_kind[m.group("head")]
                start = m.start("name") if kind == "town" else m.start()
                found.append((start, m.end("name"), kind, m.group("name")))
        if not found:
            return spans
        for start, end, kind, name in found:
            spans = self._add(doc, spans, start, end, kind, name)
        return sorted(spans, key=lambda s: s.start)

    @staticmethod
    def _in_body(doc: Doc, at: int) -> bool:
        """English titles capitalise every word: "Coast And Desert Canyons" is no name."""
        found = field_of(doc, at, at + 1)
        return found is None or found[0] != "title"

    def _en_name_start(self, m: re.Match) -> int | None:
        possessive = max(m.group("name").rfind("'s "), m.group("name").rfind("’s "))
        if possessive >= 0:   # "Bishkek's Sverdlovsky district": the district of Bishkek
            return m.start("name") + possessive + 3
        cut = _EN_CUT.match(m.group("name"))
        if cut:
            return m.start("name") + cut.end() if cut.end() < len(m.group("name")) else None
        words = m.group("name").split(" ")
        skip = 0
        while skip < len(words) and words[skip] in self.en_stop:
            skip += 1
        if skip == len(words):
            return None
        return m.start("name") + len(" ".join(words[:skip])) + (1 if skip else 0)

    def _place(self, name: str):
        for entity in self.kb.lookup(name):
            if entity.type == "place":
                return entity
        return None

    def _add(self, doc: Doc, spans: list[Span], start: int, end: int, kind: str,
             name: str) -> list[Span]:
        new = doc.char_span(start, end, alignment_mode="contract")
        if new is None or len(new) == 0:
            return spans
        inside = []
        for s in spans:
            if s.end <= new.start or s.start >= new.end:
                continue
            if s.start < new.start or s.end > new.end:
                return spans   # a longer name holds it
            if (s.start, s.end) == (new.start, new.end):
                if kind.startswith("id:"):   # the district or oblast, not the town
                    return [Span(doc, x.start, x.end, label="place", kb_id=kind[3:])
                            if x is s else x for x in spans]
                if s.label_ in {"person", "organization"} and not s.kb_id_ \
                        and kind in {"site", "town"}:
                    return [Span(doc, x.start, x.end, label="place", kb_id=x.kb_id_)
                            if x is s else x for x in spans]   # "Amir Temur Square"
                return spans   # already there
            if s.label_ in {"country", "region"} and kind == "town":
                return spans
            inside.append(s)
        if kind.startswith("id:"):
            kb_id = kind[3:]
        else:
            kb_id = self._site_id(new.text, name, kind)
        kept = [s for s in spans if s not in inside]
        kept.append(Span(doc, new.start, new.end, label="place", kb_id=kb_id))
        return kept

    def _site_id(self, whole: str, name: str, kind: str) -> str:
        """The KB's site under the whole name, else under the name or its first words
        ("Ala-Archa National Park" → Ala-Archa), never a town for a site."""
        entity = self._place(whole)
        if entity is not None:
            return entity.id
        words = name.split(" ")
        for n in range(len(words), 0, -1):
            for entity in self.kb.lookup(" ".join(words[:n])):
                if entity.type == "place" and (kind == "town" or
                                               entity.kind not in _NOT_A_SITE_KIND):
                    return entity.id
        return ""

    def clean(self, doc: Doc, spans: list[Span]) -> list[Span]:
        return self.misreadings.clean(doc, spans)


def town_by_cue(doc: Doc, span: Span, kb: KnowledgeBase) -> bool:
    """« à Batken », "in Osh", « в Оше », « l’akimat de Kyzylorda », a dateline « BATKEN, »:
    the town (the KB's, or one it does not know), not its same-named region."""
    entity = kb.get(span.kb_id_)
    if entity is not None and entity.kind not in {"city", "town", "village"}:
        return False
    if span.text.isupper() and len(span.text) > 2:
        return True
    before = fold(doc[span.start - 1].text) if span.start else ""
    if before in _LOCATIVE:
        return True
    return span.start > 1 and _connector(doc[span.start - 1].text) and \
        fold(doc[span.start - 2].text).replace("’", "'").rsplit("'", 1)[-1] in _city_nouns()


@lru_cache(maxsize=1)
def _city_nouns() -> frozenset[str]:
    return frozenset(fold(w) for w in place_filters()["city_nouns"])
