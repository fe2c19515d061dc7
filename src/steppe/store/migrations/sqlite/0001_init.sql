-- Articles are the system of record; annotations are stored beside them as JSON, and the
-- entity and country links are denormalised into tables for facets and entity pages.
CREATE TABLE articles (
    pk            INTEGER PRIMARY KEY,
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
    truncated     INTEGER NOT NULL DEFAULT 0,
    origin        TEXT,
    annotation    TEXT,
    seq           INTEGER NOT NULL
);
CREATE INDEX articles_published_day ON articles (published_day);
CREATE INDEX articles_source ON articles (source);
CREATE INDEX articles_seq ON articles (seq);

CREATE TABLE article_entities (
    article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    entity_id  TEXT NOT NULL,
    name       TEXT NOT NULL,
    type       TEXT NOT NULL,
    country    TEXT,
    mentions   INTEGER NOT NULL,
    PRIMARY KEY (article_pk, entity_id)
);
CREATE INDEX article_entities_entity ON article_entities (entity_id);

CREATE TABLE article_countries (
    article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    code       TEXT NOT NULL,
    mentions   INTEGER NOT NULL,
    PRIMARY KEY (article_pk, code)
);
CREATE INDEX article_countries_code ON article_countries (code);

-- The change sequence: every write appends one row; the search index applies them in order.
CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL,
    op         TEXT NOT NULL,
    at         TEXT NOT NULL
);
