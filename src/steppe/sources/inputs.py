"""Open an input path (or standard input) in the right format and yield its Articles.

The one entry point the flows use: it decodes bytes, picks the format (``auto`` sniffs the
extension and first character), enforces the size caps and names the file and line in errors.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator, Literal

from steppe.errors import InputError, RecordError
from steppe.model import Article, derived_id
from steppe.sources.decode import decode_bytes, read_text
from steppe.sources.dump import articles_from_dump
from steppe.sources.records import articles_from_jsonl

Format = Literal["auto", "dump", "jsonl", "text"]
FORMATS = ("auto", "dump", "jsonl", "text")


def resolve_format(fmt: str, name: str, text: str) -> str:
    """``auto``: JSONL for *.jsonl / *.ndjson or text starting with ``{``, else a dump."""
    if fmt != "auto":
        return fmt
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    return "jsonl" if text.lstrip().startswith("{") else "dump"


def load_text(path: str, max_line: int | None = None) -> tuple[str, str]:
    """(display name, decoded text) for a path, ``-`` meaning standard input."""
    if path == "-":
        return "<stdin>", decode_bytes(sys.stdin.buffer.read(), "<stdin>", max_line)
    return path, read_text(Path(path), max_line)


def read_articles(path: str, fmt: str = "auto", source: str | None = None,
                  max_record: int = 8_000_000,
                  positional_ids: bool = True) -> Iterator[Article | RecordError]:
    """Articles of one input, with RecordErrors in place of bad records.

    ``positional_ids`` keeps the ``dump-N`` / ``text-1`` ids of shared/SCHEMA.md (annotate);
    ingestion turns it off so ids are content-derived and stable across files.
    """
    where, text = load_text(path, max_record)
    kind = resolve_format(fmt, where, text)
    if kind == "jsonl":
        yield from articles_from_jsonl(text, where, source, max_record)
        return
    if kind == "dump":
        items = list(articles_from_dump(text, where, source))
    elif kind == "text":
        items = [Article(id="text-1", title=None, text=text.strip(), source=source,
                         origin=f"{where}:1")]
    else:
        raise InputError(f"unknown input format {fmt!r} (choose from {', '.join(FORMATS)})")
    if not any(a.text or a.title for a in items):
        raise InputError(f"{where}: no article found")
    for article in items:
        if not positional_ids:
            article.id = derived_id(article.url, article.content_hash)
        yield article
