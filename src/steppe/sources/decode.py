"""Bytes → clean Unicode text, whatever the producer's encoding.

News dumps arrive as UTF-8 (with or without BOM), UTF-16 from Windows tools, cp1252 or
Latin-1 from older CMSs, and sometimes as mojibake (UTF-8 read as cp1252 and saved again).
We decode, repair mojibake with ftfy, and normalise to NFC while keeping the typography
(’ « » narrow no-break spaces, ᵉ) that French news relies on.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import ftfy
from charset_normalizer import from_bytes

from steppe.errors import InputError

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


def read_text(path: Path, max_line: int | None = None) -> str:
    """Read and decode a file, naming it in any error."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return decode_bytes(data, str(path), max_line)


def decode_bytes(data: bytes, where: str = "input", max_line: int | None = None) -> str:
    """Decode bytes of unknown encoding to clean NFC text; binary data is refused.

    ``max_line`` refuses absurd lines (a 50 MB blob) before the costly repair step.
    """
    if not data.strip():
        raise InputError(f"{where}: empty input")
    encoding = detect_encoding(data, where)
    text = data.decode(encoding, errors="replace")
    if max_line:
        check_line_lengths(text, where, max_line)
    return clean_text(text)


def check_line_lengths(text: str, where: str, limit: int) -> None:
    """Raise naming the first line longer than ``limit`` characters."""
    if len(text) <= limit:
        return
    for n, line in enumerate(text.split("\n"), 1):
        if len(line) > limit:
            raise InputError(f"{where}:{n}: line is {len(line):,} characters long (limit {limit:,})")


def detect_encoding(data: bytes, where: str = "input") -> str:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    utf16 = _utf16_without_bom(data[:_SAMPLE])
    if utf16:
        return utf16
    if b"\x00" in data[:_SAMPLE]:
        raise InputError(f"{where}: binary file (NUL bytes), not text")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:_SAMPLE]).best()
    if best is None or _looks_binary(data[:_SAMPLE]):
        raise InputError(f"{where}: binary file or unknown encoding, not text")
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


def clean_text(text: str) -> str:
    """Repair mojibake, drop control characters, normalise to NFC, unify line ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = ftfy.fix_text(text, _FTFY)
    return unicodedata.normalize("NFC", text)
