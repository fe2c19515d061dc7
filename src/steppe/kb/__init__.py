"""The knowledge base: bundled data files (countries, places, regions, persons, organisations)
plus user additions, and the alias index the enrichment and search use."""

from steppe.kb.loader import KBEntity, KnowledgeBase, fold, load_kb, stem_cyrillic

__all__ = ["KBEntity", "KnowledgeBase", "fold", "load_kb", "stem_cyrillic"]
