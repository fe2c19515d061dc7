"""Data flows one way (DESIGN.md): each module imports only from the layers below it."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "steppe"

# layer rank of each top-level part of the package; a module may import equal or lower ranks
RANKS = {
    "errors": 0, "settings": 0, "textfold": 0,
    "model": 1,
    "sources": 2, "kb": 2, "resources": 2,
    "enrich": 3,
    "store": 4,
    "index": 5, "search": 5,
    "reports": 6,
    "stories": 5,
    "flows": 7, "bench": 7, "api": 7, "collect": 7, "workers": 7, "watch": 7,
    "tasks": 7, "reannotate": 7, "alerts": 7, "curate": 7, "accounts": 7,
    "web": 8, "cli": 8, "__init__": 8, "__main__": 8,
}
# siblings on one rank that must not know each other
FORBIDDEN = {("sources", "kb"), ("kb", "sources"), ("web", "cli"), ("cli", "web")}


def part_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def imported_parts(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parts = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            if name == "steppe" or name.startswith("steppe."):
                bits = name.split(".")
                if len(bits) > 1:
                    parts.add(bits[1])
    return parts


def test_every_part_has_a_rank():
    unknown = {part_of(p) for p in PACKAGE.rglob("*.py")} - set(RANKS)
    assert not unknown, f"add these to RANKS in {__file__}: {unknown}"


def test_imports_point_downwards():
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        mine = part_of(path)
        for other in imported_parts(path):
            if other != mine and (RANKS.get(other, 99) > RANKS[mine] or (mine, other) in FORBIDDEN):
                wrong.append(f"{path.relative_to(PACKAGE)} imports steppe.{other}")
    assert not wrong, "\n".join(wrong)


def test_only_enrich_imports_spacy():
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if part_of(p) != "enrich" and "spacy" in _top_modules(p)]
    assert not offenders


def _top_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    mods = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            mods |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            mods.add(node.module.split(".")[0])
    return mods
