"""Topics of a news article: IPTC Media Topics (top level) from weighted cue lexicons.

Why lexicons and not a trained model: there is no labelled corpus of Central Asian news in
French to train on, a lexicon can be read and corrected by an editor, and it lives as data in
``enrich/resources/topics.json`` (DESIGN habit 4) so adding "kourban" to religion needs no code.

How a text is read, and why:

* Words are accent-stripped and lower-cased so that "Élections", "elections" and "élections"
  are one word, as journalists' accents are not reliable in feeds.
* A cue word matches as a prefix ("élect" covers the whole family), unless it is marked
  whole-word or is three letters or fewer ("onu", "gaz"), where prefixes are too greedy.
* At each position the longest cue wins, over all topics. Longer cues are more specific:
  "droits de douane" is economy even though "droit" is justice, "guerre commerciale" is economy
  even though "guerre" is conflict. Neutral cues win a position and score nothing.
* Title words count double: a headline states what the article is about.
* A cue repeated in one article adds less each time, so one repeated word cannot drown the
  rest of the evidence.
* Scores are each topic's share of all evidence, so they sum to at most 1 and the first topic
  is the most central. A small prior for politics reflects that regional news is mostly
  about states and governments; it never creates topics from nothing.
"""

from __future__ import annotations

import json
import re

from steppe.textfold import strip_marks
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Iterator

__all__ = ["TopicHit", "classify_topics", "fold"]

_FOLD_TABLE = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_WORD = re.compile(r"[^\W_]+")
_CUE_WORD = re.compile(r"[^\W_]+=?")
_SHORT = 3  # cue words this short only match whole words
_LANGUAGES = ("fr", "en", "ru")


@dataclass(frozen=True)
class TopicHit:
    """One topic of an article: IPTC id ("medtop:11000000"), French label, share of evidence."""

    id: str
    label: str
    score: float


@dataclass(frozen=True)
class _Cue:
    """A compiled cue: its words, which must match whole, and what it gives to which topic."""

    words: tuple[str, ...]
    exact: tuple[bool, ...]
    weights: tuple[tuple[int, float], ...]

    @property
    def size(self) -> tuple[int, int]:
        """Longest-match order: more words first, then more letters."""
        return len(self.words), sum(map(len, self.words))

    def matches_at(self, words: list[str], i: int) -> bool:
        """Whether the cue's later words match the text from position i (the first already did)."""
        if i + len(self.words) > len(words):
            return False
        return all(
            words[i + j] == w if ex else words[i + j].startswith(w)
            for j, (w, ex) in enumerate(zip(self.words, self.exact))
            if j
        )


@dataclass(frozen=True)
class _Scoring:
    """The tunable numbers, read from the resource so they can be adjusted with the cues."""

    title_weight: float
    repeat_decay: float
    min_evidence: float
    min_share: float
    min_ratio: float
    prior: tuple[tuple[int, float], ...]


@dataclass(frozen=True)
class _Lexicon:
    """Cues of one language set, indexed by their first word for a fast scan."""

    ids: tuple[str, ...]
    labels: tuple[str, ...]
    prefix_heads: dict[str, tuple[_Cue, ...]]
    exact_heads: dict[str, tuple[_Cue, ...]]
    head_lengths: tuple[int, ...]
    scoring: _Scoring
    memo: dict[str, tuple[_Cue, ...]]

    def candidates(self, word: str) -> tuple[_Cue, ...]:
        """Cues whose first word matches ``word``; memoised, since news vocabulary repeats."""
        found = self.memo.get(word)
        if found is None:
            found = self.exact_heads.get(word, ())
            for n in self.head_lengths:
                if n <= len(word):
                    found += self.prefix_heads.get(word[:n], ())
            if len(self.memo) > 200_000:
                self.memo.clear()
            self.memo[word] = found
        return found


def fold(text: str) -> str:
    """Accent-stripped, case-folded text, the form both cues and articles are compared in."""
    return strip_marks(text.translate(_FOLD_TABLE)).casefold()


