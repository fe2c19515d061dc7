"""Library messages as pages show them, and FastAPI's own validation errors in French.

The library, the CLI and the API's ``error`` field all say the same French line
("aucun article n’a l’identifiant « x »", "https://x/feed : le serveur a répondu HTTP 404
(page introuvable)"); a page shows it as a sentence (capital, final stop). A few patterns
remain for messages still written in English below (the knowledge-base file's).
"""

from __future__ import annotations

import re
from typing import Any, Callable

from steppe.reports.french import number, plural

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]

MESSAGES: list[Rule] = []  # whole messages still in English at their source: none left
_FIRST_WORD = re.compile(r"[a-zàâäçéèêëîïôöûùüÿœ]+(?=[ ’])")


def sentence(message: str) -> str:
    """A message as a sentence: a French first word capitalised ("aucun…" → "Aucun…", not a
    URL, a path, an option or a name followed by its « value »), a final stop added."""
    text = message.strip()
    word = _FIRST_WORD.match(text)
    if word and not text[word.end():].lstrip().startswith("«"):
        text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def french_message(message: str) -> str:
    """The sentence a page shows for a library message (French at its source)."""
    text = message.strip()
    for pattern, build in MESSAGES:
        match = pattern.fullmatch(text)
        if match:
            return build(match)
    return sentence(text)


def source_error(message: str | None, own_url: str | None = None) -> str | None:
    """A source's stored fetch error as its page shows it: 'https://x/feed : le serveur a
    répondu HTTP 404 (page introuvable)', or only 'Le serveur a répondu…' when the address is
    the source's own (``own_url``, shown beside it already). None for an error stored by an
    older Steppe, in English ('URL: reason'): the page says 'Erreur de collecte' and folds the
    detail apart."""
    if not message:
        return None
    where, sep, reason = message.partition(" : ")
    if not sep:
        return None
    if own_url and where.rstrip("/") == own_url.rstrip("/"):
        return reason[:1].upper() + reason[1:]
    return message


def _bound(ctx: dict[str, Any], key: str) -> str:
    value = ctx.get(key, "?")
    return number(value) if isinstance(value, (int, float)) else str(value)


VALIDATION: dict[str, Callable[[dict[str, Any]], str]] = {  # pydantic error type → French
    "missing": lambda c: "valeur requise",
    "int_parsing": lambda c: "un nombre entier est attendu",
    "int_type": lambda c: "un nombre entier est attendu",
    "int_from_float": lambda c: "un nombre entier est attendu",
    "float_parsing": lambda c: "un nombre est attendu",
    "bool_parsing": lambda c: "true ou false est attendu",
    "greater_than_equal": lambda c: f"au moins {_bound(c, 'ge')}",
    "greater_than": lambda c: f"plus de {_bound(c, 'gt')}",
    "less_than_equal": lambda c: f"au plus {_bound(c, 'le')}",
    "less_than": lambda c: f"moins de {_bound(c, 'lt')}",
    "string_too_long": lambda c: f"{plural(int(c.get('max_length', 0)), 'caractère')} au plus",
    "string_too_short": lambda c: f"{plural(int(c.get('min_length', 0)), 'caractère')} au moins",
    "too_long": lambda c: f"{plural(int(c.get('max_length', 0)), 'élément')} au plus",
    "string_pattern_mismatch": lambda c: "forme non reconnue",
    "string_type": lambda c: "un texte est attendu",
    "date_parsing": lambda c: "une date AAAA-MM-JJ est attendue",
    "date_from_datetime_parsing": lambda c: "une date AAAA-MM-JJ est attendue",
    "date_type": lambda c: "une date AAAA-MM-JJ est attendue",
    "literal_error": lambda c: f"valeurs permises : {c.get('expected', '?')}".replace("' or '", "', '"),
    "enum": lambda c: f"valeurs permises : {c.get('expected', '?')}",
    "json_invalid": lambda c: "JSON illisible",
    "model_attributes_type": lambda c: "un objet JSON est attendu",
    "dict_type": lambda c: "un objet JSON est attendu",
    "list_type": lambda c: "une liste est attendue",
    "extra_forbidden": lambda c: "champ inconnu",
}


FORMS = {  # parameter → the form a pattern wants, for "string_pattern_mismatch"
    "country": "un code de pays à deux lettres, comme KZ",
    "sort": "date ou relevance",
    "since": "une durée comme 7d, 2w, 3m ou 1y, ou une date AAAA-MM-JJ",
    "entity": "un identifiant d’entité, comme person:kassym-jomart-tokaiev",
    "id": "un identifiant comme person:aigerim-seitkali",
    "name": "lettres, chiffres, « . », « _ » ou « - »",
    "url": "une adresse http ou https avec un hôte",
    "every": "une durée d’une minute au moins : 15m, 2h, 1d",
    "lang": "un code de langue ISO 639 en minuscules, comme fr",
}


def validation_text(error: dict[str, Any]) -> str:
    """One FastAPI/pydantic validation error in French: 'au moins 1', 'un nombre entier est
    attendu', 'attendu : date ou relevance'. Our own value errors are French at their source
    and read as they are; anything else reads 'valeur invalide'."""
    kind = str(error.get("type", ""))
    if kind == "string_pattern_mismatch":
        field = str((error.get("loc") or ("",))[-1])
        return f"attendu : {FORMS[field]}" if field in FORMS else "forme non reconnue"
    build = VALIDATION.get(kind)
    if build is not None:
        return build(error.get("ctx") or {})
    if kind == "value_error":   # our own checks: French at their source
        said = str(error.get("msg", "")).removeprefix("Value error, ").strip()
        if said:
            return said
    return "valeur invalide"
