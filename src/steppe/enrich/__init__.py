"""Enrichment: Article → Annotation. The only package that imports spaCy."""
