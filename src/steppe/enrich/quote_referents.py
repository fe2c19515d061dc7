"""Who a pronoun, a title or a bare surname stands for, once a cue has said that it spoke.

"a-t-il ajouté", "he added", "добавил он", "a précisé ce dernier": a recent speaker or person,
whose surname ending agrees with the pronoun's gender. "a indiqué le ministre", "the president
said", "подчеркнул глава государства": the person last named with that office, the offices and
their wordings in French, English and Russian being data (``resources/quote_titles.json``),
as are the demonyms that keep "le président russe" from naming "le président kazakh X".
"рассказала Сарсенбаева": a surname the entity stage did not link, by its stem.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from importlib.resources import files

from steppe.textfold import strip_marks
from steppe.enrich.quote_context import Context, QuoteHit, SpeakerSpan, carrier
from steppe.enrich.quote_cues import (
    FORMER, GENDER_ENDINGS, INDEFINITE, PRONOUN_GENDER, SUBJECT_NEXT,
)

__all__ = ["anaphor", "antecedent", "by_surname", "described", "inflected", "is_office",
           "from_genitive", "genitive_governed", "nominative", "only_person",
           "opens_with_office"]


def anaphor(pronoun: str = "") -> SpeakerSpan:
    """Marker for "a pronoun spoke"; ``name`` keeps the pronoun's gender ("m", "f" or "")."""
    # the pronoun, wherever it stands in the cue ("avait-elle déclaré", "добавил он")
    gender = next((PRONOUN_GENDER[w] for w in re.findall(r"\w+", pronoun.casefold())
                   if w in PRONOUN_GENDER), "")
    return SpeakerSpan(-1, -1, gender)


def described(ctx: Context, start: int, limit: int, stems: bool = True) -> SpeakerSpan | None:
    """« … », résume l’économiste / a indiqué le chef de l’État / the president said: the
    person last named with that same title, as a word stem ("économiste") or as an office
    (``resources/quote_titles.json``: "chef de l’État" is "président"), written before the name
    ("le président Kassym-Jomart Tokaïev") or in an apposition after it ("X, président du
    Kazakhstan,"); else, for a title with a demonym (le président kazakhstanais), the person
    the knowledge base gives that office and country. ``stems=False`` trusts offices only,
    where the title stands before the verb."""
    clause = re.split(r"[.;:!?\n]", ctx.text[start:limit])[0]
    if INDEFINITE.match(clause) or _institution().match(clause):
        return None  # « … », a déclaré un responsable / le ministère
    heads = {w.casefold()[:5] for w in re.findall(r"\w{5,}", clause)[:3]} if stems else set()
    offices = _offices(clause[:60], within=30, longest=True)
    country = _countries(clause[:60])
    named = list(reversed([s for s in ctx.outside if s.end <= start]))
    former = bool(FORMER.search(clause[:40]))
    for s in named:
        before = re.findall(r"\w{5,}", ctx.text[max(0, s.start - 40):s.start])[-3:]
        written = _written_with(ctx, s)
        if former and not FORMER.search(" ".join([*written, s.role])):
            continue  # l’ancien dirigeant is not the president in office
        if country and (_countries(" ".join(written)) - country
                        or s.country and s.country not in country):
            continue  # le président russe is not "le président kazakh Tokaïev"
        if heads & {w.casefold()[:5] for w in before} or offices & (
                _offices(written[0]) | _offices(written[1], within=20)):
            return s
    return next((s for s in named if country and s.country in country
                 and offices & _offices(s.role) and (not former or FORMER.search(s.role))), None)


def only_person(ctx: Context, start: int, limit: int, before: int) -> SpeakerSpan | None:
    """« … », dit l’institutrice / le cadreur a assuré: a description by a profession, of the
    one person the paragraph names before ``before``; an office ("le ministre", "l’ancien
    dirigeant") may be someone unnamed, so it must be the office the KB gives that person."""
    clause = re.split(r"[.;:!?\n]", ctx.text[start:limit])[0]
    if not re.match(r"\s*(?:le|la|l['’])\s*[a-zà-ÿ]", clause) or _institution().match(clause):
        return None
    paragraph = ctx.text.rfind("\n", 0, before) + 1
    named = ctx.named_between(paragraph, before)
    if not named or len({s.name for s in named}) > 1:
        return None
    offices = _offices(clause[:60], within=30)  # l’ancien dirigeant: the KB must give the office
    return named[-1] if not offices or offices & _offices(named[-1].role) else None


def is_office(words: str) -> bool:
    """Whether ``words`` are a title and nothing else ("Президент", "le Premier ministre")."""
    return 0 < opens_with_office(words) >= len(words.rstrip())


