"""Extractive story summaries: the one or two sentences of a story's articles that best say
what all of them say, copied whole.

A digest contains no generated text, so a story is summarised by choosing sentences, never by
writing them. The candidates are the first sentences of each member's body (where outlets
state the event; bodies drift into background), cut by ``reports.sentences``. Each becomes a
vector of its words, stemmed and weighted by rarity in the language (wordfreq's fixed table,
as the story clustering weighs words: "le", "a", "président" weigh little, "dissolution" and
"Rogoun" a lot), plus the linked entities it mentions (language-independent: a Russian
sentence about Токаев meets a French one about Tokaïev).

**Centrality across the story** (LexRank's degree centrality, read per article): a sentence's
support is, averaged over the *other* articles of the story, its best cosine with a sentence
of that article. A sentence that every outlet also writes in its own words scores high; one
only its own article holds (background, a detail) scores low, however long. Sentences of the
same article never support each other, so a long article cannot vote for itself. A small lead
bonus breaks ties toward the first sentences (and is all that counts in a one-article story).

The second sentence is taken only when it adds something: not a near-duplicate of the first
(cosine under ``DUPLICATE``: copies of a wire story and paraphrases say the same thing
twice), preferably from
another article, and central enough (at least ``SECOND_SHARE`` of the first's score).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from steppe.model import Annotation, Article
from steppe.reports.sentences import sentence_spans
from steppe.stories.features import fold, rarity

SENTENCES_PER_ARTICLE = 5   # body sentences read per article
MIN_CHARS, MAX_CHARS, MIN_WORDS = 40, 420, 6
ENTITY_WEIGHT = 3.0         # an entity counts like a rare word (Zipf 3)
LEAD_BONUS = 0.15           # first sentence +0.15, second +0.075, …
DUPLICATE = 0.5             # cosine from which two sentences say the same thing (a paraphrase)
SECOND_SHARE = 0.5          # the second sentence's score, at least this share of the first's
SAME_ARTICLE_PENALTY = 0.8  # a second sentence from the first one's article weighs less
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_STEMMERS = {"fr": "french", "en": "english", "ru": "russian"}


@dataclass
class Candidate:
    """One sentence of one article, as the summary weighs it."""

    article_id: str
    lang: str
    start: int
    end: int
    text: str
    position: int                 # 0 = the body's first sentence
    vector: dict[str, float]
    support: float = 0.0
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article_id, "field": "text", "start": self.start,
                "end": self.end, "text": self.text, "position": self.position,
                "support": round(self.support, 4), "score": round(self.score, 4)}


@lru_cache(maxsize=8)
def _stemmer(lang: str) -> Any:
    import Stemmer

    return Stemmer.Stemmer(_STEMMERS.get(lang, "french"))


@lru_cache(maxsize=100_000)
def _term(word: str, lang: str) -> tuple[str, float]:
    lowered = word.casefold()
    return _stemmer(lang).stemWord(fold(lowered)), rarity(lowered, lang)


def sentence_vector(text: str, lang: str, entities: Iterable[str] = ()) -> dict[str, float]:
    """Rarity-weighted stems (and ``E:`` entity ids) of a sentence, L2-normalised."""
    weights: dict[str, float] = {}
    for word in _WORD.findall(text):
        stem, weight = _term(word, lang if lang in _STEMMERS else "fr")
        if weight > 0:
            weights[stem] = weights.get(stem, 0.0) + weight
    for eid in entities:
        weights["E:" + eid] = ENTITY_WEIGHT
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {k: w / norm for k, w in weights.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(k, 0.0) for k, w in a.items())


def candidates(article: Article, annotation: Annotation | None) -> list[Candidate]:
    """The first body sentences of an article that can stand alone in a digest: long enough
    to say something, short enough to read, not the cut-off end of a truncated lead."""
    text = article.text or ""
    lang = (annotation.lang if annotation and annotation.lang else article.lang) or "fr"
    mentions = [(m.start, m.end, e.id) for e in (annotation.entities if annotation else [])
                if e.type not in ("country", "region") for m in e.mentions if m.field == "text"]
    out = []
    for position, (start, end) in enumerate(sentence_spans(text)[:SENTENCES_PER_ARTICLE]):
        piece = text[start:end]
        if not _usable(piece, article.truncated and end >= len(text.rstrip())):
            continue
        inside = {eid for s, e, eid in mentions if start <= s and e <= end}
        out.append(Candidate(article.id, lang, start, end, piece, position,
                             sentence_vector(piece, lang, sorted(inside))))
    return out


def _usable(piece: str, cut_off: bool) -> bool:
    if not MIN_CHARS <= len(piece) <= MAX_CHARS or len(piece.split()) < MIN_WORDS:
        return False
    if cut_off or piece.endswith(("…", "...")):
        return False
    return piece[-1] in ".!?»\"”)" and not piece[0].islower()


def rank(pool: list[Candidate]) -> list[Candidate]:
    """Score every candidate (support across the other articles + lead bonus), best first."""
    by_article: dict[str, list[Candidate]] = {}
    for c in pool:
        by_article.setdefault(c.article_id, []).append(c)
    for c in pool:
        others = [best_match(c, sentences) for aid, sentences in by_article.items()
                  if aid != c.article_id]
        c.support = sum(others) / len(others) if others else 0.0
        c.score = c.support + LEAD_BONUS / (1 + c.position)
    return sorted(pool, key=lambda c: (-c.score, c.position, c.article_id, c.start))


def best_match(c: Candidate, sentences: list[Candidate]) -> float:
    return max((cosine(c.vector, other.vector) for other in sentences), default=0.0)


def summarise(members: list[tuple[Article, Annotation | None]], limit: int = 2,
              prefer_lang: str = "fr") -> list[Candidate]:
    """The ``limit`` (one or two) sentences that best summarise a story's articles, best
    first (two of one article: in its order, so a lead is not read after its sequel);
    French ones when the story has any (the digest is read in French)."""
    pool = [c for article, ann in members for c in candidates(article, ann)]
    preferred = [c for c in pool if c.lang == prefer_lang]
    ranked = rank(preferred or pool)
    chosen: list[Candidate] = []
    for c in ranked:
        if len(chosen) >= limit:
            break
        if not chosen:
            chosen.append(c)
            continue
        first = chosen[0]
        if any(cosine(c.vector, x.vector) >= DUPLICATE or c.text == x.text for x in chosen):
            continue
        weight = c.score * (SAME_ARTICLE_PENALTY if c.article_id == first.article_id else 1.0)
        if weight >= SECOND_SHARE * first.score and (c.support > 0 or len(members) == 1):
            chosen.append(c)
    if len({c.article_id for c in chosen}) == 1:
        chosen.sort(key=lambda c: c.start)   # two sentences of one article: in its order
    return chosen
