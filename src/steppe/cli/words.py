"""The CLI's French words for what the library counts and names in English.

Counters, job states and source statuses are English identifiers in the library, the JSON
output and the API (programs match on them); a person reading a terminal gets French. One
table here keeps every command saying the same thing the same way.
"""

from __future__ import annotations

COUNTS = {
    "new": "nouveaux", "duplicate": "doublons", "updated": "mis à jour", "linked": "liés",
    "failed": "échecs", "items found": "éléments trouvés", "source errors": "sources en erreur",
    "enrich batches": "lots d'enrichissement", "split off": "isolés", "enriched": "enrichis",
    "unchanged": "inchangés", "missing": "absents", "clustered": "regroupés",
    "clustering failed": "regroupements en échec", "database busy, retried":
        "base occupée, réessais", "taken from dead workers": "repris à des workers morts",
    "connection lost": "connexions perdues", "reconnected": "reconnexions",
    "lease lost": "baux perdus",
}
# suffixes of "<kind> done", "<channel> sent"…: the kind or channel is an identifier, kept
STATES = {
    "done": "terminés", "failed": "en échec", "parked": "mis de côté", "requeued": "remis en file",
    "sent": "envoyés", "queued": "en file", "running": "en cours", "todo": "à faire",
    "doing": "en cours", "succeeded": "réussis", "cancelled": "annulés", "aborting":
        "en cours d'abandon", "aborted": "abandonnés", "stalled": "bloqués",
}
SOURCE_STATUSES = {"new": "nouvelle", "ok": "ok", "late": "en retard", "silent": "silencieuse",
                   "failing": "en échec"}


def count_label(key: str) -> str:
    """« items found » → « éléments trouvés »; « fetch_page done » → « fetch_page terminés »."""
    if key in COUNTS:
        return COUNTS[key]
    head, _, last = key.rpartition(" ")
    if head and last in STATES:
        return f"{head} {STATES[last]}"
    return STATES.get(key, key)


def counts_line(counts: dict[str, int], empty: str = "rien à faire") -> str:
    """« doublons : 2  nouveaux : 3 », in the library's key order (sorted)."""
    return "  ".join(f"{count_label(k)} : {v}" for k, v in sorted(counts.items())) or empty


def number(value: int) -> str:
    """An integer with French digit grouping (a narrow no-break space)."""
    return f"{value:,}".replace(",", "\u202f")


def ago(moment: float | None, now: float) -> str:
    """« il y a 3 h »; « - » when it never happened."""
    if moment is None:
        return "-"
    seconds = max(0, int(now - moment))
    for unit, size in (("j", 86_400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"il y a {seconds // size} {unit}"
    return f"il y a {seconds} s"
