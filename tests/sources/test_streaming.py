"""Streaming input: the same lines, records and segments as a whole-file read, in bounded memory.

The whole-file functions (``decode_bytes``, the Viterbi pass over all lines) are the oracles:
reading a block at a time, with blocks cut anywhere, must give exactly what they give. The
bounds are behavioural: how far the reader runs ahead of what it hands over, and how much
memory (tracemalloc) reading takes at two input sizes.
"""

from __future__ import annotations

import codecs
import io
import json
import random
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steppe.errors import InputError, RecordError
from steppe.sources import decode
from steppe.sources.decode import TextStream, decode_bytes, read_text
from steppe.sources.dump import (_END, _START, _TRANSITION, _TRANSITION_AFTER_BLANK, LEAD,
                                 TITLE, listing_lines, segment_dump, title_evidence)
from steppe.sources.inputs import Input, Position
from tests.sources.reading import segments_as_read

TEXT = ("Kirghizstan : l’élection « anticipée » fixée au 30 novembre 2025\n"
        "Le 80ᵉ anniversaire, 5,9\u202fmilliards de tenges — à Bichkek.\n")
WESTERN = "Kirghizstan : l’élection « anticipée » à Bichkek, 5,9 milliards de tenges.\n"


def streamed(data: bytes, max_line: int | None = None) -> list[str]:
    return [line.text for line in TextStream(io.BytesIO(data), "x", max_line).lines()]


def whole(data: bytes) -> list[str]:
    lines = decode_bytes(data, "x").split("\n")
    return lines[:-1] if lines[-1] == "" else lines


@pytest.fixture
def tiny_blocks(monkeypatch):
    """Blocks of 7 bytes: line ends, \\r\\n pairs and UTF-8 sequences cut in every way."""
    monkeypatch.setattr(decode, "BLOCK", 7)


@pytest.mark.parametrize("data", [
    TEXT.encode(), codecs.BOM_UTF8 + TEXT.encode(), TEXT.encode("utf-16"),
    TEXT.encode("utf-16-le"), TEXT.encode("utf-16-be"), TEXT.encode("utf-32"),
    WESTERN.encode("cp1252"), WESTERN.replace("’", "'").encode("latin-1"),
    TEXT.encode().decode("cp1252", errors="replace").encode(),  # mojibake
    TEXT.replace("\n", "\r\n").encode(), b"a\rb\r\nc\n\n\nd", b"\n\n  \nabc",
    b"x &amp; y\n<p> &amp; </p>\n&lt;\n",  # entities unescaped until markup shows up
    "a\u2028b\nc\x0cd\x85e\x07f".encode(),  # ftfy's own line breaks, control characters
    ("Привет, Казахстан и Кыргызстан.\n" * 3).encode("cp1251"),
    ("東京 ニュース\n" * 5).encode("shift_jis"),
], ids=["utf8", "bom", "utf16", "utf16le", "utf16be", "utf32", "cp1252", "latin1", "mojibake",
        "crlf", "cr", "blank", "html", "breaks", "cp1251", "sjis"])
def test_streamed_lines_are_the_whole_text_lines(data, tiny_blocks):
    assert streamed(data) == whole(data)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Astana", "élection", "’«»", "\r", "\n", "\r\n", " ", "&amp;",
                                 "<b>", "\u2028", "\x0c", "Ã©", "â€™", "ᵉ", "e\u0301", "\t"]),
                max_size=40))
def test_any_text_streams_as_it_decodes_whole(pieces):
    data = "".join(pieces).encode()
    for block in (3, 5, 1 << 20):
        decode.BLOCK = block
        try:
            assert outcome(streamed, data) == outcome(whole, data)
        finally:
            decode.BLOCK = 1 << 20


def outcome(read, data: bytes) -> list[str] | str:
    """The lines, or the error's message."""
    try:
        return read(data)
    except InputError as exc:
        return str(exc)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["raw", "utf-16", "cp1252", "shift_jis"]))
