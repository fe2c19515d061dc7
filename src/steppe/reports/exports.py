"""Tables for researchers (issue 16): articles, entities, mentions and stories as rows, and
the same rows as CSV or JSON Lines text.

Every iterator reads the store a page at a time (``store.export_*_page``, keyset order), so an
export of any archive holds one page in memory, never the archive. The columns are the same
in both formats; CSV writes a list cell as its items joined by « ; » (``LIST_SEPARATOR``),
JSON Lines keeps lists as lists.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Callable, Iterator

from steppe.errors import InputError, quoted
from steppe.reports.events import check_day
from steppe.stories.days import day_number, iso_day
from steppe.store import Store

WHATS = ("articles", "entities", "mentions", "stories")
FORMATS = ("csv", "jsonl")
PAGE = 500            # rows (articles, entities, stories) read per query
TOP_ENTITIES = 10     # entities named in an article's row, most mentioned first
LIST_SEPARATOR = "; "

COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("id", "published", "source", "url", "lang", "title", "truncated", "countries",
                 "entities", "entity_ids", "entity_count", "story", "story_label"),
    "entities": ("id", "name", "type", "country", "articles", "stories", "mentions",
                 "first_day", "last_day"),
    "mentions": ("article", "entity", "name", "type", "country", "field", "start", "end",
                 "text"),
    "stories": ("id", "label", "first_day", "last_day", "articles", "outlets", "sources",
                "countries"),
}


def check_what(what: str | None, name: str = "--what") -> str:
    """``what`` if it names a table; InputError in French otherwise."""
    if what not in WHATS:
        raise InputError(f"{name} {quoted(what or '')} : attendu {', '.join(WHATS[:-1])} "
                         f"ou {WHATS[-1]}")
    return what


def check_format(fmt: str | None, name: str = "--format") -> str:
    if fmt not in FORMATS:
        raise InputError(f"{name} {quoted(fmt or '')} : attendu csv ou jsonl pour une table")
    return fmt


def _pages(read: Callable[[Any], list[Any]], start: Any,
           key: Callable[[Any], Any]) -> Iterator[Any]:
    """Every item of successive pages: ``read(after)`` returns up to PAGE items in key order."""
    after = start
    while True:
        page = read(after)
        yield from page
        if len(page) < PAGE:
            return
        after = key(page[-1])


def article_rows(store: Store, since: str | None = None) -> Iterator[dict[str, Any]]:
    """One row per article (published on or after ``since`` when given): metadata, its
    countries, its TOP_ENTITIES most mentioned entities and its story."""
    def read(after: int) -> list[dict[str, Any]]:
        page = store.export_article_page(after, PAGE, since)
        links = store.export_links([a["pk"] for a in page])
        for a in page:
            a["links"] = links[a["pk"]]
        return page

    for a in _pages(read, 0, lambda a: a["pk"]):
        entities, countries = a["links"]["entities"], a["links"]["countries"]
        top = entities[:TOP_ENTITIES]
        yield {"id": a["id"], "published": a["published"], "source": a["source"],
               "url": a["url"], "lang": a["lang"], "title": a["title"],
               "truncated": a["truncated"], "countries": [c["code"] for c in countries],
               "entities": [e["name"] for e in top], "entity_ids": [e["id"] for e in top],
               "entity_count": len(entities), "story": a["story"],
               "story_label": a["story_label"]}


def entity_rows(store: Store, since: str | None = None) -> Iterator[dict[str, Any]]:
    """One row per linked entity, by id: how many articles, live stories and mentions name
    it (within the articles published since ``since``), first and last publication days."""
    def read(after: str) -> list[dict[str, Any]]:
        return store.export_entity_page(after, PAGE, since)

    yield from _pages(read, "", lambda e: e["id"])


def mention_rows(store: Store, since: str | None = None) -> Iterator[dict[str, Any]]:
    """One row per mention of an entity in an annotated article: the words as written, the
    field (title or text) and character offsets within it."""
    def read(after: int) -> list[tuple[int, str, dict[str, Any]]]:
        return store.export_annotation_page(after, PAGE, since)

    for _, aid, annotation in _pages(read, 0, lambda row: row[0]):
        for entity in annotation.get("entities") or []:
            for m in entity.get("mentions") or []:
                yield {"article": aid, "entity": entity["id"], "name": entity["name"],
                       "type": entity["type"], "country": entity.get("country"),
                       "field": m["field"], "start": m["start"], "end": m["end"],
                       "text": m["text"]}


def story_rows(store: Store, since: str | None = None) -> Iterator[dict[str, Any]]:
    """One row per live story (still running on or after ``since``): label, first and last
    day, articles, outlets (how many, and their names), countries (most named first)."""
    since_day = day_number(since)

    def read(after: int) -> list[dict[str, Any]]:
        return store.export_story_page(after, PAGE, since_day)

    for s in _pages(read, 0, lambda s: s["pk"]):
        yield {"id": s["id"], "label": s["label"], "first_day": iso_day(s["first_day"]),
               "last_day": iso_day(s["last_day"]), "articles": s["articles"],
               "outlets": s["outlets"], "sources": s["sources"], "countries": s["countries"]}


_ROWS = {"articles": article_rows, "entities": entity_rows, "mentions": mention_rows,
         "stories": story_rows}


def export_rows(store: Store, what: str, since: str | None = None,
                names: tuple[str, str] = ("--what", "--since")) -> Iterator[dict[str, Any]]:
    """The rows of table ``what``; ``since`` as ``steppe stories --since`` reads it (7d,
    YYYY-MM-DD…). Arguments are checked before anything is read (InputError naming
    ``names``), so a caller may check first and stream after."""
    what = check_what(what, names[0])
    first = check_day(since, names[1])
    return _ROWS[what](store, first)


def _cell(value: Any, excel: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, float) and excel:
        return str(value).replace(".", ",")
    return str(value)


def render_lines(rows: Iterator[dict[str, Any]], what: str, fmt: str,
                 excel: bool = False) -> Iterator[str]:
    """The text of the export, a line at a time: CSV (header first; RFC 4180 quoting by the
    csv module; ``excel``: a BOM and ';' for French spreadsheets) or one JSON object per line."""
    fmt = check_format(fmt)
    if fmt == "jsonl":
        for row in rows:
            yield json.dumps(row, ensure_ascii=False) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",")
    columns = COLUMNS[what]

    def line(values: list[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    yield ("\ufeff" if excel else "") + line(list(columns))
    for row in rows:
        yield line([_cell(row.get(c), excel) for c in columns])
