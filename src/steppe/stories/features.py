"""What the story clustering knows of one article: weighted words, linked entities, dates, figures.

Words come from the title and the lead only (the first sentences): that is where outlets state
the event, and bodies drift into background. They are folded (case, accents) and stemmed with
the Snowball stemmer of the article's language, as the search index does for French, and
weighted by rarity in the language (wordfreq's Zipf scale, a fixed table: the same article
always gets the same weights, so a batch re-clustering repeats the online pass exactly).

Entities, dates, amounts and percentages are language-independent: Tokaïev, Tokayev and
Токаев share one KB id, "25 septembre 2025" and "September 25, 2025" one value. They are what
lets an English or Russian report join a French story without translation.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from steppe.textfold import strip_marks
from steppe.model import Annotation, Article
from steppe.stories.days import EPOCH, day_number

LEAD_WORDS = 70  # words of the body read after the title
TITLE_BOOST = 2.0  # a word of the headline counts twice
MAX_ZIPF = 6.0  # a word this frequent (or more) carries no weight
KEY_WORDS = 4  # rarest words of an article that also serve as candidate keys
MIN_KEY_WEIGHT = 2.0  # ... when they are rare enough (Zipf under 4)
_STEMMERS = {"fr": "french", "en": "english", "ru": "russian"}
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_LEAD = re.compile(r"\s*+(?:\S++\s*+){%d}" % (2 * LEAD_WORDS))  # possessive: no backtracking


@dataclass
class Features:
    """One article as the clustering sees it."""

    article_id: str
    lang: str
    day: int
    source: str | None
    title: str
    terms: dict[str, float]  # stem -> tf-idf weight, L2-normalised
    surface: dict[str, str]  # stem -> the word as the article writes it (for explanations)
    entities: dict[str, tuple[str, str]]  # KB id -> (name, type); countries and regions aside
    countries: set[str]
    topics: list[str]
    dates: dict[str, str]  # value (YYYY-MM-DD or YYYY-MM) -> text
    figures: dict[str, str]  # "KZT 5900000000" / "% 25" -> text
    keys: list[int] = field(default_factory=list)
    rare: dict[str, float] = field(default_factory=dict)  # stem -> rarity of its surface word
    timeless: bool = False  # no publication date and no date in the text: time is unknown


def article_day(article: Article, annotation: Annotation | None = None) -> int:
    """Publication day; for an undated article the latest full date its text gives (an event
    is reported days after it happens, not years), else the ingestion day, else today."""
    day = day_number(_padded(article.published))
    if day is not None:
        return day
    values = [d.value for d in (annotation.dates if annotation else []) if d.value]
    mentioned = [day_number(v) for v in values if len(v) == 10] or \
        [day_number(v + "-28") for v in values if len(v) == 7]  # "fin mars": late in the month
    mentioned = [d for d in mentioned if d is not None]
    if mentioned:
        return max(mentioned)
    day = day_number(article.ingested_at)
    return day if day is not None else (datetime.now().date() - EPOCH).days


def _padded(published: str | None) -> str | None:
    if published and len(published) in (4, 7):
        return published + "-01-01"[len(published) - 4:]
    return published


def fold(word: str) -> str:
    """Lower case without accents (Cyrillic keeps its letters; й and ё fold like the index)."""
    if word.isascii():
        return word.lower()
    return strip_marks(word.casefold())


@lru_cache(maxsize=8)
def _stemmer(lang: str) -> Any:
    import Stemmer

    return Stemmer.Stemmer(_STEMMERS.get(lang, "french"))


@lru_cache(maxsize=200_000)
def rarity(word: str, lang: str) -> float:
    """How much a word says about an event: MAX_ZIPF minus its Zipf frequency (0 = filler)."""
    return max(0.0, MAX_ZIPF - zipf(word, lang if lang in _STEMMERS else "fr"))


_PLAIN = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæñíóúа-яё]+")  # words wordfreq keeps whole


def zipf(word: str, lang: str) -> float:
    """wordfreq's ``zipf_frequency`` of a lower-case word. A plain word of Latin or Cyrillic
    letters is its own only token, so its frequency is read straight from the table and
    rounded as wordfreq rounds (tests/stories/test_features.py checks they agree); anything
    else goes through wordfreq's tokenizer, which costs ten times more: the news brings new
    names every day."""
    if not _PLAIN.fullmatch(word):
        from wordfreq import zipf_frequency

        return zipf_frequency(word, lang)
    freq = _frequencies(lang).get(word, 0.0)
    if not freq:
        return 0.0
    freq = round(freq, math.floor(-math.log(freq, 10)) + 3)  # three significant digits
    return round(math.log(freq, 10) + 9, 2)


@lru_cache(maxsize=4)
def _frequencies(lang: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict(lang)


def lead_of(text: str) -> str:
    words = text.split()
    return " ".join(words[:LEAD_WORDS])


def term_weights(title: str, lead: str, lang: str
                 ) -> tuple[dict[str, float], dict[str, str], dict[str, float]]:
    """L2-normalised tf-idf of the stems of title + lead, a surface word for each stem (the
    first written) and that word's rarity (what makes a stem a candidate key)."""
    counts: dict[str, float] = {}
    for word in _WORD.findall(title):
        counts[word] = counts.get(word, 0.0) + TITLE_BOOST
    for word in _WORD.findall(lead):
        counts[word] = counts.get(word, 0.0) + 1.0
    weights: dict[str, float] = {}
    surface: dict[str, str] = {}
    rare: dict[str, float] = {}
    known = _KNOWN.setdefault(lang, {})
    for word, times in counts.items():  # each distinct word once, in order of appearance
        found = known.get(word)
        if found is None:
            if len(known) > 200_000:  # a bound, not a policy: the news repeats its words
                known.clear()
            found = known[word] = _weighed(word, lang)
        idf, key = found
        if idf <= 0.0:
            continue
        weights[key] = weights.get(key, 0.0) + times * idf
        if key not in surface:
            surface[key], rare[key] = word, idf
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {k: w / norm for k, w in weights.items()}, surface, rare


