//! The embedded default backend: one SQLite file in the data directory, in
//! WAL mode so readers never wait for the writer.
//!
//! Lines are appended with group commit: one writer task takes every append
//! waiting at that moment and stores them in one transaction, so one fsync
//! covers many lines (SQLite commits at the speed of the disk's flush, about
//! 0.4 ms here, which would otherwise cap the relay near 2,500 lines a
//! second). Nothing is acknowledged before its transaction has committed.
//!
//! The WAL is checkpointed off the writer's path. SQLite's automatic
//! checkpoint runs inside whichever commit crosses 1,000 pages, so every line
//! in that batch waited for a few thousand page copies: that was the whole
//! p99 tail of the load benchmark above 2,000 lines a second. Here a
//! checkpointer task copies pages in the background (a PASSIVE checkpoint
//! never blocks the writer), and once the WAL is long and nearly all copied,
//! the writer copies the last few pages itself between two batches, so its
//! next commit starts the WAL again from the beginning. A busy writer alone
//! would never leave the WAL fully copied at the moment it begins, and the
//! WAL would grow without end.

use async_trait::async_trait;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use std::str::FromStr as _;
use std::time::Duration;

use tandem_protocol::{Author, ConversationId, ConversationStatus, Seq, StoredMessage};
use tokio::sync::{mpsc, oneshot, watch};

use super::rows::{
    AgentRow, ConversationRow, HandoffRow, MessageRow, TicketRow, author_name, convert,
    packet_json, seq, seq_value, status_name,
};
use super::{
    Agent, BotEventCount, Conversation, HandoffFact, NewAgent, NewConversation, NewMessage, Store,
    StoreError, StoredMessageError, Ticket,
};

/// [`Store`] on SQLite.
pub struct SqliteStore {
    pool: SqlitePool,
    appends: mpsc::Sender<AppendJob>,
}

/// Appends waiting for the writer; beyond this, callers wait.
const APPEND_QUEUE: usize = 4096;
/// Most lines committed in one transaction.
const MAX_BATCH: usize = 512;
/// WAL length, in pages, past which the writer finishes a checkpoint so the
/// WAL starts over (16 MiB with 4 KiB pages).
const WAL_RESTART_PAGES: i64 = 4096;
/// Most pages the writer copies itself when it finishes a checkpoint; the
/// checkpointer copies the rest in the background.
const WAL_TAIL_PAGES: i64 = 256;
/// How often the checkpointer looks at the WAL.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(100);

type AppendResult = Result<(StoredMessage, bool), StoredMessageError>;

/// One line for the writer, owned (it crosses tasks).
struct AppendJob {
    conversation: ConversationId,
    client_id: Option<String>,
    author: Author,
    name: Option<String>,
    text: String,
    internal: bool,
    now: i64,
    reply: oneshot::Sender<AppendResult>,
}

impl SqliteStore {
    /// Connects to `url` (`sqlite://path?mode=rwc` or `sqlite::memory:`) and
    /// applies the migrations in `migrations/sqlite`.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        Self::open_with_wal_restart(url, WAL_RESTART_PAGES).await
    }

    /// [`SqliteStore::open`], starting the WAL over once it is longer than
    /// `restart_pages` (tests use a short one).
    pub async fn open_with_wal_restart(url: &str, restart_pages: i64) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .pragma("wal_autocheckpoint", "0");
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        let (appends, jobs) = mpsc::channel(APPEND_QUEUE);
        let (finish_checkpoint, finish_wanted) = watch::channel(());
        tokio::spawn(checkpoint_wal(
            pool.clone(),
            restart_pages,
            finish_checkpoint,
        ));
        tokio::spawn(write_appends(pool.clone(), jobs, finish_wanted));
        Ok(Self { pool, appends })
    }
}

/// How far a checkpoint got (both -1 when not in WAL mode).
#[derive(Clone, Copy, Debug)]
struct WalProgress {
    /// Pages in the WAL.
    pages: i64,
    /// Of those, pages copied into the database file.
    copied: i64,
}

/// Copies what it can of the WAL into the database without waiting for,
/// or blocking, readers and the writer.
async fn passive_checkpoint(pool: &SqlitePool) -> Result<WalProgress, sqlx::Error> {
    let (_busy, pages, copied): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
        .fetch_one(pool)
        .await?;
    Ok(WalProgress { pages, copied })
}

