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

from steppe.enrich.kb_access import get_kb
from steppe.enrich.rules import name_rules
from steppe.kb import fold

_CAP = r"[A-ZÀ-ÖØ-ÞŒ][\w’'\-]*"
_SP = "[ \u00a0\u202f]"  # spaces within a line: a name never runs across a line break
_CYR_CAP = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"


TITLES = {"m", "mme", "mlle", "mr", "mrs", "ms", "dr", "pr", "me", "sir", "lady"}


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class PatternFinder:
    """Writes span group "patterns" (label organization or person)."""

    def __init__(self, kb_file: str) -> None:
        rules = name_rules()
        kb = get_kb(kb_file)
        demonyms = {fold(d) for e in kb if e.type == "country" for d in e.demonyms}
        self.lower_ok = rules.org_lower_words_fr | demonyms
        heads = _alternation(rules.org_heads_fr)
        conn = _alternation(rules.org_connectors_fr)
        word = r"[\w’'\-]+"
        # head + (connector? word){1,7}; trimmed afterwards to words that may belong to a name
        self.fr = re.compile(rf"(?<![\w’'])(?:[Ll]e |[Ll]a |[Ll]’|l')?((?i:{heads})"
                             rf"(?:{_SP}+(?:(?:{conn}){_SP}*)?{word}){{1,7}})")
        self.en = re.compile(rf"\b((?:{_CAP}{_SP}+){{0,3}}(?:{_alternation(rules.org_heads_en)})"
                             rf"(?:{_SP}+(?:of|for|and|of the){_SP}+{_CAP}(?:{_SP}+{_CAP})*)*)")
        self.ru = re.compile(rf"((?:{_alternation(rules.org_heads_ru)})"
                             rf"(?:{_SP}+(?:и{_SP}+)?[а-яё\-]+(?:ых|ого|ой|ии|ия|ов|ей|ых|ства|ства|ния|ния|ций|ки|ты|ды|ии|ры|ти|ва|на|ла|ка|ра|ма|ба|да|та)){{0,5}}"
                             rf"(?:{_SP}+[А-ЯЁ][а-яё]+(?:а|и|ы|я)){{0,2}})")
        ends = _alternation(rules.ru_surname_endings)
        self.ru_person = re.compile(rf"(?<![\w-])({_CYR_CAP}(?:{_SP}+{_CYR_CAP}(?:ович|евич|овна|евна|ична|улы|кызы))?"
                                    rf"{_SP}+[А-ЯЁ][а-яё]*(?:{ends}))(?![\w-])")
        latin_ends = "ov|ova|ev|eva|yev|yeva|iev|ieva|ayev|ayeva|enko|uly|kyzy|shvili|dze|bekov|bekova"
        self.latin_person = re.compile(
            rf"(?<![\w-])([A-Z][a-zà-ÿğışöüç]+(?:-[A-Z][a-zà-ÿ]+)?{_SP}+[A-Z][a-zà-ÿğışöüç]+(?:{latin_ends}))(?![\w-])")
        self.common = rules.common_capitalised
        self.kb = kb

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        text = doc.text
        for m in self.fr.finditer(text):
            end = self._trim_fr(m.group(1), m.start(1))
            spans += self._span(doc, m.start(1), end, "organization")
        for m in self.en.finditer(text):
            spans += self._span(doc, m.start(1), m.end(1), "organization")
        for m in self.latin_person.finditer(text):
            first = m.group(1).split()[0]
            if fold(first) in TITLES:  # "Mme Rakhimova": the surname alone, linked later
                spans += self._span(doc, m.start(1) + len(first) + 1, m.end(1), "person", 1)
            elif fold(first) not in self.common and not self._is_geo(first):
                spans += self._span(doc, m.start(1), m.end(1), "person")
        if any("\u0400" <= ch <= "\u04ff" for ch in text[:2000]):
            for m in self.ru.finditer(text):
                spans += self._span(doc, m.start(1), m.end(1), "organization")
            for m in self.ru_person.finditer(text):
                first = m.group(1).split()[0]
                if fold(first) not in self.common and not self._is_geo(first):
                    spans += self._span(doc, m.start(1), m.end(1), "person")
        doc.spans["patterns"] = spans
        return doc

    def _is_geo(self, word: str) -> bool:
        return any(e.type in {"place", "country", "region"} for e in self.kb.lookup(word))

    def _trim_fr(self, found: str, start: int) -> int:
        """Keep the head and the words that can belong to an institution's name."""
        words = list(re.finditer(r"[\w’'\-]+", found))
        keep = words[0].end()
        connector = False
        for w in words[1:]:
            token = fold(w.group())
            if token in {"de", "des", "du", "d'", "la", "l'", "et", "pour", "le", "les", "sur",
                         "aux", "en", "a"} or token.startswith(("d'", "l'")) and len(token) <= 2:
                connector = True
                continue
            bare = re.sub(r"^(?:d|l)'", "", token)
            if w.group()[:1].isupper() or re.match(r"^[dl][’'][A-ZÀ-ÖØ-Þ]", w.group()) \
                    or bare in self.lower_ok or token in self.lower_ok:
                keep = w.end()
                connector = False
                continue
            break
        del connector
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
