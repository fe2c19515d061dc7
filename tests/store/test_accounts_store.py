"""The accounts tables on both backends: users, API token digests, the signing secret."""

from __future__ import annotations

import pytest

from steppe.errors import InputError, NotFound
from steppe.store.accounts_sql import UserRow


def _user(name: str = "aigerim", role: str = "editor", uid: str = "u1",
          password: str | None = "$argon2id$hash") -> UserRow:
    return UserRow(uid, name, role, password, 0, 100.0, 100.0)


def test_add_find_list_and_remove_users(store):
    store.add_user(_user())
    store.add_user(_user("bolat", "reader", "u2", None))
    assert store.get_user("aigerim").role == "editor"
    assert store.user_by_id("u2").name == "bolat" and store.user_by_id("u2").password is None
    assert [u.name for u in store.list_users()] == ["aigerim", "bolat"]
    assert store.find_user("nobody") is None
    store.remove_user("bolat")
    assert [u.name for u in store.list_users()] == ["aigerim"]
    assert store.user_by_id("u2") is None


def test_a_taken_name_is_refused_and_nothing_is_written(store):
    store.add_user(_user())
    with pytest.raises(InputError, match="existe déjà"):
        store.add_user(_user(uid="u9", role="admin"))
    assert [(u.id, u.role) for u in store.list_users()] == [("u1", "editor")]


def test_unknown_users_are_named(store):
    for call in (lambda: store.get_user("zz"), lambda: store.remove_user("zz"),
                 lambda: store.add_token("zz", "f" * 64, "", 1.0),
                 lambda: store.set_user_password("zz", None, 1.0)):
        with pytest.raises(NotFound, match="« zz »"):
            call()


def test_the_database_refuses_an_unknown_role(store):
    with pytest.raises(Exception):
        store.add_user(_user(role="owner"))
    assert store.list_users() == []


def test_tokens_are_found_by_digest_and_die_with_their_user(store):
    store.add_user(_user())
    tid = store.add_token("aigerim", "a" * 64, "script", 200.0)
    assert store.user_for_token("b" * 64) is None
    assert store.user_for_token("a" * 64).name == "aigerim"
    assert store.list_tokens("aigerim")[0].last_used is None
    assert store.user_for_token("a" * 64, now=300.0).id == "u1"
    [token] = store.list_tokens("aigerim")
    assert (token.id, token.label, token.last_used) == (tid, "script", 300.0)
    store.remove_user("aigerim")
    assert store.user_for_token("a" * 64) is None


def test_password_change_and_logout_bump_the_session_version(store):
    store.add_user(_user())
    store.set_user_password("aigerim", "$argon2id$other", 150.0)
    user = store.get_user("aigerim")
    assert (user.password, user.session_version, user.updated) == ("$argon2id$other", 1, 150.0)
    store.end_sessions(user.id)
    assert store.get_user("aigerim").session_version == 2
    store.set_user_role("aigerim", "admin", 160.0)
    assert store.get_user("aigerim").role == "admin"


def test_the_secret_is_written_once(store):
    first = store.meta_secret("session_secret", "one")
    assert first == "one"
    assert store.meta_secret("session_secret", "two") == "one"
    assert store.identity()      # the other meta row is untouched
