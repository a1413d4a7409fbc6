//! Wire types shared by the widget, the agent console and the server.
//!
//! This crate holds data only: serde types, no I/O and no behaviour beyond
//! small constructors. Every frame is a JSON object tagged by `"type"`, and
//! the envelope carries the protocol version so that a client and a server
//! of different releases notice the mismatch instead of misreading each
//! other. The tests at the bottom parse literal JSON, so the wire format
//! cannot drift silently when a type is renamed.

use serde::de::MapAccess;
use serde::{Deserialize, Serialize};
use tandem_tag_first::{TagFirst, rest};

/// The protocol version this crate speaks. Bump it on any breaking change.
pub const PROTOCOL_VERSION: u16 = 1;

/// A conversation as the server knows it, e.g. `"c_01J..."`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ConversationId(pub String);

/// An id the sender chose for a message, used to drop duplicates on resend.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClientMessageId(pub String);

/// The per-conversation sequence number the server assigns on storage.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Seq(pub u64);

/// Who wrote a line of the transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    /// The person on the merchant's checkout page.
    Shopper,
    /// Tandem's in-browser triage engine.
    Bot,
    /// A human support agent.
    Agent,
    /// Status lines such as "Anna joined".
    System,
}

/// Reply of `GET /healthz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `"ok"` when the server can reach its database.
    pub status: String,
    /// The server's crate version.
    pub version: String,
    /// The protocol version the server speaks.
    pub protocol: u16,
}

/// Body of `POST /api/agent/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    /// The agent's login email.
    pub email: String,
    /// The agent's password.
    pub password: String,
}

/// An agent as the console and shoppers may see them (no secrets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentProfile {
    /// Login email.
    pub email: String,
    /// The name shoppers see.
    pub display_name: String,
    /// Languages the agent serves.
    pub languages: Vec<String>,
}

/// Body of every HTTP error: a sentence the user can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrorBody {
    /// What went wrong and what to do, e.g. "Too many attempts. Try again in 15 minutes."
    pub error: String,
}

/// The secret that lets a shopper reach their own conversation: 128 random
/// bits, hex-encoded. Whoever holds it can read the conversation, so it
/// lives only in the shopper's browser and as a hash on the server.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ConversationToken(pub String);

impl std::fmt::Debug for ConversationToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ConversationToken(…)")
    }
}

/// One line of the transcript as the widget recorded it before the handoff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranscriptLine {
    /// Who said it (shopper or bot).
    pub author: Author,
    /// The text, PII already masked by the widget.
    pub text: String,
    /// For bot answers: the shopper's "did this help?" answer, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helpful: Option<bool>,
}

/// Everything an agent needs so nobody asks "how can I help you?" again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandoffPacket {
    /// The conversation so far, bot turns included.
    pub transcript: Vec<TranscriptLine>,
    /// Why triage handed off, in words (e.g. "Sensitive: fraud or unrecognised charge.").
    pub reason: String,
    /// Machine-readable reason kind, e.g. `sensitive`, `asked_for_person`.
    pub reason_kind: String,
    /// Queue priority: 0 is most urgent (self-harm), then fraud and disputes.
    pub priority: u8,
    /// The sensitive topic triage named, as its stable id (`self_harm`,
    /// `safety`, `fraud`, ...); the console tells the agent what to do first
    /// for the urgent ones. Absent for other reasons and from older widgets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// The top intent and its confidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intent: Option<String>,
    /// Confidence in `intent`, 0 to 1.
    #[serde(default, deserialize_with = "probability")]
    pub confidence: f32,
    /// The shopper's language (ISO 639-1).
    pub language: String,
    /// Kinds of personal data the widget masked, e.g. `card_number`.
    #[serde(default)]
    pub masked: Vec<String>,
    /// What the merchant's page set with `Tandem.setContext` (order id, cart total, ...).
    #[serde(default)]
    pub context: std::collections::BTreeMap<String, String>,
}

