-- Newsroom accounts (steppe.accounts). A user has a random `id` (sessions name it, so a user
-- removed and re-added under the same name never inherits the old one's sessions), a unique
-- `name`, a `role` and, for browser login, an argon2 `password` hash (NULL: token-only user).
-- `session_version` is written into every session cookie; bumping it (logout, new password)
-- invalidates every cookie issued before.
CREATE TABLE IF NOT EXISTS users (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    role            TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
    password        TEXT,
    session_version INTEGER NOT NULL DEFAULT 0,
    created         REAL NOT NULL,
    updated         REAL NOT NULL
);

-- API tokens: only the SHA-256 (hex) of each token is kept; the token itself is shown once.
-- A token dies with its user.
CREATE TABLE IF NOT EXISTS api_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    label      TEXT NOT NULL DEFAULT '',
    created    REAL NOT NULL,
    last_used  REAL
);
CREATE INDEX IF NOT EXISTS api_tokens_user ON api_tokens (user_id);
