"""Sources, jobs, feed items seen, provenance and near-duplicate bands: one implementation, two backends.

Both backends inherit this mixin, so the behaviour the contract suite checks is written once.
A backend supplies four small hooks:

* ``_q(sql, params)`` runs one statement written with ``?`` placeholders and returns a cursor;
* ``_write()`` opens a short write transaction for job and source bookkeeping (joining an outer
  ``transaction()`` when there is one) — on PostgreSQL it does not take the articles writers'
  lock, so workers claiming and finishing jobs never queue behind one another;
* ``SKIP_LOCKED``: the clause that lets concurrent claimers pass over each other's rows;
* ``_next_seq`` / ``_write_links`` (already there for ``put_article``) for ``set_annotation``.

Times are Unix seconds passed in by the caller, so tests control the clock and every worker
uses its own (keep machines on NTP).
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from typing import Any, Iterable

from steppe.errors import InputError, NotFound, quoted
from steppe.model import Annotation, Job, Provenance, Source
from steppe.store.base import annotation_json

_SOURCE_COLUMNS = ("name, url, every_s, lang, feed_url, etag, last_modified, last_success, "
                   "last_error, last_error_at, consecutive_failures, next_due, created")
_JOB_COLUMNS = ("id, kind, payload, key, state, attempts, run_after, lease_until, worker, "
                "last_error, created, updated")
_PROVENANCE_COLUMNS = ("article_id, canonical_url, published_source, date_flag, "
                       "near_duplicate_of, similarity, author, content_from")
_ACTIVE = "state IN ('queued', 'running')"
_CHUNK = 500  # values per IN (…) list
MAX_CANDIDATES = 200  # near-duplicate candidates verified per text (boilerplate buckets are huge)


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i:i + _CHUNK]


def _source(row: tuple[Any, ...]) -> Source:
    return Source(*row[:4], feed_url=row[4], etag=row[5], last_modified=row[6],
                  last_success=row[7], last_error=row[8], last_error_at=row[9],
                  consecutive_failures=int(row[10]), next_due=float(row[11]),
                  created=float(row[12]))


def _job(row: tuple[Any, ...]) -> Job:
    (jid, kind, payload, key, state, attempts, run_after, lease, worker, error,
     created, updated) = row
    return Job(id=int(jid), kind=kind, payload=json.loads(payload), key=key, state=state,
               attempts=int(attempts), run_after=float(run_after),
               lease_until=None if lease is None else float(lease),
               worker=worker, last_error=error, created=float(created), updated=float(updated))


class SourcesMixin:
    """Store methods behind ``steppe sources``, ``watch``, ``worker`` and ``jobs``."""

    SKIP_LOCKED = ""

    def _q(self, sql: str, params: Iterable[Any] = ()) -> Any:  # pragma: no cover - hook
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[None]:  # pragma: no cover - hook
        raise NotImplementedError

    # -- sources ---------------------------------------------------------------------------
    def add_source(self, source: Source) -> None:
        """Add a source; a name already taken is refused (names are how users refer to them)."""
        with self._write():
            if self._q("SELECT 1 FROM sources WHERE name = ?", (source.name,)).fetchone():
                raise InputError(f"la source {quoted(source.name)} existe déjà "
                                 "(supprimez-la d’abord ou choisissez un autre --name)")
            self._q(f"INSERT INTO sources ({_SOURCE_COLUMNS}) VALUES ({_marks(13)})",
                    self._source_values(source))

    @staticmethod
    def _source_values(s: Source) -> tuple[Any, ...]:
        return (s.name, s.url, int(s.every_s), s.lang, s.feed_url, s.etag, s.last_modified,
                s.last_success, s.last_error, s.last_error_at, int(s.consecutive_failures),
                float(s.next_due), float(s.created))

    def get_source(self, name: str) -> Source:
        row = self._q(f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise NotFound(f"aucune source ne s’appelle {quoted(name)} (voir « steppe sources list »)")
        return _source(row)

    def list_sources(self) -> list[Source]:
        return [_source(r) for r in self._q(
            f"SELECT {_SOURCE_COLUMNS} FROM sources ORDER BY name").fetchall()]

    def remove_source(self, name: str) -> None:
        """Forget a source and the items seen from it; its stored articles stay."""
        with self._write():
            if self._q("DELETE FROM sources WHERE name = ?", (name,)).rowcount == 0:
                raise NotFound(f"aucune source ne s’appelle {quoted(name)} (voir « steppe sources list »)")
            self._q("DELETE FROM source_items WHERE source = ?", (name,))

    def save_source_state(self, source: Source) -> None:
        """Write what the last poll learnt: validators, success, error, back-off, next poll."""
        with self._write():
            self._q("UPDATE sources SET feed_url = ?, etag = ?, last_modified = ?, "
                    "last_success = ?, last_error = ?, last_error_at = ?, "
                    "consecutive_failures = ?, next_due = ? WHERE name = ?",
                    (source.feed_url, source.etag, source.last_modified, source.last_success,
                     source.last_error, source.last_error_at, int(source.consecutive_failures),
                     float(source.next_due), source.name))

    def due_sources(self, now: float) -> list[Source]:
        return [_source(r) for r in self._q(
            f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE next_due <= ? ORDER BY next_due, name",
            (now,)).fetchall()]

    def count_source_items(self, name: str, since: float, until: float | None = None) -> int:
        """Items of a source dated in [since, until) (feed date, else first seen)."""
        until = float("inf") if until is None else until
        return int(self._q("SELECT count(*) FROM source_items WHERE source = ? AND at >= ? "
                           "AND at < ?", (name, since, until)).fetchone()[0])

    # -- feed items seen -------------------------------------------------------------------
    def unseen_items(self, source: str, urls: list[str]) -> list[str]:
        """The URLs (canonical) not yet taken from this source, in the order given."""
        seen: set[str] = set()
        for chunk in _chunks(list(dict.fromkeys(urls))):
            seen.update(r[0] for r in self._q(
                f"SELECT url FROM source_items WHERE source = ? AND url IN ({_marks(len(chunk))})",
                [source, *chunk]).fetchall())
        return [u for u in dict.fromkeys(urls) if u not in seen]

    def mark_items_seen(self, source: str, items: list[tuple[str, float]], now: float) -> int:
        """Record items as taken; returns how many were new."""
        added = 0
        with self._write():
            for url, at in items:
                added += self._q("INSERT INTO source_items (source, url, at, seen) "
                                 "VALUES (?,?,?,?) ON CONFLICT (source, url) DO NOTHING",
                                 (source, url, at, now)).rowcount
        return added

    # -- provenance, aliases, near-duplicates ----------------------------------------------
    def put_provenance(self, p: Provenance) -> None:
        with self._write():
            self._q(f"INSERT INTO article_provenance ({_PROVENANCE_COLUMNS}) "
                    f"VALUES ({_marks(8)}) ON CONFLICT (article_id) DO UPDATE SET "
                    "canonical_url = excluded.canonical_url, "
                    "published_source = excluded.published_source, "
                    "date_flag = excluded.date_flag, "
                    "near_duplicate_of = excluded.near_duplicate_of, "
                    "similarity = excluded.similarity, author = excluded.author, "
                    "content_from = excluded.content_from",
                    (p.article_id, p.canonical_url, p.published_source, p.date_flag,
                     p.near_duplicate_of, p.similarity, p.author, p.content_from))

    def get_provenance(self, article_id: str) -> Provenance | None:
        row = self._q(f"SELECT {_PROVENANCE_COLUMNS} FROM article_provenance "
                      "WHERE article_id = ?", (article_id,)).fetchone()
        return Provenance(*row) if row else None

    def near_duplicates_of(self, article_id: str) -> list[str]:
        """Articles linked to ``article_id`` as later copies of the same story."""
        return [r[0] for r in self._q("SELECT article_id FROM article_provenance "
                                      "WHERE near_duplicate_of = ? ORDER BY article_id",
                                      (article_id,)).fetchall()]

    def add_url_alias(self, url: str, article_id: str, kind: str, source: str | None,
                      now: float) -> bool:
        """Remember that ``url`` (canonical) leads to ``article_id``; False if already known."""
        with self._write():
            return self._q("INSERT INTO url_aliases (url, article_id, kind, source, at) "
                           "VALUES (?,?,?,?,?) ON CONFLICT (url) DO NOTHING",
                           (url, article_id, kind, source, now)).rowcount == 1

    def article_for_url(self, url: str) -> str | None:
        row = self._q("SELECT article_id FROM url_aliases WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    def article_id_for_hash(self, chash: str) -> str | None:
        row = self._q("SELECT id FROM articles WHERE content_hash = ?", (chash,)).fetchone()
        return row[0] if row else None

    def put_minhash(self, article_id: str, signature: bytes, buckets: list[int]) -> None:
        with self._write():
            self._q("INSERT INTO minhash_signatures (article_id, signature) VALUES (?,?) "
                    "ON CONFLICT (article_id) DO UPDATE SET signature = excluded.signature",
                    (article_id, signature))
            unique = list(dict.fromkeys(buckets))
            if unique:  # one statement, not one per band: a round trip each on PostgreSQL
                self._q("INSERT INTO minhash_bands (bucket, article_id) VALUES "
                        + ",".join(["(?,?)"] * len(unique))
                        + " ON CONFLICT (bucket, article_id) DO NOTHING",
                        [v for bucket in unique for v in (bucket, article_id)])

    def near_duplicate_candidates(self, buckets: list[int]) -> list[tuple[str, str | None, bytes]]:
        """(article id, source, signature) sharing a band bucket, oldest article first."""
        if not buckets:
            return []
        ids = [r[0] for r in self._q(
            f"SELECT DISTINCT article_id FROM minhash_bands WHERE bucket IN ({_marks(len(buckets))})",
            list(buckets)).fetchall()][:MAX_CANDIDATES]
        if not ids:
            return []
        rows = self._q(
            "SELECT a.id, a.source, s.signature FROM articles a JOIN minhash_signatures s "
            f"ON s.article_id = a.id WHERE a.id IN ({_marks(len(ids))}) ORDER BY a.pk",
            ids).fetchall()
        return [(r[0], r[1], bytes(r[2])) for r in rows]

    def set_annotation(self, article_id: str, annotation: Annotation | None) -> None:
        """Attach (or replace) an article's annotation; a change the search index follows."""
        with self.transaction():  # type: ignore[attr-defined]
            row = self._q("SELECT pk FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                raise NotFound(f"aucun article n’a l’identifiant {quoted(article_id)}")
            seq = self._next_seq(article_id, "update")  # type: ignore[attr-defined]
            self._q("UPDATE articles SET annotation = ?, seq = ? WHERE pk = ?",
                    (annotation_json(annotation), seq, row[0]))
            self._write_links(row[0], annotation)  # type: ignore[attr-defined]

    # -- articles waiting for enrichment (migration 0008) ----------------------------------
    def add_pending(self, article_ids: list[str], now: float) -> int:
        """Mark stored articles as waiting to be enriched (joins the caller's transaction)."""
        with self._write():
            return sum(self._q("INSERT INTO enrich_pending (article_id, queued) VALUES (?, ?) "
                               "ON CONFLICT (article_id) DO NOTHING", (i, now)).rowcount
                       for i in article_ids)

    def take_pending(self, limit: int) -> list[str]:
        """Remove and return up to ``limit`` waiting articles, oldest first. Call it inside the
        transaction that queues their enrichment, so they move from here to a job atomically;
        concurrent takers pass over each other's rows (``SKIP_LOCKED``)."""
        with self._write():
            rows = self._q(
                "DELETE FROM enrich_pending WHERE article_id IN (SELECT article_id FROM "
                f"enrich_pending ORDER BY queued, article_id LIMIT ?{self.SKIP_LOCKED}) "
                "RETURNING article_id", (limit,)).fetchall()
        return sorted(r[0] for r in rows)

    def count_pending(self) -> int:
        return int(self._q("SELECT count(*) FROM enrich_pending").fetchone()[0])

    # -- jobs ------------------------------------------------------------------------------
    def enqueue_jobs(self, jobs: list[tuple[str, dict[str, Any], str | None]], now: float,
                     run_after: float | None = None) -> int:
        """Queue (kind, payload, key) jobs; a key already queued or running is skipped.

        Returns how many were queued.
        """
        added = 0
        with self._write():
            for kind, payload, key in jobs:
                added += self._q(
                    "INSERT INTO jobs (kind, key, payload, state, attempts, run_after, created, "
                    "updated) VALUES (?,?,?,'queued',0,?,?,?) ON CONFLICT (key) "
                    f"WHERE key IS NOT NULL AND {_ACTIVE} DO NOTHING",
                    (kind, key, json.dumps(payload, sort_keys=True, ensure_ascii=False),
                     now if run_after is None else run_after, now, now)).rowcount
        return added

    def claim_jobs(self, worker: str, limit: int, lease_s: float, now: float,
                   kinds: list[str] | None = None, max_attempts: int = 5) -> list[Job]:
        """Take up to ``limit`` runnable jobs: queued and due, or running with an expired lease.

        A job whose lease expired after its last allowed attempt (its workers keep dying on
        it) is parked instead of being handed out again.
        """
        kind_sql = f" AND kind IN ({_marks(len(kinds))})" if kinds else ""
        with self._write():
            self._q("UPDATE jobs SET state = 'parked', updated = ?, lease_until = NULL, "
                    "last_error = 'lease expired ' || attempts || ' times: its workers died or hung' "
                    "WHERE state = 'running' AND lease_until < ? AND attempts >= ?",
                    (now, now, max_attempts))
            rows = self._q(
                f"UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = ?, "
                f"worker = ?, updated = ? WHERE id IN (SELECT id FROM jobs WHERE {_ACTIVE} AND "
                "((state = 'queued' AND run_after <= ?) OR (state = 'running' AND lease_until < ?))"
                f"{kind_sql} ORDER BY id LIMIT ?{self.SKIP_LOCKED}) RETURNING {_JOB_COLUMNS}",
                [now + lease_s, worker, now, now, now, *(kinds or []), limit]).fetchall()
        return sorted((_job(r) for r in rows), key=lambda j: j.id)

    def running_claims(self) -> list[tuple[int, str, int]]:
        """(job id, worker, attempts) of every job being run, for finding dead workers' claims."""
        return [(int(i), str(w), int(a)) for i, w, a in self._q(
            "SELECT id, worker, attempts FROM jobs WHERE state = 'running'").fetchall()]

    def release_claim(self, job_id: int, worker: str, attempts: int, now: float) -> bool:
        """End at once the lease of a claim whose worker is known to be dead: the job can be
        claimed now. The attempt stays spent, so a job that kills its workers is parked."""
        with self._write():
            return self._q("UPDATE jobs SET lease_until = 0, updated = ? WHERE id = ? AND "
                           "worker = ? AND attempts = ? AND state = 'running'",
                           (now, job_id, worker, attempts)).rowcount == 1

    def complete_job(self, job: Job, worker: str, now: float) -> bool:
        """Mark done, only if ``worker`` still holds this claim; False when it lost it."""
        with self._write():
            return self._q("UPDATE jobs SET state = 'done', lease_until = NULL, updated = ? "
                           "WHERE id = ? AND worker = ? AND attempts = ? AND state = 'running'",
                           (now, job.id, worker, job.attempts)).rowcount == 1

    def fail_job(self, job: Job, worker: str, error: str, now: float, retry_at: float,
                 max_attempts: int) -> str:
        """Record a failure: back to the queue until ``retry_at``, or parked after the last
        allowed attempt. Returns "queued", "parked", or "lost" when the claim had moved on."""
        state = "parked" if job.attempts >= max_attempts else "queued"
        with self._write():
            changed = self._q(
                "UPDATE jobs SET state = ?, run_after = ?, lease_until = NULL, last_error = ?, "
                "updated = ? WHERE id = ? AND worker = ? AND attempts = ? AND state = 'running'",
                (state, retry_at, error[:2000], now, job.id, worker, job.attempts)).rowcount
        return state if changed else "lost"

    def list_jobs(self, state: str | None = None, limit: int = 50) -> list[Job]:
        where, params = ("WHERE state = ?", [state]) if state else ("", [])
        return [_job(r) for r in self._q(
            f"SELECT {_JOB_COLUMNS} FROM jobs {where} ORDER BY id DESC LIMIT ?",
            [*params, limit]).fetchall()]

    def job_counts(self) -> dict[str, dict[str, int]]:
        """{state: {kind: count}} over the whole table."""
        out: dict[str, dict[str, int]] = {}
        for state, kind, n in self._q("SELECT state, kind, count(*) FROM jobs GROUP BY 1, 2 "
                                      "ORDER BY 1, 2").fetchall():
            out.setdefault(state, {})[kind] = int(n)
        return out

    def pending_jobs(self, kinds: list[str] | None = None) -> int:
        """Jobs queued or running (of these kinds): zero means the work is drained."""
        kind_sql = f" AND kind IN ({_marks(len(kinds))})" if kinds else ""
        return int(self._q(f"SELECT count(*) FROM jobs WHERE {_ACTIVE}{kind_sql}",
                           list(kinds or [])).fetchone()[0])

    def requeue_parked(self, now: float) -> int:
        """Give every parked job a fresh set of attempts."""
        with self._write():
            return self._q("UPDATE jobs SET state = 'queued', attempts = 0, run_after = ?, "
                           "updated = ? WHERE state = 'parked' AND (key IS NULL OR key NOT IN "
                           f"(SELECT key FROM jobs WHERE key IS NOT NULL AND {_ACTIVE}))",
                           (now, now)).rowcount

    def prune_jobs(self, before: float) -> int:
        """Delete jobs done before ``before`` (the table would otherwise grow with every item)."""
        with self._write():
            return self._q("DELETE FROM jobs WHERE state = 'done' AND updated < ?",
                           (before,)).rowcount