def opens_with_office(words: str) -> int:
    """Length of a title opening ``words`` (after an article), 0 if none: "Le ministre …"."""
    article = re.match(r"\s*(?:(?:le|la|the)\s+|l['’]\s*)?", words, re.I)
    at = article.end()
    for _ in range(2):  # the Kazakh President, the Uzbek foreign minister
        demonym = next((m for _, p in _nationalities() for m in [p.match(words, at)] if m), None)
        if demonym is None:
            break
        at = demonym.end() + len(words[demonym.end():]) - len(words[demonym.end():].lstrip())
    rest = words[at:]
    ends = [m.end() for _, pattern in _office_patterns() for m in [pattern.match(rest)] if m]
    return at + max(ends) if ends else 0


def by_surname(ctx: Context, start: int, limit: int) -> SpeakerSpan | None:
    """«…», — рассказала Сарсенбаева: a bare surname after the verb that the entity stage did not
    link (an inflected form, a surname alone) names the person last mentioned with a surname of
    the same stem (Айгуль Сарсенбаевой)."""
    word = re.match(r"[\s,]*([A-ZА-ЯЁ][\w’'-]{3,})", ctx.text[start:limit])
    if word is None:
        return None
    for s in reversed([s for s in ctx.outside if s.end <= start]):
        if _same_stem(word.group(1), ctx.text[s.start:s.end].split()[-1]):
            return s
    return None


def inflected(a: str, b: str) -> bool:
    """Whether two written names are forms of one (Касым-Жомарта Токаева, Касым-Жомарт Токаев):
    as many words, each the same or of the same stem."""
    words_a, words_b = a.split(), b.split()
    return len(words_a) == len(words_b) and all(
        x == y or all(_same_stem(p, q) for p, q in zip(x.split("-"), y.split("-")))
        for x, y in zip(words_a, words_b))


def nominative(name: str, own: list[str], others: list[str]) -> str:
    """A Russian name the article writes in full only inflected (Алексеем Миллером), when it
    writes the surname alone uninflected (Миллер): the first names put back in the nominative
    by the ending the surname shows (Алексей Миллер), else the surname alone. ``own``: the same
    person's forms; ``others``: every form in the article, trusted for the instrumental only
    (-ом, -ым: masculine), an entity stage giving the inflected form an entity of its own."""
    words = name.split()
    if len(words) < 2:
        return name
    last, cases = words[-1], _ru_cases()
    bases = [n for n in own + [o for o in others if last.endswith(("ом", "ым"))]
             if " " not in n and n != last and last.startswith(n) and _same_stem(n, last)]
    if not bases:
        return name
    base = min(bases, key=len)
    firsts = [_first_name(w, cases.get(last[len(base):], [])) for w in words[:-1]]
    return base if None in firsts else " ".join([*firsts, base])


def genitive_governed(before: str) -> bool:
    """Whether the words before a Russian name put it in the genitive (по словам министра …)."""
    return bool(re.search(rf"(?<!\w)(?:{'|'.join(_ru_cues()['ru_genitive_governors'])})\s+"
                          r"(?:[а-яё-]+\s+){0,4}$", before, re.I))


def from_genitive(name: str) -> str:
    """A Russian name in the genitive back in the nominative (Фарруха Саидзоды -> Фаррух
    Саидзода, Динары Сеитовой -> Динара Сеитова): the surname's ending tells the gender (a
    genitive -ова is a man's), and a man's bare "-а" only counts if a first name shows the case
    too. Unchanged if no ending fits."""
    words = name.split()
    if len(words) < 2 or not re.search("[а-яё]", name):
        return name
    rules, last = _ru_cues()["ru_genitive"], words[-1]
    for gender in ("f", "m"):
        for ending, replacement in rules[gender]["surname"]:
            if last.endswith(ending) and len(last) > len(ending) + 2:
                firsts = [_first_name(w, rules[gender]["first"]) for w in words[:-1]]
                if ending == "а" and None in firsts:
                    return name
                return " ".join([*(f or w for f, w in zip(firsts, words)),
                                 last[:len(last) - len(ending)] + replacement])
    return name


def _first_name(word: str, endings: list[list[str]]) -> str | None:
    """A first name back in the nominative (Касым-Жомарта -> Касым-Жомарт), None if its
    ending does not show the case."""
    head, _, tail = word.rpartition("-")
    for ending, nominative_ending in endings:
        if tail.endswith(ending) and len(tail) > len(ending) + 2:
            return f"{head}-" * bool(head) + tail[:len(tail) - len(ending)] + nominative_ending
    return None


@lru_cache(maxsize=1)
def _ru_cues() -> dict:
    return json.loads(files("steppe.enrich.resources").joinpath("quote_cues.json")
                      .read_text(encoding="utf-8"))


