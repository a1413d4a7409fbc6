//! Persistence behind one trait, so the server does not care whether it runs
//! on the embedded SQLite file or (for scale-out) on PostgreSQL.
//!
//! The trait is object safe (`async_trait`) because the backend is chosen at
//! run time from the database URL.

mod postgres;
mod rows;
mod sqlite;

use async_trait::async_trait;
use tandem_protocol::{
    Author, ConversationId, ConversationStatus, HandoffPacket, Seq, StoredMessage,
};

pub use postgres::PgStore;
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
    #[error("unsupported database URL {0:?}: expected sqlite://... or postgres://...")]
    UnsupportedUrl(String),
    /// A stored row does not decode (e.g. a packet that is not JSON).
    #[error("corrupt row: {0}")]
    Corrupt(String),
}

/// Errors of [`Store::append_message`].
#[derive(Debug, thiserror::Error)]
pub enum StoredMessageError {
    /// The conversation does not exist.
    #[error("no such conversation")]
    NoConversation,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for StoredMessageError {
    fn from(error: sqlx::Error) -> Self {
        StoredMessageError::Store(StoreError::Database(error))
    }
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

impl std::fmt::Debug for Agent {
    /// Leaves the password hash out, so logs never carry it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Agent")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("display_name", &self.display_name)
            .field("languages", &self.languages)
            .finish_non_exhaustive()
    }
}

/// A conversation as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversation {
    /// Its id.
    pub id: ConversationId,
    /// The site it came from.
    pub site: String,
    /// Where it stands.
    pub status: ConversationStatus,
    /// Queue priority, 0 most urgent.
    pub priority: u8,
    /// The shopper's language.
    pub language: String,
    /// The handoff packet.
    pub packet: HandoffPacket,
    /// When it entered the queue (ms since the epoch).
    pub queued_at: i64,
    /// The agent on it, if any.
    pub agent_id: Option<i64>,
    /// When the current agent took it.
    pub assigned_at: Option<i64>,
    /// The highest sequence number so far.
    pub last_seq: Seq,
}

/// Input for [`Store::create_conversation`].
pub struct NewConversation {
    /// A fresh random id.
    pub id: ConversationId,
    /// BLAKE2b hash of the shopper's token.
    pub token_hash: String,
    /// The site key.
    pub site: String,
    /// The shopper's client id of the handoff request (retries repeat it).
    pub handoff_client_id: String,
    /// The packet; its transcript becomes the first messages.
    pub packet: HandoffPacket,
    /// Now, in ms since the epoch.
    pub now: i64,
}

/// A line to append with [`Store::append_message`].
pub struct NewMessage<'a> {
    /// The conversation.
    pub conversation: &'a ConversationId,
    /// The sender's id for the line; a repeat returns the stored line.
    pub client_id: Option<&'a str>,
    /// Who wrote it.
    pub author: Author,
    /// Display name (agents).
    pub name: Option<&'a str>,
    /// The text.
    pub text: &'a str,
    /// Internal note (agents only).
    pub internal: bool,
    /// Now, in ms since the epoch.
    pub now: i64,
}

impl NewMessage<'_> {
    /// The line as stored under `seq`.
    fn stored(&self, seq: Seq) -> StoredMessage {
        StoredMessage {
            seq,
            author: self.author,
            name: self.name.map(str::to_owned),
            text: self.text.to_owned(),
            at: self.now,
            internal: self.internal,
        }
    }
}

/// A shopper's message left while nobody was available.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    /// Database id.
    pub id: i64,
    /// The conversation it belongs to.
    pub conversation: ConversationId,
    /// Where to reply.
    pub email: String,
    /// The message.
    pub message: String,
    /// When it was left (ms).
    pub created_at: i64,
    /// When an agent marked it done.
    pub done_at: Option<i64>,
}

/// One handoff as the insights page sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct HandoffFact {
    /// When the shopper was handed off (ms since the epoch).
    pub created_at: i64,
    /// Why (`HandoffPacket::reason_kind`).
    pub reason_kind: String,
    /// The sensitive topic's id, when triage named one
    /// (`HandoffPacket::topic`).
    pub topic: Option<String>,
    /// The shopper had marked a bot answer helpful before asking for more.
    pub after_helpful_answer: bool,
    /// Queue entry and first assignment (ms), for the wait.
    pub queued_at: i64,
    /// When a person took over, if anyone did.
    pub assigned_at: Option<i64>,
    /// The shopper's rating, 1 to 5.
    pub rating: Option<u8>,
}

