-- The same as sqlite/0004_identity.sql: which database this is, a random id written once when
-- the base is created (or first upgraded); steppe_meta already holds the schema version.
-- A base dropped and re-created under the same URL gets another id, so its search index
-- (named after the URL) is rebuilt instead of served.
INSERT INTO steppe_meta (key, value)
VALUES ('identity', replace(gen_random_uuid()::text, '-', ''))
ON CONFLICT (key) DO NOTHING;
