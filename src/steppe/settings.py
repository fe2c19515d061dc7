"""Every setting Steppe reads, declared once with its default and help.

Settings are built at the entry point (CLI or web app) and passed down; nothing reads the
environment anywhere else, so a test can build any configuration it needs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any, Mapping


def _setting(default: Any, env: str, help: str) -> Any:
    return field(default=default, metadata={"env": env, "help": help})


@dataclass(frozen=True)
class Settings:
    """Runtime configuration. Field metadata holds the environment variable and the help."""

    db: str = _setting("steppe.db", "STEPPE_DB",
                       "Database: a SQLite file path (default ./steppe.db).")
    debug: bool = _setting(False, "STEPPE_DEBUG",
                           "Show full tracebacks on errors instead of one-line messages.")
    max_record_bytes: int = _setting(8_000_000, "STEPPE_MAX_RECORD_BYTES",
                                     "Largest accepted input line or record, in bytes.")
    batch_size: int = _setting(64, "STEPPE_BATCH_SIZE",
                               "Articles sent through the enrichment pipeline per batch.")
    kb_file: str = _setting("steppe-kb.jsonl", "STEPPE_KB_FILE",
                            "Your knowledge-base additions (JSONL, written by 'steppe kb add'); "
                            "they extend and override the bundled entities.")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        """Defaults, then environment variables, then explicit overrides (CLI options)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw not in (None, ""):
                values[f.name] = _coerce(raw, type(f.default))
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes: Any) -> "Settings":
        return replace(self, **changes)


def _coerce(raw: str, kind: type) -> Any:
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if kind is int:
        return int(raw)
    return raw


def describe() -> list[tuple[str, str, Any, str]]:
    """(name, environment variable, default, help) for docs and the docs test."""
    return [(f.name, f.metadata["env"], f.default, f.metadata["help"]) for f in fields(Settings)]
