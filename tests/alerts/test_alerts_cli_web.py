"""Alerts from the command line and over HTTP: a malformed query refused in one line, the
token guarding the API, the feed key guarding the Atom feed."""

from __future__ import annotations

import json
import time

import feedparser
from starlette.testclient import TestClient

from steppe.alerts.manage import create_alert
from steppe.alerts.work import run_alerts
from steppe.cli import main
from steppe.store import open_store
from steppe.stories import cluster_new
from steppe.web.app import create_app
from tests.alerts.conftest import alert_settings
from tests.alerts.helpers import story_articles

TOKEN = "s3cret-token"


def test_cli_refuses_a_malformed_query_and_manages_alerts(tmp_path, capsys, receiver):
    db = str(tmp_path / "c.db")
    assert main(["--db", db, "alerts", "add", "bad", "gazoduc AND ("]) == 2
    err = capsys.readouterr().err
    assert err.startswith("erreur : ") and err.count("\n") == 1 and "13" in err  # the column
    assert main(["--db", db, "alerts", "add", "gaz", "gazoduc", "--webhook", receiver.url]) == 0
    out = capsys.readouterr().out
    secret = out.split("gardez-le) : ")[1].strip()
    assert len(secret) > 30 and "/alerts/gaz.atom?key=" in out
    assert main(["--db", db, "alerts", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["alerts"]
    assert [a["name"] for a in listed] == ["gaz"] and secret not in json.dumps(listed)
    store = open_store(db)
    with store.transaction():
        store.put_articles(story_articles(2, 2))
    cluster_new(store)
    store.close()
    receiver.secret = secret
    assert main(["--db", db, "alerts", "test", "gaz", "--json"]) == 0
    preview = json.loads(capsys.readouterr().out)
    assert preview["matching_stories"] == 2 and preview["would_send"]["reason"] == "test"
    assert receiver.posts == []                              # test sends nothing
    assert main(["--db", db, "alerts", "test", "gaz", "--send"]) == 0
    assert "test webhook : envoyée" in capsys.readouterr().out   # --send: one real, signed POST
    assert [p["key"].rsplit(":", 1)[1] for p in receiver.posts] == ["test"]
    receiver.posts.clear()
    assert main(["--db", db, "alerts", "run", "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert sorted(d["channel"] for d in lines) == ["atom", "atom", "webhook", "webhook"]
    assert main(["--db", db, "alerts", "run", "--json"]) == 0
    assert capsys.readouterr().out == ""                     # nothing due any more
    assert main(["--db", db, "alerts", "log", "gaz", "--json"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 4
    assert len(receiver.posts) == 2 and receiver.bad_signatures == 0
    assert main(["--db", db, "alerts", "remove", "gaz"]) == 0
    assert main(["--db", db, "alerts", "remove", "gaz"]) == 4


def test_api_needs_the_token_and_the_feed_its_key(tmp_path, mailbox):
    settings = alert_settings(str(tmp_path / "w.db"), tmp_path, mailbox, web_token=TOKEN)
    store = open_store(settings.db)
    store.close()
    app = create_app(settings)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(app) as client:
        assert client.get("/api/alerts").status_code == 401
        bad = client.post("/api/alerts", json={"name": "x", "query": "gazoduc AND ("}, headers=auth)
        assert bad.status_code == 400 and "jamais fermée" in bad.json()["error"]
        made = client.post("/api/alerts", json={"name": "gaz", "query": "gazoduc"}, headers=auth)
        assert made.status_code == 201 and made.json()["secret"]
        feed_url = made.json()["alert"]["feed"].removeprefix("https://steppe.test")
        assert [a["name"] for a in client.get("/api/alerts", headers=auth).json()["alerts"]] == ["gaz"]

        store = open_store(settings.db)
        with store.transaction():
            store.put_articles(story_articles(3, 2))
        run_alerts(store, settings)
        store.close()
        assert client.get("/alerts/gaz.atom").status_code == 404
        assert client.get("/alerts/gaz.atom?key=wrong").status_code == 404
        assert client.get("/alerts/nope.atom?key=wrong").status_code == 404
        answer = client.get(feed_url)
        assert answer.status_code == 200 and "atom" in answer.headers["content-type"]
        feed = feedparser.parse(answer.content)
        assert len(feed.entries) == 3 and feed.entries[0].link.startswith("https://steppe.test/stories/")
        assert client.get("/alerts/gaz.atom", headers=auth).status_code == 200
        assert client.delete("/api/alerts/gaz").status_code == 401
        assert client.delete("/api/alerts/gaz", headers=auth).status_code == 200
        assert client.get(feed_url).status_code == 404
    app.state.steppe.pool.close()