/// A count of bot events of one kind on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotEventCount {
    /// `YYYY-MM-DD`, UTC.
    pub day: String,
    /// The event kind.
    pub kind: String,
    /// How many.
    pub count: u32,
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
    /// The PostgreSQL pool, when this store is one several servers can
    /// share; the hub then joins the cluster over it.
    fn postgres_pool(&self) -> Option<sqlx::PgPool> {
        None
    }
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
    /// Remembers a browser the agent signed in from, by its token's hash.
    async fn remember_device(
        &self,
        token_hash: &str,
        agent_id: i64,
        expires_at: i64,
    ) -> Result<(), StoreError>;
    /// The agent a remembered, unexpired browser belongs to.
    async fn device_agent(&self, token_hash: &str, now: i64) -> Result<Option<i64>, StoreError>;

    /// Creates a queued conversation with the packet's transcript as its
    /// first messages. A retry with the same site and handoff client id
    /// returns the existing conversation with its token hash replaced
    /// (`false` second value: not new).
    async fn create_conversation(
        &self,
        new: &NewConversation,
    ) -> Result<(Conversation, bool), StoreError>;
    /// The conversation, if `token_hash` is its token's.
    async fn conversation_by_token(
        &self,
        id: &ConversationId,
        token_hash: &str,
    ) -> Result<Option<Conversation>, StoreError>;
    /// The conversation.
    async fn conversation(&self, id: &ConversationId) -> Result<Option<Conversation>, StoreError>;
    /// Queued and assigned conversations, for the router after a restart.
    async fn open_conversations(&self) -> Result<Vec<Conversation>, StoreError>;
    /// Appends a line and gives it the next sequence number, or returns the
    /// line stored earlier under the same client id (`true`: duplicate).
    async fn append_message(
        &self,
        message: &NewMessage<'_>,
    ) -> Result<(StoredMessage, bool), StoredMessageError>;
    /// Lines after `seq`, in order.
    async fn messages_after(
        &self,
        id: &ConversationId,
        seq: Seq,
    ) -> Result<Vec<StoredMessage>, StoreError>;
    /// Sets the status and the agent (`None` clears it); `now` stamps
    /// assignment or closing as the status says.
    async fn set_status(
        &self,
        id: &ConversationId,
        status: ConversationStatus,
        agent_id: Option<i64>,
        resolution: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError>;
    /// Gives a queued conversation to `agent_id`, unless it is no longer
    /// queued or (with `capacity`) the agent already has that many assigned;
    /// `true` when it did. The database makes both checks, so servers
    /// routing at the same time never give one conversation to two agents.
    async fn claim(
        &self,
        id: &ConversationId,
        agent_id: i64,
        capacity: Option<u8>,
        now: i64,
    ) -> Result<bool, StoreError>;
    /// Records the shopper's rating of a closed conversation.
    async fn rate(
        &self,
        id: &ConversationId,
        score: u8,
        comment: Option<&str>,
    ) -> Result<(), StoreError>;
    /// Stores a ticket and marks the conversation as one.
    async fn create_ticket(
        &self,
        id: &ConversationId,
        email: &str,
        message: &str,
        now: i64,
    ) -> Result<Ticket, StoreError>;
    /// Tickets, newest first.
    async fn tickets(&self) -> Result<Vec<Ticket>, StoreError>;
    /// Marks a ticket done; `false` when there is none.
    async fn finish_ticket(&self, ticket: i64, now: i64) -> Result<bool, StoreError>;
    /// Mean seconds from assignment to closing over the last `n` closed
    /// conversations, if any.
    async fn mean_handling_secs(&self, n: u32) -> Result<Option<f64>, StoreError>;

    /// Counts one bot event of `kind` for `site` on `day` (`YYYY-MM-DD`).
    async fn record_bot_event(&self, site: &str, day: &str, kind: &str) -> Result<(), StoreError>;
    /// Bot event counts of every site from `first_day` on.
    async fn bot_events_since(&self, first_day: &str) -> Result<Vec<BotEventCount>, StoreError>;
    /// Handoffs created at or after `since` (ms since the epoch).
    async fn handoffs_since(&self, since: i64) -> Result<Vec<HandoffFact>, StoreError>;
}

/// Whether `url` names a PostgreSQL database (several servers can share it).
pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Opens the backend named by `url`, applying migrations.
pub async fn open(url: &str) -> Result<Box<dyn Store>, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(Box::new(SqliteStore::open(url).await?))
    } else if is_postgres(url) {
        Ok(Box::new(PgStore::open(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl(url.to_owned()))
    }
}

/// Daily counts as both backends return them.
fn bot_event_counts(rows: Vec<(String, String, i64)>) -> Vec<BotEventCount> {
    rows.into_iter()
        .map(|(day, kind, count)| BotEventCount {
            day,
            kind,
            count: u32::try_from(count).unwrap_or(u32::MAX),
        })
        .collect()
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
