//! PostgreSQL, for several servers sharing one database (`DATABASE_URL=
//! postgres://...`). The same tables as SQLite; what differs is how
//! concurrent writers from different servers are kept apart: appends lock
//! their conversation row, claims lock the agent row and skip conversations
//! another server is claiming (see [`Store::claim`]).

use async_trait::async_trait;
use sqlx::postgres::{PgPool, PgPoolOptions};

use tandem_protocol::{ConversationId, ConversationStatus, Seq, StoredMessage};

use super::rows::{
    AgentRow, ConversationRow, HandoffRow, MessageRow, TicketRow, author_name, convert,
    packet_json, seq, seq_value, status_name,
};
use super::{
    Agent, BotEventCount, Conversation, HandoffFact, NewAgent, NewConversation, NewMessage, Store,
    StoreError, StoredMessageError, Ticket,
};

/// Connections per server; PostgreSQL's default `max_connections` (100)
/// then serves several servers.
const POOL_SIZE: u32 = 16;

/// [`Store`] on PostgreSQL.
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url` and applies the migrations in
    /// `migrations/postgres` (servers starting together take turns: sqlx
    /// holds an advisory lock while migrating).
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(POOL_SIZE)
            .connect(url)
            .await?;
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        Ok(Self { pool })
    }
}

#[async_trait]
impl Store for PgStore {
    fn postgres_pool(&self) -> Option<PgPool> {
        Some(self.pool.clone())
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn upsert_agent(&self, agent: &NewAgent) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO agents (email, display_name, password_hash, languages)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (email) DO UPDATE SET
               display_name = excluded.display_name,
               password_hash = excluded.password_hash,
               languages = excluded.languages",
        )
        .bind(&agent.email)
        .bind(&agent.display_name)
        .bind(&agent.password_hash)
        .bind(agent.languages.join(","))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn agent_by_email(&self, email: &str) -> Result<Option<Agent>, StoreError> {
        let row: Option<AgentRow> = sqlx::query_as("SELECT * FROM agents WHERE email = $1")
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(Agent::from))
    }

    async fn list_agents(&self) -> Result<Vec<Agent>, StoreError> {
        let rows: Vec<AgentRow> = sqlx::query_as("SELECT * FROM agents ORDER BY email")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(Agent::from).collect())
    }

    async fn remove_agent(&self, email: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM agents WHERE email = $1")
            .bind(email)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn create_session(
        &self,
        token_hash: &str,
        agent_id: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO agent_sessions (token_hash, agent_id, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(token_hash)
        .bind(agent_id)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn agent_by_session(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<Agent>, StoreError> {
        let row: Option<AgentRow> = sqlx::query_as(
            "SELECT agents.* FROM agent_sessions JOIN agents ON agents.id = agent_sessions.agent_id
             WHERE agent_sessions.token_hash = $1 AND agent_sessions.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Agent::from))
    }

    async fn remember_device(
        &self,
        token_hash: &str,
        agent_id: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO known_devices (token_hash, agent_id, expires_at) VALUES ($1, $2, $3)
             ON CONFLICT (token_hash) DO UPDATE SET agent_id = excluded.agent_id, expires_at = excluded.expires_at",
        )
        .bind(token_hash)
        .bind(agent_id)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn device_agent(&self, token_hash: &str, now: i64) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT agent_id FROM known_devices WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(id,)| id))
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM agent_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn create_conversation(
        &self,
        new: &NewConversation,
    ) -> Result<(Conversation, bool), StoreError> {
        let mut tx = self.pool.begin().await?;
        let existing: Option<ConversationRow> = sqlx::query_as(
            "SELECT * FROM conversations WHERE site = $1 AND handoff_client_id = $2",
        )
        .bind(&new.site)
        .bind(&new.handoff_client_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = existing {
            let conversation = Conversation::try_from(row)?;
            sqlx::query("UPDATE conversations SET token_hash = $1 WHERE id = $2")
                .bind(&new.token_hash)
                .bind(&conversation.id.0)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            return Ok((conversation, false));
        }
        let transcript = &new.packet.transcript;
        sqlx::query(
            "INSERT INTO conversations (id, token_hash, site, handoff_client_id, status, priority, language, packet,
                                        created_at, queued_at, last_seq)
             VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7, $8, $8, $9)",
        )
        .bind(&new.id.0)
        .bind(&new.token_hash)
        .bind(&new.site)
        .bind(&new.handoff_client_id)
        .bind(i64::from(new.packet.priority))
        .bind(&new.packet.language)
        .bind(packet_json(&new.packet)?)
        .bind(new.now)
        .bind(transcript.len() as i64)
        .execute(&mut *tx)
        .await?;
        for (i, line) in transcript.iter().enumerate() {
            sqlx::query(
                "INSERT INTO messages (conversation_id, seq, author, text, created_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&new.id.0)
            .bind(i as i64 + 1)
            .bind(author_name(line.author))
            .bind(&line.text)
            .bind(new.now)
            .execute(&mut *tx)
            .await?;
        }
        let row: ConversationRow = sqlx::query_as("SELECT * FROM conversations WHERE id = $1")
            .bind(&new.id.0)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok((row.try_into()?, true))
    }

    async fn conversation_by_token(
        &self,
        id: &ConversationId,
        token_hash: &str,
    ) -> Result<Option<Conversation>, StoreError> {
        let row: Option<ConversationRow> =
            sqlx::query_as("SELECT * FROM conversations WHERE id = $1 AND token_hash = $2")
                .bind(&id.0)
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
        row.map(Conversation::try_from).transpose()
    }

    async fn conversation(&self, id: &ConversationId) -> Result<Option<Conversation>, StoreError> {
        let row: Option<ConversationRow> =
            sqlx::query_as("SELECT * FROM conversations WHERE id = $1")
                .bind(&id.0)
                .fetch_optional(&self.pool)
                .await?;
        row.map(Conversation::try_from).transpose()
    }

    async fn open_conversations(&self) -> Result<Vec<Conversation>, StoreError> {
        let rows: Vec<ConversationRow> = sqlx::query_as(
            "SELECT * FROM conversations WHERE status IN ('queued', 'assigned') ORDER BY priority, queued_at",
        )
        .fetch_all(&self.pool)
        .await?;
        convert(rows)
    }

    async fn append_message(
        &self,
        m: &NewMessage<'_>,
    ) -> Result<(StoredMessage, bool), StoredMessageError> {
        let mut tx = self.pool.begin().await?;
        // Lock the conversation first: appends to it queue up here, so the
        // duplicate check below sees every line committed before this one,
        // whichever server wrote it.
        let found: Option<i64> =
            sqlx::query_scalar("SELECT last_seq FROM conversations WHERE id = $1 FOR UPDATE")
                .bind(&m.conversation.0)
                .fetch_optional(&mut *tx)
                .await?;
        if found.is_none() {
            return Err(StoredMessageError::NoConversation);
        }
        if let Some(client_id) = m.client_id {
            let existing: Option<MessageRow> = sqlx::query_as(
                "SELECT * FROM messages WHERE conversation_id = $1 AND client_id = $2",
            )
            .bind(&m.conversation.0)
            .bind(client_id)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(row) = existing {
                return Ok((row.try_into()?, true));
            }
        }
        let seq_now: Option<i64> = sqlx::query_scalar(
            "UPDATE conversations SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq",
        )
        .bind(&m.conversation.0)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(seq_now) = seq_now else {
            return Err(StoredMessageError::NoConversation);
        };
        sqlx::query(
            "INSERT INTO messages (conversation_id, seq, client_id, author, name, text, internal, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&m.conversation.0)
        .bind(seq_now)
        .bind(m.client_id)
        .bind(author_name(m.author))
        .bind(m.name)
        .bind(m.text)
        .bind(m.internal)
        .bind(m.now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok((m.stored(seq(seq_now)), false))
    }

    async fn messages_after(
        &self,
        id: &ConversationId,
        after: Seq,
    ) -> Result<Vec<StoredMessage>, StoreError> {
        let rows: Vec<MessageRow> = sqlx::query_as(
            "SELECT * FROM messages WHERE conversation_id = $1 AND seq > $2 ORDER BY seq",
        )
        .bind(&id.0)
        .bind(seq_value(after))
        .fetch_all(&self.pool)
        .await?;
        convert(rows)
    }

    async fn set_status(
        &self,
        id: &ConversationId,
        status: ConversationStatus,
        agent_id: Option<i64>,
        resolution: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE conversations SET status = $2, agent_id = $3,
               assigned_at = CASE WHEN $2 = 'assigned' THEN $5 ELSE assigned_at END,
               closed_at = CASE WHEN $2 IN ('closed', 'cancelled', 'ticket') THEN $5 ELSE closed_at END,
               resolution = COALESCE($4, resolution)
             WHERE id = $1",
        )
        .bind(&id.0)
        .bind(status_name(status))
        .bind(agent_id)
        .bind(resolution)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn claim(
        &self,
        id: &ConversationId,
        agent_id: i64,
        capacity: Option<u8>,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        // Claims for one agent take turns on the agent's row, so two servers
        // cannot both see a free slot and both fill it.
        let agent: Option<i64> =
            sqlx::query_scalar("SELECT id FROM agents WHERE id = $1 FOR UPDATE")
                .bind(agent_id)
                .fetch_optional(&mut *tx)
                .await?;
        if agent.is_none() {
            return Ok(false);
        }
        // SKIP LOCKED: a conversation another server is claiming right now
        // is theirs; this one moves on instead of waiting to lose.
        let done = sqlx::query(
            "UPDATE conversations SET status = 'assigned', agent_id = $2, assigned_at = $4
             WHERE id = (SELECT id FROM conversations WHERE id = $1 AND status = 'queued'
                         FOR UPDATE SKIP LOCKED)
               AND ($3::BIGINT IS NULL OR (SELECT COUNT(*) FROM conversations
                                           WHERE agent_id = $2 AND status = 'assigned') < $3)",
        )
        .bind(&id.0)
        .bind(agent_id)
        .bind(capacity.map(i64::from))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    async fn rate(
        &self,
        id: &ConversationId,
        score: u8,
        comment: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE conversations SET rating = $2, rating_comment = $3 WHERE id = $1")
            .bind(&id.0)
            .bind(i64::from(score))
            .bind(comment)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn create_ticket(
        &self,
        id: &ConversationId,
        email: &str,
        message: &str,
        now: i64,
    ) -> Result<Ticket, StoreError> {
        let mut tx = self.pool.begin().await?;
        let row: TicketRow = sqlx::query_as(
            "INSERT INTO tickets (conversation_id, email, message, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (conversation_id) DO UPDATE SET email = excluded.email, message = excluded.message
             RETURNING *",
        )
        .bind(&id.0)
        .bind(email)
        .bind(message)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE conversations SET status = 'ticket', agent_id = NULL, closed_at = $2 WHERE id = $1")
            .bind(&id.0)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(row.into())
    }

    async fn tickets(&self) -> Result<Vec<Ticket>, StoreError> {
        let rows: Vec<TicketRow> =
            sqlx::query_as("SELECT * FROM tickets ORDER BY created_at DESC, id DESC")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(Ticket::from).collect())
    }

    async fn finish_ticket(&self, ticket: i64, now: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE tickets SET done_at = $2 WHERE id = $1 AND done_at IS NULL")
            .bind(ticket)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn mean_handling_secs(&self, n: u32) -> Result<Option<f64>, StoreError> {
        let mean: Option<f64> = sqlx::query_scalar(
            "SELECT (AVG(closed_at - assigned_at) / 1000.0)::FLOAT8 FROM (
               SELECT closed_at, assigned_at FROM conversations
               WHERE status = 'closed' AND assigned_at IS NOT NULL AND closed_at IS NOT NULL
               ORDER BY closed_at DESC LIMIT $1) AS recent",
        )
        .bind(i64::from(n))
        .fetch_one(&self.pool)
        .await?;
        Ok(mean)
    }

    async fn record_bot_event(&self, site: &str, day: &str, kind: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO bot_events (site, day, kind, count) VALUES ($1, $2, $3, 1)
             ON CONFLICT (site, day, kind) DO UPDATE SET count = bot_events.count + 1",
        )
        .bind(site)
        .bind(day)
        .bind(kind)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn bot_events_since(&self, first_day: &str) -> Result<Vec<BotEventCount>, StoreError> {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT day, kind, SUM(count)::BIGINT FROM bot_events WHERE day >= $1 GROUP BY day, kind",
        )
        .bind(first_day)
        .fetch_all(&self.pool)
        .await?;
        Ok(super::bot_event_counts(rows))
    }

    async fn handoffs_since(&self, since: i64) -> Result<Vec<HandoffFact>, StoreError> {
        let rows: Vec<HandoffRow> = sqlx::query_as(
            "SELECT created_at, packet, queued_at, assigned_at, rating
             FROM conversations WHERE created_at >= $1",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        convert(rows)
    }
}
