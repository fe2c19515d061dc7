"""Events as rows (migration 10): written beside the annotation, read by ``reports.events`` and
``reports.relations``. One implementation, two backends.

Each event of an annotation gives one ``article_events`` row per pair of its source and
recipient countries (a side without a country is ''); a pair with the same country on both
sides is kept only when it is the event's only pair (a domestic act: « les talibans
arrêtent… »). Queries are written with ``?`` placeholders like ``reports_sql``; each backend's
``_q`` runs them.

*The same event* is the same (type, source side, recipient side) within one story (an
article outside any story is its own story): counts that must not grow with the number of
outlets group by that key in SQL (``event_pair_counts``, ``count_events``).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.resources import files
from typing import Any, Iterable

from steppe.model import Annotation, Event, EventActor

EVENTS_STEP = 10   # the migration that brought article_events: existing rows are backfilled
MAX_ROWS = 5000    # rows a listing reads at most
EVENT_COLUMNS = ("article_pk, idx, source_country, recipient_country, type, quad, mode, status, "
                 "day, month, date_from, source_key, recipient_key, place, sentence, confidence")
WIDTH = len(EVENT_COLUMNS.split(","))
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_STORY = "coalesce(m.story_pk, -a.pk)"   # an article outside any story is its own story
_SAME_EVENT = f"{_STORY}, e.type, e.source_key, e.recipient_key"
_ROW = ("a.id, a.source, a.published, a.title, e.idx, e.source_country, e.recipient_country, "
        "e.type, e.quad, e.mode, e.status, e.day, e.date_from, e.source_key, e.recipient_key, "
        "e.place, e.sentence, e.confidence, s.id, s.label, a.pk")
_ROW_NAMES = ("article", "outlet", "published", "title", "idx", "source_country",
              "recipient_country", "type", "quad", "mode", "status", "day", "date_from",
              "source_key", "recipient_key", "place", "sentence", "confidence", "story",
              "story_label", "pk")
_LOWER = "e.source_country < e.recipient_country"  # ISO codes: A-Z sort alike everywhere
_FROM = ("article_events e JOIN articles a ON a.pk = e.article_pk "
         "LEFT JOIN story_members m ON m.article_id = a.id")


@lru_cache(maxsize=1)
def plover() -> dict[str, Any]:
    """resources/plover.json: types → quad class and labels, quad classes, modes, statuses."""
    text = files("steppe.resources").joinpath("plover.json").read_text(encoding="utf-8")
    return json.loads(text)


def quad_of(event_type: str) -> int:
    """The PLOVER quad class of a type (1 verbal cooperation … 4 material conflict); 0 unknown."""
    known = plover()["types"].get(event_type)
    return int(known["quad"]) if known else 0


def side_key(actors: list[EventActor]) -> str:
    """What names one side of an event: its countries (``KZ,UZ``), else its entities or
    names (``@organization:onu``); '' for a side nobody fills."""
    countries = sorted({a.country for a in actors if a.country})
    if countries:
        return ",".join(countries)
    names = sorted({(a.entity_id or a.name or "").strip().lower() for a in actors} - {""})
    return "@" + ",".join(names) if names else ""


def country_pairs(event: Event) -> list[tuple[str, str]]:
    """(source, recipient) countries of an event; a same-country pair only when alone."""
    sources = sorted({a.country for a in event.source if a.country}) or [""]
    recipients = sorted({a.country for a in event.recipient if a.country}) or [""]
    pairs = [(s, r) for s in sources for r in recipients]
    crossing = [(s, r) for s, r in pairs if s != r]
    return crossing or pairs


def event_day(event: Event, annotation: Annotation, fallback: str | None) -> str | None:
    """The first day of the event's date, else of the publication date, else ``fallback``."""
    for value in (event.date, annotation.published):
        if value and _DATE.match(value[:10]):
            day = value[:10]
            return day + "-01-01"[len(day) - 4:] if len(day) < 10 else day
    return fallback


def needs_fallback_day(annotation: Annotation | None) -> bool:
    """Whether some event has no date of its own nor a publication date to fall back on."""
    return bool(annotation and annotation.events and any(
        event_day(e, annotation, None) is None for e in annotation.events))


def event_rows(pk: int, annotation: Annotation | None,
               fallback_day: str | None = None) -> list[tuple[Any, ...]]:
    """Rows of article_events (EVENT_COLUMNS) for one article; ``fallback_day`` dates the
    events with no date of their own (the article's publication or ingestion day)."""
    if annotation is None:
        return []
    rows = []
    for idx, event in enumerate(annotation.events):
        day = event_day(event, annotation, fallback_day) or "0000-01-01"
        keys = (side_key(event.source), side_key(event.recipient))
        for source, recipient in country_pairs(event):
            rows.append((pk, idx, source, recipient, event.type, quad_of(event.type), event.mode,
                         event.status or "occurred", day, day[:7], event.date_from or "none",
                         keys[0], keys[1], event.place, event.text or "",
                         float(event.confidence or 0.0)))
    return rows


def _marks(n: int) -> str:
    return ",".join("?" * n)


