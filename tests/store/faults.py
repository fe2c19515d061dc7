"""Real faults for tests: a small file system that fills up, a read-only one, and a user that
file permissions apply to. Nothing of Steppe is mocked; the kernel says no.

Mounting needs root (or CAP_SYS_ADMIN); where it is refused the test is skipped with the reason.
Root ignores file modes, so read-only files are tried by a child process without the
capabilities that override them (``setpriv``); any other user is refused by the modes alone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from steppe.bench.synthetic import SyntheticCorpus
from steppe.model import Annotation, Article

_CORPUS: list[tuple[Article, Annotation]] = []


def synthetic_pairs(n: int, start: int = 0, tag: str = "v") -> list[tuple[Article, Annotation]]:
    """``n`` distinct pre-annotated articles, fast: 200 synthetic ones, each repeated with a
    numbered closing sentence (so ids and content hashes differ; offsets stay valid)."""
    if not _CORPUS:
        _CORPUS.extend(SyntheticCorpus(seed=7).iter(200))
    pairs = []
    for i in range(start, start + n):
        base, annotation = _CORPUS[i % len(_CORPUS)]
        article = Article(id=f"{tag}{i:06d}", title=base.title,
                          text=f"{base.text} Dépêche {tag}{i}.", published=base.published,
                          source=base.source, lang=base.lang, ingested_at=base.ingested_at)
        pairs.append((article, annotation))
    return pairs


def _mount(args: list[str]) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a test file system needs root")
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a test file system here ({done.stderr.strip()})")


@contextmanager
def small_disk(path: Path, size: str = "2m") -> Iterator[Path]:
    """A tmpfs of ``size`` at ``path``: writes beyond it fail with ENOSPC, as on a full disk."""
    path.mkdir(parents=True, exist_ok=True)
    _mount(["-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)])
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def resize(path: Path, size: str) -> None:
    """Give a mounted tmpfs more (or less) room, as freeing space on a disk would."""
    _mount(["-o", f"remount,size={size}", str(path)])


def make_read_only(path: Path) -> None:
    """Remount the tmpfs at ``path`` read-only: writes fail with EROFS, for root too."""
    _mount(["-o", "remount,ro", str(path)])


def unprivileged_prefix() -> list[str]:
    """The command prefix that makes file modes bind this process's children."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root ignores file modes and setpriv (util-linux) is missing")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"]


_RUNNER = """
import contextlib, io, json, sys
from steppe.cli import main
out = []
for argv in json.loads(sys.argv[1]):
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(argv)
    out.append({"code": code, "out": stdout.getvalue(), "err": stderr.getvalue()})
print(json.dumps(out))
"""


def run_unprivileged(*commands: list[str], cwd: Path) -> list[dict]:
    """Run several ``steppe`` command lines in one child process that file modes bind;
    returns {code, out, err} for each."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEPPE_")}
    done = subprocess.run([*unprivileged_prefix(), sys.executable, "-c", _RUNNER,
                           json.dumps([[str(a) for a in c] for c in commands])],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])
