"""Shared fixtures: the ../shared folder, a CLI runner on real files, temporary databases."""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from steppe.cli import main

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the repo; absent → skip, except in CI where it must be there."""
    if not (SHARED / "data" / "seed.txt").exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI: {SHARED} is missing (tests need shared/data and shared/eval)")
        pytest.skip(f"{SHARED} not found: seed data and scorer unavailable")
    return SHARED


@pytest.fixture(scope="session")
def seed_gold(shared: Path) -> list[dict]:
    with open(shared / "data" / "seed_gold.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@dataclass
class Result:
    code: int
    out: str
    err: str

    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


@pytest.fixture
def run(capsys):
    """Run the real CLI entry point in-process; returns exit code, stdout, stderr."""
    def _run(*args: str) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)
    return _run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "steppe.db"


def count_rows(path: Path, table: str = "articles") -> int:
    """Row count read straight from the SQLite file, bypassing Steppe."""
    if not path.exists():
        return 0
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