def test_any_bytes_stream_as_they_decode_whole(data, encoding):
    """Whatever the bytes: the same lines, or the same refusal (stream and whole-file read)."""
    if encoding != "raw":
        data = data.decode("latin-1").encode(encoding, errors="replace")
    try:
        expected = whole(data)
    except InputError as exc:
        with pytest.raises(InputError, match=str(exc).split(": ", 1)[1].split(" (")[0]):
            streamed(data)
        return
    assert streamed(data) == expected


def test_utf8_prefix_then_cp1252_keeps_the_accents():
    """Detection reads 256 KB; a cp1252 byte after that is read as cp1252, not lost."""
    data = b"a" * 300_000 + b"\n" + WESTERN.encode("cp1252")
    assert streamed(data)[-1] == WESTERN.rstrip("\n")


def test_over_long_line_is_counted_through_and_reading_goes_on(tiny_blocks):
    lines = list(TextStream(io.BytesIO(b"ok\n" + b"x" * 1000 + b"\r\nnext\n"), "f", 100).lines())
    assert [(x.number, x.text, x.error) for x in lines] == [
        (1, "ok", None), (2, "", "ligne de 1 000 caractères (limite : 100)"), (3, "next", None)]


@pytest.mark.parametrize("content", [b"", b"  \n\n "])
def test_empty_input_refused(content):
    with pytest.raises(InputError, match="x : entrée vide"):
        TextStream(io.BytesIO(content), "x")


# -- dump segmentation: the online decoder gives the whole-file segments --------------------

def reference_labels(lines) -> list[int]:
    """The whole-file Viterbi pass the online decoder replaced: the oracle."""
    if not lines:
        return []
    emit = [(title_evidence(x.text), 0.0) for x in lines]
    best = [[_START[s] + emit[0][s] for s in (TITLE, LEAD)]]
    back = [[0, 0]]
    for i in range(1, len(lines)):
        trans = _TRANSITION_AFTER_BLANK if lines[i].after_blank else _TRANSITION
        row, ptr = [], []
        for s in (TITLE, LEAD):
            cands = [best[-1][p] + trans[p][s] for p in (TITLE, LEAD)]
            p = max((TITLE, LEAD), key=lambda k: cands[k])
            row.append(cands[p] + emit[i][s])
            ptr.append(p)
        best.append(row)
        back.append(ptr)
    state = max((TITLE, LEAD), key=lambda s: best[-1][s] + _END[s])
    labels = [state]
    for i in range(len(lines) - 1, 0, -1):
        state = back[i][state]
        labels.append(state)
    return labels[::-1]


def reference_segments(text: str) -> list[tuple]:
    lines = list(listing_lines(enumerate(text.splitlines(), 1)))
    out: list[list] = []
    for line, label in zip(lines, reference_labels(lines)):
        if label == TITLE:
            out.append([line.text, "", line.number, None])
        elif out and (not out[-1][1] or not line.after_blank):
            out[-1][1] = f"{out[-1][1]} {line.text}" if out[-1][1] else line.text
            out[-1][3] = out[-1][3] or line.number
        else:
            out.append([None, line.text, None, line.number])
    return [tuple(s) for s in out]


def keys(segments) -> list[tuple]:
    return [(s.title, s.text, s.line_title, s.line_text) for s in segments]


def test_seed_segments_unchanged(shared):
    text = read_text(shared / "data" / "seed.txt")
    assert keys(segment_dump(text)) == reference_segments(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", "  ", "Kazakhstan : le Sénat adopte la réforme", "Un titre",
                                 "Le Sénat a adopté le texte. Il entre en vigueur en 2026.",
                                 "texte en minuscules qui continue la ligne.", "Fin coupée…",
                                 "A" * 150, "Rubrique : " + "mot " * 40]), max_size=60))
