"""Alerts on SQLite through the in-process runner: once per story on every channel.

Real components: the store, the search index, the clustering, the job table and its worker
(``run_watch``), an HTTP receiver checking the HMAC, an aiosmtpd server, feedparser."""

from __future__ import annotations

import time

import feedparser

from steppe.alerts.feed import alert_feed
from steppe.alerts.manage import create_alert, describe_alert
from steppe.alerts.work import AlertWork, lease_s, run_alerts
from steppe.errors import DeliveryError
from steppe.sources.fetch import Fetcher
from steppe.store import open_store
from steppe.stories import cluster_new
from steppe.watch import WatchContext, run_watch
from tests.alerts.conftest import alert_settings
from tests.alerts.helpers import story_articles

ALERT_KINDS = ["evaluate_alerts", "deliver_alert"]


def _write(store, pairs) -> None:
    with store.transaction():
        store.put_articles(pairs)
    cluster_new(store)


def _watch(store, settings) -> dict:
    fetcher = Fetcher(settings.user_agent, 2.0, 1000, 0.0)
    ctx = WatchContext(store, fetcher, settings=settings)
    worker = run_watch(ctx, until_idle=True, kinds=ALERT_KINDS, retry_base_s=0,
                       max_attempts=settings.job_max_attempts, idle_sleep=0.05)
    fetcher.close()
    return dict(worker.counts)


def test_once_per_story_on_every_channel_then_once_when_grown(tmp_path, receiver, mailbox):
    settings = alert_settings(str(tmp_path / "a.db"), tmp_path, mailbox)
    store = open_store(settings.db)
    _write(store, story_articles(3, 2, seed=1))          # before the alert: never fires
    alert = create_alert(store, "gaz", "gazoduc", receiver.url, "desk@example.org", grow=3,
                         now=time.time())
    receiver.secret = alert.secret
    _write(store, story_articles(5, 2))                  # 5 stories, 2 outlets each
    counts = _watch(store, settings)

    keys = receiver.keys()
    assert len(keys) == 5 and set(keys.values()) == {1}, keys      # one POST per story
    assert all(k.endswith(":new") for k in keys) and receiver.bad_signatures == 0
    post = receiver.posts[0]["body"]
    assert post["story"]["outlets"] == 2 and post["story"]["url"].startswith("https://steppe.test/stories/s")
    assert post["sentences"] and post["headlines"][0]["url"].startswith("https://outlet")
    assert len(mailbox.messages) == 5
    mail = mailbox.messages[0]
    assert {p.get_content_type() for p in mail.walk()} >= {"text/plain", "text/html"}
    assert mail["X-Steppe-Delivery"] in keys and "gaz" in mail["Subject"]
    html = next(p for p in mail.walk() if p.get_content_type() == "text/html")
    html = html.get_payload(decode=True).decode()
    assert 'class="copied"' in html                      # the digest's entry, sentences copied
    assert counts["webhook sent"] == 5 and counts["email sent"] == 5

    feed = feedparser.parse(alert_feed(alert, store.alert_deliveries(alert.id, "atom"),
                                       "https://steppe.test/alerts/gaz.atom", time.time()))
    assert not feed.bozo and len(feed.entries) == 5
    assert len({e.id for e in feed.entries}) == 5

    _write(store, story_articles(2, 1, first=2))        # a third outlet for stories 0 and 1
    _write(store, story_articles(1, 1, first=3))        # and a fourth for story 0
    _watch(store, settings)
    keys = receiver.keys()
    assert len(keys) == 7 and set(keys.values()) == {1}, keys
    assert sum(k.endswith(":grow") for k in keys) == 2   # once per story, not per outlet
    assert len(mailbox.messages) == 7

    assert run_alerts(store, settings) == []             # nothing new: nothing sent
    first = store.alert_deliveries(alert.id, "webhook")[-1]
    assert AlertWork(store, settings).attempt(first.id) is None   # a job run again: no-op
    assert len(receiver.posts) == 7
    info = describe_alert(store, alert)
    assert info["deliveries"] == {"sent": 14} and info["parked"] == 0
    store.close()


