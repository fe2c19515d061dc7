"""The text the parser reads: a sentence window with the words that mislead it replaced by
words of the same length that do not (so every offset of the parse is an offset of the
article). Two kinds, each measured on the dev set: weekdays the parser takes for objects,
and discourse phrases that split an auxiliary from its participle."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from steppe.enrich.doc_state import doc_text
from steppe.enrich.events.sentences import narrator_quotes

_WEEKDAY = re.compile(r"(?<!\w)(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
                      r"(?:\s+(?:soir|matin|après-midi|dernier|prochain))?(?!\w)", re.IGNORECASE)


def parse_input(doc: Doc, w0: int, w1: int) -> str:
    """The window ``[w0, w1)`` as the parser reads it, every offset kept: each weekday
    replaced by an adverb of its length, each discourse phrase between an auxiliary and its
    participle by a plain adverb. The parser takes « a reçu mardi au Kremlin son homologue »
    for a verb and its object (a day); an adverb leaves the object's place to the guest.
    (Full dates filled the same way lost more events than they found on our dev set.)"""
    window = _INSERTED.sub(_plain_adverb, doc_text(doc)[w0:w1])
    window = _ASIDE.sub(_aside_adverb, window)
    for m in narrator_quotes(window):  # « a « catégoriquement rejeté » »: the narrator's verb
        window = f"{window[:m.start(2) - 1]} {m.group(2)} {window[m.end():]}"
    window = _WHILE.sub(lambda m: "Puis en" if m.group()[0] == "T" else "puis en", window)
    return _WEEKDAY.sub(_adverb, window)


# adverbs of a weekday phrase's exact length: padding « hier » with spaces made a whitespace
# token that the parser hung the next words on (« a téléphoné mardi à son homologue »)
_SAME_LENGTH = {4: "hier", 5: "enfin", 6: "encore", 7: "ensuite", 8: "toujours", 9: "hier soir",
                10: "maintenant", 11: "hier matin"}
# a discourse phrase set between the auxiliary and the participle (« a, de son côté, appelé »,
# « a pour sa part relevé ») split the verb for the parser: it reads as a plain adverb of the
# same length instead
_INSERTED = re.compile(r"(?<!\w)(a|ont|avait|avaient|est|sont)((?:\s*,)?\s+(?:de (?:son|leur) "
                       r"côté|pour (?:sa|leur) part|quant à (?:lui|elle|eux)|en revanche|"
                       r"à (?:son|leur) tour|elle aussi|lui aussi|eux aussi|"
                       r"toutefois|cependant|pourtant|néanmoins|par ailleurs|en outre|"
                       r"de nouveau|une nouvelle fois|à nouveau)(?:\s*,)?|\s*,\s*(?:lui|elle|eux)\s*,)(?=\s)")
# the same phrases between commas after a subject (« Le Qatar, quant à lui, s’est engagé »):
# the parser hangs the subject on the comma instead of the verb
_ASIDE = re.compile(r"(?<=\w),\s*(?:de (?:son|leur) côté|pour (?:sa|leur) part|"
                    r"quant à (?:lui|elle|eux|elles)|(?:lui|elle|eux|elles) aussi|"
                    r"à (?:son|leur) tour|en revanche|toutefois|cependant|pourtant|néanmoins|"
                    r"par ailleurs|en outre|de nouveau|lui|elle|eux|elles),(?=\s)")
# « a salué la décision, tout en appelant les autorités à … »: the parser reads « tout en
# appelant » as a fixed phrase and the gerund's object as an oblique of the first verb;
# « puis en appelant » (same length) is read as a conjunct gerund with its object
_WHILE = re.compile(r"(?<!\w)[Tt]out en(?= \w+ant\b)")
_FILLERS = {4: "bien", 5: "aussi", 6: "encore", 7: "ensuite", 8: "toujours", 9: "également",
            10: "clairement", 11: "directement", 12: "certainement", 13: "immédiatement",
            14: "officiellement", 15: "personnellement", 16: "fondamentalement"}


def _plain_adverb(match: re.Match[str]) -> str:
    filler = _FILLERS.get(len(match.group(2)) - 1)
    return f"{match.group(1)} {filler}" if filler else match.group()


def _aside_adverb(match: re.Match[str]) -> str:
    filler = _FILLERS.get(len(match.group()) - 1)
    return f" {filler}" if filler else match.group()


def _adverb(match: re.Match[str]) -> str:
    size = len(match.group())
    return _SAME_LENGTH.get(size) or "hier" + " " * (size - 4)
