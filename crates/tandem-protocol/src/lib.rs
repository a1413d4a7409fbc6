//! Wire types shared by the widget, the agent console and the server.
//!
//! This crate holds data only: serde types, no I/O and no behaviour beyond
//! small constructors. Every frame is a JSON object tagged by `"type"`, and
//! the envelope carries the protocol version so that a client and a server
//! of different releases notice the mismatch instead of misreading each
//! other. The tests at the bottom parse literal JSON, so the wire format
//! cannot drift silently when a type is renamed.

use serde::{Deserialize, Serialize};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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

#[cfg(test)]
mod tests {
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
