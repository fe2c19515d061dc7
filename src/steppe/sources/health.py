"""Source health: is an outlet publishing at its usual pace, late, silent, or failing?

Pure arithmetic over what the store counts, so the rules are easy to test and to change:

* failing — the last 3 polls (or every poll so far) failed;
* silent  — nothing in the last 7 days from a source that usually publishes weekly or more;
* late    — under half its usual weekly count in the last 7 days (usual count 2 or more);
* ok      — otherwise; new — never polled successfully yet.

The usual rate is the mean weekly count over the 4 weeks before the last 7 days (or over the
weeks of history there are, when the source is younger).
"""

from __future__ import annotations

from dataclasses import dataclass

from steppe.model import Source

DAY = 86_400.0
WEEK = 7 * DAY
BASELINE_WEEKS = 4
FAILING_AFTER = 3


@dataclass
class Health:
    status: str
    last_7_days: int
    usual_per_week: float | None  # None until there is a week of history before the last 7 days


def baseline_weeks(source: Source, now: float) -> float:
    """Whole weeks of history before the last 7 days (at most BASELINE_WEEKS)."""
    history = now - WEEK - source.created
    return max(0.0, min(float(BASELINE_WEEKS), history // WEEK))


def source_health(source: Source, now: float, recent: int, baseline_items: int) -> Health:
    """Status of ``source`` from its item counts: ``recent`` in the last 7 days,
    ``baseline_items`` in the BASELINE_WEEKS weeks before."""
    weeks = baseline_weeks(source, now)
    usual = baseline_items / weeks if weeks else None
    if source.consecutive_failures >= FAILING_AFTER or (
            source.consecutive_failures and source.last_success is None):
        status = "failing"
    elif source.last_success is None:
        status = "new"
    elif usual and usual >= 1 and recent == 0:
        status = "silent"
    elif usual and usual >= 2 and recent < usual / 2:
        status = "late"
    else:
        status = "ok"
    return Health(status, recent, None if usual is None else round(usual, 1))
