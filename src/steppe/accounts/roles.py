"""The three roles and what each may do.

Roles are ordered (reader < editor < admin) and every right of a role is a right of the
roles above it, so a check is one comparison: ``allows(user.role, "editor")``.
"""

from __future__ import annotations

from steppe.errors import InputError, quoted

ROLES = ("reader", "editor", "admin")
RANK = {role: rank for rank, role in enumerate(ROLES)}
LABELS = {"reader": "lecteur", "editor": "éditeur", "admin": "administrateur"}
MAY = {
    "reader": "lire les pages, chercher, télécharger les exports",
    "editor": "corriger la base de connaissances, gérer les sources et les alertes",
    "admin": "gérer les utilisateurs (et tout le reste)",
}


def check_role(role: str) -> str:
    """``role`` if it is one of ours; a one-line French error naming the choices otherwise."""
    if role not in RANK:
        raise InputError(f"rôle {quoted(role)} inconnu : choisissez parmi {', '.join(ROLES)}")
    return role


def allows(role: str, needed: str) -> bool:
    """Whether a user of ``role`` may do what ``needed`` may (an unknown role may nothing)."""
    return role in RANK and RANK[role] >= RANK[check_role(needed)]