/// The checkpointer: copies the WAL in the background and asks the writer
/// to finish the job once the WAL is long and nearly all copied. Ends with
/// the writer.
async fn checkpoint_wal(pool: SqlitePool, restart_pages: i64, finish: watch::Sender<()>) {
    let mut every = tokio::time::interval(CHECKPOINT_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = every.tick() => {}
            () = finish.closed() => return,
        }
        match passive_checkpoint(&pool).await {
            Ok(wal) if wal.pages > restart_pages && wal.pages - wal.copied <= WAL_TAIL_PAGES => {
                finish.send_replace(());
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "WAL checkpoint failed; will retry"),
        }
    }
}

/// A write transaction that takes the write lock at once. A deferred
/// one reads first and fails with "database is locked" (no waiting) if
/// another writer committed in between; an immediate one waits its turn
/// under the busy timeout.
async fn begin_write(
    pool: &SqlitePool,
) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
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
        let row: Option<AgentRow> = sqlx::query_as("SELECT * FROM agents WHERE email = ?1")
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
        let row: Option<AgentRow> = sqlx::query_as(
            "SELECT agents.* FROM agent_sessions JOIN agents ON agents.id = agent_sessions.agent_id
             WHERE agent_sessions.token_hash = ?1 AND agent_sessions.expires_at > ?2",
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
            "INSERT INTO known_devices (token_hash, agent_id, expires_at) VALUES (?1, ?2, ?3)
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
            "SELECT agent_id FROM known_devices WHERE token_hash = ?1 AND expires_at > ?2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(id,)| id))
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
        let mut tx = begin_write(&self.pool).await?;
        let existing: Option<ConversationRow> = sqlx::query_as(
            "SELECT * FROM conversations WHERE site = ?1 AND handoff_client_id = ?2",
        )
        .bind(&new.site)
        .bind(&new.handoff_client_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = existing {
            let conversation = Conversation::try_from(row)?;
            sqlx::query("UPDATE conversations SET token_hash = ?1 WHERE id = ?2")
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
             VALUES (?1, ?2, ?3, ?4, 'queued', ?5, ?6, ?7, ?8, ?8, ?9)",
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
        let row: ConversationRow = sqlx::query_as("SELECT * FROM conversations WHERE id = ?1")
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
            sqlx::query_as("SELECT * FROM conversations WHERE id = ?1 AND token_hash = ?2")
                .bind(&id.0)
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
        row.map(Conversation::try_from).transpose()
    }

    async fn conversation(&self, id: &ConversationId) -> Result<Option<Conversation>, StoreError> {
        let row: Option<ConversationRow> =
            sqlx::query_as("SELECT * FROM conversations WHERE id = ?1")
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

    async fn append_message(&self, m: &NewMessage<'_>) -> AppendResult {
        let (reply, stored) = oneshot::channel();
        let job = AppendJob {
            conversation: m.conversation.clone(),
            client_id: m.client_id.map(str::to_owned),
            author: m.author,
            name: m.name.map(str::to_owned),
            text: m.text.to_owned(),
            internal: m.internal,
            now: m.now,
            reply,
        };
        let closed = || StoredMessageError::Store(StoreError::Database(sqlx::Error::PoolClosed));
        self.appends.send(job).await.map_err(|_| closed())?;
        stored.await.map_err(|_| closed())?
    }

    async fn messages_after(
        &self,
        id: &ConversationId,
        after: Seq,
    ) -> Result<Vec<StoredMessage>, StoreError> {
        let rows: Vec<MessageRow> = sqlx::query_as(
            "SELECT * FROM messages WHERE conversation_id = ?1 AND seq > ?2 ORDER BY seq",
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

    async fn claim(
        &self,
        id: &ConversationId,
        agent_id: i64,
        capacity: Option<u8>,
        now: i64,
    ) -> Result<bool, StoreError> {
        // One statement: SQLite runs it under its single writer lock, so the
        // load check and the status change cannot interleave with another.
        let done = sqlx::query(
            "UPDATE conversations SET status = 'assigned', agent_id = ?2, assigned_at = ?4
             WHERE id = ?1 AND status = 'queued'
               AND (?3 IS NULL OR (SELECT COUNT(*) FROM conversations
                                   WHERE agent_id = ?2 AND status = 'assigned') < ?3)",
        )
        .bind(&id.0)
        .bind(agent_id)
        .bind(capacity.map(i64::from))
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
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
        let mut tx = begin_write(&self.pool).await?;
        let row: TicketRow = sqlx::query_as(
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
        Ok(super::bot_event_counts(rows))
    }

    async fn handoffs_since(&self, since: i64) -> Result<Vec<HandoffFact>, StoreError> {
        let rows: Vec<HandoffRow> = sqlx::query_as(
            "SELECT created_at, packet, queued_at, assigned_at, rating
             FROM conversations WHERE created_at >= ?1",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        convert(rows)
    }
}

/// The writer: commits every append waiting at once in one transaction.
/// If a batch fails as a whole, each of its lines is tried alone, so one
/// bad line cannot fail the others.
async fn write_appends(
    pool: SqlitePool,
    mut jobs: mpsc::Receiver<AppendJob>,
    mut finish_checkpoint: watch::Receiver<()>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
        if finish_checkpoint.has_changed().unwrap_or(false) {
            finish_checkpoint.mark_unchanged();
            // The few pages left; the next commit then starts the WAL over.
            if let Err(e) = passive_checkpoint(&pool).await {
                tracing::warn!(error = %e, "WAL checkpoint failed; will retry");
            }
        }
        match append_batch(&pool, &batch).await {
            Ok(results) => {
                for (job, result) in batch.drain(..).zip(results) {
                    let _ = job.reply.send(result);
                }
            }
            Err(_) => {
                for job in batch.drain(..) {
                    let result = match append_batch(&pool, std::slice::from_ref(&job)).await {
                        Ok(mut results) => results
                            .pop()
                            .unwrap_or(Err(StoredMessageError::NoConversation)),
                        Err(e) => Err(e.into()),
                    };
                    let _ = job.reply.send(result);
                }
            }
        }
    }
}

/// Appends `jobs` in one transaction; the outer error fails them all.
async fn append_batch(
    pool: &SqlitePool,
    jobs: &[AppendJob],
) -> Result<Vec<AppendResult>, sqlx::Error> {
    let mut tx = begin_write(pool).await?;
    let mut results = Vec::with_capacity(jobs.len());
    let mut start = 0;
    while start < jobs.len() {
        // A run in which no conversation appears twice can be inserted in
        // one statement (each row's seq comes from its conversation's
        // cursor). The hub stores one line per conversation at a time, so
        // a batch is usually one run.
        let mut seen = std::collections::HashSet::new();
        let end = jobs[start..]
            .iter()
            .position(|job| !seen.insert(&job.conversation.0))
            .map_or(jobs.len(), |offset| start + offset);
        insert_run(&mut tx, &jobs[start..end], &mut results).await?;
        start = end;
    }
    tx.commit().await?;
    Ok(results)
}

/// Inserts lines of distinct conversations with one statement, then looks
/// up the few it skipped (a resent client id, or no such conversation).
async fn insert_run(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    jobs: &[AppendJob],
    results: &mut Vec<AppendResult>,
) -> Result<(), sqlx::Error> {
    let values = vec!["(?, ?, ?, ?, ?, ?, ?)"; jobs.len()].join(", ");
    let sql = format!(
        "WITH batch (conversation_id, client_id, author, name, text, internal, created_at) AS (VALUES {values})
         INSERT INTO messages (conversation_id, seq, client_id, author, name, text, internal, created_at)
         SELECT b.conversation_id, c.last_seq + 1, b.client_id, b.author, b.name, b.text, b.internal, b.created_at
         FROM batch AS b JOIN conversations AS c ON c.id = b.conversation_id WHERE true
         ON CONFLICT DO NOTHING
         RETURNING conversation_id, client_id, seq"
    );
    let mut query = sqlx::query_as::<_, (String, Option<String>, i64)>(&sql);
    for m in jobs {
        query = query
            .bind(&m.conversation.0)
            .bind(&m.client_id)
            .bind(author_name(m.author))
            .bind(&m.name)
            .bind(&m.text)
            .bind(m.internal)
            .bind(m.now);
    }
    // Conversations are distinct within the run, so the conversation alone
    // says which line a returned row is.
    let inserted: std::collections::HashMap<String, i64> = query
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|(conversation, _, seq)| (conversation, seq))
        .collect();
    for m in jobs {
        if let Some(seq_now) = inserted.get(&m.conversation.0) {
            results.push(Ok((
                StoredMessage {
                    seq: seq(*seq_now),
                    author: m.author,
                    name: m.name.clone(),
                    text: m.text.clone(),
                    at: m.now,
                    internal: m.internal,
                },
                false,
            )));
            continue;
        }
        let existing: Option<MessageRow> =
            sqlx::query_as("SELECT * FROM messages WHERE conversation_id = ?1 AND client_id = ?2")
                .bind(&m.conversation.0)
                .bind(&m.client_id)
                .fetch_optional(&mut **tx)
                .await?;
        results.push(match existing {
            Some(row) => StoredMessage::try_from(row)
                .map(|m| (m, true))
                .map_err(Into::into),
            None => Err(StoredMessageError::NoConversation),
        });
    }
    Ok(())
}
