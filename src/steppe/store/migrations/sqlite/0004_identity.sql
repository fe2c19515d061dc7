-- Which database this is: a random id written once, when the database is created (or first
-- upgraded). The search index records it beside the last change it applied, and rebuilds
-- itself when it meets another database under the same path: a deleted and re-created base
-- numbers its changes from 1 again, so sequence numbers alone cannot tell the two apart.
CREATE TABLE steppe_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO steppe_meta (key, value) VALUES ('identity', lower(hex(randomblob(16))));
