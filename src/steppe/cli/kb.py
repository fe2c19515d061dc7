"""Commands on the knowledge base: kb show, kb add."""

from __future__ import annotations

import json
from pathlib import Path

import click

from steppe.cli.root import cli, settings_of
from steppe.enrich.kb_access import get_kb
from steppe.curate import curated_kb
from steppe.errors import InputError, NotFound, StoreError, quoted
from steppe.kb import KnowledgeBase
from steppe.settings import Settings
from steppe.store import open_store
from steppe.kb.user import add_record, new_record


@cli.group()
def kb() -> None:
    """Inspect and extend the knowledge base (persons, organisations, places, countries).

    \b
    Examples:
      steppe kb show Tokayev
      steppe kb add --type person --name "Aïgerim Seitkali" --country KZ --alias Seitkali
    """


@kb.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the records as JSON.")
@click.pass_context
def kb_show(ctx: click.Context, name: str, as_json: bool) -> None:
    """Show the entities one of whose names (any spelling, any script) is NAME.

    \b
    Examples:
      steppe kb show Tokayev
      steppe kb show Бишкек --json
    """
    found = _curated(settings_of(ctx)).lookup(name)
    if not found:
        raise NotFound(f"aucune entité de la base de connaissances ne s’appelle {quoted(name)}")
    if as_json:
        for entity in found:
            click.echo(json.dumps(entity.raw, ensure_ascii=False))
        return
    for entity in found:
        click.echo(f"{entity.name}  [{entity.type}{', ' + entity.country if entity.country else ''}]"
                   f"  {entity.id}")
        if entity.role:
            click.echo(f"  rôle : {entity.role}")
        click.echo(f"  noms : {', '.join(entity.all_names())}")
        if entity.demonyms:
            click.echo(f"  gentilés : {', '.join(entity.demonyms)}")


def _curated(settings: Settings) -> KnowledgeBase:
    """The KB as the database's curation log says (merged ids, added names), when there is a
    database to read; else the bundled KB and the user's file."""
    if settings.db.startswith(("postgresql://", "postgres://")) or Path(settings.db).is_file():
        try:
            with open_store(settings.db, create=False) as store:
                return curated_kb(store, settings.kb_file)
        except StoreError:
            pass
    return get_kb(settings.kb_file)


@kb.command("add")
@click.option("--type", "etype", required=True,
              type=click.Choice(["person", "organization", "place", "country", "region", "other"]),
              help="Entity type.")
@click.option("--name", required=True, help="Canonical name (as the French press writes it).")
@click.option("--country", default=None, help="ISO 3166-1 alpha-2 code, e.g. KZ.")
@click.option("--alias", "aliases", multiple=True, help="Another spelling (repeatable).")
@click.option("--id", "entity_id", default=None, help="Id (default: type:slug-of-name).")
@click.option("--role", default=None, help="Role or description, e.g. 'akim d’Almaty'.")
@click.pass_context
def kb_add(ctx: click.Context, etype: str, name: str, country: str | None,
           aliases: tuple[str, ...], entity_id: str | None, role: str | None) -> None:
    """Add an entity to your knowledge-base file (overrides a bundled one with the same id).

    Adding a name the knowledge base already has (same id, or the canonical name or an alias
    of one entity of the same type) merges into that record: its earlier names are kept and
    the new ones added. An unknown country code is refused.

    \b
    Examples:
      steppe kb add --type person --name "Aïgerim Seitkali" --country KZ --alias Seitkali
      steppe kb add --type organization --name "Qazaq Green" --country KZ
    """
    path = settings_of(ctx).kb_file
    if Path(path).is_dir():
        raise InputError(f"{path} : est un dossier, pas un fichier de base de connaissances")
    kb = get_kb(path)
    record = new_record(name, etype, country, list(aliases), entity_id, role,
                        known_countries=set(kb.country_by_code))
    added = add_record(path, record, kb)
    get_kb.cache_clear()  # the next command in this process reads the file as it now is
    if added.merged_into is None:
        click.echo(f"{added.entity.id} ajouté à {path}")
        return
    click.echo(f"« {name} » existe déjà ({added.merged_into.id}) : fusionné dans la fiche "
               f"existante, ses noms conservés ({len(added.entity.all_names())} noms) ; "
               f"écrit dans {path}")


