"""How well an article fits a story: one score from weighted evidence, with its parts kept.

score = decay(gap) × (w_text·text + w_entities·entities + w_dates·dates + w_figures·figures
                      + w_countries·countries)

* text: cosine of the article's title + lead words with the story's centroid in the same
  language; when the story has no article in that language, the best cosine with its other
  languages' centroids, weighted ``text_cross`` and judged against ``threshold_cross``;
* entities: shared linked entities, each weighted by how specific it is in the window
  (an entity found in many live stories, such as a head of state, counts less), up to
  ``entity_full``;
* dates: a shared day date counts 1, a shared month 0.5, discounted like entities by how
  many live stories mention it; figures: a shared amount 1, a
  shared percentage 0.5 (both capped at 1); countries: Jaccard of the country sets;
* decay: exp(-gap / decay_days), gap being the days between the article and the story's span.
  An article with no date at all (no publication date, none in its text) is compared with
  stories of any time, without decay, against the threshold plus ``timeless_margin``; so is
  any article with a story founded by such an article and not yet dated.

The weights are data (``weights.json``), fitted on the development gold set.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Any, NamedTuple

from steppe.stories.features import Features, key_hash
from steppe.stories.profile import centrality, centroid_norm, cosine


@dataclass(frozen=True)
class Weights:
    text: float
    text_cross: float
    entities: float
    dates: float
    figures: float
    countries: float
    decay_days: float
    window_days: int
    threshold: float
    threshold_cross: float
    merge_threshold: float
    timeless_margin: float
    min_text: float
    entity_full: float
    postings_per_key: int
    max_candidates: int

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Weights":
        return cls(**{k: v for k, v in data.items() if not k.startswith("_")})


@lru_cache(maxsize=1)
def default_weights() -> Weights:
    raw = files("steppe.stories").joinpath("weights.json").read_text(encoding="utf-8")
    return Weights.from_dict(json.loads(raw))


class Evidence(NamedTuple):
    """What a score was made of, kept to explain it later."""

    feats: Features
    profile: dict[str, Any]
    text: float
    entities: float
    dates: float
    figures: float
    countries: float
    gap: int
    shared: list[str]  # entity ids
    days: list[str]  # date values
    figs: list[str]  # figure keys


@dataclass
class Fit:
    """One candidate story's score for an article, and why (``parts``)."""

    story_pk: int
    score: float
    cross: bool
    timeless: bool = False
    evidence: Evidence | None = None
    _parts: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def parts(self) -> dict[str, Any]:
        """The score's parts and the shared evidence, listed on first use: most candidates
        are scored and dropped without anyone asking why, and listing is half the cost."""
        if self._parts is None:
            self._parts = _parts(self.evidence, self.cross) if self.evidence else {}
        return self._parts

    def passes(self, w: Weights) -> bool:
        bar = w.threshold_cross if self.cross else w.threshold
        return self.score >= bar + (w.timeless_margin if self.timeless else 0.0) and \
            self.corroborated(w)

    def corroborated(self, w: Weights) -> bool:
        """Something about the event itself, not only who and where: words in common, a
        date, a figure, or two entities. One president and one country make no story."""
        e = self.evidence
        if e is None:
            return False
        return (round(e.text, 3) >= w.min_text or e.dates > 0 or e.figures > 0
                or len(e.shared) >= 2)


def specificity(n_stories: int) -> float:
    """1 for evidence only this story has; less the more live stories share it."""
    return 1.0 / (1.0 + math.log(max(1, n_stories)))


_specific = lru_cache(maxsize=4096)(specificity)


def gap_days(feats: Features, story: dict[str, Any]) -> int:
    if feats.day < story["first_day"]:
        return story["first_day"] - feats.day
    return max(0, feats.day - story["last_day"])


def score(feats: Features, story: dict[str, Any], spread: dict[int, int], w: Weights) -> Fit:
    """Score an article against a story; ``spread`` maps evidence keys to live-story counts."""
    prof = story["profile"]
    cross = feats.lang not in prof["terms"]
    text = _cross_text(feats, story) if cross else centrality(story, feats)
    theirs = prof["entities"]
    shared = [eid for eid in feats.entities if eid in theirs]
    ent_weight = sum(_specific(spread.get(key_hash("e", eid), 1)) for eid in shared) \
        if shared else 0.0
    entities = min(1.0, ent_weight / w.entity_full)
    theirs = prof["dates"]
    days = [v for v in feats.dates if v in theirs]
    # a date many live stories mention (a busy news day) says less, as a common entity does
    dates = min(1.0, sum((1.0 if len(v) == 10 else 0.5)
                         * _specific(spread.get(key_hash("d", v), 1)) for v in days)) \
        if days else 0.0
    theirs = prof["figures"]
    figs = [f for f in feats.figures if f in theirs]
    figures = min(1.0, sum(0.5 if f.startswith("% ") else 1.0 for f in figs)) if figs else 0.0
    theirs = prof["countries"]  # Jaccard, counted without building sets (big stories)
    both = len([c for c in feats.countries if c in theirs])
    either = len(feats.countries) + len(theirs) - both
    countries = both / either if either else 0.0
    undated = feats.timeless or bool(prof.get("timeless"))
    gap = 0 if undated else gap_days(feats, story)
    decay = math.exp(-gap / w.decay_days)
    total = decay * ((w.text_cross if cross else w.text) * text + w.entities * entities + w.dates * dates
                     + w.figures * figures + w.countries * countries)
    evidence = Evidence(feats, prof, text, entities, dates, figures, countries, gap, shared,
                        days, figs)
    return Fit(story_pk=story["pk"], score=round(total, 4), cross=cross,
               timeless=undated, evidence=evidence)


def _parts(e: Evidence, cross: bool) -> dict[str, Any]:
    prof, feats = e.profile, e.feats
    return {"text": round(e.text, 3), "entities": round(e.entities, 3),
            "dates": round(e.dates, 3), "figures": round(e.figures, 3),
            "countries": round(e.countries, 3), "gap_days": e.gap, "cross_language": cross,
            "shared_entities": [prof["entities"][x][1] for x in e.shared][:8],
            "shared_terms": _shared_terms(feats, prof, cross),
            "shared_dates": [feats.dates[v] for v in e.days][:5],
            "shared_figures": [feats.figures[f] for f in e.figs][:5]}


def _cross_text(feats: Features, story: dict[str, Any]) -> float:
    """Word overlap with the story's other languages: only names of things no KB links
    (TAPI, KHNP, Serhetabat) survive across Latin-script languages, and they are telling."""
    best = 0.0
    for lang, terms in story["profile"]["terms"].items():
        norm = centroid_norm(story, lang)
        if norm:
            best = max(best, cosine(feats, terms, norm))
    return best


def _shared_terms(feats: Features, prof: dict[str, Any], cross: bool) -> list[str]:
    terms = {t: w for lang_terms in prof["terms"].values() for t, w in lang_terms.items()} \
        if cross else prof["terms"][feats.lang]
    common = sorted(((feats.terms[t] * terms[t], t) for t in feats.terms if t in terms),
                    reverse=True)
    return [feats.surface[t] for _, t in common[:6]]
