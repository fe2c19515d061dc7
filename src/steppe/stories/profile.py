"""A story's running summary: what its articles say, kept small enough to load per candidate.

The profile is a plain dict stored as JSON in the ``stories`` row: summed word vectors per
language (the centroid, pruned to the strongest words), counts of entities, countries, topics,
dates and figures with a display text, languages and outlets. Adding an article or merging two
stories only adds counts, so both are cheap and order-independent in what they keep.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

from steppe.stories.features import Features

MAX_TERMS = 120  # strongest words kept per language in the centroid
MAX_ITEMS = 60  # entities / dates / figures kept per story


def story_id_for(article_id: str) -> str:
    """A story's stable id, from its founding article (a rebuild gives the same ids)."""
    return "s" + hashlib.blake2b(article_id.encode("utf-8"), digest_size=6).hexdigest()


def empty_profile() -> dict[str, Any]:
    return {"terms": {}, "entities": {}, "countries": {}, "topics": {}, "dates": {},
            "figures": {}, "langs": {}, "sources": {}}


def new_story(pk: int, feats: Features, seq: int) -> dict[str, Any]:
    return {"pk": pk, "id": story_id_for(feats.article_id), "merged_into": None,
            "label_id": feats.article_id, "label": feats.title, "label_score": 0.0,
            "size": 0, "sources": 0, "first_day": feats.day, "last_day": feats.day,
            "founded_seq": seq, "profile": dict(empty_profile(), timeless=feats.timeless)}


def _bump(table: dict[str, Any], key: str, text: str | None = None, by: int = 1) -> None:
    if text is None:
        table[key] = table.get(key, 0) + by
    else:
        entry = table.setdefault(key, [0, text])
        entry[0] += by


def _prune(table: dict[str, Any], limit: int) -> None:
    """Keep the ``limit`` heaviest entries, heaviest first, ties by key (sorting plain
    tuples: this runs on every article a big story takes in)."""
    if len(table) > limit:
        ranked = sorted((-(v[0] if isinstance(v, list) else v), k) for k, v in table.items())
        keep = [(k, table[k]) for _, k in ranked[:limit]]
        table.clear()
        table.update(keep)


def add_article(story: dict[str, Any], feats: Features) -> None:
    """Count one more article into a story's row and profile."""
    story.pop("_norms", None)
    prof = story["profile"]
    terms = prof["terms"].setdefault(feats.lang, {})
    for term, weight in feats.terms.items():
        terms[term] = round(terms.get(term, 0.0) + weight, 5)
    _prune(terms, MAX_TERMS)
    for eid, (name, kind) in feats.entities.items():
        entry = prof["entities"].setdefault(eid, [0, name, kind])
        entry[0] += 1
    for code in feats.countries:
        _bump(prof["countries"], code)
    for code in feats.topics:
        _bump(prof["topics"], code)
    for value, text in feats.dates.items():
        _bump(prof["dates"], value, text)
    for key, text in feats.figures.items():
        _bump(prof["figures"], key, text)
    _bump(prof["langs"], feats.lang)
    _bump(prof["sources"], feats.source or "-")
    for name in ("entities", "dates", "figures"):
        _prune(prof[name], MAX_ITEMS)
    story["size"] += 1
    story["sources"] = len(prof["sources"])
    if prof.get("timeless") and not feats.timeless:  # the first dated report dates the story
        prof["timeless"] = False
        story["first_day"] = story["last_day"] = feats.day
    story["first_day"] = min(story["first_day"], feats.day)
    story["last_day"] = max(story["last_day"], feats.day)


def absorb(into: dict[str, Any], other: dict[str, Any]) -> None:
    """Merge ``other`` (a younger story) into ``into``; ``other`` then redirects."""
    into.pop("_norms", None)
    a, b = into["profile"], other["profile"]
    for lang, terms in b["terms"].items():
        mine = a["terms"].setdefault(lang, {})
        for term, weight in terms.items():
            mine[term] = round(mine.get(term, 0.0) + weight, 5)
        _prune(mine, MAX_TERMS)
    for eid, (count, name, kind) in b["entities"].items():
        a["entities"].setdefault(eid, [0, name, kind])[0] += count
    for table in ("countries", "topics", "langs", "sources"):
        for key, count in b[table].items():
            _bump(a[table], key, by=count)
    for table in ("dates", "figures"):
        for key, (count, text) in b[table].items():
            _bump(a[table], key, text, by=count)
    for name in ("entities", "dates", "figures"):
        _prune(a[name], MAX_ITEMS)
    into["size"] += other["size"]
    into["sources"] = len(a["sources"])
    into["first_day"] = min(into["first_day"], other["first_day"])
    into["last_day"] = max(into["last_day"], other["last_day"])
    if other["label_score"] > into["label_score"]:
        into.update(label_id=other["label_id"], label=other["label"],
                    label_score=other["label_score"])
        a["label_lang"] = b.get("label_lang")
    other["merged_into"] = into["pk"]


def centroid_norm(story: dict[str, Any], lang: str) -> float:
    """Length of a story's centroid in one language, kept on the story (under ``_norms``, never
    saved) until its words change: an article is scored against dozens of candidates."""
    norms = story.setdefault("_norms", {})
    if lang not in norms:
        terms = story["profile"]["terms"].get(lang) or {}
        norms[lang] = math.sqrt(sum(w * w for w in terms.values()))
    return norms[lang]


def cosine(feats: Features, terms: dict[str, float], norm: float) -> float:
    """The article's words against a centroid (words it lacks add exactly 0, so are skipped)."""
    if not norm:
        return 0.0
    return sum([w * terms[t] for t, w in feats.terms.items() if t in terms]) / norm


def centrality(story: dict[str, Any], feats: Features) -> float:
    """Cosine of an article's words with its story's centroid in its language."""
    terms = story["profile"]["terms"].get(feats.lang) or {}
    return cosine(feats, terms, centroid_norm(story, feats.lang))


def tags_of(story: dict[str, Any]) -> set[str]:
    """Filter tags: every country and topic, and entities seen in at least one article."""
    prof = story["profile"]
    out = {f"country:{c}" for c in prof["countries"]}
    out |= {f"topic:{t}" for t in prof["topics"]}
    out |= {f"entity:{e}" for e in prof["entities"]}
    return out
