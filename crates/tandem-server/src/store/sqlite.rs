//! The embedded default backend: one SQLite file in the data directory, in
//! WAL mode so readers never wait for the writer.

use async_trait::async_trait;
use sqlx::Row as _;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use std::str::FromStr as _;

use tandem_protocol::{Author, ConversationId, ConversationStatus, Seq, StoredMessage};

use super::{
    Agent, BotEventCount, Conversation, HandoffFact, NewAgent, NewConversation, NewMessage, Store,
    StoreError, StoredMessageError, Ticket,
};

/// [`Store`] on SQLite.
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Connects to `url` (`sqlite://path?mode=rwc` or `sqlite::memory:`) and
    /// applies the migrations in `migrations/sqlite`.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        Ok(Self { pool })
    }
}

fn status_name(status: ConversationStatus) -> &'static str {
    match status {
        ConversationStatus::Queued => "queued",
        ConversationStatus::Assigned => "assigned",
        ConversationStatus::Ticket => "ticket",
        ConversationStatus::Cancelled => "cancelled",
        ConversationStatus::Closed => "closed",
    }
}

fn parse_status(name: &str) -> Result<ConversationStatus, StoreError> {
    Ok(match name {
        "queued" => ConversationStatus::Queued,
        "assigned" => ConversationStatus::Assigned,
        "ticket" => ConversationStatus::Ticket,
        "cancelled" => ConversationStatus::Cancelled,
        "closed" => ConversationStatus::Closed,
        other => return Err(StoreError::Corrupt(format!("unknown status {other:?}"))),
    })
}

fn author_name(author: Author) -> &'static str {
    match author {
        Author::Shopper => "shopper",
        Author::Bot => "bot",
        Author::Agent => "agent",
        Author::System => "system",
    }
}

fn parse_author(name: &str) -> Result<Author, StoreError> {
    Ok(match name {
        "shopper" => Author::Shopper,
        "bot" => Author::Bot,
        "agent" => Author::Agent,
        "system" => Author::System,
        other => return Err(StoreError::Corrupt(format!("unknown author {other:?}"))),
    })
}

fn conversation_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Conversation, StoreError> {
    let packet: String = row.try_get("packet")?;
    let status: String = row.try_get("status")?;
    let priority: i64 = row.try_get("priority")?;
    let last_seq: i64 = row.try_get("last_seq")?;
    Ok(Conversation {
        id: ConversationId(row.try_get("id")?),
        site: row.try_get("site")?,
        status: parse_status(&status)?,
        priority: u8::try_from(priority).unwrap_or(u8::MAX),
        language: row.try_get("language")?,
        packet: serde_json::from_str(&packet)
            .map_err(|e| StoreError::Corrupt(format!("packet: {e}")))?,
        queued_at: row.try_get("queued_at")?,
        agent_id: row.try_get("agent_id")?,
        assigned_at: row.try_get("assigned_at")?,
        last_seq: Seq(u64::try_from(last_seq).unwrap_or(0)),
    })
}

fn message_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<StoredMessage, StoreError> {
    let seq: i64 = row.try_get("seq")?;
    let author: String = row.try_get("author")?;
    let internal: i64 = row.try_get("internal")?;
    Ok(StoredMessage {
        seq: Seq(u64::try_from(seq).unwrap_or(0)),
        author: parse_author(&author)?,
        name: row.try_get("name")?,
        text: row.try_get("text")?,
        at: row.try_get("created_at")?,
        internal: internal != 0,
    })
}

fn ticket_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Ticket, StoreError> {
    Ok(Ticket {
        id: row.try_get("id")?,
        conversation: ConversationId(row.try_get("conversation_id")?),
        email: row.try_get("email")?,
        message: row.try_get("message")?,
        created_at: row.try_get("created_at")?,
        done_at: row.try_get("done_at")?,
    })
}

fn agent_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Agent, sqlx::Error> {
    let languages: String = row.try_get("languages")?;
    Ok(Agent {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        password_hash: row.try_get("password_hash")?,
        languages: languages
            .split(',')
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
    })
}

