"""Curation commands under ``steppe kb``: merge, split, alias, unalias, reject, retype, log,
undo. Each records one audit row and queues re-annotation of only the articles it touches."""

from __future__ import annotations

import json
from typing import Any, Callable

import click

from steppe.cli.kb import kb
from steppe.cli.root import cli, settings_of
from steppe.cli.search import index_dir_for, stale_warnings
from steppe.curate import apply_change, default_actor, describe, undo_change
from steppe.errors import InputError
from steppe.kb.curation import change_lines
from steppe.model import ENTITY_TYPES
from steppe.store import open_store

_ = cli  # the root group: ``kb`` hangs from it
AS = click.option("--as", "actor", default=None, metavar="NAME",
                  help="Who makes the change, for the audit log (default: your OS user).")
JSON = click.option("--json", "as_json", is_flag=True, help="Print the change as JSON.")


def change_command(name: str, *params: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Register ``steppe kb NAME``, a command that records one change: its own ``params``
    (click arguments and options, in order), then --as and --json; the function gets the
    click context first."""
    def register(function: Callable[..., None]) -> Callable[..., None]:
        for param in (*params, AS, JSON)[::-1]:
            function = param(function)
        return kb.command(name)(click.pass_context(function))
    return register


def _run(ctx: click.Context, op: str, args: dict[str, Any], actor: str | None,
         as_json: bool) -> None:
    settings = settings_of(ctx)
    with open_store(settings.db, create=False) as store, stale_warnings():
        applied = apply_change(store, settings.kb_file, op, args, actor or default_actor(),
                               index_dir_for(settings))
    _show(applied, as_json)


def _show(applied: Any, as_json: bool) -> None:
    click.echo(json.dumps(applied.to_dict(), ensure_ascii=False) if as_json
               else describe(applied))


def _name_command(op: str, doc: str) -> None:
    """``steppe kb alias|unalias ENTITY_ID NAME``: the two differ only in what they do."""
    def command(ctx: click.Context, entity_id: str, name: str, actor: str | None,
                as_json: bool) -> None:
        _run(ctx, op, {"id": entity_id, "name": name}, actor, as_json)

    command.__doc__ = doc
    command.__name__ = f"kb_{op}"
    change_command(op, click.argument("entity_id"), click.argument("name"))(command)


@change_command("merge", click.argument("keep"), click.argument("other"))
def kb_merge(ctx: click.Context, keep: str, other: str, actor: str | None,
             as_json: bool) -> None:
    """Merge entity OTHER into KEEP: OTHER's names become KEEP's, OTHER redirects to KEEP.

    \b
    Examples:
      steppe kb merge person:kassym-jomart-tokaiev person:tokaiev
    """
    _run(ctx, "merge", {"keep": keep, "other": other}, actor, as_json)


@change_command(
    "split", click.argument("entity_id"),
    click.option("--articles", default=None, metavar="A1,A2",
                 help="Articles whose mentions of ENTITY_ID go to the new entity."),
    click.option("--mention", "mentions", multiple=True, metavar="ARTICLE:START-END",
                 help="One mention that goes to the new entity (repeatable)."),
    click.option("--name", required=True, help="The new entity's name."),
    click.option("--type", "etype", default=None, help=f"Its type ({', '.join(ENTITY_TYPES)}; "
                                                        "default: ENTITY_ID's)."),
    click.option("--country", default=None, help="Its country, ISO code (default: ENTITY_ID's)."))
def kb_split(ctx: click.Context, entity_id: str, articles: str | None, mentions: tuple[str, ...],
             name: str, etype: str | None, country: str | None, actor: str | None,
             as_json: bool) -> None:
    """Split ENTITY_ID in two: some articles' or mentions' links move to a new entity.

    \b
    Examples:
      steppe kb split person:a-karimov --articles 3f2a9c,77b1e0 --name "Aziz Karimov"
      steppe kb split person:a-karimov --mention 3f2a9c:120-131 --name "Aziz Karimov"
    """
    listed = [a for a in (articles or "").split(",") if a.strip()]
    _run(ctx, "split", {"id": entity_id, "articles": listed, "mentions": list(mentions),
                        "name": name, "type": etype, "country": country}, actor, as_json)


_name_command("alias", """Add NAME as another name of ENTITY_ID.

    \b
    Examples:
      steppe kb alias person:kassym-jomart-tokaiev "KJT"
    """)
_name_command("unalias", """Remove NAME from ENTITY_ID's names (never its main name).

    \b
    Examples:
      steppe kb unalias person:kassym-jomart-tokaiev "KJT"
    """)


@change_command("reject", click.argument("entity_id"))
def kb_reject(ctx: click.Context, entity_id: str, actor: str | None, as_json: bool) -> None:
    """Reject a false entity: its mentions are dropped, and never made again from its names.

    \b
    Examples:
      steppe kb reject org:breaking
    """
    _run(ctx, "reject", {"id": entity_id}, actor, as_json)


@change_command("retype", click.argument("entity_id"),
                click.option("--type", "etype", default=None,
                             help=f"New type ({', '.join(ENTITY_TYPES)})."),
                click.option("--country", default=None, help="New country, ISO code (e.g. KZ)."))
def kb_retype(ctx: click.Context, entity_id: str, etype: str | None, country: str | None,
              actor: str | None, as_json: bool) -> None:
    """Change ENTITY_ID's type and/or country.

    \b
    Examples:
      steppe kb retype org:samruk-kazyna --type organization --country KZ
    """
    if etype is None and country is None:
        raise InputError("kb retype : donnez --type et/ou --country")
    args: dict[str, Any] = {"id": entity_id, "type": etype}
    if country is not None:
        args["country"] = country
    _run(ctx, "retype", args, actor, as_json)


@kb.command("log")
@click.argument("entity_id", required=False)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000),
              help="Changes listed (newest first).")
@JSON
@click.pass_context
def kb_log(ctx: click.Context, entity_id: str | None, limit: int, as_json: bool) -> None:
    """The curation audit log (of one entity, or all): who, when, what, before → after.

    \b
    Examples:
      steppe kb log
      steppe kb log person:kassym-jomart-tokaiev --json
    """
    settings = settings_of(ctx)
    with open_store(settings.db, create=False) as store:
        changes = store.kb_changes(entity_id, limit)
    if as_json:
        for change in changes:
            click.echo(json.dumps(change.to_dict(), ensure_ascii=False))
        return
    if not changes:
        click.echo("aucune modification" + (f" de {entity_id}" if entity_id else ""))
    for change in changes:
        undone = f"  [annulée par n° {change.undone_by}]" if change.undone_by else ""
        click.echo(f"n° {change.id}  {change.at}  {change.actor}  {change.op}  "
                   f"{', '.join(change.entity_ids)}{undone}")
        for line in change_lines(change.before, change.after):
            click.echo(f"  {line}")


@change_command("undo", click.argument("change_id", type=int))
def kb_undo(ctx: click.Context, change_id: int, actor: str | None, as_json: bool) -> None:
    """Undo change CHANGE_ID (itself recorded) and re-annotate the articles it touched.

    \b
    Examples:
      steppe kb undo 12
    """
    settings = settings_of(ctx)
    with open_store(settings.db, create=False) as store, stale_warnings():
        applied = undo_change(store, settings.kb_file, change_id, actor or default_actor(),
                              index_dir_for(settings))
    _show(applied, as_json)