class EventsMixin:
    """Store methods over ``article_events``; a backend supplies ``_q`` and ``_put_event_rows``."""

    def _q(self, sql: str, params: Iterable[Any] = ()) -> Any:  # pragma: no cover - hook
        raise NotImplementedError

    def _put_event_rows(self, rows: list[tuple[Any, ...]]) -> None:  # pragma: no cover - hook
        raise NotImplementedError

    # -- writes ----------------------------------------------------------------------------
    def _write_events(self, pk: int, annotation: Annotation | None, fresh: bool = False) -> None:
        """Replace an article's event rows (called by the backend's ``_write_links``)."""
        if not fresh:
            self._q("DELETE FROM article_events WHERE article_pk = ?", (pk,))
        fallback = None
        if needs_fallback_day(annotation):
            row = self._q("SELECT coalesce(published_day, substr(ingested_at, 1, 10)) "
                          "FROM articles WHERE pk = ?", (pk,)).fetchone()
            fallback = row[0] if row else None
        rows = event_rows(pk, annotation, fallback)
        if rows:
            self._put_event_rows(rows)

    def _backfill_events(self, page: int = 500) -> int:
        """Event rows of the annotations stored before migration 10 (run inside its
        transaction); returns how many articles had events."""
        done, after = 0, 0
        while True:
            found = self._q(
                "SELECT pk, annotation, coalesce(published_day, substr(ingested_at, 1, 10)) "
                "FROM articles WHERE pk > ? AND annotation LIKE ? ORDER BY pk LIMIT ?",
                (after, '%"events": [{%', page)).fetchall()
            for pk, raw, day in found:
                try:
                    data = json.loads(raw)
                    annotation = Annotation.from_dict({"id": "", "lang": data.get("lang"),
                                                       "title": None, "text": "",
                                                       "events": data.get("events", [])})
                    rows = event_rows(int(pk), annotation, day)
                except (TypeError, ValueError, KeyError, AttributeError):
                    continue  # an older shape: « steppe reannotate » writes its rows again
                if rows:
                    self._put_event_rows(rows)
                    done += 1
            if len(found) < page:
                return done
            after = int(found[-1][0])

    # -- reads -----------------------------------------------------------------------------
    @staticmethod
    def _event_filter(since: str | None, until: str | None, country: str | None,
                      type: str | None, pair: tuple[str, str] | None) -> tuple[str, list[Any]]:
        where, params = [], []
        if since:
            where.append("e.day >= ?")
            params.append(since)
        if until:
            where.append("e.day <= ?")
            params.append(until)
        if country:
            where.append("(e.source_country = ? OR e.recipient_country = ?)")
            params += [country, country]
        if type:
            where.append("e.type = ?")
            params.append(type)
        if pair:
            where.append("((e.source_country = ? AND e.recipient_country = ?) OR "
                         "(e.source_country = ? AND e.recipient_country = ?))")
            params += [pair[0], pair[1], pair[1], pair[0]]
        return " AND ".join(where) or "1 = 1", params

    def event_reports(self, since: str | None = None, until: str | None = None,
                      country: str | None = None, type: str | None = None,
                      pair: tuple[str, str] | None = None,
                      limit: int = MAX_ROWS) -> list[dict[str, Any]]:
        """Event rows (one per report of an event and country pair) matching the filters,
        latest day first, at most ``limit``: article, outlet, published, title, idx,
        source_country, recipient_country, type, quad, mode, status, day, date_from,
        source_key, recipient_key, place, sentence, confidence, story, story_label, pk.
        ``since``/``until`` are YYYY-MM-DD bounds of the event's day; ``country`` either side;
        ``pair`` both directions."""
        where, params = self._event_filter(since, until, country, type, pair)
        rows = self._q(f"SELECT {_ROW} FROM {_FROM} LEFT JOIN stories s ON s.pk = m.story_pk "
                       f"WHERE {where} ORDER BY e.day DESC, a.pk DESC, e.idx LIMIT ?",
                       params + [int(limit)]).fetchall()
        return [dict(zip(_ROW_NAMES, row)) for row in rows]

    def count_events(self, since: str | None = None, until: str | None = None,
                     country: str | None = None, type: str | None = None,
                     pair: tuple[str, str] | None = None) -> int:
        """Events (deduplicated by story) matching the filters of ``event_reports``."""
        where, params = self._event_filter(since, until, country, type, pair)
        row = self._q(f"SELECT count(*) FROM (SELECT 1 AS one FROM {_FROM} WHERE {where} "
                      f"GROUP BY {_SAME_EVENT}) x", params).fetchone()
        return int(row[0])

    def event_pair_counts(self, since: str | None = None, until: str | None = None,
                          country: str | None = None, pair: tuple[str, str] | None = None,
                          directed: bool = False) -> list[tuple[str, str, str, int, str, int]]:
        """(source, recipient, type, quad, month, events) of the events between two
        different countries, deduplicated by story (an event counts in the month of its
        first report); the relations of a pair, a country's partners, the network. Unless
        ``directed``, a pair is (first, second) in alphabetical order and an event between
        them counts once whichever way it goes (a meeting of both with both)."""
        where, params = self._event_filter(since, until, country, None, pair)
        lo, hi = "e.source_country", "e.recipient_country"
        if not directed:
            lo = f"CASE WHEN {_LOWER} THEN e.source_country ELSE e.recipient_country END"
            hi = f"CASE WHEN {_LOWER} THEN e.recipient_country ELSE e.source_country END"
        rows = self._q(
            "SELECT one, other, type, quad, month, count(*) FROM ("
            f"SELECT {lo} AS one, {hi} AS other, e.type AS type, min(e.quad) AS quad, "
            f"min(e.month) AS month FROM {_FROM} WHERE {where} AND e.quad > 0 AND "
            "e.source_country <> '' AND "
            "e.recipient_country <> '' AND e.source_country <> e.recipient_country "
            f"GROUP BY {_SAME_EVENT}, {lo}, {hi}) x "
            "GROUP BY one, other, type, quad, month ORDER BY month, one, other, type",
            params).fetchall()
        return [(str(s), str(r), str(t), int(q), str(m), int(n)) for s, r, t, q, m, n in rows]