/// A frame from the shopper's widget to the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ShopperRequest {
    /// First frame on every connection. `resume` reconnects to an existing
    /// conversation and asks for everything after `last_seq`.
    Hello {
        /// Must equal [`PROTOCOL_VERSION`].
        v: u16,
        /// The site key from the embed tag.
        site: String,
        /// The conversation to resume, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        resume: Option<Resume>,
    },
    /// Escalate to a person with the handoff packet.
    Handoff {
        /// Client id of this request (retries carry the same id).
        id: ClientMessageId,
        /// The packet.
        packet: HandoffPacket,
    },
    /// A message to the agent.
    Message {
        /// Client id, for acknowledgement and duplicate suppression.
        id: ClientMessageId,
        /// The text (masked by the widget; the server masks again).
        text: String,
    },
    /// The shopper started or stopped typing.
    Typing {
        /// True while typing.
        typing: bool,
    },
    /// Stop waiting for a person.
    Cancel,
    /// Nobody is available: leave an email and a message instead.
    LeaveMessage {
        /// Client id of this request.
        id: ClientMessageId,
        /// Where to reply.
        email: String,
        /// The message.
        text: String,
    },
    /// Rate the conversation after it ended.
    Rate {
        /// 1 to 5.
        score: u8,
        /// Optional comment.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        comment: Option<String>,
    },
}

/// Where a reconnecting client left off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resume {
    /// The conversation.
    pub conversation: ConversationId,
    /// Its secret token.
    pub token: ConversationToken,
    /// The last sequence number the client saw (0 for none).
    pub last_seq: Seq,
}

/// Where a conversation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    /// Waiting in the queue for a person.
    Queued,
    /// A person is on it.
    Assigned,
    /// The shopper left a message for later (nobody was available).
    Ticket,
    /// The shopper stopped waiting.
    Cancelled,
    /// Finished.
    Closed,
}

/// A stored line of a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredMessage {
    /// Position in the conversation, from 1.
    pub seq: Seq,
    /// Who wrote it.
    pub author: Author,
    /// Display name of the author (the agent's name), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The text, always plain text.
    pub text: String,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
    /// True for agents' internal notes, never sent to shoppers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub internal: bool,
}

/// Machine-readable error codes; each comes with a sentence for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The frame was not valid JSON of a known type.
    BadFrame,
    /// The client speaks another protocol version.
    VersionMismatch,
    /// Unknown site key, or the wrong conversation token.
    NotFound,
    /// The request is not allowed in the conversation's state.
    InvalidState,
    /// The message is longer than the limit.
    TooLarge,
    /// Too many messages too fast.
    RateLimited,
    /// Input failed validation (e.g. an email address).
    Invalid,
    /// Something went wrong on the server; try again.
    Unavailable,
}

/// A frame from the server to the shopper's widget. Decoded tag first
/// (see [`tandem_tag_first`]): the widget's bundle then carries no copy of
/// serde's buffering decoder.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ShopperEvent {
    /// Reply to `hello`: whether people are available now.
    Ready {
        /// True when at least one agent is online.
        agents_online: bool,
    },
    /// The conversation exists (after `handoff`) or was resumed.
    Conversation {
        /// Its id.
        conversation: ConversationId,
        /// Its secret (sent once, on creation; `None` on resume).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        token: Option<ConversationToken>,
        /// Where it stands.
        status: ConversationStatus,
    },
    /// A request with this client id is stored.
    Ack {
        /// The client id.
        id: ClientMessageId,
        /// The sequence number it got, for messages.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seq: Option<Seq>,
    },
    /// A line of the conversation (sent in `seq` order).
    Message(StoredMessage),
    /// Position in the queue and an honest estimate.
    Queue {
        /// 1 is next.
        position: u32,
        /// Estimated wait in seconds, from recent handling times.
        estimated_wait_secs: u32,
    },
    /// A person took the conversation.
    AgentJoined {
        /// Their display name.
        name: String,
    },
    /// The agent started or stopped typing.
    AgentTyping {
        /// True while typing.
        typing: bool,
    },
    /// Nobody can take the conversation now: leave a message instead.
    NoAgents {
        /// When to expect a reply, in hours.
        reply_within_hours: u32,
    },
    /// The conversation moved on: `queued` again after a transfer, or
    /// `closed`, `cancelled`, `ticket`.
    Status {
        /// The new status.
        status: ConversationStatus,
    },
    /// Something was refused; the connection stays open unless said otherwise.
    Error {
        /// What kind.
        code: ErrorCode,
        /// A sentence the widget may show.
        message: String,
    },
}

