"""``steppe users`` on both backends, through the real entry point: add, list, token,
passwd, role, remove, and their one-line French errors."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from steppe.accounts import tokens
from steppe.accounts.users import authenticate
from steppe.cli import main
from steppe.store import open_store


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path) -> str:
    return str(tmp_path / "users.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")


def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_add_with_password_stdin_list_token_and_remove(run, url, monkeypatch):
    _stdin(monkeypatch, "mot de passe sûr\n")
    added = run("--db", url, "users", "add", "aigerim", "--role", "editor", "--password-stdin")
    assert added.code == 0 and "aigerim (éditeur), avec mot de passe" in added.out
    assert run("--db", url, "users", "add", "robot", "--role", "reader", "--no-password").code == 0
    made = run("--db", url, "users", "token", "robot", "--label", "cron")
    token = made.out.strip()
    assert made.code == 0 and token.startswith("stp_") and "une seule fois" in made.err
    listed = run("--db", url, "users", "list", "--json")
    data = json.loads(listed.out)["users"]
    assert [(u["name"], u["role"], u["password"]) for u in data] == \
        [("aigerim", "editor", True), ("robot", "reader", False)]
    assert [t["label"] for t in data[1]["tokens"]] == ["cron"]
    assert "argon2" not in listed.out and token not in listed.out
    assert "argon2" not in run("--db", url, "users", "list").out
    with open_store(url) as store:
        assert authenticate(store, "aigerim", "mot de passe sûr") is not None
        assert tokens.user_for_token(store, token).name == "robot"
        assert token not in json.dumps([list(map(str, r)) for r in
                                        store._q("SELECT * FROM api_tokens").fetchall()])
    assert run("--db", url, "users", "remove", "robot").code == 0
    with open_store(url) as store:
        assert tokens.user_for_token(store, token) is None
        assert [u.name for u in store.list_users()] == ["aigerim"]


def test_the_password_is_asked_twice_hidden(url):
    runner = CliRunner()
    with runner.isolation(input="un secret solide\nun secret solide\n") as (out, err, *_):
        code = main(["--db", url, "users", "add", "bolat", "--role", "admin"])
        printed = out.getvalue().decode()
    assert code == 0 and "un secret solide" not in printed and "bolat (administrateur)" in printed
    with runner.isolation(input="nouveau secret\nnouveau secret\n"):
        assert main(["--db", url, "users", "passwd", "bolat"]) == 0
    with open_store(url) as store:
        assert authenticate(store, "bolat", "nouveau secret") is not None
        assert store.get_user("bolat").session_version == 1


@pytest.mark.parametrize("args, said", [
    (["users", "add", "x", "--role", "owner", "--no-password"],
     "rôle « owner » inconnu : choisissez parmi reader, editor, admin"),
    (["users", "add", "a b", "--role", "reader", "--no-password"], "nom d’utilisateur « a b » invalide"),
    (["users", "remove", "ghost"], "aucun utilisateur ne s’appelle « ghost »"),
    (["users", "token", "ghost"], "aucun utilisateur ne s’appelle « ghost »"),
    (["users", "passwd", "ghost", "--no-password"], "aucun utilisateur ne s’appelle « ghost »"),
    (["users", "role", "ghost", "admin"], "aucun utilisateur ne s’appelle « ghost »"),
    (["users", "add", "x", "--role", "reader", "--no-password", "--password-stdin"], "s’excluent"),
])
def test_errors_are_one_french_line(run, url, args, said):
    result = run("--db", url, *args)
    assert result.code != 0 and result.err.count("\n") == 1 and said in result.err, result.err
    assert result.err.startswith("erreur : ")


def test_a_duplicate_name_or_short_password_writes_nothing(run, url, monkeypatch):
    assert run("--db", url, "users", "add", "aigerim", "--role", "reader", "--no-password").code == 0
    again = run("--db", url, "users", "add", "aigerim", "--role", "admin", "--no-password")
    assert again.code != 0 and "« aigerim » existe déjà" in again.err and again.err.count("\n") == 1
    _stdin(monkeypatch, "court\n")
    short = run("--db", url, "users", "add", "bolat", "--role", "reader", "--password-stdin")
    assert short.code != 0 and "trop court" in short.err
    _stdin(monkeypatch, "\n")
    empty = run("--db", url, "users", "add", "bolat", "--role", "reader", "--password-stdin")
    assert empty.code != 0 and "aucun mot de passe" in empty.err
    data = json.loads(run("--db", url, "users", "list", "--json").out)["users"]
    assert [(u["name"], u["role"]) for u in data] == [("aigerim", "reader")]


def test_role_changes_and_an_empty_list_says_how_to_add(run, url):
    assert "steppe users add" in run("--db", url, "users", "list").out
    run("--db", url, "users", "add", "aigerim", "--role", "reader", "--no-password")
    assert run("--db", url, "users", "role", "aigerim", "editor").out.strip() == \
        "rôle changé : aigerim est éditeur"
    assert json.loads(run("--db", url, "users", "list", "--json").out)["users"][0]["role"] == "editor"
