"""Bytes → clean Unicode text, whatever the producer's encoding, whole or a line at a time.

News dumps arrive as UTF-8 (with or without BOM), UTF-16 from Windows tools, cp1252 or
Latin-1 from older CMSs, and sometimes as mojibake (UTF-8 read as cp1252 and saved again).
We decode, repair mojibake with ftfy, and normalise to NFC while keeping the typography
(’ « » narrow no-break spaces, ᵉ) that French news relies on.

Ingestion reads big files, so ``TextStream`` does the same a line at a time from a buffered
reader: the encoding is guessed from the first 256 KB, and each line is cleaned as ftfy
cleans a whole text (ftfy works line by line anyway; the one state it carries across lines,
"stop unescaping HTML once a '<' was seen", is carried here too). Memory is a block and a
line, whatever the file's size; the lines are the ones ``decode_bytes(...).split("\\n")``
would give.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

import ftfy
from charset_normalizer import from_bytes

from steppe.errors import InputError, grouped

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FTFY = ftfy.TextFixerConfig(
    uncurl_quotes=False,        # keep ’ and « » exactly as written
    fix_character_width=False,  # keep full-width forms; NFC below handles composition
    fix_latin_ligatures=False,
    normalization="NFC",
)
_SAMPLE = 256 * 1024
BLOCK = 1 << 20  # bytes read at a time when streaming
_EOL = re.compile(rb"\r\n|\r|\n")


def read_text(path: Path, max_line: int | None = None) -> str:
    """Read and decode a whole file, naming it in any error."""
    check_readable(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path} : lecture impossible ({exc.strerror})") from None
    return decode_bytes(data, str(path), max_line)


def check_readable(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path} : fichier introuvable")
    if path.is_dir():
        raise InputError(f"{path} : c’est un dossier, pas un fichier")


def decode_bytes(data: bytes, where: str = "input", max_line: int | None = None) -> str:
    """Decode bytes of unknown encoding to clean NFC text; binary data is refused.

    ``max_line`` refuses absurd lines (a 50 MB blob) before the costly repair step.
    """
    if not data.strip():
        raise InputError(f"{where} : entrée vide")
    encoding = detect_encoding(data, where)
    text = data.decode(encoding, errors="replace")
    if max_line:
        check_line_lengths(text, where, max_line)
    text = clean_text(text)
    if not text.strip():  # a BOM alone, blank UTF-16, only characters cleaning drops
        raise InputError(f"{where} : entrée vide")
    return text


def check_line_lengths(text: str, where: str, limit: int) -> None:
    """Raise naming the first line longer than ``limit`` characters."""
    if len(text) <= limit:
        return
    for n, line in enumerate(text.split("\n"), 1):
        if len(line) > limit:
            raise InputError(f"{where}:{n} : {too_long(len(line), limit)}")


def too_long(length: int, limit: int) -> str:
    return f"ligne de {grouped(length)} caractères (limite : {grouped(limit)})"


def detect_encoding(data: bytes, where: str = "input", complete: bool = True) -> str:
    """The encoding of ``data``; ``complete=False`` when it is only the start of the input
    (a multi-byte character cut at its end is then no evidence against UTF-8)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    utf16 = _utf16_without_bom(data[:_SAMPLE])
    if utf16:
        return utf16
    if b"\x00" in data[:_SAMPLE]:
        raise InputError(f"{where} : fichier binaire (octets NUL), pas du texte")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:_SAMPLE]).best()
    if best is None or _looks_binary(data[:_SAMPLE]):
        raise InputError(f"{where} : fichier binaire ou encodage inconnu, pas du texte")
    # charset-normalizer hesitates between close Western code pages; cp1252 is a superset
    # of Latin-1's printable range and is what French CMSs actually emit.
    return "cp1252" if best.encoding in {"latin_1", "iso8859_15", "cp1250"} else best.encoding


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text without BOM shows NUL in every other byte for Latin script."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _looks_binary(sample: bytes) -> bool:
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > 0.02 * max(len(sample), 1)


def _blank(text: str) -> bool:
    """Whether ``text`` is blank once cleaned (what ``decode_bytes`` calls empty input)."""
    return not any(c.isalnum() for c in text) and not clean_text(text).strip()


def clean_text(text: str) -> str:
    """Repair mojibake, drop control characters, normalise to NFC, unify line ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = ftfy.fix_text(text, _FTFY)
    return unicodedata.normalize("NFC", text)


def _cp1252_byte(exc: UnicodeError) -> tuple[str, int]:
    """Decode error handler: a byte that is not UTF-8 is read as cp1252 (Latin-1 where
    cp1252 has a hole), so a file that is UTF-8 for its first 256 KB and cp1252 later
    keeps its accents instead of turning them into U+FFFD."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    byte = exc.object[exc.start:exc.start + 1]
    try:
        return byte.decode("cp1252"), exc.start + 1
    except UnicodeDecodeError:
        return byte.decode("latin-1"), exc.start + 1


