"""Rule-based names the statistical model misses: institutions and Russian person names.

French institutions are written with a lower-case head ("ministère des Affaires étrangères
lituanien", "ministère de l’Économie et du Commerce"), which the NER model rarely tags; English
("Ministry of Water Resources") and Russian ("Министерство водных ресурсов", "Национальный банк
Таджикистана") ones likewise. Russian text has no statistical model here at all, so person names
are found by shape: two or three capitalised Cyrillic words ending like a surname.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from steppe.enrich.components.class_lexicon import class_lexicon
from steppe.enrich.kb_access import get_kb
from steppe.enrich.rules import name_rules
from steppe.kb import fold
from steppe.enrich.doc_state import doc_text

_CAP = r"[A-ZÀ-ÖØ-ÞŒ][\w’'\-]*"
_SP = "[ \u00a0\u202f]"  # spaces within a line: a name never runs across a line break
_CYR_CAP = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"


TITLES = {"m", "mme", "mlle", "mr", "mrs", "ms", "dr", "pr", "me", "sir", "lady"}


# "у села Кара-Булак Баткенской области": an adjective before a division word is a place's
_RU_DIVISION = re.compile(r"[ \u00a0\u202f]+(?:област|район|округ|кра[яюе]|республик|улиц)")

_ARTICLES = {"la", "le", "les", "l'", "un", "une", "des", "du", "de", "the", "a", "an"}


def _leading_article_len(found: str) -> int:
    """Length of a leading article the English pattern took for a capitalised word
    ("La Commission européenne", "The National Bank"), with its space; else 0."""
    first = re.split(r"[ \u00a0\u202f]", found, maxsplit=1)[0]
    return len(first) + 1 if fold(first) in _ARTICLES and len(found) > len(first) else 0


# "Un tribunal de Bichkek a condamné": an institution met for the first time by a
# description, not by its name
_INDEFINITE = re.compile(r"(?<![\w’'])(?:[Uu]ne?|[Pp]lusieurs|[Dd]eux|[Tt]rois|[Cc]ertains?|"
                         r"[Cc]ertaines|[Cc]haque|[Aa]ucune?)[ \u00a0]+$")
_CYRILLIC = re.compile("[\u0400-\u04ff]")  # a Russian text, or a Russian quote early on
_POSSESSOR = re.compile(r"[\w\-]+['’]s[ \u00a0\u202f]+(?=\S)")


def _possessor_len(found: str) -> int:
    """Length of a possessor before an English institution ("Kazakhstan's Ministry of
    Energy"): the country owns the ministry, it is not part of its name."""
    m = _POSSESSOR.match(found)
    return m.end() if m else 0


_COMPLEMENT = r"(?:des|du|de la|de l’|de l'|d’|d')[ \u00a0]*[A-ZÀ-ÖØ-Þ][\w’'\-]*"
_PORTFOLIO_LIST = re.compile(rf"(?:,[ \u00a0]+{_COMPLEMENT})*[ \u00a0]+et[ \u00a0]+{_COMPLEMENT}")
_PORTFOLIO_START = re.compile(rf",[ \u00a0]+{_COMPLEMENT}")


def _portfolio_list_end(text: str, start: int, end: int) -> int:
    """« ministère du Travail, des Migrations et de l’Emploi »: portfolios listed with
    commas and closed by « et » after a capitalised complement are one institution's name.
    Without the closing « et » a comma ends the name (« ministère du Travail, des syndicats
    … » is a list of things)."""
    name = text[start:end]
    last = re.findall(r"[\w’'\-]+", name)
    if not last or not re.sub(r"^[dl][’']", "", last[-1])[:1].isupper() \
            or not _PORTFOLIO_START.match(text, end):
        return end
    m = _PORTFOLIO_LIST.match(text, end)
    return m.end() if m else end


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class PatternFinder:
    """Writes span group "patterns" (label organization or person)."""

    def __init__(self, kb_file: str) -> None:
        rules = name_rules()
        kb = get_kb(kb_file)
        demonyms = {fold(d) for e in kb if e.type == "country" for d in e.demonyms}
        self.lower_ok = rules.org_lower_words_fr | demonyms
        self.demonyms = demonyms
        self.capital_only = rules.org_heads_capital_only
        self.strong = rules.org_lower_words_fr - {"la", "contre", "general", "generale"}
        self.place_nouns = class_lexicon().institution_place_nouns
        self.lower_heads = class_lexicon().lower_case_institution_heads
        heads = _alternation(rules.org_heads_fr)
        conn = _alternation(rules.org_connectors_fr)
        word = r"[\w’'\-]+"
        # head + (connector? word){1,7}; trimmed afterwards to words that may belong to a name
        self.fr = re.compile(rf"(?<![\w’'])(?:[Ll]e |[Ll]a |[Ll]’|l')?((?i:(?P<head>{heads}))"
                             rf"(?:{_SP}+(?:(?:{conn}){_SP}*)?{word}){{0,7}})")
        self.en = re.compile(rf"\b((?:{_CAP}{_SP}+){{0,3}}(?:{_alternation(rules.org_heads_en)})"
                             rf"(?:{_SP}+(?:of|for|and|of the){_SP}+{_CAP}(?:{_SP}+{_CAP})*)*)")
        self.ru = re.compile(rf"((?:{_alternation(rules.org_heads_ru)})"
                             rf"(?:{_SP}+(?:и{_SP}+)?(?![а-яё\-]*(?:ести|йти|ить|ать|еть)(?![а-яё]))[а-яё\-]+(?:ых|ого|ой|ии|ия|ов|ей|ых|ства|ства|ния|ния|ций|ки|ты|ды|ии|ры|ти|ва|на|ла|ка|ра|ма|ба|да|та)){{0,5}}"
                             rf"(?:{_SP}+[А-ЯЁ][а-яё]+(?:а|и|ы|я)){{0,2}})")
        ends = _alternation(rules.ru_surname_endings)
        self.ru_person = re.compile(rf"(?<![\w-])({_CYR_CAP}(?:{_SP}+{_CYR_CAP}(?:ович|евич|овна|евна|ична|улы|кызы))?"
                                    rf"{_SP}+[А-ЯЁ][а-яё]*(?:{ends}))(?![\w-])")
        latin_ends = "ov|ova|ev|eva|yev|yeva|iev|ieva|ayev|ayeva|enko|uly|kyzy|shvili|dze|bekov|bekova"
        self.latin_person = re.compile(
            rf"(?<![\w-])([A-Z][a-zà-ÿğışöüç]+(?:-[A-Z][a-zà-ÿ]+)?{_SP}+[A-Z][a-zà-ÿğışöüç]+(?:{latin_ends}))(?![\w-])")
        self.common = rules.common_capitalised
        self.glue = class_lexicon().glue_words   # "Mais Japarov": a sentence start, then a name
        self.kb = kb

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        text = doc_text(doc)
        persons = self._person_starts(doc)
        for m in self.fr.finditer(text):
            head = m.group("head")
            if len(head.split()) < 3 and m.end("head") == m.end(1):
                continue   # a head alone is a name only when it is one (Cabinet des ministres)
            end = max(self._trim_fr(m.group(1), m.start(1)), m.end("head"))
            end = min([end, *(p for p in persons if m.start(1) < p < end)])
            end = m.start(1) + len(text[m.start(1):end].rstrip(" \u00a0\u202f,"))
            end = _portfolio_list_end(text, m.start(1), end)
            name = text[m.start(1):end]
            if not self._lower_case_word(name) and not self._bare_head(name) \
                    and not _INDEFINITE.search(text, max(0, m.start(1) - 12), m.start(1)):
                spans += self._span(doc, m.start(1), end, "organization")
        for m in self.en.finditer(text):
            start = m.start(1) + _leading_article_len(m.group(1))
            start += _possessor_len(text[start:m.end(1)])
            spans += self._span(doc, start, m.end(1), "organization")
        for m in self.latin_person.finditer(text):
            first = m.group(1).split()[0]
            if fold(first) in TITLES:  # "Mme Rakhimova": the surname alone, linked later
                spans += self._span(doc, m.start(1) + len(first) + 1, m.end(1), "person", 1)
            elif fold(first) not in self.common | self.glue and not self._is_geo(first):
                spans += self._span(doc, m.start(1), m.end(1), "person")
        if _CYRILLIC.search(text, 0, 2000):
            for m in self.ru.finditer(text):
                spans += self._span(doc, m.start(1), m.end(1), "organization")
            for m in self.ru_person.finditer(text):
                first = m.group(1).split()[0]
                if fold(first) not in self.common | self.glue and not self._is_geo(first) \
                        and not _RU_DIVISION.match(text, m.end(1)):
                    spans += self._span(doc, m.start(1), m.end(1), "person")
        doc.spans["patterns"] = spans
        return doc

    def _lower_case_word(self, found: str) -> bool:
        """A head French writes in lower case only as an ordinary word ("en direction
        d’Hérat", "parti de Bakou"): as a name it takes a capital (Parti démocratique) —
        unless what follows is an institution's business ("conseil des oulémas", "direction
        de l’intérieur"), which ordinary words are not."""
        words = [fold(w) for w in re.findall(r"[\w’'\-]+", found)]
        if not found[:1].islower() or words[0] not in self.capital_only:
            return False
        if words[0] not in self.lower_heads:
            return True
        rest = {re.sub(r"^(?:d|l)'", "", w) for w in words[1:]}
        return not rest & self.strong

    @staticmethod
    def _person_starts(doc: Doc) -> list[int]:
        """Where person names begin: an institution's name stops before one ("du Conseil
        italien Giorgia Meloni" is a title and a name, not an institution)."""
        starts = [s.start_char for s in doc.spans.get("kb", [])
                  if s.label_ == "person" and len(s) > 1]
        # the model's PER may take in the place that ends the institution ("du Kazakhstan
        # Erlan Karine"): the person starts after what the KB knows as a place
        geo = {i for s in doc.spans.get("kb", []) if s.label_ in {"country", "place", "region"}
               for i in range(s.start, s.end)}
        for e in doc.ents:
            if e.label_ == "PER" and len(e) > 1:
                start = e.start
                while start < e.end - 1 and start in geo:
                    start += 1
                starts.append(doc[start].idx)
        return starts

    def _bare_head(self, found: str) -> bool:
        """A head with only a country adjective after it ("Conseil italien", "ministère
        kazakh") is a piece of a title, not a name one could look up."""
        words = [fold(w) for w in re.findall(r"[\w’'\-]+", found)]
        return len(words) >= 2 and all(w in self.demonyms for w in words[1:])

    def _is_geo(self, word: str) -> bool:
        return any(e.type in {"place", "country", "region"} for e in self.kb.lookup(word))

    def _trim_fr(self, found: str, start: int) -> int:
        """Keep the head and the words that can belong to an institution's name."""
        words = list(re.finditer(r"[\w’'\-]+", found))
        keep = words[0].end()
        connector, after_adjective, after_complement = False, False, False
        for w in words[1:]:
            token = fold(w.group())
            if token in {"de", "des", "du", "d'", "la", "l'", "et", "pour", "le", "les", "sur",
                         "aux", "en", "a"} or token.startswith(("d'", "l'")) and len(token) <= 2:
                connector = True
                continue
            bare = re.sub(r"^(?:d|l)'", "", token)
            elided = re.match(r"^[dl][’'][A-ZÀ-ÖØ-Þ]", w.group())   # d’Ouzbékistan: has a connector
            capital = w.group()[:1].isupper() or elided
            if capital and (after_adjective or after_complement) and not connector \
                    and not elided:
                # "Conseil italien Giorgia Meloni", "Académie des sciences du Tadjikistan
                # Farhod Rahimi": a name after an adjective or a complement is a new name
                break
            if capital or bare in self.lower_ok or token in self.lower_ok:
                keep = w.end()
                # "du district Pervomaïski": a place noun, not an adjective, takes a name
                after_adjective = not capital and bare not in self.place_nouns
                after_complement = bool(capital and (connector or elided))
                connector = False
                continue
            break
        return start + keep

    @staticmethod
    def _span(doc: Doc, start: int, end: int, label: str, min_tokens: int = 2) -> list[Span]:
        span = doc.char_span(start, end, label=label, alignment_mode="contract")
        if span is None or len(span) < min_tokens:
            return []
        return [span]


@Language.factory("steppe_patterns", default_config={"kb_file": ""})
def make_pattern_finder(nlp: Language, name: str, kb_file: str) -> PatternFinder:
    return PatternFinder(kb_file)
