"""The clustering's word features: the fast paths give exactly what the slow ones give."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from wordfreq import zipf_frequency

from steppe.stories.features import _WORD, fold, zipf

SEED = Path(__file__).resolve().parents[3] / "shared" / "data" / "seed.txt"
WORDS = {
    "fr": "président Tokaïev accord gazier Ouzbékistan œuvre ça zzqxwv Tachkent",
    "en": "president agreement pipeline Tashkent Kyrgyzstan qwzzxy naïve",
    "ru": "президент соглашение Ташкент Казахстан ёлка щщщьъ",
}


@pytest.mark.parametrize("lang", sorted(WORDS))
def test_zipf_matches_wordfreq(lang: str) -> None:
    words = {w.casefold() for w in _WORD.findall(WORDS[lang])}
    if lang == "fr" and SEED.exists():
        words |= {w.casefold() for w in _WORD.findall(SEED.read_text(encoding="utf-8"))}
    decomposed = {unicodedata.normalize("NFD", w) for w in list(words)[:50]}
    for word in sorted(words | decomposed):
        assert zipf(word, lang) == zipf_frequency(word, lang), word


def test_fold_is_the_same_for_ascii_and_accented_words() -> None:
    assert fold("Tokayev") == "tokayev"
    assert fold("Tokaïev") == "tokaiev"
    assert fold("ÉTÉ") == "ete"
    assert fold("Ёлка") == fold("Елка")  # ё folds to е, as the index does
