"""Open an input path (or standard input) in the right format and stream its Articles.

The one entry point the flows use: it decodes bytes as they are read, picks the format
(``auto`` sniffs the extension and first character), enforces the size caps and names the
file and line in errors. Nothing here holds more than a record (or, for a dump, a few lines):
a 1 GB file costs what a 1 MB one does.

Each item comes with its ``Position``, which is what a later run needs to pick the input up
after it: ingestion stores the position of the last article it committed, and ``identity``
(a hash of the content, the format and the source name) says whether a file is the same one.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import asdict, dataclass
from itertools import chain
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Literal

from steppe.errors import InputError, RecordError, grouped, quoted
from steppe.model import Article, derived_id
from steppe.sources.decode import BLOCK, TextLine, TextStream, check_readable
from steppe.sources.dump import articles_from_segments, listing_lines, segment_stream
from steppe.sources.records import articles_from_lines

Format = Literal["auto", "dump", "jsonl", "text"]
FORMATS = ("auto", "dump", "jsonl", "text")
Item = tuple[Article | RecordError, "Position"]
# Part of every identity: bump it when cleaning or segmentation changes, so a run never
# resumes at a position counted by another reader.
READER_VERSION = 2  # 2: dump and text articles dated from their lead (sources.lead_date)


def resolve_format(fmt: str, name: str, text: str) -> str:
    """``auto``: JSONL for *.jsonl / *.ndjson or text starting with ``{``, else a dump."""
    if fmt != "auto":
        return fmt
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    return "jsonl" if text.lstrip().startswith("{") else "dump"


@dataclass(frozen=True)
class Position:
    """Where an input stands just after one of its items.

    ``item`` counts items (articles and bad records) in input order, this one included, and
    ``line`` is its line. JSONL read from a seekable file also says where to seek to: the
    physical line (``offset``), the lines before it (``base_line``), how many of the lines it
    cleaned into are done (``skip``) and the cleaner's state there (``unescape``). Without an
    offset, a later run re-reads the input and skips ``item`` items.
    """

    item: int
    line: int
    offset: int | None = None
    base_line: int = 0
    skip: int = 0
    unescape: bool = True

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, raw: str) -> "Position":
        return cls(**json.loads(raw))


class Input:
    """One input opened for streaming; use as a context manager (it owns the file)."""

    def __init__(self, path: str, fmt: str = "auto", source: str | None = None,
                 max_record: int = 8_000_000, positional_ids: bool = True) -> None:
        if fmt not in FORMATS:
            raise InputError(f"format d’entrée inconnu {quoted(fmt)} (au choix : {', '.join(FORMATS)})")
        self.path, self.source, self.max_record = path, source, max_record
        self.positional_ids = positional_ids
        self.where = "<stdin>" if path == "-" else path
        self.raw = sys.stdin.buffer if path == "-" else _open(Path(path))
        try:
            self.size = None if path == "-" else Path(path).stat().st_size
            self.stream = TextStream(self.raw, self.where, max_record)
            self._lines = self.stream.lines()
            self._first = _first_content_line(self._lines)
            self.kind = resolve_format(fmt, self.where, self._first.text if self._first else "")
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> "Input":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.raw is not sys.stdin.buffer:
            self.raw.close()

    @property
    def consumed(self) -> int:
        """Bytes read so far (with ``size``, a progress fraction)."""
        return self.stream.consumed

    def identity(self) -> str | None:
        """Same content, format and source → same identity; None for standard input.

        A content hash rather than a name, size or date: a file edited in place, copied or
        touched is recognised for what it holds, so a resumed run never skips changed lines.
        """
        if self.path == "-":
            return None
        digest = hashlib.blake2b(digest_size=16)
        with _open(Path(self.path)) as f:
            while block := f.read(BLOCK):
                digest.update(block)
        return f"{digest.hexdigest()}/{self.kind}/{self.source or ''}/r{READER_VERSION}"

    def items(self, resume: Position | None = None) -> Iterator[Item]:
        """(Article or RecordError, its Position) in input order, after ``resume`` if given."""
        if self.kind == "jsonl":
            return self._jsonl(resume)
        if self.kind == "dump":
            return _after(self._dump(), resume)
        return _after(self._text(), resume)

    def _all_lines(self) -> Iterator[TextLine]:
        return chain([self._first] if self._first else [], self._lines)

    def _jsonl(self, resume: Position | None) -> Iterator[Item]:
        seekable = self.stream.seekable
        if resume is not None and resume.offset is not None and seekable:
            lines = self.stream.lines(resume.offset, resume.base_line, resume.skip,
                                      resume.unescape)
            count = resume.item
        else:
            lines, count = self._all_lines(), 0
        records = articles_from_lines(lines, self.where, self.source, self.max_record)
        for item, line in records:
            count += 1
            position = Position(count, line.number, line.start if seekable else None,
                                line.number - line.part - 1, line.part + 1, line.unescape)
            if resume is None or count > resume.item:
                yield item, position

    def _dump(self) -> Iterator[Item]:
        segments = segment_stream(listing_lines(self._numbered()), self.max_record)
        found = False
        for n, item in enumerate(articles_from_segments(segments, self.where, self.source), 1):
            found = True
            line = item.line if isinstance(item, RecordError) else _origin_line(item)
            yield self._own_id(item), Position(n, line or 0)
        if not found:
            self._nothing_found()

    def _numbered(self) -> Iterator[tuple[int, str]]:
        """Lines numbered as ``str.splitlines`` numbers the whole text (form feeds split)."""
        number = 0
        for line in self._all_lines():
            if line.error:
                raise InputError(f"{self.where}:{number + 1} : {line.error}")
            pieces = (line.text + "\n").splitlines() if line.terminated else line.text.splitlines()
            for piece in pieces:
                number += 1
                yield number, piece

    def _text(self) -> Iterator[Item]:
        """The whole input as one article, up to ``max_record`` characters."""
        parts: list[str] = []
        length, last = -1, 0
        for line in self._all_lines():
            if line.error:
                raise InputError(f"{self.where}:{line.number} : {line.error}")
            length, last = length + len(line.text) + 1, line.number
            if length <= self.max_record:
                parts.append(line.text)
        if length > self.max_record:
            raise InputError(f"{self.where} : texte de {grouped(length)} caractères "
                             f"(limite : {grouped(self.max_record)}) ; est-ce un dump ou du JSONL ?")
        text = "\n".join(parts).strip()
        if not text:
            self._nothing_found()
        article = Article(id="text-1", title=None, text=text, source=self.source,
                          origin=f"{self.where}:1")
        yield self._own_id(article), Position(1, last)

    def _own_id(self, item: Article | RecordError) -> Article | RecordError:
        if isinstance(item, Article) and not self.positional_ids:
            item.id = derived_id(item.url, item.content_hash)
        return item

    def _nothing_found(self) -> None:
        if not self.stream.seen_text:
            raise InputError(f"{self.where} : entrée vide")
        raise InputError(f"{self.where} : aucun article trouvé")


def _open(path: Path) -> BinaryIO:
    check_readable(path)
    try:
        return open(path, "rb", buffering=BLOCK)
    except OSError as exc:
        raise InputError(f"{path} : lecture impossible ({exc.strerror})") from None


def _first_content_line(lines: Iterator[TextLine]) -> TextLine | None:
    """The first line with something on it (blank lines before it matter to no format)."""
    for line in lines:
        if line.error or line.text.strip():
            return line
    return None


def _origin_line(article: Article) -> int | None:
    return int(article.origin.rsplit(":", 1)[1]) if article.origin else None


def _after(items: Iterable[Item], resume: Position | None) -> Iterator[Item]:
    """Items after ``resume``: formats that cannot seek are read again from the start."""
    for item, position in items:
        if resume is None or position.item > resume.item:
            yield item, position


def read_articles(path: str, fmt: str = "auto", source: str | None = None,
                  max_record: int = 8_000_000,
                  positional_ids: bool = True) -> Iterator[Article | RecordError]:
    """Articles of one input, with RecordErrors in place of bad records.

    ``positional_ids`` keeps the ``dump-N`` / ``text-1`` ids of shared/SCHEMA.md (annotate);
    ingestion turns it off so ids are content-derived and stable across files.
    """
    with Input(path, fmt, source, max_record, positional_ids) as source_input:
        for item, _ in source_input.items():
            yield item