def test_online_segments_equal_the_whole_file_pass(lines):
    text = "\n".join(lines)
    assert keys(segment_dump(text)) == reference_segments(text)


def test_segmenter_reads_only_a_few_lines_ahead(shared):
    """Behavioural bound: when a segment comes out, few lines past its end have been read."""
    lines = read_text(shared / "data" / "seed.txt").splitlines() * 200
    ahead = [pulled - max(seg.line_title or 0, seg.line_text or 0)
             for seg, pulled in segments_as_read(lines)]
    assert len(ahead) > 20 * 200 and max(ahead) <= 8


def test_dump_from_bytes_equals_whole_decode(shared, tmp_path, tiny_blocks):
    raw = (shared / "data" / "seed.txt").read_bytes()
    path = tmp_path / "seed-crlf.txt"
    path.write_bytes(raw.replace(b"\n", b"\r\n"))
    with Input(str(path), "dump") as source:
        articles = [item for item, _ in source.items()]
    expected = segment_dump(decode_bytes(raw))
    assert [(a.title, a.text, a.truncated) for a in articles] == \
        [(s.title, s.text, s.truncated) for s in expected]
    assert articles[-1].truncated and articles[0].id == "dump-1"


def test_oversize_segment_is_a_record_error(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Titre\n" + "\n".join(["suite du texte en minuscules " * 8] * 100) + ".\n\n"
                    "Autre titre\nUn texte.\n", encoding="utf-8")
    with Input(str(path), "dump", max_record=500) as source:
        items = [item for item, _ in source.items()]
    assert isinstance(items[0], RecordError) and "au-delà de la limite par article" in str(items[0])
    assert items[1].title == "Autre titre"


# -- JSONL: resuming from a position gives exactly the rest ----------------------------------

