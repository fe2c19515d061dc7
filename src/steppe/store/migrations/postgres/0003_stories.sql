-- The same tables as sqlite/0003_stories.sql, in PostgreSQL types.
-- Stories: one event across outlets, days and languages, clustered as articles arrive
-- (steppe.stories). Days are whole days since 1970-01-01 (publication day, else the day the
-- article was ingested). A merged story keeps its row and redirects through merged_into.
CREATE TABLE stories (
    pk          BIGINT PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    merged_into BIGINT,
    label_id    TEXT NOT NULL,
    label       TEXT NOT NULL,
    label_score DOUBLE PRECISION NOT NULL,
    size        INTEGER NOT NULL,
    sources     INTEGER NOT NULL,
    first_day   INTEGER NOT NULL,
    last_day    INTEGER NOT NULL,
    founded_seq BIGINT NOT NULL,
    profile     TEXT NOT NULL
);
CREATE INDEX stories_recent ON stories (last_day, pk);

-- One row per clustered article: its story, the score that put it there and why (JSON).
CREATE TABLE story_members (
    article_id TEXT PRIMARY KEY,
    story_pk   BIGINT NOT NULL,
    score      DOUBLE PRECISION,
    centrality DOUBLE PRECISION NOT NULL,
    day        INTEGER NOT NULL,
    seq        BIGINT NOT NULL,
    why        TEXT NOT NULL
);
CREATE INDEX story_members_story ON story_members (story_pk, day);

-- The candidate index: one posting per (evidence key, article), keys being 64-bit hashes of
-- linked entities, dates, figures and rare title words. A new article looks up its own keys
-- within the time window, so finding candidates never scans the stories.
CREATE TABLE story_keys (
    key      BIGINT NOT NULL,
    day      INTEGER NOT NULL,
    story_pk BIGINT NOT NULL
);
CREATE INDEX story_keys_lookup ON story_keys (key, day, story_pk);

-- Countries, topics and entities of each live story, for filters and counts.
CREATE TABLE story_tags (
    tag      TEXT NOT NULL,
    story_pk BIGINT NOT NULL,
    PRIMARY KEY (tag, story_pk)
);
CREATE INDEX story_tags_story ON story_tags (story_pk);

-- How far the clustering has read the change sequence.
CREATE TABLE story_state (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