#[async_trait]
impl Store for SqliteStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn upsert_agent(&self, agent: &NewAgent) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO agents (email, display_name, password_hash, languages)
             VALUES (?1, ?2, ?3, ?4)
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
        let row = sqlx::query("SELECT * FROM agents WHERE email = ?1")
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(agent_from_row).transpose()?)
    }

    async fn list_agents(&self) -> Result<Vec<Agent>, StoreError> {
        let rows = sqlx::query("SELECT * FROM agents ORDER BY email")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(agent_from_row).collect::<Result<_, _>>()?)
    }

    async fn remove_agent(&self, email: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM agents WHERE email = ?1")
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
            "INSERT INTO agent_sessions (token_hash, agent_id, expires_at) VALUES (?1, ?2, ?3)",
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
        let row = sqlx::query(
            "SELECT agents.* FROM agent_sessions JOIN agents ON agents.id = agent_sessions.agent_id
             WHERE agent_sessions.token_hash = ?1 AND agent_sessions.expires_at > ?2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(agent_from_row).transpose()?)
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM agent_sessions WHERE token_hash = ?1")
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
        let existing =
            sqlx::query("SELECT * FROM conversations WHERE site = ?1 AND handoff_client_id = ?2")
                .bind(&new.site)
                .bind(&new.handoff_client_id)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(row) = existing {
            let conversation = conversation_from_row(&row)?;
            sqlx::query("UPDATE conversations SET token_hash = ?1 WHERE id = ?2")
                .bind(&new.token_hash)
                .bind(&conversation.id.0)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            return Ok((conversation, false));
        }
        let packet =
            serde_json::to_string(&new.packet).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let transcript = &new.packet.transcript;
        sqlx::query(
            "INSERT INTO conversations (id, token_hash, site, handoff_client_id, status, priority, language, packet,
                                        created_at, queued_at, last_seq)
             VALUES (?1, ?2, ?3, ?4, 'queued', ?5, ?6, ?7, ?8, ?8, ?9)",
        )
        .bind(&new.id.0)
        .bind(&new.token_hash)
        .bind(&new.site)
        .bind(&new.handoff_client_id)
        .bind(i64::from(new.packet.priority))
        .bind(&new.packet.language)
        .bind(&packet)
        .bind(new.now)
        .bind(transcript.len() as i64)
        .execute(&mut *tx)
        .await?;
        for (i, line) in transcript.iter().enumerate() {
            sqlx::query(
                "INSERT INTO messages (conversation_id, seq, author, text, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .bind(&new.id.0)
            .bind(i as i64 + 1)
            .bind(author_name(line.author))
            .bind(&line.text)
            .bind(new.now)
            .execute(&mut *tx)
            .await?;
        }
        let row = sqlx::query("SELECT * FROM conversations WHERE id = ?1")
            .bind(&new.id.0)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok((conversation_from_row(&row)?, true))
    }

    async fn conversation_by_token(
        &self,
        id: &ConversationId,
        token_hash: &str,
    ) -> Result<Option<Conversation>, StoreError> {
        let row = sqlx::query("SELECT * FROM conversations WHERE id = ?1 AND token_hash = ?2")
            .bind(&id.0)
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(conversation_from_row).transpose()
    }

    async fn conversation(&self, id: &ConversationId) -> Result<Option<Conversation>, StoreError> {
        let row = sqlx::query("SELECT * FROM conversations WHERE id = ?1")
            .bind(&id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(conversation_from_row).transpose()
    }

    async fn open_conversations(&self) -> Result<Vec<Conversation>, StoreError> {
        let rows = sqlx::query(
            "SELECT * FROM conversations WHERE status IN ('queued', 'assigned') ORDER BY priority, queued_at",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(conversation_from_row).collect()
    }

    async fn append_message(
        &self,
        m: &NewMessage<'_>,
    ) -> Result<(StoredMessage, bool), StoredMessageError> {
        let mut tx = self.pool.begin().await?;
        if let Some(client_id) = m.client_id {
            let existing =
                sqlx::query("SELECT * FROM messages WHERE conversation_id = ?1 AND client_id = ?2")
                    .bind(&m.conversation.0)
                    .bind(client_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some(row) = existing {
                return Ok((message_from_row(&row)?, true));
            }
        }
        let seq: Option<i64> = sqlx::query_scalar(
            "UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ?1 RETURNING last_seq",
        )
        .bind(&m.conversation.0)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(seq) = seq else {
            return Err(StoredMessageError::NoConversation);
        };
        sqlx::query(
            "INSERT INTO messages (conversation_id, seq, client_id, author, name, text, internal, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .bind(&m.conversation.0)
        .bind(seq)
        .bind(m.client_id)
        .bind(author_name(m.author))
        .bind(m.name)
        .bind(m.text)
        .bind(i64::from(m.internal))
        .bind(m.now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok((
            StoredMessage {
                seq: Seq(u64::try_from(seq).unwrap_or(0)),
                author: m.author,
                name: m.name.map(str::to_owned),
                text: m.text.to_owned(),
                at: m.now,
                internal: m.internal,
            },
            false,
        ))
    }

    async fn messages_after(
        &self,
        id: &ConversationId,
        seq: Seq,
    ) -> Result<Vec<StoredMessage>, StoreError> {
        let rows = sqlx::query(
            "SELECT * FROM messages WHERE conversation_id = ?1 AND seq > ?2 ORDER BY seq",
        )
        .bind(&id.0)
        .bind(i64::try_from(seq.0).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(message_from_row).collect()
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
            "UPDATE conversations SET status = ?2, agent_id = ?3,
               assigned_at = CASE WHEN ?2 = 'assigned' THEN ?5 ELSE assigned_at END,
               closed_at = CASE WHEN ?2 IN ('closed', 'cancelled', 'ticket') THEN ?5 ELSE closed_at END,
               resolution = COALESCE(?4, resolution)
             WHERE id = ?1",
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

    async fn rate(
        &self,
        id: &ConversationId,
        score: u8,
        comment: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE conversations SET rating = ?2, rating_comment = ?3 WHERE id = ?1")
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
        let row = sqlx::query(
            "INSERT INTO tickets (conversation_id, email, message, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (conversation_id) DO UPDATE SET email = excluded.email, message = excluded.message
             RETURNING *",
        )
        .bind(&id.0)
        .bind(email)
        .bind(message)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE conversations SET status = 'ticket', agent_id = NULL, closed_at = ?2 WHERE id = ?1")
            .bind(&id.0)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        ticket_from_row(&row)
    }

    async fn tickets(&self) -> Result<Vec<Ticket>, StoreError> {
        let rows = sqlx::query("SELECT * FROM tickets ORDER BY created_at DESC, id DESC")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(ticket_from_row).collect()
    }

    async fn finish_ticket(&self, ticket: i64, now: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE tickets SET done_at = ?2 WHERE id = ?1 AND done_at IS NULL")
            .bind(ticket)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn mean_handling_secs(&self, n: u32) -> Result<Option<f64>, StoreError> {
        let mean: Option<f64> = sqlx::query_scalar(
            "SELECT AVG(closed_at - assigned_at) / 1000.0 FROM (
               SELECT closed_at, assigned_at FROM conversations
               WHERE status = 'closed' AND assigned_at IS NOT NULL AND closed_at IS NOT NULL
               ORDER BY closed_at DESC LIMIT ?1)",
        )
        .bind(i64::from(n))
        .fetch_one(&self.pool)
        .await?;
        Ok(mean)
    }

    async fn record_bot_event(&self, site: &str, day: &str, kind: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO bot_events (site, day, kind, count) VALUES (?1, ?2, ?3, 1)
             ON CONFLICT (site, day, kind) DO UPDATE SET count = count + 1",
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
            "SELECT day, kind, SUM(count) FROM bot_events WHERE day >= ?1 GROUP BY day, kind",
        )
        .bind(first_day)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(day, kind, count)| BotEventCount {
                day,
                kind,
                count: u32::try_from(count).unwrap_or(u32::MAX),
            })
            .collect())
    }

    async fn handoffs_since(&self, since: i64) -> Result<Vec<HandoffFact>, StoreError> {
        let rows: Vec<(i64, String, i64, Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT created_at, packet, queued_at, assigned_at, rating
             FROM conversations WHERE created_at >= ?1",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(created_at, packet, queued_at, assigned_at, rating)| {
                let packet: tandem_protocol::HandoffPacket = serde_json::from_str(&packet)
                    .map_err(|e| StoreError::Corrupt(format!("packet: {e}")))?;
                Ok(HandoffFact {
                    created_at,
                    after_helpful_answer: packet
                        .transcript
                        .iter()
                        .any(|line| line.helpful == Some(true)),
                    reason_kind: packet.reason_kind,
                    queued_at,
                    assigned_at,
                    rating: rating.and_then(|r| u8::try_from(r).ok()),
                })
            })
            .collect()
    }
}
