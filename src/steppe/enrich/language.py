"""Language of an article, detected offline with py3langid (a small bundled model).

Restricting the candidates to the languages our sources publish in keeps short headlines
from being read as a distant language. Russian is by far the main Cyrillic language of the
region's press; py3langid readily confuses it with Kazakh, Kyrgyz or Tajik, so those are
only accepted when the text holds letters that Russian does not have.
"""

from __future__ import annotations

from functools import lru_cache

CANDIDATES = ("fr", "en", "ru", "kk", "ky", "tg", "uz", "tk", "uk", "de", "es", "it", "tr",
              "zh", "fa", "ar", "pt", "nl", "pl")
_OWN_LETTERS = {
    "kk": set("әғқңөұүһі"),
    "ky": set("ңөү"),
    "tg": set("ғӣқӯҳҷ"),
    "uk": set("іїєґ"),
}


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(CANDIDATES))
    return ident


def detect_language(text: str, default: str | None = None) -> str | None:
    """ISO 639-1 code of the text's language, or ``default`` when there is too little text."""
    sample = text[:2000]
    if sum(ch.isalpha() for ch in sample) < 12:
        return default
    letters = set(sample.lower())
    for lang, prob in _identifier().rank(sample):
        if lang in _OWN_LETTERS and not (_OWN_LETTERS[lang] & letters):
            continue
        return lang
    return default