impl TagFirst for ShopperEvent {
    const TAG: &'static str = "type";
    const EXPECTING: &'static str = "a shopper event";
    const VARIANTS: &'static [&'static str] = &[
        "ready",
        "conversation",
        "ack",
        "message",
        "queue",
        "agent_joined",
        "agent_typing",
        "no_agents",
        "status",
        "error",
    ];

    fn variant<'de, A: MapAccess<'de>>(tag: &str, map: A) -> Option<Result<Self, A::Error>> {
        // Each variant's fields as a struct; `Option` fields may be absent.
        #[derive(Deserialize)]
        struct Ready {
            agents_online: bool,
        }
        #[derive(Deserialize)]
        struct Conversation {
            conversation: ConversationId,
            token: Option<ConversationToken>,
            status: ConversationStatus,
        }
        #[derive(Deserialize)]
        struct Ack {
            id: ClientMessageId,
            seq: Option<Seq>,
        }
        #[derive(Deserialize)]
        struct Queue {
            position: u32,
            estimated_wait_secs: u32,
        }
        #[derive(Deserialize)]
        struct AgentJoined {
            name: String,
        }
        #[derive(Deserialize)]
        struct AgentTyping {
            typing: bool,
        }
        #[derive(Deserialize)]
        struct NoAgents {
            reply_within_hours: u32,
        }
        #[derive(Deserialize)]
        struct Status {
            status: ConversationStatus,
        }
        #[derive(Deserialize)]
        struct Error {
            code: ErrorCode,
            message: String,
        }
        Some(match tag {
            "ready" => rest(map).map(|v: Ready| Self::Ready {
                agents_online: v.agents_online,
            }),
            "conversation" => rest(map).map(|v: Conversation| Self::Conversation {
                conversation: v.conversation,
                token: v.token,
                status: v.status,
            }),
            "ack" => rest(map).map(|v: Ack| Self::Ack {
                id: v.id,
                seq: v.seq,
            }),
            "message" => rest(map).map(Self::Message),
            "queue" => rest(map).map(|v: Queue| Self::Queue {
                position: v.position,
                estimated_wait_secs: v.estimated_wait_secs,
            }),
            "agent_joined" => rest(map).map(|v: AgentJoined| Self::AgentJoined { name: v.name }),
            "agent_typing" => {
                rest(map).map(|v: AgentTyping| Self::AgentTyping { typing: v.typing })
            }
            "no_agents" => rest(map).map(|v: NoAgents| Self::NoAgents {
                reply_within_hours: v.reply_within_hours,
            }),
            "status" => rest(map).map(|v: Status| Self::Status { status: v.status }),
            "error" => rest(map).map(|v: Error| Self::Error {
                code: v.code,
                message: v.message,
            }),
            _ => return None,
        })
    }
}

impl<'de> Deserialize<'de> for ShopperEvent {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        tandem_tag_first::deserialize(deserializer)
    }
}

/// An agent's availability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Takes new conversations up to their capacity.
    Online,
    /// Keeps current conversations, takes no new ones.
    Away,
    /// Takes nothing (still sees how many shoppers wait).
    Offline,
}

