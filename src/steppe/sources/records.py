"""Turn raw records (JSONL objects, plain text) into Articles, validating as we go.

Validation errors are returned as ``RecordError`` values rather than raised, so a caller can
choose to stop at the first one (ingest) or skip and count (annotate, --skip-invalid). JSONL is
read a line at a time (``articles_from_lines``), so a file of any size costs one record.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any, Iterable, Iterator

from steppe.errors import RecordError, quoted
from steppe.model import Article, derived_id
from steppe.sources.decode import TextLine, too_long

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def normalise_published(value: Any) -> str | None:
    """Accept YYYY-MM-DD, YYYY-MM, YYYY or an ISO datetime; return it normalised, or raise ValueError."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"« published » doit être une chaîne (reçu : {type(value).__name__})")
    value = value.strip()
    if _DATE.match(value):
        parts = [int(p) for p in value.split("-")]
        try:
            datetime(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError as exc:  # "month must be in 1..12": Python's words, kept in brackets
            raise ValueError(f"« published » n’est pas une date valide : {quoted(value)} ({exc})") \
                from None
        return value
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"« published » n’est pas une date : {quoted(value)}") from None
    return moment.isoformat()


def article_from_record(obj: Any, where: str, line: int, source: str | None) -> Article | RecordError:
    """One JSON object → Article; the error names the file and line."""
    if not isinstance(obj, dict):
        return RecordError(where, line, f"un objet JSON est attendu (reçu : {type(obj).__name__})")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return RecordError(where, line, "l’enregistrement n’a pas de « text »")
    title = obj.get("title")
    if title is not None and not isinstance(title, str):
        return RecordError(where, line, "« title » doit être une chaîne ou null")
    try:
        published = normalise_published(obj.get("published"))
    except ValueError as exc:
        return RecordError(where, line, str(exc))
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    article = Article(id="", title=title, text=text, published=published,
                      source=_str(obj.get("source")) or source, url=url,
                      lang=_str(obj.get("lang")), origin=f"{where}:{line}")
    article.id = _str(obj.get("id")) or derived_id(url, article.content_hash)
    return article


def _str(value: Any) -> str | None:
    if value is None:
        return None
    return str(value).strip() or None


def articles_from_jsonl(text: str, where: str, source: str | None = None,
                        max_line: int = 8_000_000) -> Iterator[Article | RecordError]:
    """Articles of a JSONL document, one per non-blank line, errors in place of bad lines."""
    lines = (TextLine(n, line, 0, 0, True) for n, line in enumerate(text.split("\n"), 1))
    for item, _ in articles_from_lines(lines, where, source, max_line):
        yield item


def articles_from_lines(lines: Iterable[TextLine], where: str, source: str | None = None,
                        max_line: int = 8_000_000
                        ) -> Iterator[tuple[Article | RecordError, TextLine]]:
    """(Article or RecordError, its line) per non-blank line: streaming JSONL, one record
    in memory at a time."""
    for line in lines:
        if line.error:
            yield RecordError(where, line.number, line.error), line
            continue
        text = line.text
        if not text.strip():
            continue
        if len(text) > max_line:
            yield RecordError(where, line.number, too_long(len(text), max_line)), line
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            reason = f"JSON invalide ({exc.msg}, colonne {exc.colno})"
            yield RecordError(where, line.number, reason), line
            continue
        yield article_from_record(obj, where, line.number, source), line