def write_jsonl(path: Path, n: int, extra: dict[int, str] | None = None,
                ascii_only: bool = False) -> Path:
    rows = [json.dumps({"id": f"r{i}", "text": f"Texte {i} à Astana.", "title": f"T {i}"},
                       ensure_ascii=ascii_only) for i in range(n)]
    for i, raw in (extra or {}).items():
        rows[i] = raw
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def read_items(path: Path, resume: Position | None = None) -> list[tuple]:
    with Input(str(path), "jsonl") as source:
        return [((item.id, item.title, item.text) if not isinstance(item, RecordError)
                 else str(item), pos) for item, pos in source.items(resume)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_resume_from_any_position_gives_the_rest(tmp_path, encoding):
    path = write_jsonl(tmp_path / "in.jsonl", 40, {
        7: '{"id": "markup", "text": "<p>a &amp; b</p>"}',       # HTML entities stop here
        12: '{"id": "x1", "text": "a"}\u2028{"id": "x2", "text": "b"}',  # one line, two records
        20: "{oops",
        30: '{"id": "amp", "text": "x &amp; y"}'})                 # …so this stays as written
    if encoding != "utf-8":
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    full = read_items(path)
    assert len(full) == 41 and full[31][0] == ("amp", None, "x &amp; y")
    assert [f[0][0] for f in full[12:14]] == ["x1", "x2"] and "JSON invalide" in full[21][0]
    for k in (0, 6, 7, 12, 13, 20, 39, 40):
        assert read_items(path, full[k][1]) == full[k + 1:], k


def test_reader_runs_at_most_a_block_ahead(tmp_path, monkeypatch):
    """Behavioural bound: past the detector's sample, bytes read when an item is handed over
    are at most its line's offset plus a block."""
    monkeypatch.setattr(decode, "BLOCK", 16_384)
    path = write_jsonl(tmp_path / "big.jsonl", 12_000, ascii_only=True)
    with Input(str(path), "jsonl") as source:
        ahead = [source.consumed - (pos.offset or 0) for _, pos in source.items()
                 if (pos.offset or 0) > decode._SAMPLE]
    assert len(ahead) > 5_000 and max(ahead) <= 16_384 + 200


def _peak_reading(path: Path, fmt: str) -> tuple[float, int]:
    tracemalloc.start()
    try:
        with Input(str(path), fmt) as source:
            count = sum(1 for _ in source.items())
        return tracemalloc.get_traced_memory()[1] / 1e6, count
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["jsonl", "dump"])
def test_reading_memory_does_not_grow_with_the_input(tmp_path, shared, fmt, monkeypatch):
    """Peak memory of reading 0.3 MB and 1.8 MB of input: flat (a whole-file read grows 6×)."""
    monkeypatch.setattr(decode, "BLOCK", 65_536)
    unit = (write_jsonl(tmp_path / "u.jsonl", 2_000, ascii_only=True).read_bytes()
            if fmt == "jsonl" else (shared / "data" / "seed.txt").read_bytes())
    small, big = tmp_path / f"small.{fmt}", tmp_path / f"big.{fmt}"
    small.write_bytes(unit * (300_000 // len(unit) + 1))
    big.write_bytes(unit * (1_800_000 // len(unit) + 1))
    (peak_small, n_small), (peak_big, n_big) = _peak_reading(small, fmt), _peak_reading(big, fmt)
    assert n_big > 4 * n_small
    assert peak_big < 1.2 * peak_small + 0.2, (peak_small, peak_big)
    assert peak_big < 3.0  # MB: a block, a record, the detector sample — not the 1.8 MB file


def test_huge_line_is_never_held_whole(tmp_path):
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as f:
        f.write(b'{"id": "a", "text": "avant"}\n{"text": "' + b"x" * 40_000_000 + b'"}\n'
                b'{"id": "b", "text": "apr\xc3\xa8s"}\n')
    tracemalloc.start()
    try:
        with Input(str(path), "jsonl", max_record=1_000_000) as source:
            items = [item for item, _ in source.items()]
        peak = tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()
    assert [getattr(i, "id", None) for i in items] == ["a", None, "b"]
    assert str(items[1]) == f"{path}:2 : ligne de 40 000 012 caractères (limite : 1 000 000)"
    assert peak < 12, peak  # MB, for a 40 MB line


def test_stdin_like_stream_without_seek(tmp_path, monkeypatch):
    """Standard input cannot seek: it is read through, and has no identity to resume by."""
    data = write_jsonl(tmp_path / "in.jsonl", 5).read_bytes()

    class Pipe(io.RawIOBase):
        def __init__(self) -> None:
            self.inner = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, b) -> int:
            chunk = self.inner.read(min(len(b), 3))
            b[:len(chunk)] = chunk
            return len(chunk)

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BufferedReader(Pipe())))
    with Input("-", "auto") as source:
        assert source.kind == "jsonl" and source.identity() is None
        assert [item.id for item, _ in source.items()] == [f"r{i}" for i in range(5)]


def test_identity_follows_content_format_and_source(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", 3)
    b = tmp_path / "b.jsonl"
    b.write_bytes(a.read_bytes())
    ids = {}
    for name, path, source in (("a", a, None), ("copy", b, None), ("src", a, "lemonde")):
        with Input(str(path), "jsonl", source) as inp:
            ids[name] = inp.identity()
    assert ids["a"] == ids["copy"] != ids["src"]
    a.write_bytes(a.read_bytes().replace(b"Texte 1 ", b"Texte 9 "))
    with Input(str(a), "jsonl") as inp:
        assert inp.identity() != ids["a"]


def test_random_block_sizes_give_the_same_records(tmp_path):
    path = write_jsonl(tmp_path / "r.jsonl", 300)
    expected = read_items(path)
    rng = random.Random(5)
    for _ in range(5):
        decode.BLOCK = rng.randint(1, 200)
        try:
            assert read_items(path) == expected
        finally:
            decode.BLOCK = 1 << 20
