"""A store with a user KB entity that a few articles name under a spelling the KB lacks, and
a runner for the jobs a curation change queues (the real pipeline, no stand-ins)."""

from __future__ import annotations

import json
from pathlib import Path

from steppe.bench.synthetic import SyntheticCorpus
from steppe.enrich.kb_access import get_kb
from steppe.enrich.pipeline import Enricher
from steppe.index import default_index_dir
from steppe.model import Annotation, Article
from steppe.sources.fetch import Fetcher
from steppe.store.base import Store
from steppe.watch import WatchContext, enricher_annotate, run_watch

ENTITY = "person:ermek-toktarbaiev"
NEW_ALIAS = "Ermek Toktarbaïouly"       # how the 3 articles write him; the KB does not know it
TEXTS = [
    f"Le ministre {NEW_ALIAS} a présenté mardi à Astana le budget de l’énergie.",
    f"À Almaty, {NEW_ALIAS} a rencontré les représentants des compagnies minières.",
    f"Le projet de loi défendu par {NEW_ALIAS} a été adopté par le Majilis.",
]


def write_kb_file(folder: Path) -> str:
    """A user KB file holding the entity under its usual name only."""
    path = folder / "kb.jsonl"
    path.write_text(json.dumps({"id": ENTITY, "type": "person", "name": "Ermek Toktarbaïev",
                                "country": "KZ", "aliases": {"fr": ["Toktarbaïev"]}},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    get_kb.cache_clear()
    return str(path)


def fill(store: Store, kb_file: str, background: int) -> list[str]:
    """``background`` synthetic articles (pre-annotated, cheap) and the 3 that name the
    entity under the new alias, enriched by the real pipeline; the 3 ids."""
    corpus = SyntheticCorpus(seed=5)
    for start in range(0, background, 1000):
        store.put_articles(list(corpus.iter(min(1000, background - start), start)))
    articles = [Article(id=f"curation-{i}", text=text, title=None, published="2026-11-0{}"
                        .format(i + 1), source="test", lang="fr")
                for i, text in enumerate(TEXTS)]
    pairs = list(Enricher(kb_file=kb_file).annotate_pairs(articles))
    store.put_articles(pairs)
    return [a.id for a in articles]


def carries(store: Store, ids: list[str], entity_id: str) -> list[str]:
    """Those of ``ids`` whose stored annotation links ``entity_id``."""
    stored = store.get_articles(ids)
    return [i for i in ids if i in stored and any(
        e.id == entity_id for e in (stored[i][1] or Annotation(i, None, None, "")).entities)]


def run_jobs(store: Store, kb_file: str) -> dict[str, int]:
    """The in-process runner (SQLite's ``steppe worker``) until no job waits."""
    ctx = WatchContext(store, Fetcher("steppe-tests"), annotate=enricher_annotate(64, kb_file))
    try:
        worker = run_watch(ctx, until_idle=True, kinds=["enrich"], retry_base_s=0,
                           idle_sleep=0.05)
    finally:
        ctx.fetcher.close()
    return dict(worker.counts)


def index_dir(store: Store) -> Path:
    return default_index_dir(store.url)
