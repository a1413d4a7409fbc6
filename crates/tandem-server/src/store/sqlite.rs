//! The embedded default backend: one SQLite file in the data directory, in
//! WAL mode so readers never wait for the writer.

use async_trait::async_trait;
use sqlx::Row as _;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use std::str::FromStr as _;

use super::{Agent, NewAgent, Store, StoreError};

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
}
