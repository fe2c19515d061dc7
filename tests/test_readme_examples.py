"""Every ``steppe …`` line of README.md runs and prints what the README says it prints.

The demo corpus is ingested once (``steppe demo --no-serve``) into a temporary database; each
README command then runs in this process against it, in README order (later commands see what
earlier ones did, as a reader typing them would). The tour block, whose comments describe a
fresh ``./steppe.db`` ("again: 21 duplicates"), runs against a database of its own; each block
adds to a knowledge-base file of its own (the re-annotation section speaks of the demo's KB plus
its one addition). Lines that
need a network, a server or minutes are skipped by name below, each with its reason; a README
line that is neither run nor skipped fails the test, so a new example cannot go untested.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
from pathlib import Path
from typing import Callable

import networkx as nx
import pytest

from steppe.cli import main
from tests.conftest import REPO, SHARED, Result

README = REPO / "README.md"

# (start of the command after "steppe", why it is not run here)
SKIPS = [
    ("--db postgresql://", "names a PostgreSQL server of the reader's (tests/store covers PostgreSQL)"),
    ("serve", "serves until Ctrl-C (tests/web/test_cli_web.py starts the server)"),
    ("demo", "the fixture below runs it (steppe demo --no-serve)"),
    ("watch", "polls the outlets over the network (tests/sources/test_cli_sources.py serves feeds)"),
    ("bench", "a benchmark: minutes of work (tests/test_bench_*.py run small ones)"),
]


def readme_commands() -> list[tuple[int, int, str]]:
    """(block number, line number, command) of every ``steppe`` line in README code blocks."""
    out, block, fence = [], 0, None        # fence: the opening line of the block we are in
    for number, line in enumerate(README.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            fence = line.strip() if fence is None else None
            block += fence is not None
        elif fence == "```" and line.startswith("steppe "):   # ```python blocks are not shell
            out.append((block, number, line))
    return out


def skip_reason(argv: list[str]) -> str | None:
    rest = " ".join(argv[1:])
    for start, reason in SKIPS:
        if rest.startswith(start):
            return reason
    return None


def fresh_db_blocks(commands: list[tuple[int, int, str]]) -> set[int]:
    """Blocks that ingest the seed dump: their comments describe an empty database first."""
    return {block for block, _, line in commands if " ingest " in f" {line} "}


class Demo:
    """The demo database, a fresh one for the tour, and the KB file (never ./steppe-kb.jsonl)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db = folder / "demo.db"
        self.tour_db = folder / "tour.db"
        self.kb = folder / "kb.jsonl"


def _capture(capsys: pytest.CaptureFixture[str]) -> Callable[[list[str]], Result]:
    def run(argv: list[str]) -> Result:
        capsys.readouterr()
        code = main(argv)
        out, err = capsys.readouterr()
        return Result(code, out, err)
    return run


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    if not (SHARED / "data" / "seed.txt").exists():
        pytest.skip(f"{SHARED} not found: the README's examples read ../shared/data")
    d = Demo(tmp_path_factory.mktemp("readme"))
    assert main(["--db", str(d.db), "--kb-file", str(d.kb), "demo", "--no-serve"]) == 0
    return d


def _results(out: str) -> int:
    found = re.match(r"(\d+) résultat", out)
    return int(found.group(1)) if found else -1


