"""The atheris harness, run for a few seconds per target: it starts, fuzzes, finds nothing."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[2] / "tools" / "fuzz" / "run.py"
TARGETS = ("dump", "decode", "dates", "amounts", "query", "feed", "url")
SECONDS = 1


@pytest.fixture(scope="module")
def atheris_available():
    if importlib.util.find_spec("atheris") is None:
        if os.environ.get("CI"):
            pytest.fail("CI: atheris is missing (pip install -e '.[dev]')")
        pytest.skip("atheris is not installed (pip install -e '.[dev]')")


@pytest.mark.slow
@pytest.mark.parametrize("target", TARGETS)
def test_harness_runs_without_a_crash(atheris_available, target, tmp_path):
    done = subprocess.run(
        [sys.executable, str(RUN), target, "--seconds", str(SECONDS),
         "--corpus", str(tmp_path / "corpus"), "--artifacts", str(tmp_path / "artifacts")],
        capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout[-4000:]
    assert f"{target}: {SECONDS} s," in done.stdout and "no crash" in done.stdout
    assert not list((tmp_path / "artifacts").glob("*crash-*"))
