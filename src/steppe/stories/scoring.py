"""How well an article fits a story: one score from weighted evidence, with its parts kept.

score = decay(gap) × (w_text·text + w_entities·entities + w_dates·dates + w_figures·figures
                      + w_countries·countries)

* text: cosine of the article's title + lead words with the story's centroid in the same
  language; when the story has no article in that language, the best cosine with its other
  languages' centroids, weighted ``text_cross`` and judged against ``threshold_cross``;
* entities: shared linked entities, each weighted by how specific it is in the window
  (an entity found in many live stories, such as a head of state, counts less), up to
  ``entity_full``;
* dates: a shared day date counts 1, a shared month 0.5; figures: a shared amount 1, a
  shared percentage 0.5 (both capped at 1); countries: Jaccard of the country sets;
* decay: exp(-gap / decay_days), gap being the days between the article and the story's span.
  An article with no date at all (no publication date, none in its text) is compared with
  stories of any time, without decay, against the threshold plus ``timeless_margin``.

The weights are data (``weights.json``), fitted on the development gold set.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Any

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


@dataclass
class Fit:
    """One candidate story's score for an article, and why."""

    story_pk: int
    score: float
    cross: bool
    parts: dict[str, Any] = field(default_factory=dict)

    timeless: bool = False
    words: tuple[Any, ...] | None = None  # what ``explained`` needs to list the shared words

    def explained(self) -> dict[str, Any]:
        """The parts, with the shared words listed: the costly part of a score's explanation,
        so done only for the story an article joins, not for every candidate."""
        if self.parts.get("shared_terms") is None and self.words is not None:
            self.parts["shared_terms"] = _shared_terms(*self.words)
        return self.parts

    def passes(self, w: Weights) -> bool:
        bar = w.threshold_cross if self.cross else w.threshold
        return self.score >= bar + (w.timeless_margin if self.timeless else 0.0) and \
            self.corroborated(w)

    def corroborated(self, w: Weights) -> bool:
        """Something about the event itself, not only who and where: words in common, a
        date, a figure, or two entities. One president and one country make no story."""
        p = self.parts
        return (p["text"] >= w.min_text or p["dates"] > 0 or p["figures"] > 0
                or len(p["shared_entities"]) >= 2)


def specificity(n_stories: int) -> float:
    """1 for evidence only this story has; less the more live stories share it."""
    return 1.0 / (1.0 + math.log(max(1, n_stories)))


def gap_days(feats: Features, story: dict[str, Any]) -> int:
    if feats.day < story["first_day"]:
        return story["first_day"] - feats.day
    return max(0, feats.day - story["last_day"])


def score(feats: Features, story: dict[str, Any], spread: dict[int, int], w: Weights) -> Fit:
    """Score an article against a story; ``spread`` maps evidence keys to live-story counts."""
    prof = story["profile"]
    cross = feats.lang not in prof["terms"]
    text = _cross_text(feats, story) if cross else centrality(story, feats)
    shared = [eid for eid in feats.entities if eid in prof["entities"]]
    ent_weight = sum(specificity(spread.get(key_hash("e", eid), 1)) for eid in shared)
    entities = min(1.0, ent_weight / w.entity_full)
    days = [v for v in feats.dates if v in prof["dates"]]
    dates = min(1.0, sum(1.0 if len(v) == 10 else 0.5 for v in days))
    figs = [f for f in feats.figures if f in prof["figures"]]
    figures = min(1.0, sum(0.5 if f.startswith("% ") else 1.0 for f in figs))
    mine, theirs = feats.countries, set(prof["countries"])
    countries = len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0
    gap = 0 if feats.timeless else gap_days(feats, story)
    decay = math.exp(-gap / w.decay_days)
    total = decay * ((w.text_cross if cross else w.text) * text + w.entities * entities + w.dates * dates
                     + w.figures * figures + w.countries * countries)
    parts = {"text": round(text, 3), "entities": round(entities, 3), "dates": round(dates, 3),
             "figures": round(figures, 3), "countries": round(countries, 3), "gap_days": gap,
             "cross_language": cross,
             "shared_entities": [prof["entities"][e][1] for e in shared][:8],
             "shared_terms": None,  # listed by Fit.explained, for the chosen story only
             "shared_dates": [feats.dates[v] for v in days][:5],
             "shared_figures": [feats.figures[f] for f in figs][:5]}
    return Fit(story_pk=story["pk"], score=round(total, 4), cross=cross, parts=parts,
               timeless=feats.timeless, words=(feats, prof, cross))


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