# What the README promises of each line, by the start of its command (after "steppe").
def _check(args: str, r: Result, folder: Path) -> None:
    if args.startswith("annotate"):
        records = r.records()
        assert len(records) == 21 and all("steppe_id" in x for x in records)
    elif args.startswith("ingest"):
        assert r.out.startswith(("nouveaux : 21  doublons : 0", "nouveaux : 0  doublons : 21")), r.out
    elif args.startswith("stats"):
        assert "articles" in r.out
    elif args.startswith("export --what"):
        name = args.split("-o ")[1].split()[0]
        text = (folder / name).read_text(encoding="utf-8")
        rows = list(csv.DictReader(io.StringIO(text))) if name.endswith(".csv") else \
            [json.loads(line) for line in text.splitlines()]
        assert rows and all(r["id" if "entities" in name else "article"] for r in rows), name
    elif args.startswith("export --graph"):
        graph = nx.read_gexf(folder / args.split("-o ")[1].split()[0])
        assert graph.number_of_nodes() > 2 and graph.number_of_edges() >= 1
    elif args.startswith("export --excel"):
        assert (folder / "articles.csv").read_bytes().startswith("\ufeffid;published".encode())
    elif args.startswith("export"):
        assert (folder / "articles.csv").read_text(encoding="utf-8").startswith("id,published")
    elif args.startswith("kb merge"):
        assert r.out.startswith("fusion : org:chambre-legislative-de-l-oliy-majlis → "
                                "org:oliy-majlis (1 article à réannoter, tâches en file)"), r.out
    elif args.startswith("kb alias"):
        assert "aucun article à réannoter" in r.out, r.out
    elif args.startswith("kb log"):
        assert "dana  alias" in r.out and "fusionnée dans org:oliy-majlis" in r.out, r.out
    elif args.startswith("kb undo"):
        assert r.out.startswith("annulation : "), r.out
    elif args.startswith("worker"):
        assert "enrichis : 1" in r.out, r.out
    elif args.startswith("kb show"):
        assert "Tokaïev" in r.out
    elif args.startswith("sources import"):
        assert r.out.startswith("sources ajoutées : 12")
    elif args.startswith("sources list"):
        assert "nouvelle" in r.out
    elif args.startswith(("stories list", "timeline", "digest --since 30d", "alerts add")):
        assert r.out.strip()
    elif args.startswith("stories show"):
        assert "Pourquoi" in r.out or "article" in r.out
    elif args.startswith("stories export"):
        assert (folder / "stories.csv").read_text(encoding="utf-8").startswith("id,story,score")
    elif args.startswith("agenda"):
        assert "événement" in r.out and not r.out.startswith("Agenda à partir du 1er octobre 2026 : 0")
    elif args.startswith("digest") and "-o synthese.html" in args:
        assert (folder / "synthese.html").read_text(encoding="utf-8").lower().startswith("<!doctype html")
    elif args.startswith("search") and "--json" in args:
        assert json.loads(r.out)["total"] >= 1, r.out[:300]
    elif args.startswith("search"):
        assert _results(r.out) >= 1, r.out[:300]
    elif args.startswith("index status"):
        assert "État : à jour" in r.out
    elif args.startswith("reannotate --where"):
        assert r.out.startswith("réannotés : 3, inchangés : 0, absents : 0"), r.out
    elif args.startswith("reannotate --since"):
        summary = json.loads(r.out)
        assert summary["reannotated"] == 0 and summary["unchanged"] == 34, summary


def test_every_readme_command_runs_and_says_what_the_readme_says(demo, capsys, monkeypatch):
    monkeypatch.chdir(demo.folder)          # -o articles.csv and friends land here
    run = _capture(capsys)
    commands = readme_commands()
    fresh_blocks = fresh_db_blocks(commands)
    ran, skipped = [], []
    for block, number, line in commands:
        argv = shlex.split(line, comments=True)
        reason = skip_reason(argv)
        if reason:
            skipped.append((number, reason))
            continue
        args = [a.replace("../shared", str(SHARED)) for a in argv[1:]]
        if args[:3] == ["stories", "show", "ID"]:
            listed = run(["--db", str(demo.db), "stories", "list", "--json"])
            args[2] = json.loads(listed.out)["stories"][0]["id"]
        db = demo.tour_db if block in fresh_blocks else demo.db
        kb = demo.folder / f"kb-{block}.jsonl"   # each section adds to the demo's own KB
        result = run(["--db", str(db), "--kb-file", str(kb), *args])
        assert result.code == 0, f"README.md:{number}: {line}\n{result.err}"
        assert "Traceback" not in result.err
        _check(" ".join(args), result, demo.folder)
        ran.append(number)
    assert len(ran) >= 25 and skipped, (ran, skipped)


def test_the_readme_python_example(demo):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks
    for code in blocks:
        *body, last = [line for line in code.splitlines() if line.strip()]
        scope: dict = {}
        exec("\n".join(body), scope)                                       # noqa: S102
        record = eval(last, scope)                                         # noqa: S307
        assert {c["code"] for c in record["countries"]} >= {"KZ"} and record["steppe_id"]
