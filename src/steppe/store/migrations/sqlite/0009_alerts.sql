-- Alerts: saved searches that fire once per story (steppe.alerts). `cursor` is how far in the
-- change sequence an alert has been evaluated (only changes already clustered into stories):
-- evaluation reads the changes after it, never the archive. `secret` signs webhook bodies
-- (HMAC-SHA256: it must be recoverable to sign, so it is kept as is and shown once at
-- creation); `feed_key` is the unguessable key of the alert's Atom feed URL.
CREATE TABLE alerts (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    query    TEXT NOT NULL,
    webhook  TEXT,
    email    TEXT,
    grow     INTEGER,
    secret   TEXT NOT NULL,
    feed_key TEXT NOT NULL,
    cursor   INTEGER NOT NULL,
    created  REAL NOT NULL
);

-- One row per (alert, story, reason, channel): the unique key is what makes a delivery happen
-- once. A row is written, with its delivery job, in the transaction that finds it due; the job
-- marks it sent in its own commit, and a job run again finds it sent. `attempt_id` identifies
-- the attempt holding it while `state` is 'sending' (a lease: `updated` + the send timeout).
-- `body` is the JSON snapshot of the story when it became due (what every channel sends).
CREATE TABLE alert_deliveries (
    id         INTEGER PRIMARY KEY,
    alert_id   TEXT NOT NULL,
    story      TEXT NOT NULL,
    reason     TEXT NOT NULL,
    channel    TEXT NOT NULL,
    state      TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    attempt_id TEXT,
    next_try   REAL NOT NULL,
    last_error TEXT,
    body       TEXT NOT NULL,
    created    REAL NOT NULL,
    updated    REAL NOT NULL,
    sent_at    REAL,
    UNIQUE (alert_id, story, reason, channel)
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (state, next_try);
CREATE INDEX alert_deliveries_alert ON alert_deliveries (alert_id, created);