def _parse_cue(cue: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    tokens = _CUE_WORD.findall(fold(cue))
    words = tuple(t.rstrip("=") for t in tokens)
    exact = tuple(t.endswith("=") or len(t) <= _SHORT for t in tokens)
    return words, exact


@lru_cache(maxsize=1)
def _resource() -> dict:
    text = files("steppe.enrich.resources").joinpath("topics.json").read_text(encoding="utf-8")
    return json.loads(text)


def _collect(data: dict, langs: tuple[str, ...]) -> dict[tuple, dict[int, float]]:
    """Cue key → {topic index: weight}; a cue listed twice keeps its highest weight."""
    table: dict[tuple, dict[int, float]] = {}
    for index, topic in enumerate(data["topics"]):
        for lang in langs:
            for weight, cues in topic["cues"].get(lang, {}).items():
                for cue in cues:
                    slot = table.setdefault(_parse_cue(cue), {})
                    slot[index] = max(slot.get(index, 0.0), float(weight))
    for lang in langs:
        for cue in data["neutral"].get(lang, []):
            table.setdefault(_parse_cue(cue), {})
    return table


def _scoring(data: dict, ids: tuple[str, ...]) -> _Scoring:
    raw = data["scoring"]
    prior = tuple((ids.index(k), float(v)) for k, v in raw.get("prior", {}).items())
    return _Scoring(float(raw["title_weight"]), float(raw["repeat_decay"]),
                    float(raw["min_evidence"]), float(raw["min_share"]),
                    float(raw["min_ratio"]), prior)


@lru_cache(maxsize=8)
def _lexicon(langs: tuple[str, ...]) -> _Lexicon:
    data = _resource()
    ids = tuple(t["id"] for t in data["topics"])
    prefix: dict[str, list[_Cue]] = {}
    exact: dict[str, list[_Cue]] = {}
    for (words, flags), weights in _collect(data, langs).items():
        if not words:
            continue
        cue = _Cue(words, flags, tuple(sorted(weights.items())))
        (exact if flags[0] else prefix).setdefault(words[0], []).append(cue)
    return _Lexicon(
        ids=ids,
        labels=tuple(t["label"]["fr"] for t in data["topics"]),
        prefix_heads={k: tuple(v) for k, v in prefix.items()},
        exact_heads={k: tuple(v) for k, v in exact.items()},
        head_lengths=tuple(sorted({len(k) for k in prefix})),
        scoring=_scoring(data, ids),
        memo={},
    )


def _languages(lang: str | None) -> tuple[str, ...]:
    """Lexicons to read a text with. Russian cues are Cyrillic and never collide with Latin
    words, so they always join in: a Russian quote in a French article still counts."""
    if lang in _LANGUAGES:
        return (lang,) if lang == "ru" else (lang, "ru")
    return _LANGUAGES


def _matches(words: list[str], lexicon: _Lexicon) -> Iterator[_Cue]:
    """The cues read in ``words``, longest first at each position; ties all count."""
    i = 0
    while i < len(words):
        best: list[_Cue] = []
        best_size = (0, 0)
        for cue in lexicon.candidates(words[i]):
            if len(cue.words) > 1 and not cue.matches_at(words, i):
                continue
            if cue.size > best_size:
                best, best_size = [cue], cue.size
            elif cue.size == best_size:
                best.append(cue)
        yield from best
        i += best_size[0] or 1


def _evidence(fields: list[tuple[str, float]], lexicon: _Lexicon) -> list[float]:
    """Weighted evidence per topic; each repeat of a cue is worth less than the one before."""
    raw = [0.0] * len(lexicon.ids)
    seen: dict[_Cue, int] = {}
    decay = lexicon.scoring.repeat_decay
    for text, factor in fields:
        for cue in _matches(_WORD.findall(fold(text)), lexicon):
            repeat = seen.get(cue, 0)
            seen[cue] = repeat + 1
            for topic, weight in cue.weights:
                raw[topic] += weight * factor / (1.0 + decay * repeat)
    return raw


def _rank(raw: list[float], lexicon: _Lexicon, max_topics: int) -> list[TopicHit]:
    """Topics as shares of all evidence, keeping those close enough to the leader to be
    central too; the politics prior is added only once some topic has real evidence."""
    rules = lexicon.scoring
    if max(raw, default=0.0) < rules.min_evidence:
        return []
    for topic, bonus in rules.prior:
        raw[topic] += bonus
    total = sum(raw)
    order = sorted(range(len(raw)), key=lambda t: raw[t], reverse=True)
    top = raw[order[0]]
    return [
        TopicHit(lexicon.ids[t], lexicon.labels[t], round(raw[t] / total, 3))
        for t in order[:max_topics]
        if raw[t] >= rules.min_ratio * top and raw[t] / total >= rules.min_share
    ]


def classify_topics(title: str | None, text: str, lang: str | None = "fr",
                    max_topics: int = 3) -> list[TopicHit]:
    """Up to ``max_topics`` IPTC top-level topics of an article, most central first.

    ``lang`` picks the lexicon ("fr", "en", "ru"; anything else reads with all three).
    Returns [] when the text carries too little evidence for any topic.
    """
    lexicon = _lexicon(_languages(lang))
    fields = [(title or "", lexicon.scoring.title_weight), (text or "", 1.0)]
    return _rank(_evidence(fields, lexicon), lexicon, max_topics)
