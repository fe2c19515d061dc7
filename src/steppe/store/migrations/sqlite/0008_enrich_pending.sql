-- Articles stored and waiting to be enriched. A page task writes its article and a row here
-- in one transaction; the enrich_batch task moves up to a batch of rows into one enrich job,
-- also in one transaction, so enrichment runs in batches (one loaded pipeline, many
-- articles) and no article is lost or queued twice between the two steps.
CREATE TABLE enrich_pending (
    article_id TEXT PRIMARY KEY,
    queued     REAL NOT NULL
);
CREATE INDEX enrich_pending_queued ON enrich_pending (queued);