def _ru_cases() -> dict[str, list[list[str]]]:
    return _ru_cues()["ru_cases"]


def _same_stem(a: str, b: str) -> bool:
    """Two forms of one surname: all but an inflection of up to three letters in common."""
    a, b = _fold(a), _fold(b)
    common = len(os.path.commonprefix([a, b]))
    return common >= 5 and common >= max(len(a), len(b)) - 3


def _fold(word: str) -> str:
    return strip_marks(word.casefold())


@lru_cache(maxsize=1)
def _titles() -> dict:
    return json.loads(files("steppe.enrich.resources").joinpath("quote_titles.json")
                      .read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _institution() -> re.Pattern[str]:
    """An institution opening a clause ("le ministère", "the ministry", "пресс-служба")."""
    forms = "|".join(_titles()["institutions"])
    return re.compile(rf"\s*(?:(?:le|la|the)\s+|l['’]\s*)?(?:{forms})(?!\w)", re.I)


@lru_cache(maxsize=1)
def _office_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((office, re.compile(rf"(?<!\w)(?:{'|'.join(forms)})(?!\w)", re.I))
                 for office, forms in _titles()["groups"].items())


def _offices(words: str, within: int = 60, longest: bool = False) -> set[str]:
    """The offices of the first title in ``words`` starting in its first ``within`` characters;
    ``longest`` keeps only the most specific (« président du Sénat », not « président »)."""
    found = [(m.start(), -len(m.group()), office) for office, pattern in _office_patterns()
             for m in pattern.finditer(words) if m.start() <= within]
    if not found:
        return set()
    first = min(found)
    return {o for at, size, o in found if at == first[0] and (size == first[1] or not longest)}


def _written_with(ctx: Context, person: SpeakerSpan) -> tuple[str, str]:
    """What is written with a mention: its noun phrase before it, back to the previous name
    ("le ministre des Affaires étrangères, X"), and an apposition after it ("X, président du
    Kazakhstan,")."""
    start = max([person.start - 60] + [s.end for s in ctx.everyone if s.end <= person.start])
    before = ctx.text[max(0, start):person.start].rstrip(", \u00a0")
    before = re.split(r"[.;:!?\n«»“”\",]", before)[-1]
    after = re.match(r"\s*,\s*([^,.;:!?«»“”\"\n]{2,80})", ctx.text[person.end:person.end + 90])
    if after and any(person.end < s.start < person.end + after.end() for s in ctx.everyone):
        after = None  # X, le président Y a promis: Y's title, not an apposition to X
    # a title the entity stage took into the mention ("président Xi") is written with it too
    return f"{before} {ctx.text[person.start:person.end]}", after.group(1) if after else ""


def _countries(words: str) -> set[str]:
    """Countries whose demonym ``words`` use (kazakh, russe, узбекский)."""
    return {code for code, pattern in _nationalities() if pattern.search(words)}


@lru_cache(maxsize=1)
def _nationalities() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((code, re.compile(rf"(?<!\w)(?:{'|'.join(forms)})(?!\w)", re.I))
                 for code, forms in _titles()["nationalities"].items())


def _name_gender(name: str) -> str:
    """Gender that the region's surnames show (-ova/-eva: "f", -ov/-ev: "m"), else ""."""
    last = (_fold(name).split() or [""])[-1]
    return next((g for g, ending in GENDER_ENDINGS if ending.search(last)), "")


def antecedent(ctx: Context, open_: int, hits: list[QuoteHit], gender: str) -> SpeakerSpan | None:
    """Who "il"/"she"/"он" is: the previous quote's speaker when it is recent, unless a person
    opens a sentence in between; else the nearest person named in this or the last sentence,
    a subject rather than an object ("X a reçu Y. Il a dit"); else, up to four sentences back,
    the last speaker or person named. Surname endings must agree with the pronoun's gender."""
    def agrees(name: str) -> bool:
        return not gender or _name_gender(name) in ("", gender)

    recent = [s for s in ctx.named_between(ctx.sentence_start(open_, back=1), open_)
              if agrees(s.name)]
    last = hits[-1] if hits and agrees(hits[-1].speaker) else None
    if last is not None and last.end >= ctx.sentence_start(open_, back=2):
        openers = [s for s in recent if s.start > last.end
                   and s.start - ctx.sentence_start(s.start) <= 30]
        return openers[-1] if openers else carrier(last)
    subjects = [s for s in recent if SUBJECT_NEXT.match(ctx.text, s.end)]
    if subjects or recent:
        return (subjects or recent)[-1]
    window = ctx.sentence_start(open_, back=4)
    if last is not None and last.end >= window:
        return carrier(last)
    earlier = [s for s in ctx.named_between(window, open_) if agrees(s.name)]
    return earlier[-1] if earlier else None
