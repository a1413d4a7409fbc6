//! Persistence behind one trait, so the server does not care whether it runs
//! on the embedded SQLite file or (for scale-out) on PostgreSQL.
//!
//! The trait is object safe (`async_trait`) because the backend is chosen at
//! run time from the database URL.

mod sqlite;

use async_trait::async_trait;

pub use sqlite::SqliteStore;

/// Errors from any backend. Callers log them in full and show clients only
/// a generic message.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed a query.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Migrations could not be applied.
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The URL names a database this build does not support.
    #[error("unsupported database URL {0:?}: expected sqlite://...")]
    UnsupportedUrl(String),
}

/// An agent as stored, password hash included (never sent to clients).
#[derive(Clone, PartialEq, Eq)]
pub struct Agent {
    /// Database id.
    pub id: i64,
    /// Login email, unique.
    pub email: String,
    /// Name shown to shoppers.
    pub display_name: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Languages the agent can serve, e.g. `["en", "sv"]`.
    pub languages: Vec<String>,
}

/// Input for [`Store::upsert_agent`].
pub struct NewAgent {
    /// Login email, unique.
    pub email: String,
    /// Name shown to shoppers.
    pub display_name: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Languages the agent can serve.
    pub languages: Vec<String>,
}

/// Everything the server persists.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Checks that the database answers.
    async fn ping(&self) -> Result<(), StoreError>;
    /// Creates the agent, or updates the one with the same email.
    async fn upsert_agent(&self, agent: &NewAgent) -> Result<(), StoreError>;
    /// Finds an agent by login email.
    async fn agent_by_email(&self, email: &str) -> Result<Option<Agent>, StoreError>;
    /// All agents, ordered by email.
    async fn list_agents(&self) -> Result<Vec<Agent>, StoreError>;
    /// Removes an agent (and their sessions); `false` when there was none.
    async fn remove_agent(&self, email: &str) -> Result<bool, StoreError>;
    /// Stores a login session by the hash of its token.
    async fn create_session(
        &self,
        token_hash: &str,
        agent_id: i64,
        expires_at: i64,
    ) -> Result<(), StoreError>;
    /// The agent owning an unexpired session, if any.
    async fn agent_by_session(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<Agent>, StoreError>;
    /// Ends a session; unknown hashes are ignored.
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;
}

/// Opens the backend named by `url`, applying migrations.
pub async fn open(url: &str) -> Result<Box<dyn Store>, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(Box::new(SqliteStore::open(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl(url.to_owned()))
    }
}

/// The demo agents `cargo xtask demo` prints: email, name, password, languages.
pub const DEMO_AGENTS: &[(&str, &str, &str, &[&str])] = &[
    ("anna@demo.tandem.dev", "Anna", "tandem-demo", &["en", "sv"]),
    (
        "jonas@demo.tandem.dev",
        "Jonas",
        "tandem-demo",
        &["en", "de"],
    ),
];

/// Creates the demo agents that do not exist yet (existing ones keep their
/// passwords, so a demo restarted after a password change still works).
pub async fn seed_demo_agents(store: &dyn Store) -> anyhow::Result<()> {
    for (email, name, password, languages) in DEMO_AGENTS {
        if store.agent_by_email(email).await?.is_some() {
            continue;
        }
        store
            .upsert_agent(&NewAgent {
                email: (*email).to_owned(),
                display_name: (*name).to_owned(),
                password_hash: crate::password::hash(password)?,
                languages: languages.iter().map(|l| (*l).to_owned()).collect(),
            })
            .await?;
    }
    Ok(())
}
