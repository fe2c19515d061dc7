"""Input decoding: every encoding a French newsroom emits, mojibake repaired, typography kept."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from steppe.errors import InputError
from steppe.sources.decode import decode_bytes, read_text

TEXT = ("Kirghizstan : l’élection « anticipée » fixée au 30 novembre 2025\n"
        "Le 80ᵉ anniversaire, 5,9\u202fmilliards de tenges — à Bichkek.\n")
WESTERN = "Kirghizstan : l’élection « anticipée » à Bichkek, 5,9 milliards de tenges.\n"


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    TEXT.encode("utf-16"),          # with BOM
    TEXT.encode("utf-16-le"),       # without BOM
    TEXT.encode("utf-16-be"),
], ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be"])
def test_unicode_encodings(data):
    assert decode_bytes(data) == TEXT


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_western_code_pages(encoding):
    text = WESTERN if encoding == "cp1252" else WESTERN.replace("’", "'")
    assert decode_bytes(text.encode(encoding)) == text


def test_mojibake_is_repaired():
    broken = TEXT.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    assert decode_bytes(broken) == TEXT


def test_nfc_and_typography_kept():
    decomposed = unicodedata.normalize("NFD", TEXT)
    out = decode_bytes(decomposed.encode("utf-8"))
    assert out == unicodedata.normalize("NFC", TEXT)
    for ch in "’«»\u202fᵉ—":
        assert ch in out


def test_windows_line_ends_unified():
    assert decode_bytes(TEXT.replace("\n", "\r\n").encode("utf-8")) == TEXT


def test_control_characters_dropped():
    assert decode_bytes("Astana\x07 et Bichkek\x1b".encode()) == "Astana et Bichkek"


def test_binary_refused(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    with pytest.raises(InputError, match=r"image\.png : fichier binaire"):
        read_text(path)


@pytest.mark.parametrize("content", [b"", b"  \n\n "])
def test_empty_refused(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=r"empty\.txt : entrée vide"):
        read_text(path)


def test_missing_and_directory(tmp_path):
    with pytest.raises(InputError, match="fichier introuvable"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="c’est un dossier, pas un fichier"):
        read_text(tmp_path)
