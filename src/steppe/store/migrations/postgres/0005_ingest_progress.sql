-- The same table as sqlite/0005_ingest_progress.sql; version numbers stay in step.
-- How far an interrupted `steppe ingest` got in each input file, so a re-run picks it up after
-- the last chunk it committed. Written in the same transaction as that chunk's articles;
-- deleted once the file is done (a finished file is simply read again, all duplicates).
-- file_key: content hash of the file, its format and source name (steppe.sources.inputs).
-- position: JSON of steppe.sources.inputs.Position (items done, line, where to seek).
CREATE TABLE ingest_progress (
    file_key   TEXT PRIMARY KEY,
    path       TEXT NOT NULL,
    position   TEXT NOT NULL,
    articles   BIGINT NOT NULL,
    updated_at TEXT NOT NULL
);
