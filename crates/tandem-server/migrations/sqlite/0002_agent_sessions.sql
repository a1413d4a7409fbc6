-- Agent login sessions. Only a hash of the token is stored, so a leaked
-- database does not hand out live sessions.
CREATE TABLE agent_sessions (
    token_hash  TEXT PRIMARY KEY,
    agent_id    INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX agent_sessions_agent ON agent_sessions (agent_id);
