"""The date grammar's regexes, built once from the month and cue vocabulary
(``resources/months.json``): the full regexes for digit-led and word-led dates,
and the cheap scanners that find where a date may start (``dates.py`` runs them).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from .numbers import fold, word_trie

_S = r"[^\S\r\n]{1,3}"  # horizontal blanks, bounded: no runaway backtracking
_OS = r"[^\S\r\n]{0,3}"
_SP = "[ \u00a0\u202f]"
_DAY_CORE = r"(?:3[01]|[12]\d|0?[1-9])"
_ORDINAL = r"(?:er|ᵉʳ|st|nd|rd|th)?"
_DAY = rf"(?<![\w.,/:])(?<!\d{_SP}){_DAY_CORE}{_ORDINAL}(?!\d)"
_YEAR_CORE = r"(?:19|20)\d{2}"
# A year must not be the head of a longer number ("2018 000", "2018,5").
_YEAR_END = rf"(?!\d|[.,]\d|{_SP}\d{{3}}(?!\d)|[-–/]\d)"
_YEAR_START = rf"(?<![\w.,/])(?<!\d[-–/])(?<!\d{_SP})"
_FULL_YEAR = rf"(?:1[89]|20)\d{{2}}{_YEAR_END}"
_RU_SUFFIX = rf"(?:{_S}(?:годах|годы|года|году|год|гг\.|г\.)(?!\w))"
_CONJ = (rf"(?:{_OS},{_OS}|{_S}(?:et|au|à|and|to|и|по|до){_S}|{_OS}[-–—]{_OS})"
         rf"(?:(?:le|the){_S})?")
_TRAIL_CONJ = rf"(?:{_OS}[-–—]{_OS}|{_S}(?:and|to|through|et|au|и|по){_S})"
_DASH = rf"(?:{_OS}[-–—]{_OS}|/)"
# days listed before their month ("les 3, 4 et 5 mars"): bounded, or a long run of "1er et"
# without a month is re-read from every day in it (quadratic time)
_MAX_LISTED_DAYS = 12
_LEADING_DIGITS = re.compile(r"\d+")
_DAY_TOKEN = re.compile(rf"(\d+){_ORDINAL}")
_GAP = r"[^\S\r\n]*"
_COORD_GAP = re.compile(
    rf"{_GAP}(?:,|(?:,{_GAP})?(?:et|au|à|ou|and|to|or|и|по|до|или)|[-–—])"
    rf"{_GAP}(?:(?:le|the){_GAP})?", re.IGNORECASE)
# "la crise de 2008": a year after "de" is a date only where a reader would
# not read a quantity: not after a quantity word ("plus de 2000"), and
# followed by punctuation or a function word, never by a noun ("de 2000
# manifestants").
_QUANTITY_BEFORE = re.compile(
    r"(?:^|[^\w])(?:plus|moins|près|pres|environ|quelque|autour|hausse|baisse"
    r"|augmentation|diminution|total|nombre|montant|somme|budget|score"
    r"|chiffre|record|niveau|prix|salaire|taux|capacité|plafond|seuil"
    r"|rythme|part|limite|maximum|minimum|moyenne|volume|production"
    r"|population|effectif|effectifs|bilan|amende|coût|cout)[^\S\r\n]+de[^\S\r\n]+$")
_AFTER_DE_YEAR = re.compile(
    rf"{_GAP}(?:$|[.,;:!?)»”\"]|(?:a|ont|avait|avaient|est|était|sont|fut"
    rf"|sur|entre|avec|qui|que|dont|par|pour|en|au|aux|à|et|ou|contre|dans"
    rf"|le|la|les|ne|se|reste|restent|demeure|prévoit|prévoyait|signé|signée"
    rf"|adopté|adoptée|conclu|conclue|du|des|de|depuis|ne|n'|n’)(?!\w)|(?:l|n|s|qu)['’])")
# "le budget 2025": a year right after a word; not after words that number or count things
_NOUN_BEFORE_YEAR = re.compile(r"(?<![\w-])([^\W\d_]{3,})[^\S\r\n]+$")
_NUMBERING_WORDS = frozenset(
    "numéro numero article articles page pages vol flight route loi décret decret résolution "
    "resolution bus code modèle modele boeing airbus station lot chambre bureau salle tome "
    "kilomètre kilomètres plus moins environ près pres total soit contre sur les des aux par "
    "avec dont que qui quelque quelques compte comptent comptait emploie emploient "
    "number no. nos about around over under some nearly almost than with the and "
    "около более менее почти свыше номер статья".split())
# prepositions that may precede a year or a count: the year needs the test above
_YEAR_PREPOSITIONS = ["de", "vers", "pour", "jusqu'à", "jusqu’à", "horizon"]
_YEAR_LIST_GAP = re.compile(
    rf"{_GAP}(?:,|(?:,{_GAP})?(?:et|ou|and|or|и|или)){_GAP}", re.IGNORECASE)


@dataclass(frozen=True)
class _Vocabulary:
    months: dict[str, int]  # every lower-case month name and abbreviation
    undotted: dict[str, int]  # "Sept", "Jan": need their capital
    month_words: list[str]  # all month words as matched (folded)
    english_words: list[str]  # English ones, for "September 25"
    words: dict[str, list[str]]  # weekdays, cues, modifiers, seasons...


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    data = json.loads(files("steppe.enrich.resources").joinpath(
        "months.json").read_text(encoding="utf-8"))
    months = {**data["fr"], **data["en"], **data["ru"]}
    undotted = [fold(name) for name in data["en_undotted"]]
    return _Vocabulary(months, data["en_undotted"], [*months, *undotted],
                       [*data["en"], *undotted],
                       {k: v for k, v in data.items() if isinstance(v, list)})


@lru_cache(maxsize=1)
def _count_after() -> re.Pattern[str]:
    """A bare year followed by a unit or count noun is a quantity."""
    nouns = word_trie(_vocabulary().words["count_nouns"])
    return re.compile(rf"{_GAP}(?:%|[€$₸₽£¥]|{nouns})")


@lru_cache(maxsize=1)
def _date_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(regex for dates starting with a digit, regex for those starting with
    a word).  Splitting them halves the alternatives tried per candidate."""
    voc = _vocabulary()
    month, en_month = word_trie(voc.month_words), word_trie(voc.english_words)
    weekday = rf"{word_trie(voc.words['weekdays'])},?{_S}"
    cues = word_trie(voc.words["cues"])
    mods = voc.words["modifiers"]
    month_mods = rf"(?:mi-|mid-|(?:début|debut|fin){_S}d['’]|{word_trie(mods)}{_S})"
    year_mods = rf"(?:mi-|mid-|{word_trie(mods + voc.words['seasons'])}{_S})"
    range_tail = rf"(?P<r2>{_YEAR_CORE}){_YEAR_END}(?P<rsuf>{_RU_SUFFIX})?"

    def day_month(prefix: str) -> str:
        # "du mercredi 5 au jeudi 6 janvier": a weekday may name each day
        lead = (rf"(?:(?:{_DAY}{_CONJ}(?:{weekday})?){{0,{_MAX_LISTED_DAYS - 1}}}"
                rf"{_DAY}{_CONJ})")
        return (rf"(?P<dm>{prefix}(?:(?P<lead>{lead})(?P<dwd2>{weekday})?)?"
                rf"(?P<dd>{_DAY}){_S}(?P<dmm>{month})"
                rf"(?:,?{_S}(?P<dy>{_FULL_YEAR})(?P<dsuf>{_RU_SUFFIX})?)?)")

    digit_led = (
        rf"(?P<iso>{_YEAR_START}(?P<iy>{_YEAR_CORE})-(?P<im>1[0-2]|0[1-9])"
        rf"-(?P<id>3[01]|[12]\d|0[1-9])(?!\d|[-:]?\d))",
        rf"(?P<dmy>(?<![\w.,/-])(?P<nd>{_DAY_CORE})(?P<ns>[./-])"
        rf"(?P<nm>1[0-2]|0?[1-9])(?P=ns)(?P<ny>{_YEAR_CORE})(?!\d|[.,/-]\d))",
        rf"(?P<range>{_YEAR_START}(?P<rb>{_YEAR_CORE}){_DASH}{range_tail})",
        day_month(""),
        rf"(?P<yr>{_YEAR_START}(?P<yy>{_YEAR_CORE}){_YEAR_END}"
        rf"(?P<ysuf>{_RU_SUFFIX})?)",
    )
    word_led = (
        rf"(?P<range>{word_trie(voc.words['range_cues'])}{_S}"
        rf"(?P<ra>{_YEAR_CORE})(?:{_DASH}|{_S}(?:à|et|au|to|and|по|до){_S})"
        rf"{range_tail})",
        # "de janvier à septembre 2024", "entre janvier et août 2025": the
        # first month needs no year of its own
        rf"(?P<mr>(?:{word_trie(voc.words['range_cues'])}{_S}|d['’])"
        rf"(?P<mr1>{month})(?:,?{_S}(?P<mr1y>{_FULL_YEAR}))?"
        rf"(?:{_S}(?:à|au|et|to|and|по|до){_S}|{_OS}[-–]{_OS})(?P<mr2>{month})"
        rf"(?:,?{_S}(?P<mr2y>{_FULL_YEAR})(?P<mr2suf>{_RU_SUFFIX})?"
        rf"|(?!,?{_S}\d)))",
        day_month(rf"(?P<dwd>{weekday})"),
        rf"(?P<md>(?P<ewd>{weekday})?(?P<em>{en_month}){_S}"
        rf"(?P<ed>{_DAY_CORE}(?:st|nd|rd|th)?(?!\d))(?![.,]\d|{_OS}%|:)"
        rf"(?P<etrail>(?:{_TRAIL_CONJ}{_DAY_CORE}(?:st|nd|rd|th)?(?!\d))*)"
        rf"(?:,?{_S}(?P<ey>{_FULL_YEAR}))?)",
        rf"(?P<my>(?:(?P<mc>{cues}){_S})?(?P<mmod>{month_mods})?"
        rf"(?P<mm>{month})(?:,?{_S}(?P<myy>{_FULL_YEAR})"
        rf"(?P<msuf>{_RU_SUFFIX})?|(?!{_S}\d)))",
        rf"(?P<yr>(?:(?P<yc>{cues}){_S}|(?P<yde>{word_trie(_YEAR_PREPOSITIONS)}){_S})?(?P<ymod>{year_mods})?"
        rf"{_YEAR_START}(?P<yy>{_YEAR_CORE}){_YEAR_END}"
        rf"(?P<ysuf>{_RU_SUFFIX})?)",
    )
    return re.compile("|".join(digit_led)), re.compile("|".join(word_led))


