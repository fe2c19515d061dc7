"""``steppe digest``: the brief of a period, as Markdown, one HTML file or JSON."""

from __future__ import annotations

import click

from steppe.reports.digest_text import plural
from steppe.cli.root import cli, settings_of
from steppe.enrich.kb_access import get_kb
from steppe.errors import InputError
from steppe.reports.digest import build_digest, entity_id_for
from steppe.reports.digest_render import render
from steppe.store import open_store
from steppe.stories import cluster_new


@cli.command()
@click.option("--since", default="7d", show_default=True,
              help="Period: a duration ending --until (7d, 2w, 3m, 1y) or a first day YYYY-MM-DD.")
@click.option("--until", default=None, help="Last day of the period, YYYY-MM-DD (default: today).")
@click.option("--country", default=None, help="Only stories about this country (ISO code, e.g. KZ).")
@click.option("--topic", default=None, help="Only stories with this IPTC topic (id or French label).")
@click.option("--entity", default=None,
              help="Only stories naming this entity (id such as person:kassym-jomart-tokaiev, or a name).")
@click.option("--limit", default=8, show_default=True, type=click.IntRange(1, 50),
              help="How many stories.")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md",
              show_default=True, help="Markdown, one self-contained HTML file, or JSON.")
@click.option("--base-url", default=None, metavar="URL",
              help="Where the web app is served (https://steppe.example.org; default: the "
                   "public_url setting): links to Steppe pages become absolute, so a forwarded "
                   "file's links work.")
@click.option("-o", "--output", default="-", help="Output file (default: standard output).")
@click.pass_context
def digest(ctx: click.Context, since: str, until: str | None, country: str | None,
           topic: str | None, entity: str | None, limit: int, fmt: str, base_url: str | None,
           output: str) -> None:
    """The brief of a period: its top stories (ranked by outlets, growth and recency), each
    summarised by sentences copied whole from its articles with their outlet and link, key
    figures and quotes; then the people and organisations of the period, the agenda ahead
    and the volume. Undated articles count on the day they were ingested.

    \b
    Examples:
      steppe digest
      steppe digest --since 30d --country KZ --format html -o synthese.html
      steppe digest --since 2025-11-24 --until 2025-11-30 --entity Tokaïev --format json
    """
    settings = settings_of(ctx)
    kb = get_kb(settings.kb_file)
    entity_id = entity_id_for(kb, entity)
    names = {e.id: e.name for e in ([kb.get(entity_id)] if entity_id else []) if e}
    names.update({f"country:{code}": e.name for code, e in kb.country_by_code.items()})
    with open_store(settings.db, create=False) as store:
        cluster_new(store)  # articles written by a process that did not cluster yet
        if entity_id and entity_id not in names:      # named by articles, not by the KB
            facts = store.entity_facts(entity_id)
            names[entity_id] = facts["name"] if facts else entity_id
        data = build_digest(store, since=since, until=until, country=country, topic=topic,
                            entity=entity_id, limit=limit,
                            base_url=base_url or settings.public_url or None,
                            countries=set(kb.country_by_code), entity_names=names)
    text = render(data, fmt)
    if output == "-":
        click.echo(text, nl=False)
        return
    try:
        with open(output, "w", encoding="utf-8") as out:
            out.write(text)
    except OSError as exc:
        raise InputError(f"-o {output} : écriture impossible ({exc.strerror})") from None
    click.echo(f"{output}: {plural(data['totals']['articles'], 'article')}, "
               f"{plural(len(data['stories']), 'histoire')}, {data['period']['label']}", err=True)