codecs.register_error("steppe-cp1252", _cp1252_byte)


# -- streaming ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class TextLine:
    """One line of cleaned text, numbered as ``text.split("\\n")`` numbers the whole text.

    ``start`` is the stream offset of the physical line it came from, ``part`` its index among
    the lines that physical line cleaned into (ftfy turns U+2028 and the like into line
    breaks) and ``unescape`` the cleaner's state before it, so a reader can restart exactly
    there. ``error`` is set (and ``text`` empty) for a line longer than the limit, which is
    counted through without being held in memory.
    """

    number: int
    text: str
    start: int
    part: int
    terminated: bool
    error: str | None = None
    unescape: bool = True


class _Cleaner:
    """``clean_text`` one line at a time, carrying ftfy's one cross-line state: HTML entities
    are unescaped until a line shows a '<' (then the text is taken for markup)."""

    def __init__(self, unescape: bool = True) -> None:
        self.config = _FTFY if unescape else _FTFY._replace(unescape_html=False)

    @property
    def unescape(self) -> bool:
        return self.config.unescape_html == "auto"

    def __call__(self, text: str) -> str:
        fixed = ftfy.fix_text(text, self.config)
        if self.config.unescape_html == "auto" and "<" in text:
            self.config = self.config._replace(unescape_html=False)
        return unicodedata.normalize("NFC", fixed)


class TextStream:
    """Clean lines of a binary stream of unknown encoding, read ``BLOCK`` bytes at a time.

    ASCII-compatible single-byte encodings and UTF-8 are split into lines as bytes, so offsets
    are file offsets and a seekable file can be re-entered at any line start; UTF-16, UTF-32
    and multi-byte code pages are transcoded to UTF-8 first (offsets then count that stream).
    """

    def __init__(self, raw: BinaryIO, where: str, max_line: int | None = None) -> None:
        self.raw, self.where, self.max_line = raw, where, max_line
        self.consumed = 0  # raw bytes read so far, for progress
        prefix = self._read_raw(_SAMPLE)
        while len(prefix) < _SAMPLE and (more := self._read_raw(_SAMPLE - len(prefix))):
            prefix += more  # pipes hand data over in small pieces
        complete = len(prefix) < _SAMPLE
        if complete and not prefix.strip():
            raise InputError(f"{where} : entrée vide")
        self.encoding = detect_encoding(prefix, where, complete)
        self.codec, self.errors, bom = _body_codec(self.encoding, prefix)
        if complete and _blank(prefix[bom:].decode(self.codec, "replace")):
            raise InputError(f"{where} : entrée vide")  # as decode_bytes says it
        self.byte_lines = _splits_as_bytes(self.codec)
        self.seekable = self.byte_lines and _seekable(raw)
        if self.byte_lines:
            self._read: Callable[[int], bytes] = self._read_raw
            self._head, self._origin = prefix[bom:], bom
        else:  # offsets then count the UTF-8 stream
            self._read = _Transcoder(self._read_raw, self.codec, prefix[bom:]).read
            self._head, self._origin = b"", 0
            self.codec, self.errors = "utf-8", "replace"
        self.seen_text = False

    def _read_raw(self, n: int) -> bytes:
        try:
            data = self.raw.read(n)
        except OSError as exc:
            raise InputError(f"{self.where} : lecture impossible ({exc.strerror})") from None
        self.consumed += len(data)
        return data

    def lines(self, offset: int | None = None, base_line: int = 0, skip: int = 0,
              unescape: bool = True) -> Iterator[TextLine]:
        """The cleaned lines; with ``offset`` (a ``TextLine.start``, seekable streams only),
        from that physical line on, numbered after ``base_line``, its first ``skip`` parts
        left out, the cleaner in state ``unescape`` (the line's own)."""
        if offset is None:
            buf, pos = self._head, self._origin
        else:
            if not self.seekable:
                raise InputError(f"{self.where} : impossible de reprendre la lecture ici "
                                 "(entrée non repositionnable)")
            self.raw.seek(offset)
            self.consumed = offset
            buf, pos = b"", offset
        self._head = b""
        clean, number = _Cleaner(unescape if offset is not None else True), base_line
        for raw, start, end, length in self._physical(buf, pos):
            text = raw.decode(self.codec, self.errors) if raw is not None else ""
            if raw is None or (self.max_line and len(text) > self.max_line):
                self.seen_text = True
                number += 1
                reason = too_long(length if raw is None else len(text), self.max_line or 0)
                yield TextLine(number, "", start, 0, True, reason, clean.unescape)
                continue
            terminated, state = end > start + len(raw), clean.unescape
            cleaned = clean(text + "\n" if terminated else text)
            self.seen_text = self.seen_text or bool(cleaned.strip())
            parts, ends = cleaned.split("\n"), cleaned.endswith("\n")
            if ends or not parts[-1]:
                parts.pop()  # what followed the last line end, or nothing left at the end
            for part, piece in enumerate(parts):
                number += 1
                if part >= skip:
                    yield TextLine(number, piece, start, part, ends or part < len(parts) - 1,
                                   unescape=state)
            skip = 0
        if offset is None and not self.seen_text:  # blank past the first 256 KB too
            raise InputError(f"{self.where} : entrée vide")

    def _physical(self, head: bytes, pos: int) -> Iterator[tuple[bytes | None, int, int, int]]:
        """(line bytes without their end — None when too long —, start, end, length) per line.

        A line longer than 4 × ``max_line`` bytes (more characters than allowed whatever the
        encoding) is counted through, never held whole.
        """
        cap = 4 * self.max_line + 4 if self.max_line else None
        buf, i, eof = bytearray(head), 0, False
        while True:
            m = _EOL.search(buf, i)
            if m is not None and (eof or m.end() < len(buf) or m.group() != b"\r"):
                yield bytes(buf[i:m.start()]), pos, pos + m.end() - i, m.start() - i
                pos += m.end() - i
                i = m.end()
                continue
            if eof:
                if i < len(buf):
                    yield bytes(buf[i:]), pos, pos + len(buf) - i, len(buf) - i
                return
            del buf[:i]
            i = 0
            if cap is not None and len(buf) > cap:
                length, end, eof = self._count_through(buf)
                yield None, pos, pos + end, length
                pos += end
                continue
            block = self._read(BLOCK)
            eof = not block
            buf += block

    def _count_through(self, buf: bytearray) -> tuple[int, int, bool]:
        """Characters and bytes (with its end) of the over-long line ``buf`` starts with; the
        line is dropped from ``buf`` as it is counted. Also says whether the input ended."""
        decoder = codecs.getincrementaldecoder(self.codec)(errors=self.errors)
        length = consumed = 0
        while True:
            m = _EOL.search(buf)
            if m is not None and (m.end() < len(buf) or m.group() != b"\r"):
                length += _count(decoder, buf, m.start(), final=True)
                consumed += m.end()
                del buf[:m.end()]
                return length, consumed, False
            stop = len(buf) - (1 if buf.endswith(b"\r") else 0)  # maybe half of "\r\n"
            length += _count(decoder, buf, stop)
            consumed += stop
            del buf[:stop]
            block = self._read(BLOCK)
            if not block:
                length += _count(decoder, buf, len(buf), final=True)
                consumed += len(buf)
                del buf[:]
                return length, consumed, True
            buf += block