@lru_cache(maxsize=1)
def _candidate_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Cheap scanners for the places where a date may start.

    The digit scanner keeps numbers that can begin a date (a year, or a day
    followed by a month, a separator or a conjunction); the word scanner
    keeps cues, modifiers, weekdays and months followed by what they need.
    Both start with a plain character (class), so ``re`` skips everything
    else at C speed; the large date regexes then run only at these places.
    """
    voc = _vocabulary()
    months = word_trie(voc.month_words)
    # a modifier's first word is enough to keep a place ("premier" of « premier semestre »):
    # every cue repeats this in its tail, and whole multiword modifiers tripled the compile time
    modifiers = word_trie(sorted({m.split()[0] for m in
                                  voc.words["modifiers"] + voc.words["seasons"]}))
    tails: dict[str, str] = {}

    def add(words, tail: str) -> None:
        for word in words:
            tails[word] = f"{tails[word]}|{tail}" if word in tails else tail

    add(voc.words["range_cues"], rf"(?={_S}(?:{_YEAR_CORE}|{months}))")
    add(["d'", "d’"], rf"(?={months})")
    add(_YEAR_PREPOSITIONS[1:], rf"(?={_S}{_YEAR_CORE})")
    add(voc.words["cues"], rf"(?={_S}(?:\d|mi-|mid-|{modifiers}|{months}))")
    add(voc.words["modifiers"] + voc.words["seasons"],
        rf"(?={_S}(?:\d|{months}))")
    add(["mi-", "mid-"], rf"(?={_OS}(?:\d|{months}))")
    add(["début", "debut", "fin"], rf"(?={_S}d['’](?:{months}))")  # « début d'octobre »
    add(voc.words["weekdays"],
        rf"(?=,?{_S}(?:\d|{word_trie(voc.english_words)}))")
    add(voc.month_words + voc.english_words, rf"(?=,?{_S}\d)")
    links = word_trie(["et", "au", "à", "and", "to", "и", "по", "до", "le"])
    digits = (rf"\d(?<![\w.,]\d)(?:\d{{3}}(?!\d)|\d?(?!\d){_ORDINAL}"
              rf"(?=[./-]\d|{_OS},{_S}|{_OS}[–—-]|{_S}(?:{links}|{months})))")
    # Words are matched with the character before them, so that ``re`` only
    # stops at word boundaries (the text is scanned with a space in front).
    words = rf"[^\w](?:{word_trie(tails, tails=tails)})"
    return re.compile(digits), re.compile(words)
