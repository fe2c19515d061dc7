-- The same tables as sqlite/0002_sources.sql, in PostgreSQL types (times are Unix seconds);
-- version numbers stay in step. Sources, the job table shared by workers on any number of
-- machines, feed items seen, article provenance, URL aliases and the MinHash band index.
CREATE TABLE sources (
    name                 TEXT PRIMARY KEY,
    url                  TEXT NOT NULL,
    feed_url             TEXT,
    every_s              INTEGER NOT NULL,
    lang                 TEXT,
    etag                 TEXT,
    last_modified        TEXT,
    last_success         DOUBLE PRECISION,
    last_error           TEXT,
    last_error_at        DOUBLE PRECISION,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_due             DOUBLE PRECISION NOT NULL,
    created              DOUBLE PRECISION NOT NULL
);
CREATE INDEX sources_next_due ON sources (next_due);

-- Feed items already taken (canonical URL per source): a feed item is never fetched twice.
-- ``at`` is the item's feed date when it has a sane one, else when it was first seen.
CREATE TABLE source_items (
    source TEXT NOT NULL,
    url    TEXT NOT NULL,
    at     DOUBLE PRECISION NOT NULL,
    seen   DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (source, url)
);
CREATE INDEX source_items_at ON source_items (source, at);

CREATE TABLE jobs (
    id          BIGSERIAL PRIMARY KEY,
    kind        TEXT NOT NULL,
    key         TEXT,
    payload     TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'queued',
    attempts    INTEGER NOT NULL DEFAULT 0,
    run_after   DOUBLE PRECISION NOT NULL,
    lease_until DOUBLE PRECISION,
    worker      TEXT,
    last_error  TEXT,
    created     DOUBLE PRECISION NOT NULL,
    updated     DOUBLE PRECISION NOT NULL
);
CREATE INDEX jobs_pending ON jobs (id) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_state ON jobs (state, updated);
CREATE UNIQUE INDEX jobs_active_key ON jobs (key) WHERE key IS NOT NULL AND state IN ('queued', 'running');

CREATE TABLE article_provenance (
    article_id        TEXT PRIMARY KEY,
    canonical_url     TEXT,
    published_source  TEXT,
    date_flag         TEXT,
    near_duplicate_of TEXT,
    similarity        DOUBLE PRECISION,
    author            TEXT,
    content_from      TEXT
);
CREATE INDEX article_provenance_near ON article_provenance (near_duplicate_of);

-- Every canonical URL known to lead to an article: its own, a second copy's, a tracking variant.
CREATE TABLE url_aliases (
    url        TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    kind       TEXT NOT NULL,
    source     TEXT,
    at         DOUBLE PRECISION NOT NULL
);
CREATE INDEX url_aliases_article ON url_aliases (article_id);

-- MinHash LSH: one row per (band bucket, article); candidates are verified on signatures.
CREATE TABLE minhash_signatures (
    article_id TEXT PRIMARY KEY,
    signature  BYTEA NOT NULL
);
CREATE TABLE minhash_bands (
    bucket     BIGINT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (bucket, article_id)
);