def test_failures_are_retried_then_parked_and_listed(tmp_path, receiver, mailbox):
    settings = alert_settings(str(tmp_path / "a.db"), tmp_path, mailbox, alert_timeout=0.5)
    store = open_store(settings.db)
    receiver.mode, mailbox.refuse = "500", True
    alert = create_alert(store, "gaz", "gazoduc", receiver.url, "desk@example.org",
                         now=time.time())
    receiver.secret = alert.secret
    _write(store, story_articles(1, 2))
    first = run_alerts(store, settings)
    assert sorted(d["channel"] for d in first) == ["atom", "email", "webhook"]
    errors = {d["channel"]: d.get("error", "") for d in first}
    assert "a répondu HTTP 500" in errors["webhook"] and "refusé par le serveur" in errors["email"]
    assert {d["state"] for d in first if d["channel"] != "atom"} == {"failed"}
    second = run_alerts(store, settings)                 # job_max_attempts=2: parked now
    assert {d["state"] for d in second} == {"parked"}
    assert describe_alert(store, alert)["parked"] == 2
    assert run_alerts(store, settings) == []             # parked: left alone
    assert len(receiver.posts) == 2 and len(mailbox.messages) == 0

    receiver.mode = "hang"
    hung = create_alert(store, "lent", "gazoduc", receiver.url, now=time.time())
    receiver.secret = hung.secret
    _write(store, story_articles(1, 2, seed=3))
    began = time.monotonic()
    lines = [d for d in run_alerts(store, settings) if d["alert"] == "lent"]
    assert time.monotonic() - began < 4
    webhook = [d for d in lines if d["channel"] == "webhook"]
    assert webhook[0]["state"] == "failed" and "pas de réponse en 0.5 s" in webhook[0]["error"]
    store.close()


def test_watch_once_gives_a_failing_webhook_one_attempt_and_returns(tmp_path, receiver, mailbox):
    settings = alert_settings(str(tmp_path / "a.db"), tmp_path, mailbox, job_retry_base=30)
    store = open_store(settings.db)
    receiver.mode = "500"
    alert = create_alert(store, "gaz", "gazoduc", receiver.url, now=time.time())
    receiver.secret = alert.secret
    _write(store, story_articles(2, 2))
    fetcher = Fetcher(settings.user_agent, 2.0, 1000, 0.0)
    began = time.monotonic()
    worker = run_watch(WatchContext(store, fetcher, settings=settings), once=True,
                       kinds=ALERT_KINDS, retry_base_s=30, idle_sleep=0.05)
    fetcher.close()
    assert time.monotonic() - began < 5                  # no wait for the 30 s back-off
    assert worker.counts["webhook failed"] == 2 and len(receiver.posts) == 2
    receiver.mode = "ok"
    assert [d["state"] for d in run_alerts(store, settings)] == []   # back-off not over
    store.close()


def test_an_attempt_that_died_mid_send_holds_the_delivery_until_its_lease_ends(
        tmp_path, receiver, mailbox):
    settings = alert_settings(str(tmp_path / "a.db"), tmp_path, mailbox)
    store = open_store(settings.db)
    alert = create_alert(store, "gaz", "gazoduc", receiver.url, now=time.time())
    receiver.secret = alert.secret
    _write(store, story_articles(1, 2))
    now = time.time()
    AlertWork(store, settings, clock=lambda: now).evaluate()
    (delivery,) = store.alert_deliveries(alert.id, "webhook")
    assert store.claim_delivery(delivery.id, "dead-worker", now, lease_s(settings))
    try:                                                 # its job, retried by another worker
        AlertWork(store, settings, clock=lambda: now + 5).attempt(delivery.id)
        raise AssertionError("a held delivery was attempted")
    except DeliveryError as exc:
        assert "est déjà en cours dans une autre tentative" in str(exc)
    assert receiver.posts == []
    later = AlertWork(store, settings, clock=lambda: now + lease_s(settings) + 1)
    apply = later.attempt(delivery.id)                   # the lease is over: the holder died
    with store.transaction():
        apply()
    assert len(receiver.posts) == 1 and store.get_delivery(delivery.id).state == "sent"
    assert later.attempt(delivery.id) is None            # run again: nothing
    assert not store.mark_delivery_sent(delivery.id, "dead-worker", now)  # the dead one's commit
    store.close()
