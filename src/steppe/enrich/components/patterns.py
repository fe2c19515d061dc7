"""Rule-based names the statistical model misses: institutions and Russian person names.

French institutions are written with a lower-case head ("ministère des Affaires étrangères
lituanien", "ministère de l’Économie et du Commerce"), which the NER model rarely tags; English
("Ministry of Water Resources") and Russian ("Министерство водных ресурсов", "Национальный банк
Таджикистана") ones likewise. Russian text has no statistical model here at all, so person names
are found by shape: two or three capitalised Cyrillic words ending like a surname.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span

from steppe.enrich.components.class_lexicon import class_lexicon
from steppe.enrich.kb_access import get_kb
from steppe.enrich.rules import name_rules
from steppe.kb import fold
from steppe.enrich.doc_state import context, doc_text
from steppe.enrich.components.batching import Batched

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
    """« ministère du Travail, des Migrations et de l’Emploi », « ministère de l’Enseignement
    supérieur, de la Science et de l’Innovation »: portfolios listed with commas and closed by
    « et » after a capitalised complement are one institution's name. Without the closing
    « et » a comma ends the name (« ministère du Travail, des syndicats … » is a list of
    things)."""
    words = re.findall(r"[\w’'\-]+", text[start:end])
    if not any(re.sub(r"^[dl][’']", "", w)[:1].isupper() for w in words[1:]) \
            or not _PORTFOLIO_START.match(text, end):
        return end
    m = _PORTFOLIO_LIST.match(text, end)
    return m.end() if m else end


# a wire's dateline: a town in capitals at a line start, a date, then the credited agency in
# parentheses or between slashes, then a dash
_DATELINE = re.compile(r"[^\S\n]*[A-ZÀ-ÖØ-ÞА-ЯЁ][A-ZÀ-ÖØ-ÞА-ЯЁ’'\- ]{2,30},[^\S\n]*"
                       r"[^()/\n]{1,24}?[^\S\n]*(?:\(([^()\n]{2,40})\)|/([^/\n]{2,40})/)"
                       r"[^\S\n]*[—–-]")


_NEWLINE = re.compile(r"\n")
_AND = re.compile(r"[ \u00a0]+(?:et|and)[ \u00a0]")


def _ru_list_end(text: str, start: int, end: int) -> int:
    """« Министерство культуры, информации, спорта и молодёжной политики »: portfolios listed
    with commas are one name when « и » closes the list; otherwise the first comma ends it."""
    name = text[start:end]
    if "," not in name or re.search(r"[ \u00a0]и[ \u00a0]", name[name.rfind(","):]):
        return end
    return start + name.index(",")


def _ru_parent_end(text: str, start: int, end: int, known: list[tuple[int, int]],
                   starts: list[int]) -> int:
    """« Объединённого штаба | Организации Договора о коллективной безопасности »,
    « Пограничные войска | Государственного комитета … »: a Russian body's name goes on through
    the name of the organisation it belongs to, said in the genitive right after it or begun
    inside it (a known or model-found organisation)."""
    for _ in range(2):
        near = known[bisect_right(starts, start):bisect_right(starts, end + 1)]
        nxt = max((b for a, b in near if b > end and text[end:a].strip() == ""), default=end)
        if nxt == end:
            break
        end = nxt
    return end


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class PatternFinder(Batched):
    """Writes span group "patterns" (label organization or person)."""

    def __init__(self, kb_file: str) -> None:
        rules = name_rules()
        kb = get_kb(kb_file)
        demonyms = {fold(d) for e in kb if e.type == "country" for d in e.demonyms}
        lex = class_lexicon()
        self.lower_ok = rules.org_lower_words_fr | demonyms
        self.capital_name_words = lex.org_name_words_fr   # only after a capitalised head
        self.demonyms = demonyms
        self.capital_only = rules.org_heads_capital_only | {fold(h) for h in lex.org_heads_fr_capital}
        self.strong = rules.org_lower_words_fr - {"la", "contre", "general", "generale"}
        self.place_nouns = lex.institution_place_nouns
        self.lower_heads = lex.lower_case_institution_heads
        self.inner_connectors = lex.org_inner_connectors_fr
        # « … et de l’Institut … », « … et le Parti … »: a head after « et » starts a second name
        self.head_words = {fold(h) for h in (*rules.org_heads_fr, *lex.org_heads_fr_capital)
                           if " " not in h}
        heads = _alternation((*rules.org_heads_fr, *lex.org_heads_fr_capital))
        conn = _alternation(rules.org_connectors_fr)
        word = r"[\w’'\-]+"
        # head + (connector? word){1,7}; trimmed afterwards to words that may belong to a name
        self.fr = re.compile(rf"(?<![\w’'])(?:[Ll]e |[Ll]a |[Ll]’|l')?((?i:(?P<head>{heads}))"
                             rf"(?:{_SP}+(?:(?:{conn}){_SP}*)?{word}){{0,7}})")
        self.en = re.compile(rf"\b((?:{_CAP}{_SP}+){{0,3}}(?:{_alternation((*rules.org_heads_en, *lex.org_heads_en))})"
                             rf"(?:{_SP}+(?:of|for|and|of the){_SP}+{_CAP}(?:{_SP}+{_CAP})*)*)")
        # head + genitive complements (« иностранных дел », « по регулированию и развитию
        # финансового рынка », « Республики Казахстан ») + a country or a parent's acronym
        # (« Объединённого штаба ОДКБ »); the verb endings stop it
        ru_word = (rf"(?:{_alternation(lex.ru_org_name_words)}|(?![а-яё\-]*(?:ести|йти|ить|ать|еть)(?![а-яё]))"
                   rf"[а-яё\-]+(?:ых|их|ого|ой|ии|ия|ию|ов|ей|ства|ния|ций|ки|ты|ды|ны|ры|ти|ва|на|ла|ка|ра|ма|ба|да|та))(?![а-яё])")
        self.ru = re.compile(rf"((?:{_alternation((*rules.org_heads_ru, *lex.org_heads_ru))})"
                             rf"(?:,?{_SP}+(?:(?:и|по){_SP}+)?(?:{ru_word}|Республик[аиеу]{_SP}+[А-ЯЁ][а-яё]+)){{0,8}}"
                             rf"(?:{_SP}+(?:[А-ЯЁ][а-яё]+(?:а|и|ы|я)(?![а-яё])|[А-ЯЁ]{{2,6}}(?![\w-]))){{0,2}})")
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
        spans: list[Span] = self._dateline_sources(doc)
        text = doc_text(doc)
        persons = self._person_starts(doc)
        # the French model's names vouch for lower-case words only in French text (on English
        # it runs on: "Bureau of National Statistics said")
        model_orgs = [(e.start_char, e.end_char) for e in doc.ents
                      if e.label_ == "ORG" and len(e) <= 14] \
            if context(doc).lang in {None, "", "fr", "ru"} else []
        # a model name that runs into a person is a title and a name (« Conseil fédéral Olaf
        # Scholz »): it vouches for nothing
        starts = sorted(persons)
        model_orgs = [(a, b) for a, b in model_orgs
                      if (i := bisect_right(starts, a)) == len(starts) or starts[i] >= b]
        model_starts = [a for a, _ in model_orgs]
        kb_orgs = {s.start_char for s in doc.spans.get("kb", []) if s.label_ == "organization"}
        pos = 0
        while (m := self.fr.search(text, pos)) is not None:
            pos = m.end()
            head = m.group("head")
            if len(head.split()) < 3 and m.end("head") == m.end(1):
                continue   # a head alone is a name only when it is one (Cabinet des ministres)
            i = bisect_right(model_starts, m.start(1)) - 1   # the model's name around the head
            vouched = model_orgs[i][1] if i >= 0 and m.start(1) < model_orgs[i][1] else m.start(1)
            end = max(self._trim_fr(m.group(1), m.start(1), vouched, kb_orgs), m.end("head"))
            end = min([end, *(p for p in persons if m.start(1) < p < end)])
            end = m.start(1) + len(text[m.start(1):end].rstrip(" \u00a0\u202f,"))
            end = _portfolio_list_end(text, m.start(1), end)
            if end < m.end() and _AND.match(text, end):
                pos = end   # « Université … et de l’Institut … »: the second name is read too
            name = text[m.start(1):end]
            if not self._lower_case_word(name) and not self._bare_head(name) \
                    and (name[:1].isupper()   # « crée un Comité de … »: a new body's name
                         or not _INDEFINITE.search(text, max(0, m.start(1) - 12), m.start(1))):
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
            found = [(m.start(1), _ru_list_end(text, m.start(1), min(
                [m.end(1), *(p for p in persons if m.start(1) < p < m.end(1))])))
                     for m in self.ru.finditer(text)]
            known = sorted(model_orgs + found + [(s.start_char, s.end_char) for s in
                                                 doc.spans.get("kb", []) if s.label_ == "organization"])
            starts = [a for a, _ in known]
            for start, end in found:
                end = _ru_parent_end(text, start, end, known, starts)
                spans += self._span(doc, start, end, "organization")
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

    def _trim_fr(self, found: str, start: int, vouched: int = 0,
                 kb_orgs: set[int] = frozenset()) -> int:
        """Keep the head and the words that can belong to an institution's name: capitalised
        complements, the lexicon's lower-case name words, and any lower-case word the
        statistical model reads inside the same name (up to ``vouched``, a character offset:
        « Université d’État de droit », « Service frontalier »)."""
        words = list(re.finditer(r"[\w’'\-]+", found))
        keep = words[0].end()
        # « agence de presse afghane » describes; « Institut de géographie » names
        capital_head = found[:1].isupper()
        connector, after_adjective, after_complement, after_and = False, False, False, False
        after_place = False
        prev_capital = capital_head
        for w in words[1:]:
            token = fold(w.group())
            if token in {"de", "des", "du", "d'", "la", "l'", "et", "pour", "le", "les", "sur",
                         "aux", "en", "a"} or token.startswith(("d'", "l'")) and len(token) <= 2 \
                    or token in self.inner_connectors:
                connector = True
                after_and = after_and or token == "et"
                continue
            bare = re.sub(r"^(?:d|l)'", "", token)
            elided = re.match(r"^[dl][’'][A-ZÀ-ÖØ-Þ]", w.group())   # d’Ouzbékistan: has a connector
            capital = w.group()[:1].isupper() or elided
            if capital and (after_adjective or after_complement) and not connector \
                    and not elided and not (start + w.end() <= vouched
                                            and start + w.start() in kb_orgs) \
                    or capital and after_and and bare in self.head_words:
                # "Conseil italien Giorgia Meloni", "Académie des sciences du Tadjikistan
                # Farhod Rahimi": a name after an adjective or a complement is a new name,
                # unless the model reads both as one and the second is a name the KB knows
                # as an organisation (Parti démocratique Milliy Tiklanish);
                # « Université … et de l’Institut … »: two institutions, coordinated
                break
            if not capital and after_place:
                break   # « … de Douchanbé | sur les migrations »: the name ended at its town
            # a word the model alone vouches for follows a connector or a capitalised word
            # (« de droit », « Service frontalier »), never another lower-case word: « ce
            # Conseil du peuple coiffe désormais » ends at « peuple »
            vouched_here = start + w.end() <= vouched and (connector or prev_capital)
            if capital or bare in self.lower_ok or token in self.lower_ok \
                    or vouched_here or capital_head and bare in self.capital_name_words:
                keep = w.end()
                prev_capital = bool(capital)
                # "du district Pervomaïski": a place noun, not an adjective, takes a name
                after_adjective = not capital and bare not in self.place_nouns
                after_complement = bool(capital and (connector or elided))
                after_place = after_complement and self._is_geo(re.sub(r"^[dl][’']", "", w.group()))
                connector, after_and = False, False
                continue
            break
        return start + keep

    def _dateline_sources(self, doc: Doc) -> list[Span]:
        """« ACHGABAT, 9 septembre (Turkmenistan Today) – », « ТАШКЕНТ, 17 апреля. /Казинформ/ — »:
        the agency a wire's dateline credits is an organisation, known to the KB or not (the
        tokenizer keeps « /ТАСС/ » one word, so the KB's own matcher never sees the name)."""
        out = []
        text = doc_text(doc)
        # tried at line starts only: a multi-line ``^`` makes ``re`` try every character
        starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]
        for m in filter(None, (_DATELINE.match(text, at) for at in starts)):
            group = 1 if m.group(1) else 2
            name = m.group(group).strip()
            if fold(name) in self.common or not name[:1].isupper():
                continue
            span = doc.char_span(m.start(group), m.end(group), alignment_mode="expand")
            if span is None or len(span) > 5:
                continue
            kb_id = next((e.id for e in self.kb.lookup(name) if e.type == "organization"), "")
            out.append(Span(doc, span.start, span.end, label="organization", kb_id=kb_id))
        return out

    @staticmethod
    def _span(doc: Doc, start: int, end: int, label: str, min_tokens: int = 2) -> list[Span]:
        span = doc.char_span(start, end, label=label, alignment_mode="contract")
        if span is None or len(span) < min_tokens:
            return []
        return [span]


@Language.factory("steppe_patterns", default_config={"kb_file": ""})
def make_pattern_finder(nlp: Language, name: str, kb_file: str) -> PatternFinder:
    return PatternFinder(kb_file)
