"""Versioned schema migrations, one numbered SQL file per step and backend."""

from __future__ import annotations

from importlib.resources import files


def migration_steps(backend: str) -> list[tuple[int, str]]:
    """(version, SQL) pairs for a backend, in order."""
    folder = files("steppe.store.migrations").joinpath(backend)
    steps = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            steps.append((int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8")))
    return sorted(steps)
