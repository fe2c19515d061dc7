"""Newsroom accounts: who may read, curate and administer a Steppe server.

Users live in the store (store/accounts_sql.py) with a role (roles.py), an argon2 password
hash for browser login (passwords.py) and any number of API tokens kept as digests
(tokens.py). The web signs its session cookies and CSRF tokens here (sessions.py) and
counts wrong passwords (throttle.py); ``steppe users`` and the web share users.py, so a
name or role is checked the same way wherever it is given.
"""
