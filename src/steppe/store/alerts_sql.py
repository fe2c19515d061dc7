"""Alerts and their deliveries in the store: one implementation, two backends (``?`` marks).

The rules that make a delivery happen once live here, in SQL:

* ``add_delivery`` inserts (alert, story, reason, channel) with ``ON CONFLICT DO NOTHING`` and
  says whether the row is new: only the caller that created it queues the delivery job;
* ``claim_delivery`` moves a row to ``sending`` under a fresh attempt id, unless it is sent
  or another attempt holds it (its lease not yet over);
* ``mark_delivery_sent`` succeeds only for the attempt that holds the row, inside the job's
  own commit, so a job run again finds the row sent and does nothing.

Bookkeeping goes through ``_write()`` (on PostgreSQL: not the articles writers' lock), joining
the caller's ``transaction()`` when there is one. Times are Unix seconds from the caller.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Iterable

from steppe.errors import InputError, NotFound, quoted

_ALERT_COLUMNS = "id, name, query, webhook, email, grow, secret, feed_key, cursor, created"
_DELIVERY_COLUMNS = ("id, alert_id, story, reason, channel, state, attempts, attempt_id, "
                     "next_try, last_error, body, created, updated, sent_at")
_CHUNK = 500


@dataclass
class AlertRow:
    """A saved search and where its channels deliver (the secret never leaves the store's
    callers except once, at creation)."""

    id: str
    name: str
    query: str
    webhook: str | None
    email: str | None
    grow: int | None
    secret: str
    feed_key: str
    cursor: int
    created: float

    def channels(self) -> list[str]:
        """Atom always (the feed is the record); webhook and e-mail when set."""
        return ["atom"] + (["webhook"] if self.webhook else []) + (["email"] if self.email else [])


@dataclass
class DeliveryRow:
    id: int
    alert_id: str
    story: str
    reason: str
    channel: str
    state: str          # due | sending | sent | failed | parked
    attempts: int
    attempt_id: str | None
    next_try: float
    last_error: str | None
    body: dict[str, Any]
    created: float
    updated: float
    sent_at: float | None


def _alert(row: tuple[Any, ...]) -> AlertRow:
    (aid, name, query, webhook, email, grow, secret, key, cursor, created) = row
    return AlertRow(aid, name, query, webhook, email, None if grow is None else int(grow),
                    secret, key, int(cursor), float(created))


def _delivery(row: tuple[Any, ...]) -> DeliveryRow:
    values = list(row)
    values[10] = json.loads(values[10])
    return DeliveryRow(*values)


def _marks(n: int) -> str:
    return ",".join("?" * n)


class AlertsMixin:
    """Store methods behind ``steppe alerts`` and the ``deliver_alert`` task."""

    def _q(self, sql: str, params: Iterable[Any] = ()) -> Any:  # pragma: no cover - hook
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[None]:  # pragma: no cover - hook
        raise NotImplementedError

    # -- alerts ----------------------------------------------------------------------------
    def add_alert(self, alert: AlertRow) -> None:
        with self._write():
            if self._q("SELECT 1 FROM alerts WHERE name = ?", (alert.name,)).fetchone():
                raise InputError(f"l’alerte {quoted(alert.name)} existe déjà (supprimez-la d’abord)")
            self._q(f"INSERT INTO alerts ({_ALERT_COLUMNS}) VALUES ({_marks(10)})",
                    (alert.id, alert.name, alert.query, alert.webhook, alert.email, alert.grow,
                     alert.secret, alert.feed_key, int(alert.cursor), float(alert.created)))

    def get_alert(self, name: str) -> AlertRow:
        row = self._q(f"SELECT {_ALERT_COLUMNS} FROM alerts WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise NotFound(f"aucune alerte ne s’appelle {quoted(name)} (voir « steppe alerts list »)")
        return _alert(row)

    def alert_by_id(self, alert_id: str) -> AlertRow | None:
        row = self._q(f"SELECT {_ALERT_COLUMNS} FROM alerts WHERE id = ?", (alert_id,)).fetchone()
        return None if row is None else _alert(row)

    def list_alerts(self) -> list[AlertRow]:
        return [_alert(r) for r in self._q(
            f"SELECT {_ALERT_COLUMNS} FROM alerts ORDER BY name").fetchall()]

    def remove_alert(self, name: str) -> None:
        """Forget an alert and its deliveries (queued jobs find nothing and do nothing)."""
        with self._write():
            alert = self.get_alert(name)
            self._q("DELETE FROM alert_deliveries WHERE alert_id = ?", (alert.id,))
            self._q("DELETE FROM alerts WHERE id = ?", (alert.id,))

    def alerts_behind(self, seq: int) -> bool:
        """Whether some alert has not been evaluated up to ``seq`` (one indexed read)."""
        return self._q("SELECT 1 FROM alerts WHERE cursor < ? LIMIT 1",
                       (int(seq),)).fetchone() is not None

    def advance_alert(self, alert_id: str, start: int, end: int) -> bool:
        """Move an alert's cursor from ``start`` to ``end``; False when another evaluator
        moved it first (its deliveries are then that evaluator's to record)."""
        with self._write():
            return self._q("UPDATE alerts SET cursor = ? WHERE id = ? AND cursor = ?",
                           (int(end), alert_id, int(start))).rowcount == 1

    def changed_articles(self, after: int, upto: int) -> list[str]:
        """Distinct article ids with a change in (after, upto]."""
        rows = self._q("SELECT DISTINCT article_id FROM changes WHERE seq > ? AND seq <= ?",
                       (int(after), int(upto))).fetchall()
        return [r[0] for r in rows]

    def live_stories_of(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """article id -> its live story {id, label, sources, size} (merges followed)."""
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i:i + _CHUNK]
            for aid, sid, merged, label, sources, size in self._q(
                    "SELECT m.article_id, s.id, s.merged_into, s.label, s.sources, s.size "
                    "FROM story_members m JOIN stories s ON s.pk = m.story_pk "
                    f"WHERE m.article_id IN ({_marks(len(chunk))})", chunk).fetchall():
                if merged is not None:      # resolve_story: StoriesMixin's
                    live = self.resolve_story(sid)  # type: ignore[attr-defined]
                    sid, label, sources, size = (live["id"], live["label"], live["sources"],
                                                 live["size"])
                out[aid] = {"id": sid, "label": label, "sources": int(sources),
                            "size": int(size)}
        return out

    def fired_stories(self, alert_id: str, stories: list[str], reason: str) -> set[str]:
        """Which of ``stories`` already have a delivery of ``reason`` for this alert."""
        out: set[str] = set()
        for i in range(0, len(stories), _CHUNK):
            chunk = stories[i:i + _CHUNK]
            out.update(r[0] for r in self._q(
                "SELECT DISTINCT story FROM alert_deliveries WHERE alert_id = ? AND reason = ? "
                f"AND story IN ({_marks(len(chunk))})", [alert_id, reason, *chunk]).fetchall())
        return out

    # -- deliveries ------------------------------------------------------------------------
    def add_delivery(self, alert_id: str, story: str, reason: str, channel: str,
                     body: dict[str, Any], now: float, state: str = "due") -> int | None:
        """Record a delivery as due; its id, or None when it was already recorded."""
        with self._write():
            row = self._q("INSERT INTO alert_deliveries (alert_id, story, reason, channel, "
                          "state, attempts, next_try, body, created, updated, sent_at) "
                          "VALUES (?,?,?,?,?,0,?,?,?,?,?) "
                          "ON CONFLICT (alert_id, story, reason, channel) DO NOTHING "
                          "RETURNING id",
                          (alert_id, story, reason, channel, state, now,
                           json.dumps(body, ensure_ascii=False), now, now,
                           now if state == "sent" else None)).fetchone()
        return None if row is None else int(row[0])

    def get_delivery(self, delivery_id: int) -> DeliveryRow | None:
        row = self._q(f"SELECT {_DELIVERY_COLUMNS} FROM alert_deliveries WHERE id = ?",
                      (int(delivery_id),)).fetchone()
        return None if row is None else _delivery(row)

    def claim_delivery(self, delivery_id: int, attempt_id: str, now: float,
                       lease_s: float) -> bool:
        """Hold a delivery for one attempt; False when it is sent or held by a live attempt."""
        with self._write():
            return self._q(
                "UPDATE alert_deliveries SET state = 'sending', attempt_id = ?, "
                "attempts = attempts + 1, updated = ? WHERE id = ? AND (state IN "
                "('due', 'failed', 'parked') OR (state = 'sending' AND updated < ?))",
                (attempt_id, now, int(delivery_id), now - lease_s)).rowcount == 1

    def mark_delivery_sent(self, delivery_id: int, attempt_id: str, now: float) -> bool:
        with self._write():
            return self._q("UPDATE alert_deliveries SET state = 'sent', sent_at = ?, "
                           "updated = ?, last_error = NULL WHERE id = ? AND attempt_id = ? "
                           "AND state = 'sending'",
                           (now, now, int(delivery_id), attempt_id)).rowcount == 1

    def fail_delivery(self, delivery_id: int, attempt_id: str, error: str, now: float,
                      next_try: float, park: bool) -> None:
        with self._write():
            self._q("UPDATE alert_deliveries SET state = ?, last_error = ?, next_try = ?, "
                    "updated = ? WHERE id = ? AND attempt_id = ? AND state = 'sending'",
                    ("parked" if park else "failed", error, next_try, now, int(delivery_id),
                     attempt_id))

    def due_deliveries(self, now: float, lease_s: float, limit: int = 500) -> list[DeliveryRow]:
        """Deliveries to attempt now: due, failed and past their back-off, or held by an
        attempt whose lease ran out."""
        return [_delivery(r) for r in self._q(
            f"SELECT {_DELIVERY_COLUMNS} FROM alert_deliveries WHERE channel <> 'atom' AND "
            "((state IN ('due', 'failed') AND next_try <= ?) OR "
            "(state = 'sending' AND updated < ?)) ORDER BY id LIMIT ?",
            (now, now - lease_s, limit)).fetchall()]

    def alert_deliveries(self, alert_id: str | None = None, channel: str | None = None,
                         limit: int = 100) -> list[DeliveryRow]:
        """Deliveries, newest first, of one alert and/or channel."""
        where, params = [], []
        if alert_id is not None:
            where.append("alert_id = ?")
            params.append(alert_id)
        if channel is not None:
            where.append("channel = ?")
            params.append(channel)
        clause = f"WHERE {' AND '.join(where)} " if where else ""
        return [_delivery(r) for r in self._q(
            f"SELECT {_DELIVERY_COLUMNS} FROM alert_deliveries {clause}"
            "ORDER BY created DESC, id DESC LIMIT ?", [*params, limit]).fetchall()]

    def delivery_counts(self, alert_id: str) -> dict[str, Any]:
        """{state: count} of an alert's webhook and e-mail deliveries, and the last sent."""
        counts = {state: int(n) for state, n in self._q(
            "SELECT state, count(*) FROM alert_deliveries WHERE alert_id = ? AND "
            "channel <> 'atom' GROUP BY state", (alert_id,)).fetchall()}
        last = self._q("SELECT max(sent_at) FROM alert_deliveries WHERE alert_id = ? AND "
                       "state = 'sent'", (alert_id,)).fetchone()[0]
        return {"states": counts, "last_sent": None if last is None else float(last)}
