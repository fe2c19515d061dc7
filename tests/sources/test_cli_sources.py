"""The sources, watch, fetch and jobs commands on a real SQLite file and the local server."""

from __future__ import annotations

import json

import pytest

from tests.sources.conftest import ALLOW_LOCAL


@pytest.fixture(autouse=True)
def polite_but_fast(monkeypatch):
    monkeypatch.setenv("STEPPE_HOST_DELAY", "0")
    monkeypatch.setenv("STEPPE_FETCH_TIMEOUT", "0.5")
    monkeypatch.setenv("STEPPE_JOB_RETRY_BASE", "0")
    monkeypatch.setenv("STEPPE_FETCH_ALLOW", ALLOW_LOCAL)  # the local server is on loopback


def test_sources_add_list_watch_remove(run, db, web):
    assert run("--db", db, "sources", "add", web.url("/f/rss2.xml"), "--name", "courrier",
               "--every", "30m", "--lang", "fr").out == \
        f"source ajoutée : courrier ({web.url('/f/rss2.xml')}), toutes les 30m\n"
    listed = run("--db", db, "sources", "list", "--json").records()
    assert [(s["name"], s["status"], s["every_s"]) for s in listed] == [("courrier", "new", 1800)]
    result = run("--db", db, "watch", "--once", "--no-enrich")
    assert result.code == 0, result.err
    assert "nouveaux : 3" in result.out and "éléments trouvés : 3" in result.out
    (status,) = run("--db", db, "sources", "list", "--json").records()
    # items count by their feed date: the fixture's are from March 2025, not from this week
    assert (status["status"], status["last_7_days"], status["usual_per_week"]) == ("ok", 0, None)
    table = run("--db", db, "sources", "list").out
    assert "courrier" in table and "ok" in table and "il y a" in table
    assert run("--db", db, "sources", "remove", "courrier").out == "source retirée : courrier\n"
    assert run("--db", db, "sources", "list", "--json").out == ""


def test_failing_source_shows_in_the_list(run, db, web):
    run("--db", db, "sources", "add", web.url("/status/500"), "--name", "broken")
    run("--db", db, "watch", "--once", "--no-enrich")
    (status,) = run("--db", db, "sources", "list", "--json").records()
    assert status["status"] == "failing" and "HTTP 500" in status["last_error"]
    assert "HTTP 500" in run("--db", db, "sources", "list").out


@pytest.mark.parametrize("args, message", [
    (["sources", "add", "file:///etc/passwd"], "file:///etc/passwd : seules les URL http et https sont récupérées"),
    (["sources", "add", "ftp://example.org/f"], "seules les URL http et https"),
    (["sources", "add", "http://example.org/f", "--every", "5s"], "au plus une fois par minute"),
    (["sources", "add", "http://example.org/f", "--name", "a b"], "nom de source « a b »"),
    (["fetch", "data:text/html,<p>x</p>"], "seules les URL http et https"),
])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(run, db, args, message):
    result = run("--db", db, *args)
    assert result.code == 2 and message in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err


def test_duplicate_name_and_unknown_source(run, db):
    run("--db", db, "sources", "add", "http://example.org/feed", "--name", "x")
    again = run("--db", db, "sources", "add", "http://example.org/other", "--name", "x")
    assert again.code == 2 and "la source « x » existe déjà" in again.err
    missing = run("--db", db, "sources", "remove", "nope")
    assert missing.code == 4 and "aucune source ne s’appelle « nope »" in missing.err


def test_import_bundled_list_fetches_nothing(run, db):
    result = run("--db", db, "sources", "import")
    assert result.code == 0 and result.out.startswith("sources ajoutées : 12")
    assert run("--db", db, "sources", "import").out == "sources ajoutées : 0, déjà présentes : 12\n"
    assert all(s["status"] == "new" for s in run("--db", db, "sources", "list", "--json").records())


def test_fetch_one_page_and_its_errors(run, db, web):
    result = run("--db", db, "fetch", "--no-enrich", "--json", "--source", "courrier",
                 web.url("/f/future.html?utm_source=x"))
    assert result.code == 0, result.err
    (record,) = result.records()
    assert record["outcome"] == "new" and record["url"] == web.url("/f/future.html")
    assert record["published"] is None  # the page's 2099 is refused and nothing else is dated
    assert record["date_flag"] == "no date: rejected page 2099-01-01T10:00:00+00:00 (future)"
    again = run("--db", db, "fetch", "--no-enrich", "--json", web.url("/f/future.html#x"))
    assert again.records()[0]["outcome"] == "duplicate"
    for path, code, message in [("/status/404", 5, "HTTP 404"), ("/big", 5, "la limite de"),
                                ("/f/not-a-feed.html", 2, "aucun texte d’article")]:
        bad = run("--db", db, "fetch", "--no-enrich", web.url(path))
        assert bad.code == code and message in bad.err and web.url(path) in bad.err


def test_jobs_lists_parked_jobs_and_retries_them(run, db, web, tmp_path):
    from steppe.store import open_store

    store = open_store(str(db))
    store.enqueue_jobs([("fetch_page", {"source": "x", "url": web.url("/status/500"),
                                        "canonical": web.url("/status/500")}, None)], now=0.0)
    store.close()
    for _ in range(5):
        run("--db", db, "watch", "--once", "--no-enrich")
    out = run("--db", db, "jobs").out
    assert "mis de côté : 1" in out and "HTTP 500" in out
    data = json.loads(run("--db", db, "jobs", "--json").out)
    assert data["counts"] == {"parked": {"fetch_page": 1}}
    assert run("--db", db, "jobs", "--retry").out.startswith(
        "tâches mises de côté remises en file : 1")


def test_fetch_with_the_real_enrichment_pipeline(run, db, web):
    result = run("--db", db, "fetch", "--json", web.url("/f/story-a.html"))
    assert result.code == 0, result.err
    (record,) = result.records()
    exported = run("--db", db, "export").records()
    (article,) = [r for r in exported if r["id"] == record["id"]]
    names = {e["name"] for e in article["entities"]}
    assert {"KZ", "UZ"} <= {c["code"] for c in article["countries"]}
    assert any("Tokaïev" in n or "Tokayev" in n for n in names)
    assert article["published"] == "2025-03-04T04:30:00+00:00"  # the page's time, in UTC


def test_watch_once_fails_when_every_source_failed(run, db, web):
    run("--db", db, "sources", "add", web.url("/status/500"), "--name", "broken")
    run("--db", db, "sources", "add", web.url("/status/404"), "--name", "gone")
    result = run("--db", db, "watch", "--once", "--no-enrich")
    assert result.code == 1 and "Traceback" not in result.err
    assert "toutes les sources interrogées ont échoué (2)" in result.err
    run("--db", db, "sources", "add", web.url("/f/rss2.xml"), "--name", "courrier")
    with_one_good = run("--db", db, "watch", "--once", "--no-enrich")   # one works: exit 0
    assert with_one_good.code == 0, with_one_good.err
