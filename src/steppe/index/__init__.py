"""The tantivy search index, derived from the store and rebuildable from it at any time."""

from steppe.index.reader import (IndexHandle, StaleIndexWarning, Staleness, checked_index,
                                 current_index, default_index_dir, open_index)
from steppe.index.status import index_status
from steppe.index.writer import Indexer, catch_up, rebuild

__all__ = ["IndexHandle", "Indexer", "StaleIndexWarning", "Staleness", "catch_up",
           "checked_index", "current_index",
           "default_index_dir", "index_status", "open_index", "rebuild"]