/// A frame from the agent console to the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AgentRequest {
    /// Set presence and how many conversations at once.
    Presence {
        /// Availability.
        status: Presence,
        /// Concurrent conversations, 1 to 20.
        capacity: u8,
    },
    /// Take a waiting conversation from the queue.
    Accept {
        /// Which one.
        conversation: ConversationId,
    },
    /// A message to the shopper.
    Message {
        /// Client id, for acknowledgement and duplicate suppression.
        id: ClientMessageId,
        /// The conversation.
        conversation: ConversationId,
        /// The text.
        text: String,
    },
    /// An internal note, visible to agents only.
    Note {
        /// Client id.
        id: ClientMessageId,
        /// The conversation.
        conversation: ConversationId,
        /// The text.
        text: String,
    },
    /// The agent started or stopped typing.
    Typing {
        /// The conversation.
        conversation: ConversationId,
        /// True while typing.
        typing: bool,
    },
    /// Hand the conversation to another agent, or back to the queue.
    Transfer {
        /// The conversation.
        conversation: ConversationId,
        /// The other agent's email; `None` returns it to the queue.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<String>,
    },
    /// End the conversation.
    Close {
        /// The conversation.
        conversation: ConversationId,
        /// Resolution category, e.g. `resolved`, `refund_issued`.
        resolution: String,
    },
    /// Ask for everything after `last_seq` (after a reconnect).
    Resume {
        /// The conversation.
        conversation: ConversationId,
        /// The last sequence number the console saw.
        last_seq: Seq,
    },
}

/// A waiting conversation as the queue shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    /// The conversation.
    pub conversation: ConversationId,
    /// 0 is most urgent.
    pub priority: u8,
    /// Why it was handed off.
    pub reason: String,
    /// The shopper's language.
    pub language: String,
    /// Seconds waited so far.
    pub waiting_secs: u64,
    /// The first line of the shopper's problem.
    pub first_line: String,
}

/// Everything about a conversation an agent sees when it is theirs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationDetail {
    /// The conversation.
    pub conversation: ConversationId,
    /// The site it came from (its knowledge base feeds canned replies).
    #[serde(default)]
    pub site: String,
    /// Where it stands.
    pub status: ConversationStatus,
    /// The handoff packet: reason, intent, context, what was masked.
    pub packet: HandoffPacket,
    /// The whole transcript, bot turns and notes included.
    pub messages: Vec<StoredMessage>,
}

/// A frame from the server to the agent console.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AgentEvent {
    /// The connection is authenticated.
    Ready {
        /// Who is signed in.
        agent: AgentProfile,
    },
    /// The queue changed (sent to every agent, whatever their presence).
    Queue {
        /// Waiting conversations, most urgent first.
        items: Vec<QueueItem>,
        /// Agents online now.
        agents_online: u32,
    },
    /// A conversation is now this agent's.
    Assigned {
        /// Everything about it.
        detail: ConversationDetail,
    },
    /// A new line in one of this agent's conversations.
    Message {
        /// The conversation.
        conversation: ConversationId,
        /// The line.
        message: StoredMessage,
    },
    /// A request with this client id is stored.
    Ack {
        /// The client id.
        id: ClientMessageId,
        /// The sequence number it got.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seq: Option<Seq>,
    },
    /// The shopper started or stopped typing.
    ShopperTyping {
        /// The conversation.
        conversation: ConversationId,
        /// True while typing.
        typing: bool,
    },
    /// The conversation is no longer this agent's (transferred, cancelled, closed).
    Released {
        /// The conversation.
        conversation: ConversationId,
        /// Where it stands now.
        status: ConversationStatus,
    },
    /// The shopper rated a conversation this agent handled.
    Rated {
        /// The conversation.
        conversation: ConversationId,
        /// 1 to 5.
        score: u8,
        /// Optional comment.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        comment: Option<String>,
    },
    /// Something was refused.
    Error {
        /// What kind.
        code: ErrorCode,
        /// A sentence the console shows.
        message: String,
    },
}

