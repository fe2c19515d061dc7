-- The same schema as sqlite/0001_init.sql, in PostgreSQL types; version numbers stay in step.
-- Articles are the system of record; annotations are stored beside them as JSON text (not
-- jsonb, which would reorder keys) so both backends hand back the very same string, and the
-- entity and country links are denormalised into tables for facets and entity pages.
CREATE TABLE articles (
    pk            BIGSERIAL PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    content_hash  TEXT NOT NULL UNIQUE,
    title         TEXT,
    text          TEXT NOT NULL,
    published     TEXT,
    published_day TEXT,
    source        TEXT,
    url           TEXT,
    lang          TEXT,
    ingested_at   TEXT NOT NULL,
    truncated     BOOLEAN NOT NULL DEFAULT FALSE,
    origin        TEXT,
    annotation    TEXT,
    seq           BIGINT NOT NULL
);
CREATE INDEX articles_published_day ON articles (published_day);
CREATE INDEX articles_source ON articles (source);
CREATE INDEX articles_seq ON articles (seq);

CREATE TABLE article_entities (
    article_pk BIGINT NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    entity_id  TEXT NOT NULL,
    name       TEXT NOT NULL,
    type       TEXT NOT NULL,
    country    TEXT,
    mentions   INTEGER NOT NULL,
    PRIMARY KEY (article_pk, entity_id)
);
CREATE INDEX article_entities_entity ON article_entities (entity_id);

CREATE TABLE article_countries (
    article_pk BIGINT NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    code       TEXT NOT NULL,
    mentions   INTEGER NOT NULL,
    PRIMARY KEY (article_pk, code)
);
CREATE INDEX article_countries_code ON article_countries (code);

-- The change sequence: every write appends one row; the search index applies them in order.
-- No sequence object: the store hands out max(seq) + 1 under the writers' table lock, so
-- numbers follow commit order and a rolled-back write leaves no gap (as SQLite's AUTOINCREMENT).
CREATE TABLE changes (
    seq        BIGINT PRIMARY KEY,
    article_id TEXT NOT NULL,
    op         TEXT NOT NULL,
    at         TEXT NOT NULL
);
