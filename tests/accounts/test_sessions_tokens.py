"""Session cookies, CSRF tokens, API tokens and the login throttle."""

from __future__ import annotations

import pytest

from steppe.accounts import sessions, tokens
from steppe.accounts.throttle import LoginThrottle
from steppe.accounts.users import add_user, authenticate, check_name, describe, set_password
from steppe.errors import InputError

SECRET = sessions.new_secret()


def test_a_session_cookie_reads_back_and_cannot_be_forged():
    value = sessions.issue(SECRET, "u1", 3, now=1000.0, hours=1)
    session = sessions.read(SECRET, value)
    assert (session.user_id, session.version, session.expires) == ("u1", 3, 4600.0)
    payload, signature = value.split(".")
    assert sessions.read(SECRET, value + "x") is None
    assert sessions.read(sessions.new_secret(), value) is None      # another database's key
    forged = sessions.issue("guess", "u1", 3)
    assert sessions.read(SECRET, forged) is None
    assert sessions.read(SECRET, "garbage") is None and sessions.read(SECRET, "") is None
    assert sessions.read(SECRET, f"{payload}x.{signature}") is None


def test_csrf_tokens_belong_to_one_nonce():
    token = sessions.csrf_token(SECRET, "nonce-one-aaaaaaaa")
    assert sessions.csrf_ok(SECRET, "nonce-one-aaaaaaaa", token)
    assert not sessions.csrf_ok(SECRET, "nonce-two-aaaaaaaa", token)
    forged = token[:-1] + ("B" if token.endswith("A") else "A")  # (the secret is random: its
    # token ends in « A » one time in 64, and then « A » forged nothing)
    assert not sessions.csrf_ok(SECRET, "nonce-one-aaaaaaaa", forged)
    assert not sessions.csrf_ok(SECRET, "nonce-one-aaaaaaaa", None)
    assert not sessions.csrf_ok(SECRET, None, token)


def test_the_throttle_shuts_after_ten_failures_per_address_or_name():
    now = [0.0]
    throttle = LoginThrottle(limit=10, window_s=900, clock=lambda: now[0])
    results = [throttle.failed("10.0.0.1", f"user{i}") for i in range(10)]
    assert results == [False] * 9 + [True]
    assert throttle.wait("10.0.0.1", "someone") == pytest.approx(900)     # the address
    assert throttle.wait("10.0.0.2", "user0") == 0.0
    for i in range(10):
        throttle.failed(f"10.1.0.{i}", "aigerim")                          # spread over addresses
    assert throttle.wait("10.9.9.9", "AIGERIM") > 0                        # the name
    now[0] += 901
    assert throttle.wait("10.0.0.1", "someone") == 0.0 and throttle.wait("10.9.9.9", "aigerim") == 0.0


def test_users_tokens_and_passwords_through_the_store(store):
    user = add_user(store, "aigerim", "editor", "mot de passe sûr")
    assert describe(user) == {"name": "aigerim", "role": "editor", "password": True,
                              "created": user.created}
    assert authenticate(store, "aigerim", "mot de passe sûr").id == user.id
    assert authenticate(store, "aigerim", "faux") is None
    assert authenticate(store, "nobody", "mot de passe sûr") is None
    token = tokens.create_token(store, "aigerim", "script")
    assert token.startswith("stp_") and len(token) > 40
    assert tokens.user_for_token(store, token).name == "aigerim"
    assert tokens.user_for_token(store, token + "x") is None
    assert tokens.user_for_token(store, "s3cret") is None
    assert token not in repr(store.list_tokens("aigerim"))
    set_password(store, "aigerim", "un autre secret")
    assert authenticate(store, "aigerim", "mot de passe sûr") is None
    assert store.get_user("aigerim").session_version == 1
    robot = add_user(store, "robot", "reader")                   # token-only
    assert robot.password is None and authenticate(store, "robot", "") is None


@pytest.mark.parametrize("name", ["", "a b", "x" * 65, "<script>", "a\nb"])
def test_bad_names_are_refused_before_anything_is_written(store, name):
    with pytest.raises(InputError, match="nom d’utilisateur"):
        add_user(store, name, "reader", "longenough")
    assert store.list_users() == []


def test_a_bad_role_or_password_writes_nothing(store):
    with pytest.raises(InputError, match="rôle"):
        add_user(store, "bolat", "owner", "longenough")
    with pytest.raises(InputError, match="trop court"):
        add_user(store, "bolat", "reader", "court")
    assert store.list_users() == []
    assert check_name("Айгерим.K@x-1") == "Айгерим.K@x-1"
