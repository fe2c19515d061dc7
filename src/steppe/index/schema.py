"""The tantivy schema of the search index, its French analyzer, and the document of one article.

Text is analysed once, the same way at indexing and query time: simple tokenizer, lowercase,
ASCII folding, then the French Snowball stemmer, so ``élections`` and ``Election`` meet
(``électoral`` meets them through its word family, at query time: ``search/families.py``).
Folding comes *before* stemming so a word typed without its accents
stems like the accented word of the article. Everything a filter or a facet needs is a raw
(keyword) field; the ones facets count are fast (columnar) fields.
"""

from __future__ import annotations

import zlib
from functools import lru_cache
from typing import Any

import tantivy

from steppe.index.capitals import capitals
from steppe.kb.loader import fold, slug
from steppe.model import Annotation, Article

# bump when fields or analysis change: an index of another version is rebuilt, never misread
SCHEMA_VERSION = 4       # 4: field caps (index/capitals.py)
FRENCH = "steppe_fr"     # lowercase + ascii folding + French stemmer
FOLDED = "steppe_fold"   # lowercase + ascii folding (prefix queries: stems are not prefixes)
ENTITY_TYPES = ("person", "organization", "place", "country", "region", "other")
SAMPLE_LEVELS = 8        # sample level L holds a stable 1/2**L of the articles (hash of the id)

# raw keyword fields: (name, fast) — fast ones back facet counts and sorting
KEYWORD_FIELDS = (
    ("id", False), ("entity", False), ("entity_key", False), ("etype", False), ("label", False),
    ("country", True), ("topic", True), ("source", True), ("source_key", False), ("lang", False),
    ("month", True), ("year", False), ("sample", False), ("facet_entity", True),
    ("caps", False),
    *((f"facet_{t}", True) for t in ENTITY_TYPES if t != "country"),
)


def french_analyzer() -> tantivy.TextAnalyzer:
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(60))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.ascii_fold())
            .filter(tantivy.Filter.stemmer("french"))
            .build())


def folding_analyzer() -> tantivy.TextAnalyzer:
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(60))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.ascii_fold())
            .build())


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for name, fast in KEYWORD_FIELDS:
        builder.add_text_field(name, stored=(name == "id"), fast=fast, tokenizer_name="raw",
                               index_option="basic")
    # title and body, each as one value of the same field: BM25 over the whole article
    builder.add_text_field("text", tokenizer_name=FRENCH, index_option="position")
    builder.add_integer_field("day", indexed=True, fast=True)     # YYYYMMDD, 0 when undated
    return builder.build()


def register_analyzers(index: tantivy.Index) -> None:
    index.register_tokenizer(FRENCH, french_analyzer())
    index.register_tokenizer(FOLDED, folding_analyzer())


def day_number(published: str | None) -> int:
    """YYYYMMDD of a date of any granularity (2025-06 → 20250601); 0 when unknown or invalid."""
    if not published or len(published) < 4 or not published[:4].isdigit():
        return 0
    parts = published[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 and parts[1] else 1
        day = int(parts[2]) if len(parts) > 2 and parts[2] else 1
    except ValueError:
        return 0
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return 0
    return year * 10000 + month * 100 + day


def sample_levels(article_id: str) -> list[str]:
    """The sample levels an article belongs to: level L keeps a stable 1/2**L of the archive,
    and each level is inside the one before, so a facet sample is a single term."""
    bucket = zlib.crc32(article_id.encode("utf-8")) % (1 << SAMPLE_LEVELS)
    return [str(level) for level in range(1, SAMPLE_LEVELS + 1)
            if bucket < (1 << SAMPLE_LEVELS) >> level]


def document_fields(article: Article, annotation: Annotation | None) -> dict[str, Any]:
    """The indexed fields of one article: text, then keywords for filters and facets."""
    texts = [t for t in (article.title, article.text) if t]
    day = day_number(article.published)
    fields: dict[str, Any] = {"id": article.id, "text": texts, "day": day,
                              "sample": sample_levels(article.id)}
    caps = capitals(texts)
    if caps:
        fields["caps"] = caps
    if day:
        fields["month"] = f"{day // 10000:04d}-{day // 100 % 100:02d}"
        fields["year"] = f"{day // 10000:04d}"
    if article.source:
        fields["source"] = article.source
        fields["source_key"] = slug(article.source)
    lang = article.lang or (annotation.lang if annotation else None)
    if lang:
        fields["lang"] = lang.lower()
    if annotation is not None:
        _annotation_fields(annotation, fields)
    return fields


def _annotation_fields(annotation: Annotation, fields: dict[str, Any]) -> None:
    entities = {e.id: e for e in annotation.entities}
    fields["entity"] = list(entities)
    fields["entity_key"] = sorted({fold(e.name) for e in entities.values()})
    fields["etype"] = sorted({e.type for e in entities.values()})
    labels = [f"{e.id}|{e.name}" for e in entities.values()]
    labels += [f"{t.id}|{t.label}" for t in annotation.topics]
    fields["label"] = labels
    facet = [i for i, e in entities.items() if e.type != "country"]
    fields["facet_entity"] = facet
    for kind in ENTITY_TYPES:
        if kind != "country":
            values = [i for i, e in entities.items() if e.type == kind]
            if values:
                fields[f"facet_{kind}"] = values
    fields["country"] = list(dict.fromkeys(c.code for c in annotation.countries))
    fields["topic"] = list(dict.fromkeys(t.id for t in annotation.topics))


def make_document(article: Article, annotation: Annotation | None) -> tantivy.Document:
    return tantivy.Document.from_dict(document_fields(article, annotation), _schema())


@lru_cache(maxsize=1)
def _schema() -> tantivy.Schema:
    return build_schema()
