"""French for the messages the library writes in English: the CLI's one-liners (unknown ids,
bad filters) and the watcher's fetch errors stored on each source. The web shows readers
French; the library keeps one plain message per error for logs, the CLI and the API's
machine-facing ``error`` field.

A table of patterns rather than translated exceptions: the messages are few, stable and
tested here, and the layers below stay free of presentation.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from steppe.reports.french import number, plural

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]

HTTP_REASONS = {
    400: "requête refusée", 401: "authentification requise", 403: "accès refusé",
    404: "page introuvable", 405: "méthode refusée", 408: "délai dépassé", 410: "page supprimée",
    429: "trop de requêtes", 500: "erreur du serveur", 502: "passerelle en erreur",
    503: "service indisponible", 504: "délai de passerelle dépassé",
}
NETWORK = [  # substrings of httpx/OS errors → what happened, in French
    ("name or service not known", "nom d’hôte introuvable"),
    ("temporary failure in name resolution", "nom d’hôte introuvable pour le moment"),
    ("nodename nor servname", "nom d’hôte introuvable"),
    ("connection refused", "connexion refusée"),
    ("connection reset", "connexion interrompue"),
    ("network is unreachable", "réseau injoignable"),
    ("certificate", "certificat TLS invalide"),
    ("ssl", "erreur TLS"),
]


def _q(value: str) -> str:
    """A quoted value ('x' or "x" in the English message) in French quotes."""
    return f"« {value.strip(chr(39) + chr(34))} »"


def _network(match: re.Match[str]) -> str:
    detail = match.group("detail").lower()
    what = next((fr for en, fr in NETWORK if en in detail), None)
    if what is None:
        what = "délai dépassé" if "timeout" in match.group("kind").lower() else "connexion impossible"
    return what


def _http(match: re.Match[str]) -> str:
    code = int(match.group("code"))
    reason = HTTP_REASONS.get(code)
    return f"le serveur a répondu HTTP {code}" + (f" ({reason})" if reason else "")


def _size(match: re.Match[str]) -> str:
    return f"réponse trop volumineuse ({number(int(match.group(1).replace(',', '')))} octets)"


REASONS: list[Rule] = [  # the part after "URL: " in fetch and feed errors
    (re.compile(r"HTTP (?P<code>\d{3})\b.*"), _http),
    (re.compile(r"timed out after (\S+) s"), lambda m: f"pas de réponse après {m.group(1)} s"),
    (re.compile(r"(?P<kind>\w+(?:Error|Exception|Timeout)): ?(?P<detail>.*)"), _network),
    (re.compile(r"redirect loop \((.*)\)"), lambda m: f"boucle de redirections ({m.group(1)})"),
    (re.compile(r"more than (\d+) redirects"), lambda m: f"plus de {m.group(1)} redirections"),
    (re.compile(r"response of ([\d,]+) bytes exceeds.*"), _size),
    (re.compile(r"response cut at the ([\d,]+)-byte cap"),
     lambda m: f"réponse coupée à la limite de {number(int(m.group(1).replace(',', '')))} octets"),
    (re.compile(r"response took longer than (\S+) s"), lambda m: f"réponse trop lente (plus de {m.group(1)} s)"),
    (re.compile(r"redirect to a malformed URL.*"), lambda m: "redirection vers une adresse invalide"),
    (re.compile(r"redirect to a non-http\(s\) URL refused \((.*)\)"),
     lambda m: f"redirection refusée vers une adresse qui n’est pas http(s) ({m.group(1)})"),
    (re.compile(r"unsupported content encoding (.*)"), lambda m: f"encodage du contenu non pris en charge ({m.group(1)})"),
    (re.compile(r"corrupt (\S+) body.*"), lambda m: f"contenu {m.group(1)} corrompu"),
    (re.compile(r"not a feed \(empty document\)"), lambda m: "ce n’est pas un flux (document vide)"),
    (re.compile(r"not a feed \(no RSS or Atom items\)"), lambda m: "ce n’est pas un flux (aucun élément RSS ou Atom)"),
    (re.compile(r"an HTML page, not a feed.*"), lambda m: "une page HTML, pas un flux"),
    (re.compile(r"not a readable feed.*"), lambda m: "flux illisible"),
    (re.compile(r"cannot read the feed.*"), lambda m: "flux illisible"),
]

MESSAGES: list[Rule] = [  # whole messages of NotFound and InputError a page may meet
    (re.compile(r"no article with id (.+)"), lambda m: f"Aucun article n’a l’identifiant {_q(m.group(1))}."),
    (re.compile(r"no entity with id (.+)"), lambda m: f"Aucune entité n’a l’identifiant {_q(m.group(1))}."),
    (re.compile(r"no country with code (.+)"), lambda m: f"Aucun pays n’a le code {_q(m.group(1))}."),
    (re.compile(r"no story with id (.+)"), lambda m: f"Aucune histoire n’a l’identifiant {_q(m.group(1))}."),
    (re.compile(r"no entity or country called (.+)"),
     lambda m: f"Aucune entité ni aucun pays ne s’appelle {_q(m.group(1))}."),
    (re.compile(r"no such feed"), lambda m: "Ce flux n’existe pas."),
    (re.compile(r"no page at (.+)"), lambda m: f"Aucune page à l’adresse {m.group(1)}."),
    (re.compile(r"(\w+) (.+): expected a date YYYY-MM-DD"),
     lambda m: f"{m.group(1)} {_q(m.group(2))} : une date au format AAAA-MM-JJ est attendue."),
    (re.compile(r"(\w+) (\S+) is before (\w+) (\S+)"),
     lambda m: f"{m.group(1)} ({m.group(2)}) est antérieur à {m.group(3)} ({m.group(4)})."),
    (re.compile(r"since (.+?): expected a duration.*"),
     lambda m: f"since {_q(m.group(1))} : une durée est attendue, par exemple 7d ou 2w."),
    (re.compile(r"unknown topic (.+?) \(.*"),
     lambda m: f"Thème inconnu : {_q(m.group(1))} (un identifiant IPTC comme medtop:11000000 ou son libellé)."),
    (re.compile(r"filter stories by one of country, topic or entity.*"),
     lambda m: "Filtrez les histoires par un seul critère à la fois : pays, thème ou entité."),
    (re.compile(r"month needs a year"), lambda m: "Un mois ne se choisit qu’avec son année."),
    (re.compile(r"no such period: year (\S+), month (\S+)"),
     lambda m: f"Période inconnue : année {m.group(1)}, mois {m.group(2)}."),
    (re.compile(r"(.+): is a directory, not a knowledge-base file"),
     lambda m: f"{m.group(1)} : c’est un dossier, pas un fichier de base de connaissances."),
    # writes under /api (operators): sources and alerts
    (re.compile(r"(?:source )?name (.+?): use letters, digits.*"),
     lambda m: f"Nom {_q(m.group(1))} : lettres, chiffres, « . », « _ » ou « - » (80 au plus)."),
    (re.compile(r"alert name (.+?): use letters, digits.*"),
     lambda m: f"Nom d’alerte {_q(m.group(1))} : lettres, chiffres, « . », « _ » ou « - » (80 au plus)."),
    (re.compile(r"(?:url|webhook) (.+?): expected an http or https URL with a host"),
     lambda m: f"Adresse {_q(m.group(1))} : une adresse http ou https avec un hôte est attendue."),
    (re.compile(r"(?:--)?every (.+?): expected a duration.*"),
     lambda m: f"Intervalle {_q(m.group(1))} : une durée d’une minute au moins est attendue (15m, 2h, 1d)."),
    (re.compile(r"(?:--)?every (.+?): sources are polled at most once a minute"),
     lambda m: f"Intervalle {_q(m.group(1))} : une source est interrogée au plus une fois par minute."),
    (re.compile(r"(?:--)?lang (.+?): expected an ISO 639-1 code.*"),
     lambda m: f"Langue {_q(m.group(1))} : un code ISO 639-1 est attendu, comme fr."),
    (re.compile(r"source (.+?) already exists.*"),
     lambda m: f"La source {_q(m.group(1))} existe déjà : supprimez-la d’abord ou choisissez un autre nom."),
    (re.compile(r"alert (.+?) already exists.*"),
     lambda m: f"L’alerte {_q(m.group(1))} existe déjà : supprimez-la d’abord."),
    (re.compile(r"an alert needs a query.*"),
     lambda m: "Une alerte demande une requête (par exemple « Tokaïev AND country:KZ »)."),
    (re.compile(r"query too long \((\d+) characters, at most (\d+)\)"),
     lambda m: f"Requête trop longue ({m.group(1)} caractères, {m.group(2)} au plus)."),
    (re.compile(r"an alert's query needs words or filters.*"),
     lambda m: "La requête d’une alerte demande des mots ou des filtres, pas seulement des options."),
    (re.compile(r"e-mail (.+?): expected one address.*"),
     lambda m: f"Adresse électronique {_q(m.group(1))} : une seule adresse est attendue, comme desk@example.org."),
    (re.compile(r"--grow counts outlets: 2 or more"), lambda m: "grow compte des médias : 2 ou plus."),
    (re.compile(r"'to' must not be before 'from'"), lambda m: "La date de fin (to) précède la date de début (from)."),
]


def _apply(rules: list[Rule], text: str) -> str | None:
    for pattern, build in rules:
        match = pattern.fullmatch(text.strip())
        if match:
            return build(match)
    return None


def french_message(message: str) -> str | None:
    """The French of a library message, or None when it is not one we know."""
    return _apply(MESSAGES, message)


def source_error(message: str | None, own_url: str | None = None) -> str | None:
    """A source's stored fetch error in French: 'https://x/feed : le serveur a répondu HTTP
    404 (page introuvable)', or only 'Le serveur a répondu…' when the address is the source's
    own (``own_url``, shown beside it already). None for an error we do not know: the page
    says 'Erreur de collecte' and folds the English detail apart."""
    if not message:
        return None
    where, sep, reason = message.partition(": ")
    french = _apply(REASONS, reason) if sep and "/" in where else None
    if french and where.rstrip("/") != (own_url or "").rstrip("/"):
        return f"{where} : {french}"
    french = french or _apply(REASONS, message)
    return french[:1].upper() + french[1:] if french else None


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
    attendu', 'attendu : date ou relevance'. Our own value errors go through the message
    table; anything else reads 'valeur invalide'."""
    kind = str(error.get("type", ""))
    if kind == "string_pattern_mismatch":
        field = str((error.get("loc") or ("",))[-1])
        return f"attendu : {FORMS[field]}" if field in FORMS else "forme non reconnue"
    build = VALIDATION.get(kind)
    if build is not None:
        return build(error.get("ctx") or {})
    if kind == "value_error":
        said = str(error.get("msg", "")).removeprefix("Value error, ")
        french = french_message(said)
        if french:
            return french[:1].lower() + french[1:].rstrip(".")
    return "valeur invalide"
