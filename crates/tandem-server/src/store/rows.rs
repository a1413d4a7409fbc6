//! Rows as both backends return them, and their conversion to the store's
//! types. The columns have the same names and Rust types on SQLite and
//! PostgreSQL (`BIGINT` there, `INTEGER` here), so one `FromRow` per table
//! serves both and the decoding rules cannot drift apart.

use tandem_protocol::{
    Author, ConversationId, ConversationStatus, HandoffPacket, Seq, StoredMessage,
};

use super::{Agent, Conversation, HandoffFact, StoreError, Ticket};

/// The `status` column's spelling of a status.
pub(super) fn status_name(status: ConversationStatus) -> &'static str {
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

/// The `author` column's spelling of an author.
pub(super) fn author_name(author: Author) -> &'static str {
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

fn parse_packet(packet: &str) -> Result<HandoffPacket, StoreError> {
    serde_json::from_str(packet).map_err(|e| StoreError::Corrupt(format!("packet: {e}")))
}

/// The packet as stored.
pub(super) fn packet_json(packet: &HandoffPacket) -> Result<String, StoreError> {
    serde_json::to_string(packet).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// A database integer as a sequence number (never negative in practice).
pub(super) fn seq(value: i64) -> Seq {
    Seq(u64::try_from(value).unwrap_or(0))
}

/// A sequence number as a database integer.
pub(super) fn seq_value(seq: Seq) -> i64 {
    i64::try_from(seq.0).unwrap_or(i64::MAX)
}

/// A row of `conversations`.
#[derive(sqlx::FromRow)]
pub(super) struct ConversationRow {
    id: String,
    site: String,
    status: String,
    priority: i64,
    language: String,
    packet: String,
    queued_at: i64,
    agent_id: Option<i64>,
    assigned_at: Option<i64>,
    last_seq: i64,
}

impl TryFrom<ConversationRow> for Conversation {
    type Error = StoreError;

    fn try_from(row: ConversationRow) -> Result<Self, StoreError> {
        Ok(Conversation {
            id: ConversationId(row.id),
            site: row.site,
            status: parse_status(&row.status)?,
            priority: u8::try_from(row.priority).unwrap_or(u8::MAX),
            language: row.language,
            packet: parse_packet(&row.packet)?,
            queued_at: row.queued_at,
            agent_id: row.agent_id,
            assigned_at: row.assigned_at,
            last_seq: seq(row.last_seq),
        })
    }
}

/// A row of `messages`.
#[derive(sqlx::FromRow)]
pub(super) struct MessageRow {
    seq: i64,
    author: String,
    name: Option<String>,
    text: String,
    created_at: i64,
    internal: bool,
}

impl TryFrom<MessageRow> for StoredMessage {
    type Error = StoreError;

    fn try_from(row: MessageRow) -> Result<Self, StoreError> {
        Ok(StoredMessage {
            seq: seq(row.seq),
            author: parse_author(&row.author)?,
            name: row.name,
            text: row.text,
            at: row.created_at,
            internal: row.internal,
        })
    }
}

/// A row of `tickets`.
#[derive(sqlx::FromRow)]
pub(super) struct TicketRow {
    id: i64,
    conversation_id: String,
    email: String,
    message: String,
    created_at: i64,
    done_at: Option<i64>,
}

impl From<TicketRow> for Ticket {
    fn from(row: TicketRow) -> Self {
        Ticket {
            id: row.id,
            conversation: ConversationId(row.conversation_id),
            email: row.email,
            message: row.message,
            created_at: row.created_at,
            done_at: row.done_at,
        }
    }
}

/// A row of `agents`; languages are stored comma-separated.
#[derive(sqlx::FromRow)]
pub(super) struct AgentRow {
    id: i64,
    email: String,
    display_name: String,
    password_hash: String,
    languages: String,
}

impl From<AgentRow> for Agent {
    fn from(row: AgentRow) -> Self {
        Agent {
            id: row.id,
            email: row.email,
            display_name: row.display_name,
            password_hash: row.password_hash,
            languages: row
                .languages
                .split(',')
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }
}

/// What the insights page reads of a conversation.
#[derive(sqlx::FromRow)]
pub(super) struct HandoffRow {
    created_at: i64,
    packet: String,
    queued_at: i64,
    assigned_at: Option<i64>,
    rating: Option<i64>,
}

impl TryFrom<HandoffRow> for HandoffFact {
    type Error = StoreError;

    fn try_from(row: HandoffRow) -> Result<Self, StoreError> {
        let packet = parse_packet(&row.packet)?;
        Ok(HandoffFact {
            created_at: row.created_at,
            after_helpful_answer: packet
                .transcript
                .iter()
                .any(|line| line.helpful == Some(true)),
            reason_kind: packet.reason_kind,
            topic: packet.topic,
            queued_at: row.queued_at,
            assigned_at: row.assigned_at,
            rating: row.rating.and_then(|r| u8::try_from(r).ok()),
        })
    }
}

/// Converts every row, stopping at the first that does not decode.
pub(super) fn convert<R, T>(rows: Vec<R>) -> Result<Vec<T>, StoreError>
where
    T: TryFrom<R, Error = StoreError>,
{
    rows.into_iter().map(T::try_from).collect()
}
