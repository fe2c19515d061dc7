-- The same tables as sqlite/0012_curation.sql; version numbers stay in step.
-- Knowledge-base curation (steppe.curate): the audit log of the changes people make to the
-- KB (merge, split, alias, unalias, reject, retype, undo). The database holds them, not the
-- user's KB file, because a newsroom shares one server: every worker and every editor sees
-- the same changes. The active rows (not undone, not undo rows themselves) make the overlay
-- the enricher applies over the bundled KB and the user file (steppe.kb.curation).
-- `entity_ids`, `payload`, `before` and `after` are JSON; `undoes` is set on an undo row,
-- `undone_by` / `undone_at` on the row it reverted.
CREATE TABLE IF NOT EXISTS kb_changes (
    id         BIGSERIAL PRIMARY KEY,
    actor      TEXT NOT NULL,
    at         TEXT NOT NULL,
    op         TEXT NOT NULL,
    entity_ids TEXT NOT NULL,
    payload    TEXT NOT NULL,
    before     TEXT NOT NULL,
    after      TEXT NOT NULL,
    undoes     BIGINT,
    undone_by  BIGINT,
    undone_at  TEXT
);

-- Which entities each change touches: an entity's version is the last change touching it,
-- what an editor's form carries so that a second editor working on a stale page is refused.
CREATE TABLE IF NOT EXISTS kb_change_entities (
    entity_id TEXT NOT NULL,
    change_id BIGINT NOT NULL REFERENCES kb_changes (id) ON DELETE CASCADE,
    PRIMARY KEY (entity_id, change_id)
);
