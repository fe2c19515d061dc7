"""`steppe serve`, `steppe demo` ending by serving, and `steppe bench web` on a tiny base."""

from __future__ import annotations

import json
import re

import pytest

from steppe.settings import describe


def test_serve_help_has_examples(run):
    result = run("serve", "--help")
    assert result.code == 0 and "steppe serve" in result.out and "--port" in result.out


def test_serve_refuses_a_missing_database(run, tmp_path):
    result = run("--db", tmp_path / "absent.db", "serve", "--port", "8799")
    assert result.code == 3 and "base de données introuvable" in result.err


def test_serve_hands_the_settings_to_the_app_factory(run, fixture_db, monkeypatch):
    import uvicorn

    seen = {}

    def fake_run(app, **kwargs):
        import os

        seen.update(app=app, db=os.environ["STEPPE_DB"], **kwargs)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    for _, env, _, _ in describe():            # serve exports them: restore them afterwards
        monkeypatch.delenv(env, raising=False)
    monkeypatch.setenv("STEPPE_DB", "elsewhere.db")
    result = run("--db", fixture_db, "serve", "--port", "8799")
    assert result.code == 0 and "http://127.0.0.1:8799/" in result.out
    assert seen["app"] == "steppe.web.app:app_from_env" and seen["factory"] is True
    assert seen["db"] == fixture_db and seen["port"] == 8799 and seen["host"] == "127.0.0.1"


@pytest.mark.slow
def test_demo_ingests_then_serves(run, tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr("steppe.cli.web.serve_app", lambda settings, host=None, port=None:
                        calls.append((settings.db, port)))
    db = tmp_path / "demo.db"
    result = run("--db", db, "demo", "--port", "8123")
    assert result.code == 0 and re.search(r"(new|nouveaux)\s*:\s*130", result.out)
    assert calls == [(str(db), 8123)]
    again = run("--db", db, "demo", "--no-serve")
    assert again.code == 0 and re.search(r"(duplicate|doublons)\s*:\s*130", again.out) and len(calls) == 1


@pytest.mark.slow
def test_bench_web_on_a_tiny_base(run, tmp_path):
    result = run("bench", "web", "--docs", "300", "--db-path", tmp_path / "bench.db",
                 "--requests", "12", "--concurrency", "2", "--max-seconds", "60", "--json")
    assert result.code == 0, result.err
    figures = json.loads(result.out.splitlines()[-1])
    assert figures["docs"] == 300 and figures["concurrency"] == 2
    assert set(figures["endpoints"]) == {"home", "api_articles", "search", "api_search", "entity", "api_entity"}
    for name, row in figures["endpoints"].items():
        assert row["errors"] == 0 and row["requests"] == 12, name
        assert 0 < row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"], name
    reuse = run("bench", "web", "--docs", "300", "--db-path", tmp_path / "bench.db",
                "--requests", "2", "--concurrency", "1", "--json")
    assert reuse.code == 0 and "reusing" in reuse.err
