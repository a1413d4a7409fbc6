-- Browsers an agent signed in from before ("device cookies"): a failed
-- sign-in from one of them does not count against the agent's account, so
-- guessing from elsewhere cannot lock her out. Only a hash of the token is
-- stored.
CREATE TABLE known_devices (
    token_hash  TEXT PRIMARY KEY,
    agent_id    BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX known_devices_agent ON known_devices (agent_id);