/// The numbers a merchant watches to see that automation does not quietly
/// hurt customers (`GET /api/insights?days=N`). Percentages are whole
/// numbers; `None` where there is nothing to divide by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Insights {
    /// One row per UTC day, oldest first, every day of the period present.
    pub days: Vec<InsightsDay>,
    /// Conversations shoppers started with the bot.
    pub started: u32,
    /// Of those, how many the bot resolved: the shopper said an answer
    /// helped and did not ask for a person afterwards.
    pub bot_resolved: u32,
    /// `bot_resolved` as a share of `started`.
    pub bot_resolved_percent: Option<u32>,
    /// Conversations handed to people.
    pub handoffs: u32,
    /// Handoffs by reason (`sensitive`, `asked_for_person`, ...), most first.
    pub handoffs_by_reason: Vec<ReasonCount>,
    /// Handoffs that named a sensitive topic, by its id (`self_harm`,
    /// `financial_hardship`, ...), most first: how many shoppers in
    /// difficulty the shop met. Empty from servers before it.
    #[serde(default)]
    pub handoffs_by_topic: Vec<ReasonCount>,
    /// Median wait from joining the queue to a person taking over.
    pub wait_median_secs: Option<u32>,
    /// 90th percentile of the same wait.
    pub wait_p90_secs: Option<u32>,
    /// Bot-only path: "did this help?" answered yes, of all answers to it.
    pub bot_satisfied_percent: Option<u32>,
    /// How many "did this help?" answers that share is of.
    pub bot_feedback: u32,
    /// Human path: ratings of 4 or 5, of all ratings.
    pub human_satisfied_percent: Option<u32>,
    /// How many ratings that share is of.
    pub human_ratings: u32,
}

/// One day of [`Insights`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsightsDay {
    /// `YYYY-MM-DD`, UTC.
    pub day: String,
    /// Conversations started with the bot.
    pub started: u32,
    /// Resolved by the bot.
    pub bot_resolved: u32,
    /// Handed to people.
    pub handoffs: u32,
    /// Median wait for a person that day.
    pub wait_median_secs: Option<u32>,
}

/// A handoff reason and how often it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonCount {
    /// The reason kind.
    pub reason: String,
    /// How many handoffs.
    pub count: u32,
}

/// A site agents serve, as the console lists them (`GET /api/sites`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteSummary {
    /// The site key (`data-site` in the merchant's tag).
    pub key: String,
    /// The merchant's name.
    pub name: String,
    /// Whether it has a knowledge base (the bot answers only then).
    pub has_knowledge_base: bool,
}

/// A message a shopper left while nobody was available, as the console
/// lists it (`GET /api/tickets`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketView {
    /// Ticket id.
    pub id: i64,
    /// The conversation it came from.
    pub conversation: ConversationId,
    /// Where to reply.
    pub email: String,
    /// What the shopper wrote.
    pub message: String,
    /// When (ms since the epoch).
    pub created_at: i64,
    /// When an agent marked it done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_at: Option<i64>,
}

