-- Conversations handed off to people, their messages, and tickets left
-- when nobody was available. Times are milliseconds since the Unix epoch.
CREATE TABLE conversations (
    id                TEXT PRIMARY KEY,
    token_hash        TEXT NOT NULL,
    site              TEXT NOT NULL,
    handoff_client_id TEXT NOT NULL,
    status            TEXT NOT NULL,
    priority          INTEGER NOT NULL,
    language          TEXT NOT NULL,
    packet            TEXT NOT NULL,
    created_at        INTEGER NOT NULL,
    queued_at         INTEGER NOT NULL,
    agent_id          INTEGER REFERENCES agents (id) ON DELETE SET NULL,
    assigned_at       INTEGER,
    closed_at         INTEGER,
    resolution        TEXT,
    rating            INTEGER,
    rating_comment    TEXT,
    last_seq          INTEGER NOT NULL DEFAULT 0,
    UNIQUE (site, handoff_client_id)
);
CREATE INDEX conversations_open ON conversations (status) WHERE status IN ('queued', 'assigned');

CREATE TABLE messages (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    client_id       TEXT,
    author          TEXT NOT NULL,
    name            TEXT,
    text            TEXT NOT NULL,
    internal        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, seq),
    UNIQUE (conversation_id, client_id)
);

CREATE TABLE tickets (
    id              INTEGER PRIMARY KEY,
    conversation_id TEXT NOT NULL UNIQUE REFERENCES conversations (id) ON DELETE CASCADE,
    email           TEXT NOT NULL,
    message         TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    done_at         INTEGER
);
