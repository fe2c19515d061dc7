"""``steppe jobs`` and ``steppe worker`` on PostgreSQL (procrastinate), and their errors."""

from __future__ import annotations

import json
import time

import pytest

from steppe.model import Article
from steppe.store import open_store, procrastinate_sql
from steppe.tasks.registry import procrastinate_defer

pytestmark = pytest.mark.postgres


def _fail_one(url: str) -> int:
    """A failed enrich job, as a worker leaves it after its last attempt, with its error."""
    with open_store(url) as store:
        procrastinate_defer(store)([("enrich", {"ids": ["x"]}, None)], time.time())
        (job_id,) = [j["id"] for j in procrastinate_sql.listed(store, "todo", 5)]
        with store.transaction():
            store._q("UPDATE procrastinate_jobs SET status = 'failed', attempts = 5 "
                     "WHERE id = ?", (job_id,))
        procrastinate_sql.record_error(store, job_id, "enrich", "ValueError: bad text", 0.0)
    return job_id


def test_jobs_shows_queues_counts_stalled_and_failed_with_errors(run, pg_url):
    job_id = _fail_one(pg_url)
    with open_store(pg_url) as store:
        procrastinate_defer(store)([("fetch_source", {"source": "a"}, "source:a")], time.time())
    result = run("--db", pg_url, "jobs")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split()[:6] == ["file", "à", "faire", "en", "cours", "réussis"]
    assert any(line.split()[:3] == ["enrich", "0", "0"] for line in lines)
    assert any(line.split()[:2] == ["fetch", "1"] for line in lines)
    assert "bloquées (en cours sur un worker muet depuis 30 s) : 0" in result.out
    assert "ValueError: bad text" in result.out and str(job_id) in result.out
    data = json.loads(run("--db", pg_url, "jobs", "--json").out)
    assert {"queue": "enrich", "task": "steppe.enrich", "status": "failed", "count": 1} \
        in data["counts"]
    assert data["jobs"][0]["error"] == "ValueError: bad text" and data["stalled"] == 0


def test_jobs_retry_and_cancel(run, pg_url):
    job_id = _fail_one(pg_url)
    assert run("--db", pg_url, "jobs", "--retry").out.startswith("tâches remises en file : 1")
    with open_store(pg_url) as store:
        assert [j["status"] for j in procrastinate_sql.jobs_by_id(store, [job_id])] == ["todo"]
    assert run("--db", pg_url, "jobs", "--cancel", str(job_id)).out.startswith("tâches annulées : 1")
    with open_store(pg_url) as store:
        assert [j["status"] for j in procrastinate_sql.jobs_by_id(store, [job_id])] == \
            ["cancelled"]
    bad = run("--db", pg_url, "jobs", "--cancel", "12,abc")
    assert bad.code != 0 and "des identifiants de tâches sont attendus" in bad.err and "Traceback" not in bad.err


def test_stalled_jobs_are_listed(run, pg_url, monkeypatch):
    with open_store(pg_url) as store:
        procrastinate_defer(store)([("enrich", {"ids": ["x"]}, None)], time.time())
        with store.transaction():  # taken by a worker that never came back
            store._q("UPDATE procrastinate_jobs SET status = 'doing'")
    data = json.loads(run("--db", pg_url, "jobs", "--state", "stalled", "--json").out)
    assert data["stalled"] == 1 and data["jobs"][0]["task"] == "steppe.enrich"


def test_a_missing_job_schema_names_db_migrate_and_migrate_restores_it(run, pg_url):
    with open_store(pg_url) as store:
        store.put_article(Article(id="a", text="Astana"), None)
        store.conn.execute("DROP TABLE procrastinate_jobs CASCADE")
    for args in (["jobs"], ["worker", "--until-idle"]):
        result = run("--db", pg_url, *args)
        assert result.code != 0 and "Traceback" not in result.err
        (line,) = result.err.strip().splitlines()
        assert "les tables de tâches de procrastinate manquent" in line and "db migrate" in line
    assert run("--db", pg_url, "db", "migrate").code == 0
    assert run("--db", pg_url, "jobs").code == 0
    with open_store(pg_url) as store:
        assert procrastinate_sql.installed(store.conn)
        assert procrastinate_defer(store)([("enrich", {"ids": ["a"]}, None)], time.time()) == 1


def test_worker_runs_the_queue_to_the_end_and_reports_memory(run, pg_url, monkeypatch):
    import steppe.cli.jobs as jobs_cli

    monkeypatch.setattr(jobs_cli, "ANNOTATE", "tests.tasks.helpers:light")
    with open_store(pg_url) as store:
        store.put_articles([(Article(id=f"a{i}", text=f"Tokaïev à Astana {i}"), None)
                            for i in range(10)])
        with store.transaction():
            store.add_pending([f"a{i}" for i in range(10)], time.time())
    result = run("--db", pg_url, "worker", "--processes", "2", "--until-idle")
    assert result.code == 0, result.err
    assert "réussis :" in result.out and "mémoire par processus (Mo) :" in result.out
    with open_store(pg_url) as store:
        assert all(ann is not None for _, ann in store.iter_articles())
        assert store.count_pending() == 0


def test_worker_options_are_checked(run, pg_url, tmp_path):
    bad = run("--db", pg_url, "worker", "--queues", "fetch,nope")
    assert bad.code != 0 and "files inconnues : nope" in bad.err
    sqlite = run("--db", str(tmp_path / "s.db"), "worker", "--processes", "2")
    assert sqlite.code != 0 and "demandent PostgreSQL" in sqlite.err


def test_reannotate_queue_defers_batches_that_workers_do_once(run, pg_url, monkeypatch):
    import steppe.cli.jobs as jobs_cli

    monkeypatch.setattr(jobs_cli, "ANNOTATE", "tests.tasks.helpers:light")
    with open_store(pg_url) as store:
        store.put_articles([(Article(id=f"a{i}", text=f"Tokaïev à Astana {i}", lang="fr"), None)
                            for i in range(10)])
    queued = run("--db", pg_url, "reannotate", "--queue", "--no-wait", "--batch", "4", "--json")
    assert queued.code == 0, queued.err
    data = json.loads(queued.out)
    assert data["queued_articles"] == 10 and data["queued_jobs"] == 3
    assert data["jobs"] == {"todo": 3}
    again = json.loads(run("--db", pg_url, "reannotate", "--queue", "--no-wait", "--batch", "4",
                           "--json").out)   # the batches still wait: not queued twice
    assert again["jobs"] == {"todo": 3}
    assert run("--db", pg_url, "worker", "--queues", "reannotate", "--processes", "1",
               "--until-idle").code == 0
    with open_store(pg_url) as store:
        assert all(ann is not None for _, ann in store.iter_articles())
        updates = [i for _, i, op in store.changes_since(0) if op == "update"]
        assert sorted(updates) == sorted(f"a{i}" for i in range(10))   # each once
        counts = {(t, s): n for _, t, s, n in procrastinate_sql.counts(store)}
        assert counts[("steppe.reannotate", "succeeded")] == 3


def test_reannotate_queue_needs_postgresql(run, tmp_path):
    result = run("--db", str(tmp_path / "s.db"), "reannotate", "--queue")
    assert result.code != 0 and "mettre les lots en file demande PostgreSQL" in result.err
