"""The system of record: a Store protocol with SQLite (default) and PostgreSQL backends."""

from steppe.store.base import IngestResult, Store, open_store

__all__ = ["IngestResult", "Store", "open_store"]