_KNOWN: dict[str, dict[str, tuple[float, str]]] = {}  # lang -> word -> _weighed(word, lang)


def _weighed(word: str, lang: str) -> tuple[float, str]:
    """A word's rarity and folded stem (cached in ``_KNOWN``: the news repeats its words)."""
    lowered = word.casefold()
    return rarity(lowered, lang), _stemmer(lang).stemWord(fold(lowered))


@lru_cache(maxsize=200_000)
def key_hash(kind: str, value: str) -> int:
    """Signed 64-bit posting key of one piece of evidence (fits BIGINT and SQLite INTEGER)."""
    digest = hashlib.blake2b(f"{kind}\x1f{value}".encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def features_of(article: Article, annotation: Annotation | None) -> Features:
    """The clustering's view of an article (an article without annotation has words only)."""
    lang = (annotation.lang if annotation and annotation.lang else article.lang) or "fr"
    title = article.title or ""
    masked_title, masked_text = _masked(article, annotation)
    terms, surface, rare = term_weights(masked_title, lead_of(masked_text), lang)
    feats = Features(article_id=article.id, lang=lang, day=article_day(article, annotation),
                     source=article.source, title=title or lead_of(article.text)[:160],
                     terms=terms, surface=surface, entities={}, countries=set(), topics=[],
                     dates={}, figures={}, rare=rare)
    if annotation is not None:
        _add_annotation(feats, annotation)
    feats.timeless = not article.published and not feats.dates
    feats.keys = evidence_keys(feats)
    return feats


def _masked(article: Article, annotation: Annotation | None) -> tuple[str, str]:
    """Title and text with names, dates and figures blanked out: those are weighed as
    entities, dates and figures, and counting them again as words would let two events that
    share a president look alike. Only the text's lead is read, so only it is rebuilt."""
    title, text = article.title or "", article.text
    if annotation is None:
        return title, text
    cut = _lead_end(text)
    spans: dict[str, list[tuple[int, int]]] = {"title": [], "text": []}
    for e in annotation.entities:
        for m in e.mentions:
            spans.setdefault(m.field, []).append((m.start, m.end))
    for x in (*annotation.dates, *annotation.money, *annotation.percents):
        spans.setdefault(x.field, []).append((x.start, x.end))
    return _blank(title, spans["title"], len(title)), _blank(text, spans["text"], cut)


def _lead_end(text: str) -> int:
    """Where the lead surely ends: after twice its words, however many names are blanked."""
    found = _LEAD.match(text)
    return found.end() if found else len(text)


def _blank(text: str, spans: list[tuple[int, int]], cut: int) -> str:
    """``text[:cut]`` with the spans replaced by as many spaces."""
    if not spans:
        return text[:cut]
    out, at = [], 0
    for start, end in sorted(spans):
        start, end = max(start, at), min(end, cut)
        if start >= cut:
            break
        if end > start:
            out += [text[at:start], " " * (end - start)]
            at = end
    out.append(text[at:cut])
    return "".join(out)


def _add_annotation(feats: Features, annotation: Annotation) -> None:
    for entity in annotation.entities:
        if entity.type in ("person", "organization", "place", "other"):
            feats.entities.setdefault(entity.id, (entity.name, entity.type))
    feats.countries = {c.code for c in annotation.countries}
    feats.topics = [t.id for t in annotation.topics[:2]]
    for d in annotation.dates:
        if d.value and len(d.value) >= 7:  # a bare year says nothing about which event
            feats.dates.setdefault(d.value, d.text)
    for m in annotation.money:
        feats.figures.setdefault(f"{m.currency} {_number(m.amount)}", m.text)
    for p in annotation.percents:
        feats.figures.setdefault(f"% {_number(p.value)}", p.text)


def _number(value: float | int | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else f"{float(value):.6g}"


def evidence_keys(feats: Features) -> list[int]:
    """Posting keys: entities, day/month dates, amounts and the few rarest words."""
    keys = [key_hash("e", eid) for eid in feats.entities]
    keys += [key_hash("d", v) for v in feats.dates]
    keys += [key_hash("f", f) for f in feats.figures if not f.startswith("% ")]
    rare = [(w, t) for t, w in feats.terms.items() if feats.rare.get(t, 0.0) >= MIN_KEY_WEIGHT]
    keys += [key_hash("w", t) for _, t in sorted(rare, reverse=True)[:KEY_WORDS]]
    keys += [key_hash("c", c) for c in feats.countries]  # broad: the newest postings only
    return sorted(set(keys))
