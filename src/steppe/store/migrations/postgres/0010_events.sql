-- The same table as sqlite/0010_events.sql; version numbers stay in step.
-- Events (issue 15) denormalised out of the annotation JSON, like the entity and country
-- links: one row per event and pair of source and recipient countries (a side without a
-- country is ''), so the events list, the relations of a pair and the country network filter
-- and count through indexes. ``idx`` is the event's position in the annotation's events;
-- ``day`` its date's first day (else the publication day, else the day of ingestion), ``quad``
-- its PLOVER quad class (1 verbal cooperation … 4 material conflict, resources/plover.json);
-- ``source_key`` / ``recipient_key`` name each side (its countries, else its entities) and,
-- with the type and the story, say which reports are the same event. Rows already in the
-- stored annotations are written by the store right after this step (store/events_sql.py).
CREATE TABLE article_events (
    article_pk        BIGINT NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    idx               INTEGER NOT NULL,
    source_country    TEXT NOT NULL,
    recipient_country TEXT NOT NULL,
    type              TEXT NOT NULL,
    quad              INTEGER NOT NULL,
    mode              TEXT,
    status            TEXT NOT NULL,
    day               TEXT NOT NULL,
    month             TEXT NOT NULL,
    date_from         TEXT NOT NULL,
    source_key        TEXT NOT NULL,
    recipient_key     TEXT NOT NULL,
    place             TEXT,
    sentence          TEXT NOT NULL,
    confidence        DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (article_pk, idx, source_country, recipient_country)
);
CREATE INDEX article_events_day ON article_events (day);
CREATE INDEX article_events_source ON article_events (source_country, recipient_country, day);
CREATE INDEX article_events_recipient ON article_events (recipient_country, day);
CREATE INDEX article_events_type ON article_events (type, day);
