"""Creating, describing and removing alerts; shared by the CLI and the web API.

A malformed query is refused here, at creation, with the query language's own one-line
error. The webhook secret (HMAC-SHA256 key) is generated here and returned once: signing
needs it in clear, so the store keeps it as is, and nothing ever prints it again. The Atom
feed key is another random token: alert names may be private, so the feed URL carries it.
"""

from __future__ import annotations

import hmac
import re
import secrets
from typing import Any
from urllib.parse import quote, urlsplit

from steppe.errors import InputError, quoted
from steppe.search.query import parse_query
from steppe.store.alerts_sql import AlertRow
from steppe.store.base import Store

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
EMAIL = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
MAX_QUERY = 2000


def check_query(query: str) -> None:
    """Refuse an empty or malformed query (QueryError, with the position)."""
    if not query.strip():
        raise InputError("une alerte demande une requête (par exemple « Tokaïev AND country:KZ »)")
    if len(query) > MAX_QUERY:
        raise InputError(f"requête trop longue ({len(query)} caractères, {MAX_QUERY} au plus)")
    parsed = parse_query(query)
    if parsed.root is None:
        raise InputError("la requête d’une alerte demande des mots ou des filtres, pas seulement "
                         "des options")


def new_alert(name: str, query: str, webhook: str | None, email: str | None,
              grow: int | None, cursor: int, now: float) -> AlertRow:
    """A checked alert with a fresh id, webhook secret and feed key."""
    if not NAME.match(name):
        raise InputError(f"nom d’alerte {quoted(name)} : lettres, chiffres, « . », « _ » ou « - » "
                         "(80 au plus)")
    check_query(query)
    if webhook is not None:
        parts = urlsplit(webhook)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError(f"webhook {quoted(webhook)} : une URL http ou https avec un hôte "
                             "est attendue")
    if email is not None and not EMAIL.match(email):
        raise InputError(f"e-mail {quoted(email)} : une seule adresse est attendue, par exemple "
                         "desk@example.org")
    if grow is not None and grow < 2:
        raise InputError("--grow compte des médias : 2 ou plus")
    return AlertRow(id="a" + secrets.token_hex(6), name=name, query=query, webhook=webhook,
                    email=email, grow=grow, secret=secrets.token_urlsafe(32),
                    feed_key=secrets.token_urlsafe(18), cursor=cursor, created=now)


def create_alert(store: Store, name: str, query: str, webhook: str | None = None,
                 email: str | None = None, grow: int | None = None,
                 now: float = 0.0) -> AlertRow:
    """Add an alert that fires for stories matching from now on (its cursor starts at the
    clustered end of the change sequence: the archive does not fire)."""
    alert = new_alert(name, query, webhook, email, grow, store.story_cursor(), now)
    store.add_alert(alert)
    return alert


def feed_path(alert: AlertRow) -> str:
    return f"/alerts/{quote(alert.name)}.atom?key={alert.feed_key}"


def feed_key_ok(alert: AlertRow, key: str) -> bool:
    """Constant-time comparison of the key given in a feed URL."""
    return hmac.compare_digest(alert.feed_key.encode(), key.encode())


def describe_alert(store: Store, alert: AlertRow, public_url: str = "") -> dict[str, Any]:
    """An alert as shown by ``alerts list`` and ``GET /api/alerts`` (never the secret)."""
    counts = store.delivery_counts(alert.id)
    return {"name": alert.name, "id": alert.id, "query": alert.query, "webhook": alert.webhook,
            "email": alert.email, "grow": alert.grow, "channels": alert.channels(),
            "feed": public_url.rstrip("/") + feed_path(alert),
            "last_sent": counts["last_sent"], "deliveries": counts["states"],
            "parked": counts["states"].get("parked", 0),
            "failing": counts["states"].get("failed", 0)}