def _count(decoder: codecs.IncrementalDecoder, buf: bytearray, stop: int,
           final: bool = False) -> int:
    """Characters in ``buf[:stop]``, decoded a block at a time."""
    n = 0
    for k in range(0, stop, BLOCK):
        n += len(decoder.decode(bytes(buf[k:min(k + BLOCK, stop)])))
    return n + (len(decoder.decode(b"", final=True)) if final else 0)


class _Transcoder:
    """A ``read(n)`` of UTF-8 bytes over a stream in another encoding."""

    def __init__(self, read: Callable[[int], bytes], codec: str, head: bytes = b"") -> None:
        self._read, self._head = read, head
        self._decoder = codecs.getincrementaldecoder(codec)(errors="replace")
        self._done = False

    def read(self, n: int) -> bytes:
        while not self._done:
            data, self._head = (self._head or self._read(n)), b""
            text = self._decoder.decode(data, final=not data)
            self._done = not data
            if text:
                return text.encode("utf-8", "surrogatepass")
        return b""


def _body_codec(encoding: str, prefix: bytes) -> tuple[str, str, int]:
    """(codec for the text after the BOM, error handler, BOM length)."""
    if encoding == "utf-8-sig":
        return "utf-8", "replace", len(codecs.BOM_UTF8)
    if encoding in ("utf-16", "utf-32"):
        width = 2 if encoding == "utf-16" else 4
        little = prefix[:width] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF32_LE)
        return f"{encoding}-{'le' if little else 'be'}", "replace", width
    if encoding == "utf-8":
        return "utf-8", "steppe-cp1252", 0
    return encoding, "replace", 0


def _splits_as_bytes(codec: str) -> bool:
    """Can lines be cut on the bytes CR and LF before decoding? UTF-8 and single-byte
    ASCII-compatible code pages, yes; UTF-16/32 and multi-byte or stateful ones, no."""
    if codecs.lookup(codec).name == "utf-8":
        return True
    try:
        return (len(bytes(range(256)).decode(codec, errors="replace")) == 256
                and "\n\r".encode(codec) == b"\n\r")
    except (LookupError, UnicodeError):
        return False


def _seekable(raw: BinaryIO) -> bool:
    try:
        return raw.seekable()
    except (AttributeError, OSError, ValueError):
        return False
