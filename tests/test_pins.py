"""The whole dependency tree is pinned: pyproject pins our direct dependencies, constraints.txt
every package installed with them, and the installed versions are the pinned ones."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLING = {"pip", "setuptools", "wheel", "steppe"}


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def _constraints() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not pinned with =="
            pins[_name(name)] = version
    return pins


def _direct() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["dependencies"] + [d for group in project["optional-dependencies"].values()
                                      for d in group]


def test_every_direct_dependency_is_pinned_and_agrees_with_the_constraints():
    pins = _constraints()
    for requirement in _direct():
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)(\[[^\]]+\])?==([^;\s]+)", requirement.strip())
        assert match, f"pyproject.toml: {requirement!r} is not pinned with =="
        assert pins.get(_name(match.group(1))) == match.group(3), \
            f"{requirement}: constraints.txt says {pins.get(_name(match.group(1)))}"


def test_every_installed_package_is_the_pinned_version():
    pins = _constraints()
    for dist in metadata.distributions():
        name = _name(dist.metadata["Name"])
        if name in TOOLING:
            continue
        assert name in pins, f"{name} {dist.version} is installed but not in constraints.txt"
        assert pins[name] == dist.version, f"{name}: installed {dist.version}, pinned {pins[name]}"
