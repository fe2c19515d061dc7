"""What the ``kill -9`` campaigns share (``tests/test_crash_*.py``): the child process, the
light enricher it uses, reading a base beside a running writer, and killing at a moment.

The child is the real CLI (``steppe.cli.main``) run as ``python -m tests.crash ARGS``; only
enrichment is swapped for ``LightEnricher`` (a few name rules instead of spaCy, so a start-up
takes a second, not five). ``STEPPE_CRASH_ENRICH=real`` runs the installed ``steppe`` itself.
Knobs common to every campaign:

    STEPPE_CRASH_KILLS=50     kill points per backend (default 4: the CI budget; run more locally)
    STEPPE_CRASH_SEED=1234    replay a campaign (each test prints its seed)
    STEPPE_CRASH_ENRICH=real  the spaCy pipeline in the child (slower start-ups)
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Callable, Iterable, Iterator

import psycopg

from steppe.model import Annotation, Article, CountryRef, Entity, Mention
from steppe.store.postgres import split_url

REPO = Path(__file__).resolve().parents[1]
KILLS = int(os.environ.get("STEPPE_CRASH_KILLS", "4"))
REAL = os.environ.get("STEPPE_CRASH_ENRICH", "") == "real"

NAMES = {  # enough for links, countries and story keys
    "Astana": ("place:astana", "place", "KZ"),
    "Tokaïev": ("person:kassym-jomart-tokaiev", "person", "KZ"),
    "Tachkent": ("place:tachkent", "place", "UZ"),
    "Mirzioïev": ("person:chavkat-mirzioiev", "person", "UZ"),
    "Bichkek": ("place:bichkek", "place", "KG"),
    "Douchanbé": ("place:douchanbe", "place", "TJ"),
    "Achgabat": ("place:achgabat", "place", "TM"),
    "Gazprom": ("organization:gazprom", "organization", "RU"),
}
COUNTRIES = {"KZ": "Kazakhstan", "UZ": "Ouzbékistan", "KG": "Kirghizstan", "TJ": "Tadjikistan",
             "TM": "Turkménistan", "RU": "Russie"}


class LightEnricher:
    """Stands in for ``steppe.enrich.pipeline.Enricher`` in the child: same interface, a few
    name rules instead of spaCy."""

    def __init__(self, batch_size: int = 64, kb_file: str = "") -> None:
        self.batch_size = batch_size

    def annotate_pairs(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Annotation]]:
        for article in articles:
            article.lang = article.lang or "fr"
            yield article, light_annotation(article)


def light_annotation(article: Article) -> Annotation:
    entities, countries = [], {}
    for name, (eid, kind, country) in NAMES.items():
        at = article.text.find(name)
        if at >= 0:
            entities.append(Entity(eid, name, kind, country,
                                   [Mention("text", at, at + len(name), name)]))
            countries[country] = countries.get(country, 0) + 1
    return Annotation(id=article.id, lang=article.lang, title=article.title, text=article.text,
                      published=article.published, entities=entities,
                      countries=[CountryRef(c, COUNTRIES[c], n) for c, n in countries.items()])


def light_annotate(batch_size: int = 64, kb_file: str = "") -> Callable:
    """``steppe.watch.enricher_annotate``'s stand-in."""
    return LightEnricher(batch_size).annotate_pairs


# -- the campaign -------------------------------------------------------------------------------

def show(*lines: str) -> None:
    """Print past the ``run`` fixture's capsys (which swallows the test's own prints): seen
    with ``pytest -s``, and in the captured output of a failing test."""
    sys.__stdout__.write("".join(line + "\n" for line in lines))
    sys.__stdout__.flush()


def seeded(name: str) -> tuple[int, random.Random]:
    """The campaign's seed (``STEPPE_CRASH_SEED`` or a fresh one) and its generator."""
    seed = int(os.environ.get("STEPPE_CRASH_SEED", random.randrange(1 << 30)))
    show("", f"{name}: seed {seed} (replay with STEPPE_CRASH_SEED={seed})")
    return seed, random.Random(seed)


def child(args: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """The real CLI in a child process, its output appended to ``log``."""
    cmd = ([str(Path(sys.executable).with_name("steppe"))] if REAL
           else [sys.executable, "-m", "tests.crash"]) + [str(a) for a in args]
    env = dict(os.environ, PYTHONPATH=str(REPO), **(env or {}))
    with open(log, "ab") as out:  # the child has its own copy of the descriptor
        return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)


def count(url: str, sql: str = "SELECT count(*) FROM articles") -> int:
    """One number read beside the running child, without Steppe (0 before the table exists)."""
    try:
        if url.startswith("postgresql://"):
            conn_url, schema, _ = split_url(url)
            with psycopg.connect(conn_url, autocommit=True) as conn:
                conn.execute(f'SET search_path TO "{schema}"')
                return int(conn.execute(sql).fetchone()[0])
        if not Path(url).exists():
            return 0
        with closing(sqlite3.connect(f"file:{url}?mode=ro", uri=True, timeout=5)) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except (sqlite3.Error, psycopg.Error):
        return 0


def exists(url: str) -> bool:
    """Whether a Steppe base is there (a child killed at start-up may not have made one)."""
    from steppe.errors import StoreError
    from steppe.store import open_store

    if not url.startswith("postgresql://") and not Path(url).exists():
        return False
    try:
        open_store(url, create=False).close()
        return True
    except StoreError:
        return False


def kill(process: subprocess.Popen) -> bool:
    """SIGKILL; False when the process had already ended."""
    if process.poll() is not None:
        return False
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return True


def kill_when(process: subprocess.Popen, ready: Callable[[], bool], delay: float,
              deadline: float, what: str = "the child made no progress") -> bool:
    """SIGKILL once ``ready()`` and ``delay`` more seconds passed; False when the process
    ended first."""
    while not ready():
        if process.poll() is not None:
            return False
        assert time.monotonic() < deadline, what
        time.sleep(0.02)
    time.sleep(delay)
    return kill(process)


def finish(process: subprocess.Popen, timeout: float) -> int | None:
    """The child's exit code once it ends by itself; None (and the child killed) if it did
    not within ``timeout`` seconds."""
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill(process)
        return None


def tail(log: Path, n: int = 2000) -> str:
    return log.read_text(errors="replace")[-n:] if log.exists() else ""


def main(argv: list[str]) -> int:
    """The child: the real CLI with the light enricher (and, for the index campaign, a catch-up
    committing every ``STEPPE_CRASH_INDEX_BATCH`` changes, so kills land between commits)."""
    import steppe.cli.articles as articles_cli
    import steppe.cli.jobs as jobs_cli
    import steppe.cli.sources as sources_cli
    import steppe.index.writer as index_writer
    from steppe.cli import main as cli_main

    articles_cli.Enricher = LightEnricher  # type: ignore[misc, assignment]
    articles_cli.default_processes = lambda: 1  # enrich here, not in spaCy worker processes
    sources_cli.enricher_annotate = light_annotate  # type: ignore[assignment]
    sources_cli.default_processes = lambda: 1  # one procrastinate worker process (PostgreSQL)
    jobs_cli.ANNOTATE = "tests.crash:light_annotate"  # what those workers import by name
    batch = os.environ.get("STEPPE_CRASH_INDEX_BATCH")  # changes read, and committed, at a time
    if batch:
        index_writer.BATCH = index_writer.COMMIT_EVERY = int(batch)
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
