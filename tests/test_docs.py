"""Docs that stay true: every CLI command and every setting is documented."""

from __future__ import annotations

from pathlib import Path

import click

from steppe.cli import cli
from steppe.settings import describe

DOCS = Path(__file__).resolve().parents[1] / "docs"
README = Path(__file__).resolve().parents[1] / "README.md"


def _commands(group: click.Group, prefix: str = "steppe") -> list[str]:
    out = []
    for name, command in group.commands.items():
        out.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            out += _commands(command, f"{prefix} {name}")
    return out


def test_every_command_is_in_the_cli_docs():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    missing = [c for c in _commands(cli) if f"`{c}" not in text]
    assert not missing, f"document in docs/cli.md: {missing}"


def test_every_setting_is_documented():
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    missing = [(name, env) for name, env, _, _ in describe() if f"`{name}`" not in text or env not in text]
    assert not missing, f"document in docs/settings.md: {missing}"


def test_readme_starts_with_the_two_commands():
    head = README.read_text(encoding="utf-8").split("\n## ")[0]
    assert "make demo" in head and "make test" in head
