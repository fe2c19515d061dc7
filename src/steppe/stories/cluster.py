"""Online story clustering: each new article joins the best matching live story or starts one.

The clustering follows the store's change sequence, as the search index does: ``cluster_new``
reads the changes after its cursor, in order, and assigns each article once. Ingest, watch and
workers call it after they write, inside a store transaction (on PostgreSQL the writers' lock),
so two processes never cluster at the same time; the cursor moves in the same transaction as
the memberships, so a crash loses nothing and repeats nothing. A rebuild clears the stories and
replays the same sequence with the same code, so it gives the online result.

Candidates come from postings (``story_keys``): the article's entity, date, amount and rare-word
keys, looked up within ±window days. The articles of the batch in hand are kept in an overlay
of the postings, merged with the stored ones exactly as if they had been written already, so a
result never depends on batch boundaries.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections import Counter
from typing import Any, Callable, Iterable, Mapping

from steppe.model import Annotation, Article
from steppe.store.base import Store
from steppe.stories.cache import StoryCache, cache_for
from steppe.stories.days import parse_since
from steppe.stories.features import Features, features_of
from steppe.stories.profile import absorb, add_article, centrality, new_story, tags_of
from steppe.stories.scoring import Fit, Weights, default_weights, score

BATCH = 1000  # changes read per round
UNDATED = -1_000_000  # posting day of an article with no date at all
_TOP = 1 << 62  # above every story pk, for bisecting (day, pk) pairs
Tick = Callable[[int], None]
Pair = tuple[Article, Annotation | None]


class _Batch:
    """State of one clustering round: stories touched, rows to write, postings not yet stored."""

    def __init__(self, store: Store, weights: Weights, cache: StoryCache | None = None) -> None:
        self.store, self.w, self.cache = store, weights, cache
        self.stories: dict[int, dict[str, Any]] = {}
        self.dirty: set[int] = set()
        self.overlay: dict[int, list[tuple[int, int]]] = {}  # key -> sorted [(day, pk)]
        self.members: list[list[Any]] = []
        self.keys: list[tuple[int, int, int]] = []
        self.tags: set[tuple[str, int]] = set()
        self.merges: list[tuple[int, int]] = []
        self.next_pk = store.next_story_pk()
        self.stored: dict[tuple[int, int, int | None], dict[int, list[tuple[int, int]]]] = {}
        self.asked: dict[tuple[int, int, int | None], set[int]] = {}

    # -- reading ---------------------------------------------------------------------------
    def load(self, pks: list[int]) -> None:
        """Bring stories into the batch: from the process's cache, else from the store."""
        missing = pks
        if self.cache is not None:
            found, missing = self.cache.get(pks)
            self.stories.update(found)
        if missing:
            loaded = self.store.load_stories(missing)
            self.stories.update(loaded)
            if self.cache is not None:
                self.cache.put(loaded)

    def story(self, pk: int) -> dict[str, Any]:
        """The live story behind a pk (merged ones redirect), loaded once per batch."""
        for _ in range(64):
            if pk not in self.stories:
                self.load([pk])
            story = self.stories[pk]
            if story["merged_into"] is None:
                return story
            pk = story["merged_into"]
        raise RuntimeError(f"boucle de renvois entre histoires à {pk}")  # pragma: no cover - invariant

    def window(self, feats: Features) -> tuple[int, int, int | None]:
        """The days an article's candidates come from: ±window around its day, plus the
        stories of undated reports (they wait outside time for a dated one); an article of
        no date at all looks at any time, and the evidence alone decides against a higher bar."""
        if feats.timeless:
            return -10**7, 10**7, None
        return feats.day - self.w.window_days, feats.day + self.w.window_days, UNDATED

    def prefetch(self, batch: list[Features]) -> None:
        """Read the round's stored postings in one look-up per distinct window (articles of a
        round share their days and most of their keys) and the stories they name, before any
        article is assigned: stored rows cannot change during a round (the round's own
        postings live in the overlay), so each article still sees exactly what it would
        have seen alone."""
        wanted: dict[tuple[int, int, int | None], set[int]] = {}
        for feats in batch:
            wanted.setdefault(self.window(feats), set()).update(feats.keys)
        for window, keys in wanted.items():
            self._ask(window, sorted(keys))
        pks = {pk for found in self.stored.values() for rows in found.values()
               for _, pk in rows if pk not in self.stories}
        if pks:
            self.load(sorted(pks))

    def _ask(self, window: tuple[int, int, int | None], keys: list[int]) -> None:
        lo, hi, also = window
        found = self.store.story_postings(keys, lo, hi, self.w.postings_per_key, also)
        self.stored.setdefault(window, {}).update(found)
        self.asked.setdefault(window, set()).update(keys)

    def postings(self, feats: Features) -> dict[int, list[tuple[int, int]]]:
        window = lo, hi, also = self.window(feats)
        limit = self.w.postings_per_key
        asked = self.asked.get(window, ())
        missing = [key for key in feats.keys if key not in asked]
        if missing:  # not prefetched: ask now
            self._ask(window, missing)
        stored = self.stored[window] if window in self.stored else {}
        out = {}
        for key in feats.keys:
            rows = stored.get(key, [])
            pending = self.overlay.get(key)
            if pending:
                rows = rows + _latest(pending, lo, hi, limit)
                if also is not None:
                    rows += _latest(pending, also, also, limit)
            if rows:
                out[key] = sorted(set(rows), reverse=True)[:limit]
        return out

    def candidates(self, feats: Features) -> tuple[list[dict[str, Any]], dict[int, int]]:
        postings = self.postings(feats)
        stories = self.stories
        missing = {pk for rows in postings.values() for _, pk in rows if pk not in stories}
        if missing:
            self.load(sorted(missing))
        hits: Counter[int] = Counter()
        spread: dict[int, int] = {}
        for key, rows in postings.items():
            # a live story is its own pk; only merged ones need following (self.story)
            live = {pk if stories[pk]["merged_into"] is None else self.story(pk)["pk"]
                    for _, pk in rows}
            spread[key] = len(live)
            hits.update(live)
        ranked = sorted((-n, -pk) for pk, n in hits.items())[:self.w.max_candidates]
        return [stories[-pk] for _, pk in ranked], spread

    # -- deciding --------------------------------------------------------------------------
    def assign(self, feats: Features, seq: int, root: int | None) -> None:
        if root is not None:
            story = self.story(root)
            self.join(story, feats, seq, 1.0, {"near_duplicate": True})
            return
        stories, spread = self.candidates(feats)
        fits = sorted((score(feats, s, spread, self.w) for s in stories),
                      key=lambda f: (-f.score, f.story_pk))
        passing = [f for f in fits if f.passes(self.w)]
        if not passing:
            self.found(feats, seq, fits[0] if fits else None)
            return
        best = passing[0]
        why = dict(best.parts, score=best.score)  # listed before merges change the profile
        story = self.stories[best.story_pk]
        merged = []
        for other in passing[1:]:
            if best.score >= self.w.merge_threshold and other.score >= self.w.merge_threshold:
                story = self.merge(story, self.stories[other.story_pk])
                merged.append(other.story_pk)
        if merged:
            why["merged"] = [self.stories[pk]["id"] for pk in merged]
        self.join(story, feats, seq, best.score, why)

    def found(self, feats: Features, seq: int, nearest: Fit | None) -> None:
        story = new_story(self.next_pk, feats, seq)
        self.next_pk += 1
        self.stories[story["pk"]] = story
        why: dict[str, Any] = {"founded": True}
        if nearest is not None:
            why["nearest"] = {"story": self.stories[nearest.story_pk]["id"],
                              "score": nearest.score}
        self.join(story, feats, seq, None, why)

    def join(self, story: dict[str, Any], feats: Features, seq: int, fit: float | None,
             why: dict[str, Any]) -> None:
        if feats.timeless and story["size"]:
            feats.day = story["last_day"]  # an article of unknown date does not stretch a story
        close = centrality(story, feats) if story["size"] else 0.0
        add_article(story, feats)
        self._relabel(story, feats, close)
        pk = story["pk"]
        self.dirty.add(pk)
        self.members.append([feats.article_id, pk, fit, round(close, 4), feats.day, seq,
                             json.dumps(why, ensure_ascii=False, separators=(",", ":"))])
        day = UNDATED if feats.timeless else feats.day
        for key in feats.keys:
            pending = self.overlay.setdefault(key, [])
            at = bisect_left(pending, (day, pk))
            if at == len(pending) or pending[at] != (day, pk):
                pending.insert(at, (day, pk))
            self.keys.append((key, day, pk))
        self.tags.update((tag, pk) for tag in _article_tags(feats))

    @staticmethod
    def _relabel(story: dict[str, Any], feats: Features, close: float) -> None:
        """The label is the headline of the most central article (closest to the story when
        it joined; the founder counts as close as its first match), French ones first."""
        prof = story["profile"]
        close = round(close, 4)
        if story["size"] == 1:
            story.update(label_id=feats.article_id, label=feats.title, label_score=0.0)
            prof["label_lang"] = feats.lang
            return
        if story["size"] == 2:
            story["label_score"] = close
        mine = (feats.lang == "fr", close)
        theirs = (prof.get("label_lang") == "fr", story["label_score"])
        if feats.title and mine > theirs:
            story.update(label_id=feats.article_id, label=feats.title, label_score=close)
            prof["label_lang"] = feats.lang

    def merge(self, a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
        """Merge the younger story into the older; the younger id redirects."""
        older, younger = (a, b) if a["founded_seq"] <= b["founded_seq"] else (b, a)
        absorb(older, younger)
        self.dirty.update((older["pk"], younger["pk"]))
        self.merges.append((younger["pk"], older["pk"]))
        self.tags.update((tag, older["pk"]) for tag in tags_of(older))
        return older

    # -- writing ---------------------------------------------------------------------------
    def flush(self) -> None:
        live = {pk: self.story(pk)["pk"] for pk in list(self.stories)}
        for member in self.members:
            member[1] = live.get(member[1], member[1])
        tags = {(tag, live.get(pk, pk)) for tag, pk in self.tags}
        self.store.save_story_batch([self.stories[pk] for pk in sorted(self.dirty)],
                                    [tuple(m) for m in self.members], self.keys,
                                    sorted(tags), self.merges)
        if self.cache is not None:
            self.cache.commit(self.store, self.stories)


def _latest(pending: list[tuple[int, int]], lo: int, hi: int,
            limit: int) -> list[tuple[int, int]]:
    """The latest ``limit`` pairs of a sorted overlay list with lo <= day <= hi."""
    end = bisect_right(pending, (hi, _TOP))
    start = max(bisect_left(pending, (lo, -_TOP)), end - limit)
    return pending[start:end]


def _article_tags(feats: Features) -> set[str]:
    out = {f"country:{c}" for c in feats.countries}
    out |= {f"topic:{t}" for t in feats.topics}
    out |= {f"entity:{e}" for e in feats.entities}
    return out


def cluster_new(store: Store, weights: Weights | None = None, tick: Tick | None = None,
                batch: int = BATCH, fresh: Mapping[str, Pair] | None = None) -> int:
    """Cluster every article written since the last call; returns how many were assigned.

    Each round of ``batch`` changes commits with the cursor (joining the caller's transaction
    when there is one). Articles still waiting for their annotation are left for the change
    that brings it. ``fresh`` holds articles the caller has just written exactly as they are
    stored (``written``): those are not read back.
    """
    w = weights or default_weights()
    done = 0
    while store.story_cursor() < store.last_seq():
        with store.transaction():
            cursor = store.story_cursor()
            changes = store.changes_since(cursor, limit=batch)
            if not changes:
                break
            done += _cluster_changes(store, changes, w, fresh)
            store.set_story_cursor(changes[-1][0])
        if tick:
            tick(done)
    return done


def written(pairs: Iterable[Pair], outcomes: Iterable[str]) -> dict[str, Pair]:
    """The articles a ``put_articles`` call stored exactly as given: the new ones with their
    ingestion time set (an update may keep what was stored; the store stamps an article that
    has no time), which ``cluster_new(fresh=…)`` then uses without reading them back."""
    return {article.id: (article, annotation)
            for (article, annotation), outcome in zip(pairs, outcomes)
            if outcome == "new" and article.ingested_at}


def _cluster_changes(store: Store, changes: list[tuple[int, str, str]], w: Weights,
                     fresh: Mapping[str, Pair] | None = None) -> int:
    order: dict[str, int] = {}
    for seq, article_id, _ in changes:
        order.setdefault(article_id, seq)
    ids = list(order)
    fresh = fresh or {}
    articles = store.get_articles([aid for aid in ids if aid not in fresh])
    articles.update((aid, fresh[aid]) for aid in ids if aid in fresh)
    todo = [aid for aid in ids if aid in articles and articles[aid][1] is not None]
    if not todo:
        return 0
    done = store.clustered_ids(todo)
    todo = [aid for aid in todo if aid not in done]
    roots = store.near_duplicate_roots(todo)
    root_pks = store.member_story_pks(list(set(roots.values())))
    cache = cache_for(store)
    cache.begin(store)
    state = _Batch(store, w, cache)
    assigned: dict[str, int] = {}
    batch = [features_of(*articles[aid]) for aid in todo]
    state.prefetch([feats for aid, feats in zip(todo, batch) if aid not in roots])
    for aid, feats in zip(todo, batch):
        root = roots.get(aid)
        root_pk = assigned.get(root) if root else None
        if root and root_pk is None:
            root_pk = root_pks.get(root)
        state.assign(feats, order[aid], root_pk)
        assigned[aid] = state.members[-1][1]
    state.flush()
    return len(todo)


def assign_features(store: Store, items: list[tuple[Article, Annotation]], seq0: int,
                    weights: Weights | None = None) -> None:
    """Cluster already-built articles directly (benchmarks): the same decisions, no cursor."""
    state = _Batch(store, weights or default_weights())
    for n, (article, annotation) in enumerate(items):
        state.assign(features_of(article, annotation), seq0 + n, None)
    state.flush()


def rebuild(store: Store, weights: Weights | None = None, tick: Tick | None = None) -> int:
    """Forget every story and replay the change sequence: the online result, new weights."""
    with store.transaction():
        store.clear_stories()
        return cluster_new(store, weights, tick)


def rebuild_since(store: Store, since: str, weights: Weights | None = None,
                  tick: Tick | None = None) -> int:
    """Re-cluster the stories with news since a date: their members again, in arrival order,
    as if the older stories had never met them (a full rebuild is the exact online replay)."""
    since_day = parse_since(since)
    w = weights or default_weights()
    with store.transaction():
        cluster_new(store, w)
        pks = store.stories_since(since_day)
        changes = store.member_changes(pks)
        store.clear_stories(pks)
        done = 0
        for i in range(0, len(changes), BATCH):
            done += _cluster_changes(store, changes[i:i + BATCH], w)
            if tick:
                tick(done)
    return done
