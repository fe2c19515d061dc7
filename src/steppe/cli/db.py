"""Database administration: db migrate, db copy."""

from __future__ import annotations

import click

from steppe.cli.root import cli, settings_of
from steppe.store import open_store
from steppe.store.admin import migrate_store
from steppe.store.copy import copy_store


@cli.group()
def db() -> None:
    """Database administration: migrations and moving a base between backends.

    \b
    Examples:
      steppe --db postgresql://postgres@127.0.0.1/steppe db migrate
      steppe db copy --from steppe.db --to postgresql://postgres@127.0.0.1/steppe
    """


@db.command("migrate")
@click.pass_context
def db_migrate(ctx: click.Context) -> None:
    """Apply pending schema migrations to the database (SQLite or PostgreSQL).

    \b
    Example:
      steppe --db postgresql://postgres@127.0.0.1/steppe db migrate
    """
    applied = migrate_store(settings_of(ctx).db)
    click.echo(f"migrations appliquées : {', '.join(map(str, applied))}" if applied
               else "la base est à jour")


@db.command("copy")
@click.option("--from", "source", required=True, help="Source database (path or URL).")
@click.option("--to", "target", required=True, help="Target database (path or URL).")
def db_copy(source: str, target: str) -> None:
    """Copy a whole base (articles and annotations) from one database to another.

    Ids and content are kept; re-running copies nothing new.

    \b
    Example:
      steppe db copy --from steppe.db --to postgresql://postgres@127.0.0.1/steppe
    """
    with open_store(source, create=False) as src, open_store(target) as dst:
        counts = copy_store(src, dst)
    click.echo(f"copiés : {counts['articles']}  déjà présents : {counts['duplicates']}")