/// A probability: finite and within 0 to 1. Anything else would not survive
/// a round trip through JSON (an infinity encodes as `null`).
fn probability<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<f32, D::Error> {
    let value = f32::deserialize(deserializer)?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(serde::de::Error::custom(
            "confidence must be between 0 and 1",
        ))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_confidence_out_of_range_is_refused() {
        // Found by the `protocol_decoder` fuzz target: 1e60 became an f32
        // infinity, which JSON cannot carry back (it encodes as null).
        for bad in ["1e60", "-0.5", "1.5"] {
            let frame = format!(
                r#"{{"transcript":[],"reason":"r","reason_kind":"k","priority":1,"confidence":{bad},"language":"en"}}"#
            );
            assert!(
                serde_json::from_str::<super::HandoffPacket>(&frame).is_err(),
                "{bad}"
            );
        }
        let ok = r#"{"transcript":[],"reason":"r","reason_kind":"k","priority":1,"confidence":0.77,"language":"en"}"#;
        assert!(serde_json::from_str::<super::HandoffPacket>(ok).is_ok());
    }

    use super::*;
    use expect_test::expect;

    #[test]
    fn health_wire_format() {
        let health: Health =
            serde_json::from_str(r#"{"status":"ok","version":"0.1.0","protocol":1}"#)
                .expect("literal health JSON parses");
        expect![[r#"Health { status: "ok", version: "0.1.0", protocol: 1 }"#]]
            .assert_eq(&format!("{health:?}"));
    }

    #[test]
    fn login_and_profile_wire_format() {
        let login: LoginRequest =
            serde_json::from_str(r#"{"email":"anna@example.com","password":"pw"}"#)
                .expect("literal login JSON parses");
        assert_eq!(login.email, "anna@example.com");
        let profile = AgentProfile {
            email: "anna@example.com".into(),
            display_name: "Anna".into(),
            languages: vec!["en".into(), "sv".into()],
        };
        expect![[r#"{"email":"anna@example.com","display_name":"Anna","languages":["en","sv"]}"#]]
            .assert_eq(&serde_json::to_string(&profile).expect("serialises"));
    }

    #[test]
    fn shopper_frames_wire_format() {
        let hello: ShopperRequest = serde_json::from_str(
            r#"{"type":"hello","v":1,"site":"demo","resume":{"conversation":"c1","token":"t","last_seq":4}}"#,
        )
        .expect("hello parses");
        assert_eq!(
            hello,
            ShopperRequest::Hello {
                v: 1,
                site: "demo".into(),
                resume: Some(Resume {
                    conversation: ConversationId("c1".into()),
                    token: ConversationToken("t".into()),
                    last_seq: Seq(4),
                }),
            }
        );
        let message: ShopperRequest =
            serde_json::from_str(r#"{"type":"message","id":"m1","text":"hi"}"#)
                .expect("message parses");
        assert_eq!(
            message,
            ShopperRequest::Message {
                id: ClientMessageId("m1".into()),
                text: "hi".into()
            }
        );
        let handoff: ShopperRequest = serde_json::from_str(
            r#"{"type":"handoff","id":"h1","packet":{"transcript":[{"author":"bot","text":"Hi","helpful":false}],
                "reason":"Asked for a person.","reason_kind":"asked_for_person","priority":3,"language":"en",
                "context":{"order_id":"A-1"}}}"#,
        )
        .expect("handoff parses");
        let ShopperRequest::Handoff { packet, .. } = handoff else {
            panic!("not a handoff")
        };
        assert_eq!(packet.transcript[0].helpful, Some(false));
        assert_eq!(packet.context["order_id"], "A-1");
        assert!(serde_json::from_str::<ShopperRequest>(r#"{"type":"shout"}"#).is_err());
    }

    #[test]
    fn shopper_events_wire_format() {
        let events = [
            ShopperEvent::Ack {
                id: ClientMessageId("m1".into()),
                seq: Some(Seq(3)),
            },
            ShopperEvent::Message(StoredMessage {
                seq: Seq(3),
                author: Author::Agent,
                name: Some("Anna".into()),
                text: "<b>hi</b>".into(),
                at: 1_700_000_000_000,
                internal: false,
            }),
            ShopperEvent::Queue {
                position: 2,
                estimated_wait_secs: 240,
            },
            ShopperEvent::Error {
                code: ErrorCode::TooLarge,
                message: "Too long.".into(),
            },
        ];
        let json: Vec<String> = events
            .iter()
            .map(|e| serde_json::to_string(e).expect("serialises"))
            .collect();
        expect![[r#"

            {"type":"ack","id":"m1","seq":3}
            {"type":"message","seq":3,"author":"agent","name":"Anna","text":"<b>hi</b>","at":1700000000000}
            {"type":"queue","position":2,"estimated_wait_secs":240}
            {"type":"error","code":"too_large","message":"Too long."}"#]]
        .assert_eq(&format!("\n{}", json.join("\n")));
    }

    /// Every variant, so a new one cannot miss the tag-first decoder: the
    /// match in `name` stops compiling until it is listed here too.
    fn every_shopper_event() -> Vec<ShopperEvent> {
        let events = vec![
            ShopperEvent::Ready {
                agents_online: true,
            },
            ShopperEvent::Conversation {
                conversation: ConversationId("c1".into()),
                token: Some(ConversationToken("t".into())),
                status: ConversationStatus::Queued,
            },
            ShopperEvent::Conversation {
                conversation: ConversationId("c1".into()),
                token: None,
                status: ConversationStatus::Assigned,
            },
            ShopperEvent::Ack {
                id: ClientMessageId("m1".into()),
                seq: None,
            },
            ShopperEvent::Message(StoredMessage {
                seq: Seq(1),
                author: Author::System,
                name: None,
                text: "Anna joined".into(),
                at: 0,
                internal: true,
            }),
            ShopperEvent::Queue {
                position: 1,
                estimated_wait_secs: 0,
            },
            ShopperEvent::AgentJoined {
                name: "Anna".into(),
            },
            ShopperEvent::AgentTyping { typing: false },
            ShopperEvent::NoAgents {
                reply_within_hours: 24,
            },
            ShopperEvent::Status {
                status: ConversationStatus::Closed,
            },
            ShopperEvent::Error {
                code: ErrorCode::RateLimited,
                message: "Slow down.".into(),
            },
        ];
        let name = |event: &ShopperEvent| match event {
            ShopperEvent::Ready { .. } => "ready",
            ShopperEvent::Conversation { .. } => "conversation",
            ShopperEvent::Ack { .. } => "ack",
            ShopperEvent::Message(_) => "message",
            ShopperEvent::Queue { .. } => "queue",
            ShopperEvent::AgentJoined { .. } => "agent_joined",
            ShopperEvent::AgentTyping { .. } => "agent_typing",
            ShopperEvent::NoAgents { .. } => "no_agents",
            ShopperEvent::Status { .. } => "status",
            ShopperEvent::Error { .. } => "error",
        };
        let mut named: Vec<&str> = events.iter().map(name).collect();
        named.dedup();
        assert_eq!(
            named,
            ShopperEvent::VARIANTS,
            "one sample per variant, in order"
        );
        events
    }

    #[test]
    fn every_shopper_event_decodes_from_what_the_server_writes() {
        for event in every_shopper_event() {
            let json = serde_json::to_string(&event).expect("serialises");
            let decoded: ShopperEvent = serde_json::from_str(&json).expect(&json);
            assert_eq!(decoded, event, "{json}");
        }
    }

    #[test]
    fn a_shopper_event_must_start_with_its_type() {
        let error =
            serde_json::from_str::<ShopperEvent>(r#"{"typing":true,"type":"agent_typing"}"#)
                .expect_err("the tag is not first");
        assert!(
            error
                .to_string()
                .contains(r#"a shopper event must start with "type", found "typing" first"#),
            "{error}"
        );
        let unknown = serde_json::from_str::<ShopperEvent>(r#"{"type":"teleport"}"#)
            .expect_err("no such event");
        assert!(
            unknown.to_string().contains("unknown variant `teleport`"),
            "{unknown}"
        );
    }

    #[test]
    fn agent_frames_wire_format() {
        let presence: AgentRequest =
            serde_json::from_str(r#"{"type":"presence","status":"online","capacity":3}"#)
                .expect("parses");
        assert_eq!(
            presence,
            AgentRequest::Presence {
                status: Presence::Online,
                capacity: 3
            }
        );
        let transfer: AgentRequest =
            serde_json::from_str(r#"{"type":"transfer","conversation":"c1"}"#).expect("parses");
        assert_eq!(
            transfer,
            AgentRequest::Transfer {
                conversation: ConversationId("c1".into()),
                to: None
            }
        );
        let released = AgentEvent::Released {
            conversation: ConversationId("c1".into()),
            status: ConversationStatus::Queued,
        };
        expect![[r#"{"type":"released","conversation":"c1","status":"queued"}"#]]
            .assert_eq(&serde_json::to_string(&released).expect("serialises"));
    }

    #[test]
    fn tokens_do_not_leak_into_debug_output() {
        assert_eq!(
            format!("{:?}", ConversationToken("secret".into())),
            "ConversationToken(…)"
        );
    }

    #[test]
    fn ids_are_bare_on_the_wire() {
        let json = serde_json::to_string(&(
            ConversationId("c_1".into()),
            ClientMessageId("m_1".into()),
            Seq(7),
            Author::Bot,
        ))
        .expect("ids serialise");
        expect![[r#"["c_1","m_1",7,"bot"]"#]].assert_eq(&json);
    }
}
