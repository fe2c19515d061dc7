-- Sources and their fetch state, the job table shared by workers, feed items already seen,
-- article provenance, URL aliases and the MinHash band index for near-duplicates.
-- Times are Unix seconds (REAL); the PostgreSQL file has the same tables.
CREATE TABLE sources (
    name                 TEXT PRIMARY KEY,
    url                  TEXT NOT NULL,
    feed_url             TEXT,
    every_s              INTEGER NOT NULL,
    lang                 TEXT,
    etag                 TEXT,
    last_modified        TEXT,
    last_success         REAL,
    last_error           TEXT,
    last_error_at        REAL,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_due             REAL NOT NULL,
    created              REAL NOT NULL
);
CREATE INDEX sources_next_due ON sources (next_due);

-- Feed items already taken (canonical URL per source): a feed item is never fetched twice.
-- ``at`` is the item's feed date when it has a sane one, else when it was first seen.
CREATE TABLE source_items (
    source TEXT NOT NULL,
    url    TEXT NOT NULL,
    at     REAL NOT NULL,
    seen   REAL NOT NULL,
    PRIMARY KEY (source, url)
);
CREATE INDEX source_items_at ON source_items (source, at);

CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,
    key         TEXT,
    payload     TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'queued',
    attempts    INTEGER NOT NULL DEFAULT 0,
    run_after   REAL NOT NULL,
    lease_until REAL,
    worker      TEXT,
    last_error  TEXT,
    created     REAL NOT NULL,
    updated     REAL NOT NULL
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
    similarity        REAL,
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
    at         REAL NOT NULL
);
CREATE INDEX url_aliases_article ON url_aliases (article_id);

-- MinHash LSH: one row per (band bucket, article); candidates are verified on signatures.
CREATE TABLE minhash_signatures (
    article_id TEXT PRIMARY KEY,
    signature  BLOB NOT NULL
);
CREATE TABLE minhash_bands (
    bucket     INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (bucket, article_id)
);
