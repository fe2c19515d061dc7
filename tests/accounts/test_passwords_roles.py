"""Passwords hashed with argon2 and roles ordered reader < editor < admin."""

from __future__ import annotations

import pytest

from steppe.accounts.passwords import hash_password, verify_password
from steppe.accounts.roles import ROLES, allows, check_role
from steppe.errors import InputError


def test_a_password_is_stored_as_an_argon2id_hash_and_verified():
    hashed = hash_password("correct horse")
    assert hashed.startswith("$argon2id$") and "correct horse" not in hashed
    assert verify_password(hashed, "correct horse")
    assert not verify_password(hashed, "correct hors")
    assert hash_password("correct horse") != hashed            # salted


def test_no_hash_and_broken_hashes_never_match():
    assert not verify_password(None, "anything at all")
    assert not verify_password("not-a-hash", "anything at all")
    assert not verify_password(hash_password("12345678"), "x" * 5000)


@pytest.mark.parametrize("password, said", [("short", "trop court"), ("x" * 1025, "trop long")])
def test_bad_passwords_are_refused_in_french(password, said):
    with pytest.raises(InputError, match=said):
        hash_password(password)


def test_roles_are_ordered():
    assert ROLES == ("reader", "editor", "admin")
    assert allows("admin", "editor") and allows("editor", "editor") and allows("editor", "reader")
    assert not allows("reader", "editor") and not allows("editor", "admin")
    assert not allows("owner", "reader")
    with pytest.raises(InputError, match="rôle « owner » inconnu : choisissez parmi reader, editor, admin"):
        check_role("owner")
