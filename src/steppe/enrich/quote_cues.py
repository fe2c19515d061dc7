"""The words around a quotation that tell who speaks: saying verbs, sources, pronouns, titles of
works, clause breaks, compiled once.

The lexicons (saying verbs in French, English and Russian, "selon"-like sources, participles,
the nouns that announce a title rather than speech) are data, in ``resources/quote_cues.json``,
so adding a verb needs no code (DESIGN habit 4); the grammar that strings them together (an
auxiliary, adverbs, an inverted pronoun) stays here, because it is the same in every sentence.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.resources import files


@lru_cache(maxsize=1)
def _lexicons() -> dict[str, str]:
    """Each lexicon as one alternation of its regex fragments, in file order."""
    data = json.loads(files("steppe.enrich.resources").joinpath("quote_cues.json")
                      .read_text(encoding="utf-8"))
    return {key: "|".join(value) for key, value in data.items() if isinstance(value, list)}


_LEX = _lexicons()

NO_BREAK = r"[^.;:!?«»“”\"]"

# Saying verbs: French and Russian as stems, English and some French forms as whole words.
SOURCE = _LEX["sources"]
VERB = (rf"(?:\b(?:{_LEX['say_stems_fr']})\w*|\b(?:{_LEX['say_words']})\b"
        rf"|(?<!\w)(?:{_LEX['say_stems_ru']})\w*|(?<!\w)(?:{SOURCE})(?!\w))")
AUX = (r"(?:(?:a|ont|avait|avaient|aurait|auraient|has|had|have|was|is|va|vient\s+d['’]"
       r"|venait\s+d['’])\s+)?")
ADV = (r"(?:(?:encore|ainsi|aussi|également|alors|notamment|enfin|ensuite|déjà|pourtant"
       r"|plus\s+tard|de\s+son\s+côté|pour\s+sa\s+part|quant\s+à\s+(?:lui|elle)|then|also"
       r"|later|further|again|тогда|также|затем|далее|еще|ещё|se)\s+|s['’])*")
LEAD = r"[\s,.;!?…]*[—–-]?\s*"
PRONOUN = r"(?:il|elle|he|she|он|она)"
PARTICIPLE = rf"(?:{_LEX['participles']})"
THAT = r"(?:\bque\b|\bqu['’]|\bthat\b|(?<!\w)что(?!\w))"
RELATIVE_WORD = r"(?:qui|who|which|который|которая|которое|которые)(?!\w)"

AFTER = re.compile(rf"{LEAD}{AUX}{ADV}{VERB}"
                   rf"(?P<pron>(?:-t-|-){PRONOUN}\b|\s+(?:he|she|он|она)\b)?", re.I)
AFTER_PRONOUN = re.compile(rf"{LEAD}(?:(?:a-t-|avait-|aurait-){PRONOUN}\s+{ADV}{VERB}"
                           rf"|{PRONOUN}\s+{AUX}{ADV}{VERB})", re.I)
_WORD = r"[^\s,.;:!?«»“”\"]+"
AFTER_DESCRIBED = re.compile(
    rf"[\s,]*[—–-]?\s*(?P<who>(?:(?:the|le|la)\s+|l['’]\s*){_WORD}(?:\s+{_WORD}){{0,4}}?)"
    rf"\s+{AUX}{ADV}{VERB}", re.I)
# «A, — заявил X на пресс-конференции. — B»: a speech verb set between dashes inside a quotation
# splits it in two; the words between (the verb, its speaker, an institution in quotes) are not
# the speaker's.
INCISE = re.compile(
    rf"(?<=\S)(?P<cut>[,!?…])\s*[—–]\s*{AUX}{ADV}{VERB}"
    rf"(?:[^«»“”\"\n.!?—–]|«[^«»\n]{{0,60}}»){{0,160}}?"
    rf"[.,:]\s*[—–]\s*(?=\S)", re.I)
# », avant d’ajouter : « / », и добавила: « / " and added: ": a second verb of the same speaker
COORDINATED = re.compile(
    rf"\s*,?\s*(?:(?:et|puis|and|then|before|и|а\s+затем|затем)\s+|avant\s+d['’]\s*)"
    rf"{AUX}{ADV}{VERB}"
    rf"\s*(?::\s*[—–-]?|,?\s*{THAT})\s*", re.I)
VERB_NEXT = re.compile(rf"\w*[\s,]*(?:,[^,«»“”\"]{{0,60}},\s*)?{AUX}{ADV}{VERB}", re.I)
VERB_IN = re.compile(VERB, re.I)
# "…," Alonso said / «…», — Миллер сказал: a capitalised word and the verb
SURNAME_SAID = re.compile(rf"{LEAD}[A-ZА-ЯЁ][\w’'-]+\s+{AUX}{ADV}{VERB}")
SAY_AT = re.compile(rf"{AUX}{ADV}{VERB}", re.I)
PRONOUN_SUBJECT = re.compile(
    rf"(?:^|[\s,])(?:{PRONOUN}\s+{AUX}{ADV}{VERB}|{PARTICIPLE})", re.I)
INTRODUCED = re.compile(rf"(?::\s*[—–-]?|{THAT})\s*$|{VERB}{NO_BREAK}*?{THAT}", re.I)
# "Selon lui, « … »" / "According to her, "…"" / "По его словам, «…»": a pronoun as the source.
SOURCE_PRONOUN = re.compile(
    r"(?:(?:selon|d['’]après|pour|according\s+to|for)\s+(?P<fr>lui|elle|him|her)"
    r"|по\s+(?P<ru>его|её|ее)\s+(?:словам|мнению))\s*,\s*$", re.I)
# A sentence opening on a source: "Pour X, …", "Selon X, …", "À ses yeux, …", "По словам X, …".
SOURCE_OPENING = re.compile(
    rf"\s*(?:(?:{SOURCE}|pour|for)\s+|à\s+ses\s+yeux|in\s+(?:his|her)\s+(?:view|words)"
    rf"|по\s+(?:его|её|ее)\s+(?:словам|мнению))", re.I)
# A sentence opening on a pronoun as its source: "Selon lui, …", "À ses yeux, …".
PRONOUN_SOURCE_OPENING = re.compile(
    r"\s*(?:(?:selon|d['’]après|pour|according\s+to|for)\s+(?P<pron>lui|elle|him|her)\b"
    r"|à\s+ses\s+yeux|in\s+(?:his|her)\s+(?:view|words)"
    r"|по\s+(?P<ru>его|её|ее)\s+(?:словам|мнению))(?=\s*,)", re.I)
# "a précisé ce dernier", "raconte cette mère de trois enfants": someone just named (not "ce
# mardi", "this week").
DEMONSTRATIVE = re.compile(
    r"\s*(?P<det>celui-ci|celle-ci|cet|cette|ce|этот|эта|последн(?:ий|яя))\b(?!\s+(?:lundi|mardi"
    r"|mercredi|jeudi|vendredi|samedi|dimanche|matin|soir|week-end|jour|mois|an|année|semaine"
    r"|nuit|fois|midi|après-midi|printemps|été|automne|hiver|year|week|month|раз|день|год)\b)",
    re.I)
SOURCE_BEFORE = re.compile(rf"(?:{SOURCE}|\bpour|\bfor)\s+[^,.;:!?«»“”\"]{{0,50}}$", re.I)
WORK_TITLE = re.compile(rf"(?<!\w)(?:{_LEX['work_title_words']})\s*[:,]?\s*$", re.I)
# A question put to voters is the ballot's words, not those of whoever signed the decree.
BALLOT_CONTEXT = re.compile(rf"(?<!\w)(?:{_LEX['ballot_words']})(?!\w)[^.!?\n«»“”\",]{0,40}$", re.I)
BALLOT_OPENING = re.compile(rf"(?:{_LEX['ballot_openings']})(?!\w)", re.I)
CLAUSE_BREAK = re.compile(rf"[;«»“”\"]|\s(?:et|mais|and|but|и|но|а)\s|(?<!\w){RELATIVE_WORD}",
                          re.I)
# A relative clause still open before the quote, not itself introducing it with a colon or
# "que": "X a répondu aux manifestants qui scandaient « … »" (the words are theirs).
OPEN_RELATIVE = re.compile(rf"(?:,\s*|\s){RELATIVE_WORD}(?![^:]*:\s*[—–-]?\s*$)(?!.*{THAT})",
                           re.I)
# X, conseiller municipal, qui dit …: a relative right after a name (and its apposition) has it
# as its subject
RELATIVE_OF_NAME = re.compile(rf"(?:\s*,[^,.;:!?«»“”\"]{{1,80}})?\s*,\s*{RELATIVE_WORD}\s*")
CLOSED_RELATIVE = re.compile(rf",\s*{RELATIVE_WORD}[^,]*,", re.I)
NOT_SUBJECT = re.compile(rf"(?:\b(?:avec|à|par|contre|entre|et|with|to|by|from|and|с|со|и|к)"
                         rf"\s+(?:\w+\s+){{0,3}}|\b(?:de|du|des|of)\s+|\bd['’]"
                         rf"|,\s*{RELATIVE_WORD}[^,]*)$", re.I)
SUBJECT_NEXT = re.compile(rf"\w*\s*(?:,[^,.;]{{0,60}},\s*)?(?:(?:a|ont|avait|est|était|s['’]|se"
                          rf"|n['’]|ne|has|had|is|was|will|\w+ed|\w+л[аи]?)\b|{AUX}{ADV}{VERB})",
                          re.I)
# A name after these completes a title (le porte-parole de X, пресс-секретарь Токаева): the
# person it names is not the one speaking.
OWNER = re.compile(rf"(?:\b(?:de|du|des|of)\s+|\bd['’]|(?<!\w)(?P<dep>{_LEX['dependents']})\s+)$",
                   re.I)
# "l’ancien dirigeant", "the former president": someone whose office is over (a closed span of
# years in the KB's role, "(1991–2019)")
FORMER = re.compile(rf"(?<!\w)(?:{_LEX['former_words']})|\d{{4}}\s*[–-]\s*\d{{4}}\)", re.I)
ABBREV = re.compile(r"\b(?:M|Mme|Mlle|Dr|Pr|Mr|Mrs|Ms|St|Jr|[A-ZА-Я])\.")
SENTENCE_END = re.compile(r"[.!?…]+[\s\u00a0\u202f]*[»”\"]?\s+(?=[«\"“„\w—–-])|\n+")
WORDS = re.compile(r"\w+(?:[-'’]\w+)*")
QUOTED_NAME = re.compile(r"«[^«»]{0,80}»|“[^“”]{0,80}”|\"[^\"]{0,80}\"")
INDEFINITE = re.compile(r"\s*(?:un|une|des|a|an|one|some|один|одна|одного|одной)\s", re.I)
GENDER_ENDINGS = (
    ("f", re.compile(r"(?:ova|eva|yeva|ina|aya|kyzy|qizi|gyzy|ова|ева|ина|ая|кызы|кизи)$")),
    ("m", re.compile(r"(?:ov|ev|in|iy|uly|uulu|ovich|evich|ов|ев|ин|ий|улы|уулу|ович|евич)$")))
PRONOUN_GENDER = {"il": "m", "he": "m", "он": "m", "elle": "f", "she": "f", "она": "f"}

# A sentence's subject (class: a fragment quoted inside a sentence is its subject's words).
# Before the subject only a title may stand ("Le président kirghiz"), no verb of its own.
SUBJECT_HEAD = re.compile(
    r"\s*(?:(?!(?:a|ont|est|sont|était|avait|avaient|sera|fut|has|have|had|is|are|was|were"
    r"|will|would|said|told)\b)[\w’'-]+\s+){0,6}", re.I)
_HEAD_VERB = re.compile(r"\b(?:[a-z]+ed|[а-яё]+(?:л[аио]?|ет|ют|ит|ят))\b")
# After it: an apposition (", 61 ans,"), a negation, then a lower-case word that is no
# preposition or conjunction: the verb ("veut faire du pays « … »").
PREDICATE = re.compile(
    r"\s*(?:,[^,«»“”\"]{1,80},\s*)?(?:n['’]|ne\s+|не\s+)?(?!(?:et|ou|de|du|des|à|au|aux|en"
    r"|pour|par|avec|sur|dans|and|or|of|in|on|for|with|by|to|at|и|или|в|на|с|по|из|для)\b)"
    r"(?!d['’])[a-zà-ÿа-яё]")
# A pronoun opening the sentence, after an adverbial ("Lundi, il a …"), not an impersonal "il".
PRONOUN_OPENING = re.compile(
    rf"\s*(?:[^,.;:!?«»“”\"\n]{{0,100}},\s*)?(?P<pron>{PRONOUN})\b(?!(?<=il)\s+(?:y\s+a|faut"
    rf"|s['’]agit|est|était|reste|semble|para[iî]t|existe|convient|importe)\b)", re.I)
# After a title opening the sentence: its complements ("ouzbek", "des Affaires étrangères"), an
# apposition, then the verb ("Le ministre ouzbek a exhorté à la « … »").
TITLE_PREDICATE = re.compile(
    r"(?:\s+[\w’'-]+){0,4}?\s*(?:,[^,.;]{0,60},\s*)?\s(?:a|ont|avait|est|était|s['’]|se|n['’]|ne"
    r"|has|had|is|was|will|would|said|told|\w+ed|[а-яё]+л[аи]?)\b", re.I)
# "X est accusé de « … »", "X was jailed for "…"", "X обвинён в «…»": the words are a charge
# against the subject, not the subject's own.
PASSIVE_CHARGE = re.compile(
    r"\b(?:est|sont|a\s+été|ont\s+été|était|étaient|fut|is|are|was|were|been|был[аио]?|были)\s+"
    r"(?:\w+\s+)?(?:condamn|accus|soupçonn|inculp|poursuiv|visé|arrêt|interpell|placé|détenu|jugé"
    r"|sentenced|charged|accused|convicted|indicted|suspected|arrested|detained|jailed|fined"
    r"|обвин|осужд|приговор|подозр|задерж|арест|оштраф)", re.I)
SUBJECT_BREAK = re.compile(
    rf";|\s(?:mais|but|но|а)\s|,\s*(?:tandis|alors|while|whereas|{RELATIVE_WORD})"
    rf"|\s(?:et|and|и)\s+(?:le|la|les|l['’]|un|une|des|the|a|an|[A-ZА-ЯЁ])")


def has_head_verb(head: str) -> bool:
    """Whether the words before a name hold a verb ("Суд приговорил X", "The court fined X")."""
    return bool(_HEAD_VERB.search(head))
