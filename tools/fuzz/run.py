"""Coverage-guided fuzzing (atheris/libFuzzer) of Steppe's input parsers, for a bounded time.

    python tools/fuzz/run.py TARGET --seconds N [--corpus DIR] [--artifacts DIR]
    python tools/fuzz/run.py all --seconds N        every target in turn, N seconds each

Each target calls the checker of ``tests/fuzz/invariants.py`` that the hypothesis properties
call, so a crash here is a promise of the same list broken. The corpus starts from the test
fixtures, ``../shared/data/seed.txt`` and the properties' vocabularies; a crash leaves its input
as ``crash-*`` in the artifacts folder: turn it into a test in ``tests/fuzz/test_regressions.py``.
Exit code: 0 when nothing crashed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "feeds"
SEED = ROOT.parent / "shared" / "data" / "seed.txt"
TARGETS = ("dump", "decode", "dates", "amounts", "query", "feed", "url")
# instrumented for coverage feedback: ours, and the third-party parsers the targets drive
INSTRUMENT = ["steppe", "tests.fuzz", "feedparser", "charset_normalizer", "ftfy", "urllib"]


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if args.target == "all":
        codes = [_run_child(t, args) for t in TARGETS]
        return max(codes)
    if args.child:
        return _fuzz(args)
    return _run_child(args.target, args)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", choices=(*TARGETS, "all"))
    parser.add_argument("--seconds", type=int, default=60, help="fuzzing time per target")
    parser.add_argument("--corpus", type=Path, help="corpus folder (kept; default: temporary)")
    parser.add_argument("--artifacts", type=Path, default=ROOT / "fuzz-artifacts",
                        help="where crashing inputs are written")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _run_child(target: str, args: argparse.Namespace) -> int:
    """One target in its own process: libFuzzer exits the process when it is done."""
    cmd = [sys.executable, __file__, target, "--seconds", str(args.seconds), "--child",
           "--artifacts", str(args.artifacts)]
    if args.corpus:
        cmd += ["--corpus", str(args.corpus / target)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # the traceback must reach us before _exit
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    runs = re.search(r"stat::number_of_executed_units:\s*(\d+)", done.stderr)
    crashed = done.returncode != 0
    print(f"{target}: {args.seconds} s, {runs.group(1) if runs else '?'} executions, "
          f"{f'CRASH, exit code {done.returncode} (see below)' if crashed else 'no crash'}")
    if crashed:
        print(done.stderr[-6000:])
    return 1 if crashed else 0


def _fuzz(args: argparse.Namespace) -> int:
    import atheris

    sys.path.insert(0, str(ROOT))
    with atheris.instrument_imports(include=INSTRUMENT):
        from tests.fuzz import invariants
    one_input = _one_input(args.target, invariants)
    corpus = args.corpus or Path(tempfile.mkdtemp(prefix=f"steppe-fuzz-{args.target}-"))
    corpus.mkdir(parents=True, exist_ok=True)
    _write_seeds(args.target, corpus)
    args.artifacts.mkdir(parents=True, exist_ok=True)
    libfuzzer = [sys.argv[0], str(corpus), f"-max_total_time={args.seconds}", "-timeout=20",
                 "-rss_limit_mb=2048", "-max_len=65536", "-print_final_stats=1",
                 f"-artifact_prefix={args.artifacts}/{args.target}-"]
    atheris.Setup(libfuzzer, one_input)
    atheris.Fuzz()
    return 0


def _one_input(target: str, inv):
    """The fuzz function of a target: bytes in, the target's checker run on them."""
    def text(data: bytes) -> str:
        return data.decode("utf-8", errors="replace")

    checks = {
        "dump": lambda data: inv.check_dump(text(data)),
        "decode": inv.check_decode,
        "dates": lambda data: (inv.check_grammar_dates(text(data)),
                               inv.check_source_dates(text(data))),
        "amounts": lambda data: inv.check_amounts(text(data)),
        "query": lambda data: inv.check_query(text(data)),
        "feed": inv.check_feed,
        "url": lambda data: inv.check_url(text(data)),
    }
    return checks[target]


def _write_seeds(target: str, corpus: Path) -> None:
    from tests.fuzz.strategies import QUERY_TOKENS, WORDS

    seeds: list[bytes] = []
    if target in ("feed", "decode", "url"):
        seeds += [p.read_bytes() for p in sorted(FIXTURES.iterdir())]
    if target == "url":
        seeds = [m.encode() for s in seeds for m in re.findall(rb"https?://[^\s<\"']+", s)
                 for m in [m.decode("utf-8", "replace")]][:200]
    if SEED.exists() and target != "query":
        seed = SEED.read_bytes()
        seeds += [seed] + [seed[i:i + 2000] for i in range(0, len(seed), 2000)]
    if target == "query":
        seeds += [t.encode() for t in QUERY_TOKENS] + [" ".join(QUERY_TOKENS[i:i + 5]).encode()
                                                        for i in range(0, len(QUERY_TOKENS), 5)]
    else:
        seeds.append(" ".join(WORDS).encode())
    for n, data in enumerate(seeds):
        (corpus / f"seed-{n:04d}").write_bytes(data)


if __name__ == "__main__":
    sys.exit(main())
