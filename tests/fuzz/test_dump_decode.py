"""Dump segmenter and decoders under arbitrary and news-like input."""

from __future__ import annotations

import codecs

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.invariants import check_decode, check_dump
from tests.fuzz.strategies import WORDS, any_text, news_text

TITLE = "Kazakhstan : le Sénat adopte la réforme fiscale"
LEAD = ("Le Sénat a adopté ce 12 mars 2025 le nouveau code fiscal. Le texte entre en "
        "vigueur le 1er janvier 2026 selon le ministère des Finances.")
# every line break str.splitlines knows, and blanks strip() removes
BREAKS = ["\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028",
          "\u2029", "\n\n", "\n \t\n", "\u00a0\n", "\u3000"]
line = st.sampled_from([TITLE, LEAD, LEAD[:60] + "…", "a" * 250, "", " ", "l’économie.",
                        "Ouzbékistan : « Nous ouvrons le pays », dit-il.", "..."]) | news_text
dump_text = st.lists(st.tuples(line, st.sampled_from(BREAKS)), max_size=25).map(
    lambda pairs: "".join(a + b for a, b in pairs)) | any_text


@settings(max_examples=300, deadline=None)
@given(dump_text)
def test_dump_segments_rejoin_to_the_input_whatever_the_line_breaks(text):
    check_dump(text)


encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                             "utf-32", "cp1252", "latin-1", "koi8-r", "cp1251"])


@st.composite
def encoded(draw):
    text = draw(news_text | st.text(max_size=80))
    data = text.encode(draw(encodings), errors="replace")
    if draw(st.booleans()):  # mojibake: UTF-8 read as cp1252 and saved again
        data = data.decode("cp1252", errors="replace").encode("utf-8")
    cut = draw(st.integers(0, len(data)))
    return draw(st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\x00"])) + \
        (data[:cut] if draw(st.booleans()) else data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400) | encoded())
def test_any_bytes_decode_to_text_or_a_clear_input_error(data):
    check_decode(data)


def test_words_of_the_strategies_decode_back():
    check_decode(" ".join(WORDS).encode("utf-16"))
