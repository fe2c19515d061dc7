"""Newsroom accounts: add, list, remove users, set passwords and roles, make API tokens."""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime, timezone

import click

from steppe.accounts import tokens
from steppe.accounts.roles import LABELS, ROLES, check_role
from steppe.accounts.users import add_user, check_name, describe, set_password
from steppe.cli.root import cli, note_line, settings_of
from steppe.errors import InputError
from steppe.store import open_store


def _when(moment: float | None) -> str:
    if moment is None:
        return "jamais"
    return datetime.fromtimestamp(moment, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _password(from_stdin: bool, none: bool) -> str | None:
    """The password from stdin (its first line), from a hidden prompt asked twice, or None."""
    if none and from_stdin:
        raise InputError("--no-password et --password-stdin s’excluent : choisissez l’un des deux")
    if none:
        return None
    if from_stdin:
        line = sys.stdin.readline()
        if not line.strip():
            raise InputError("--password-stdin : aucun mot de passe lu sur l’entrée standard")
        return line.rstrip("\r\n")
    return click.prompt("Mot de passe", hide_input=True, confirmation_prompt="Confirmez-le")


@cli.group()
def users() -> None:
    """Accounts of the web app: readers read, editors curate the knowledge base and manage
    sources and alerts, admins manage users.

    Passwords (for the browser login) are stored as argon2 hashes, API tokens as SHA-256
    digests: neither can be shown again. STEPPE_WEB_TOKEN keeps working as an admin token.

    \b
    Examples:
      steppe users add aigerim --role editor
      echo 'un mot de passe' | steppe users add bolat --role reader --password-stdin
      steppe users add robot --role editor --no-password
      steppe users token robot --label cron
      steppe users list
    """


@users.command("add")
@click.argument("name")
@click.option("--role", required=True, metavar="|".join(ROLES), help="What the user may do.")
@click.option("--password-stdin", "from_stdin", is_flag=True,
              help="Read the password from the first line of standard input.")
@click.option("--no-password", "none", is_flag=True,
              help="No password: the user can only use API tokens ('steppe users token').")
@click.pass_context
def add(ctx: click.Context, name: str, role: str, from_stdin: bool, none: bool) -> None:
    """Create a user (asks for the password twice, hidden, unless told otherwise)."""
    check_name(name)
    check_role(role)
    password = _password(from_stdin, none)
    with open_store(settings_of(ctx).db) as store:
        user = add_user(store, name, role, password)
    how = "avec mot de passe" if user.password else "sans mot de passe (jetons seulement)"
    click.echo(f"utilisateur ajouté : {user.name} ({LABELS[user.role]}), {how}")


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the users as JSON.")
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """The users, their roles and tokens (never a hash)."""
    with open_store(settings_of(ctx).db) as store:
        rows = [(u, store.list_tokens(u.name)) for u in store.list_users()]
    if as_json:
        data = [{**describe(u), "tokens": [{"label": t.label, "created": t.created,
                                             "last_used": t.last_used} for t in toks]}
                for u, toks in rows]
        click.echo(json.dumps({"users": data}, ensure_ascii=False))
        return
    if not rows:
        click.echo("aucun utilisateur (ajoutez-en avec « steppe users add NOM --role reader »)")
        return
    for user, toks in rows:
        password = "mot de passe" if user.password else "sans mot de passe"
        used = max((t.last_used or 0 for t in toks), default=0) or None
        click.echo(f"{user.name}\t{LABELS[user.role]}\t{password}\t{len(toks)} jeton(s)"
                   f"\tdernier usage d’un jeton : {_when(used)}")


@users.command("remove")
@click.argument("name")
@click.pass_context
def remove(ctx: click.Context, name: str) -> None:
    """Remove a user, their tokens and sessions."""
    with open_store(settings_of(ctx).db) as store:
        store.remove_user(name)
    click.echo(f"utilisateur supprimé : {name}")


@users.command("token")
@click.argument("name")
@click.option("--label", default="", help="What the token is for (shown by 'users list').")
@click.pass_context
def token(ctx: click.Context, name: str, label: str) -> None:
    """Make an API token for NAME: printed once on stdout, only its digest is kept.

    \b
    Example:
      TOKEN=$(steppe users token robot --label cron)
      curl -H "Authorization: Bearer $TOKEN" -X POST http://127.0.0.1:8000/api/sources ...
    """
    with open_store(settings_of(ctx).db) as store:
        made = tokens.create_token(store, name, label)
    note_line(f"jeton pour {name} (affiché une seule fois, gardez-le) :")
    click.echo(made)


@users.command("passwd")
@click.argument("name")
@click.option("--password-stdin", "from_stdin", is_flag=True,
              help="Read the password from the first line of standard input.")
@click.option("--no-password", "none", is_flag=True, help="Remove the password (tokens only).")
@click.pass_context
def passwd(ctx: click.Context, name: str, from_stdin: bool, none: bool) -> None:
    """Set (or remove) a user's password; their open sessions end."""
    with open_store(settings_of(ctx).db) as store:
        store.get_user(name)                         # an unknown name fails before the prompt
        set_password(store, name, _password(from_stdin, none))
    click.echo(f"mot de passe {'retiré' if none else 'changé'} : {name} (ses sessions sont fermées)")


@users.command("role")
@click.argument("name")
@click.argument("role", metavar="|".join(ROLES))
@click.pass_context
def role(ctx: click.Context, name: str, role: str) -> None:
    """Change a user's role."""
    check_role(role)
    with open_store(settings_of(ctx).db) as store:
        store.set_user_role(name, role, time.time())
    click.echo(f"rôle changé : {name} est {LABELS[role]}")
