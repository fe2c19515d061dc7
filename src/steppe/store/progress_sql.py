"""Resumable ingestion: how far a file got, one implementation for both backends.

``steppe ingest`` commits a file in chunks; with each chunk it records the position of the
chunk's last item under the file's identity (a content hash, see ``steppe.sources.inputs``),
in the same transaction, so the position never runs ahead of, or lags behind, what is
stored. A re-run of the same file after a crash reads the position and starts after it; a
finished file's row is deleted, so running it again re-reads it (all duplicates), as before.
Written with ``?`` placeholders like ``sources_sql``; PostgreSQL translates them.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any, Iterable

from steppe.store.targets_sql import TargetsMixin


class ProgressMixin(TargetsMixin):
    """Store methods behind resumable ``steppe ingest`` (and, through ``TargetsMixin``, the
    archive walks of ``steppe reannotate``, whose positions are kept here too)."""

    def _q(self, sql: str, params: Iterable[Any] = ()) -> Any:  # pragma: no cover - hook
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[None]:  # pragma: no cover - hook
        raise NotImplementedError

    def ingest_progress(self, file_key: str) -> dict[str, Any] | None:
        """The recorded progress of an unfinished file: path, position (JSON), articles."""
        row = self._q("SELECT path, position, articles, updated_at FROM ingest_progress "
                      "WHERE file_key = ?", (file_key,)).fetchone()
        if row is None:
            return None
        return {"path": row[0], "position": row[1], "articles": int(row[2]), "updated_at": row[3]}

    def save_ingest_progress(self, file_key: str, path: str, position: str, articles: int,
                             now: str) -> None:
        """Record where a file stands; call it inside the transaction of the chunk it ends."""
        with self.transaction():
            self._q("INSERT INTO ingest_progress (file_key, path, position, articles, updated_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (file_key) DO UPDATE SET "
                    "path = excluded.path, position = excluded.position, "
                    "articles = excluded.articles, updated_at = excluded.updated_at",
                    (file_key, path, position, int(articles), now))

    def clear_ingest_progress(self, file_key: str, path: str | None = None) -> None:
        """The file is done: forget its position, and those of earlier versions of the file
        at the same path (an edited file has another identity; its old position is moot)."""
        with self.transaction():
            self._q("DELETE FROM ingest_progress WHERE file_key = ? OR path = ?",
                    (file_key, path if path is not None else file_key))
