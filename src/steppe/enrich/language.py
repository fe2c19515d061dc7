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
    "uz": set("ʻ‘ʼ"),      # oʻ, gʻ: Uzbek Latin; without them a name-heavy English text reads as Uzbek
    "tk": set("ňýžä"),
}


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(CANDIDATES))
    return ident


_FUNCTION_WORDS = {
    "fr": {"le", "la", "les", "de", "des", "du", "et", "un", "une", "est", "dans", "pour", "sur",
           "au", "aux", "par", "avec", "qui", "que", "a", "ont", "son", "sa", "ses"},
    "en": {"the", "of", "and", "to", "in", "is", "was", "for", "on", "with", "by", "that", "at",
           "from", "has", "have", "will", "said", "its", "their", "are", "were", "an"},
}


def _function_word_vote(sample: str) -> str | None:
    """fr or en when their function words clearly dominate (names fool the character model)."""
    words = sample.lower().split()
    hits = {lang: sum(w in vocab for w in words) for lang, vocab in _FUNCTION_WORDS.items()}
    best = max(hits, key=hits.get)
    others = sum(v for k, v in hits.items() if k != best)
    return best if hits[best] >= 3 and hits[best] >= 3 * max(others, 1) else None


def detect_language(text: str, default: str | None = None) -> str | None:
    """ISO 639-1 code of the text's language, or ``default`` when there is too little text."""
    sample = text[:2000]
    if sum(ch.isalpha() for ch in sample) < 12:
        return default
    letters = set(sample.lower())
    for lang, prob in _identifier().rank(sample):
        if lang in _OWN_LETTERS and not (_OWN_LETTERS[lang] & letters):
            continue
        if lang not in ("fr", "en", "ru") and prob < 0.99:
            return _function_word_vote(sample) or lang
        return lang
    return default
