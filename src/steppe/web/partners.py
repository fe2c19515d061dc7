"""A country's partners (issue 15), for its page and its twin ``/api/countries/{code}``: what
``reports.relations.partners`` returns (top partner countries with quad counts, balance and
latest events of each pair; the country's events with other countries by month and quad
class, and the latest of them), at the sizes the page shows."""

from __future__ import annotations

from typing import Any

from steppe.reports.relations import partners
from steppe.store import Store

PARTNERS = 8   # partner countries shown
LATEST = 6     # latest events with other countries


def country_partners(store: Store, code: str, limit: int = PARTNERS,
                     latest: int = LATEST) -> dict[str, Any]:
    """``reports.relations.partners`` as the country page and its twin show it."""
    return partners(store, code, limit=limit, latest=latest)
