"""The alert tasks, shared by both runners, and ``steppe alerts run``.

* ``evaluate_alerts`` {}: record what is due (``steppe.alerts.evaluate``) and queue one
  ``deliver_alert`` job per new (alert, story, reason, channel) row, in one transaction.
  Queued with the key ``EVALUATE_KEY`` (at most one waiting) after jobs that stored
  something, and by ingest when it ends: once per cycle, never per article.
* ``deliver_alert`` {delivery}: the delivery is held for this attempt (``sending`` under a
  fresh attempt id, committed), sent outside any transaction, then marked ``sent`` by the
  job's ``apply`` in the job's own commit. A job that finds its row sent does nothing; a
  row held by a live attempt elsewhere makes this run fail and retry later. A failed send
  is recorded on the row (error, next try; ``parked`` at the last attempt) and raised, so
  the runner retries the job with its back-off (``job_max_attempts``, ``job_retry_base``).

Guarantee: a (alert, story, reason, channel) is recorded once and sent by at most one attempt
at a time; once its ``sent`` commits, nothing sends it again. The one repeat left is a send
that succeeded right before its worker died (or lost the database) and before ``sent``
committed: the retry sends it again, with the same ``X-Steppe-Delivery`` key.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any, Callable

from steppe.alerts.evaluate import Fired, evaluate
from steppe.alerts.send import send
from steppe.errors import DeliveryError, SteppeError
from steppe.index import default_index_dir
from steppe.model import Job
from steppe.settings import Settings
from steppe.store.alerts_sql import DeliveryRow
from steppe.store.base import Store
from steppe.stories import cluster_new
from steppe.tasks.registry import Defer, local_defer, procrastinate_defer, uses_procrastinate
from steppe.workers import Apply, Handler, describe

EVALUATE_KEY = "alerts:evaluate"   # at most one evaluation waiting
EVALUATE_DELAY_S = 2.0             # parallel workers: let a burst of jobs land first


def index_dir_for(settings: Settings, store: Store) -> Path:
    return Path(settings.index_dir) if settings.index_dir else default_index_dir(store.url)


def store_defer(store: Store) -> Defer:
    """The queue of the store's runner: procrastinate on PostgreSQL, the job table on SQLite."""
    return procrastinate_defer(store) if uses_procrastinate(store.url) else local_defer(store)


def lease_s(settings: Settings) -> float:
    """How long an attempt holds a delivery: a send takes at most a few timeouts."""
    return 4 * settings.alert_timeout + 60.0


def queue_evaluation(store: Store, defer: Defer, now: float, delay: float = 0.0) -> bool:
    """Queue an ``evaluate_alerts`` job when an alert is behind the stories (two small reads
    when none is: cheap enough after every job)."""
    if not store.alerts_behind(store.story_cursor()):
        return False
    with store.transaction():
        defer([("evaluate_alerts", {}, EVALUATE_KEY)], now, now + delay if delay else None)
    return True


class AlertWork:
    """The alert handlers for one store connection (a runner's thread or process)."""

    def __init__(self, store: Store, settings: Settings, defer: Defer | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.store, self.settings, self.clock = store, settings, clock
        self.defer = defer or store_defer(store)

    def handlers(self) -> dict[str, Handler]:
        return {"evaluate_alerts": self.evaluate_job, "deliver_alert": self.deliver_job}

    def evaluate(self) -> list[Fired]:
        return evaluate(self.store, index_dir_for(self.settings, self.store), self.clock(),
                        self.defer, public_url=self.settings.public_url)

    def evaluate_job(self, jobs: list[Job]) -> Apply | None:
        fired = self.evaluate()
        return (lambda: {"alerts fired": len(fired)}) if fired else None

    def deliver_job(self, jobs: list[Job]) -> Apply | None:
        (job,) = jobs
        return self.attempt(int(job.payload["delivery"]))

    def attempt(self, delivery_id: int) -> Apply | None:
        """One attempt at a delivery: None when there is nothing to do (sent, removed), else
        the ``apply`` that records it sent; DeliveryError when the send failed."""
        store, now = self.store, self.clock()
        delivery = store.get_delivery(delivery_id)
        if delivery is None or delivery.state == "sent":
            return None
        alert = store.alert_by_id(delivery.alert_id)
        if alert is None:
            return None
        attempt_id = secrets.token_hex(8)
        if not store.claim_delivery(delivery_id, attempt_id, now, lease_s(self.settings)):
            again = store.get_delivery(delivery_id)
            if again is None or again.state == "sent":
                return None
            raise DeliveryError(f"l’envoi {delivery_id} est déjà en cours dans une autre tentative")
        try:
            send(self.settings, alert, delivery)
        except Exception as exc:
            self._failed(delivery, attempt_id, exc)
            raise DeliveryError(describe(exc)) from None

        def apply() -> dict[str, int]:
            store.mark_delivery_sent(delivery_id, attempt_id, self.clock())
            return {f"{delivery.channel} sent": 1}
        return apply

    def _failed(self, delivery: DeliveryRow, attempt_id: str, exc: BaseException) -> None:
        attempts = delivery.attempts + 1
        now = self.clock()
        wait = self.settings.job_retry_base * 2 ** (attempts - 1)
        self.store.fail_delivery(delivery.id, attempt_id, describe(exc), now, now + wait,
                                 park=attempts >= self.settings.job_max_attempts)

    def deliver_due(self) -> list[dict[str, Any]]:
        """Attempt every delivery due now, once each (``alerts run``; ingest on SQLite)."""
        out = []
        for delivery in self.store.due_deliveries(self.clock(), lease_s(self.settings)):
            out.append(self._deliver_now(delivery))
        return out

    def _deliver_now(self, delivery: DeliveryRow) -> dict[str, Any]:
        alert = self.store.alert_by_id(delivery.alert_id)
        line = {"alert": alert.name if alert else delivery.alert_id, "story": delivery.story,
                "reason": delivery.reason, "channel": delivery.channel,
                "label": delivery.body.get("label")}
        try:
            apply = self.attempt(delivery.id)
            if apply is not None:
                with self.store.transaction():
                    apply()
        except SteppeError as exc:
            line["error"] = str(exc)
        after = self.store.get_delivery(delivery.id)
        line["state"] = after.state if after else "removed"
        line["attempts"] = after.attempts if after else delivery.attempts
        return line


def run_alerts(store: Store, settings: Settings,
               clock: Callable[[], float] = time.time) -> list[dict[str, Any]]:
    """Cluster what is waiting, evaluate every alert, attempt what is due: one dict per
    delivery attempted (and per story recorded in an Atom-only alert's feed)."""
    cluster_new(store)
    work = AlertWork(store, settings, clock=clock)
    fired = work.evaluate()
    lines = [{"alert": f.alert, "story": f.story, "reason": f.reason, "channel": "atom",
              "label": f.label, "state": "sent", "attempts": 0} for f in fired
             if "atom" in f.channels]
    return lines + work.deliver_due()


def after_ingest(store: Store, settings: Settings) -> list[dict[str, Any]]:
    """The end of an ingest run: evaluate once; on SQLite (no worker by default) deliver at
    once too, on PostgreSQL the workers do."""
    if not store.list_alerts():
        return []
    if uses_procrastinate(store.url):
        work = AlertWork(store, settings)
        return [f.to_dict() for f in work.evaluate()]
    return run_alerts(store, settings)
