//! Several servers sharing one PostgreSQL database act as one: each hub
//! keeps its own sockets and tells the others, through PostgreSQL
//! `LISTEN/NOTIFY`, what their sockets need to hear.
//!
//! Why `LISTEN/NOTIFY` rather than a broker (Redis, NATS): the database is
//! already the one thing every node shares and must reach, so fan-out adds
//! no moving part, and a notification is sent only after the write it
//! announces has committed. Notifications are not durable, and that is
//! fine here: they carry no data of record. Message lines travel as
//! `(conversation, seq)` and each node reads them from the database, so a
//! node that missed a notification (its listener reconnected) catches up
//! from its per-conversation cursor; queue and presence are rebuilt from the
//! database and from the next heartbeat.
//!
//! On SQLite there is one node and no [`Cluster`]; the hub behaves exactly
//! as before.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sqlx::postgres::{PgListener, PgPool};
use tandem_protocol::{AgentEvent, ConversationId, Presence, Seq, ShopperEvent};
use tokio::sync::mpsc;

use crate::hub::Command;

/// The `LISTEN/NOTIFY` channel.
const CHANNEL: &str = "tandem_cluster";
/// PostgreSQL refuses notification payloads of 8000 bytes or more.
const MAX_PAYLOAD: usize = 7900;
/// Events waiting to be published; beyond this the hub's events are
/// dropped with an error in the log (the database is down or far behind).
const OUTBOX: usize = 16_384;
/// How often a node repeats its presence.
pub const HEARTBEAT_MS: i64 = 5_000;
/// A node not heard from for this long is gone (its agents with it).
pub const NODE_TIMEOUT_MS: i64 = 3 * HEARTBEAT_MS;

/// What one node tells the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ClusterEvent {
    /// For the shoppers watching `conversation` (never `Message` or
    /// `Queue`: lines go as [`ClusterEvent::Line`], queues are computed by
    /// each node).
    Shoppers {
        /// Whose watchers.
        conversation: ConversationId,
        /// The event.
        event: ShopperEvent,
    },
    /// For `agent`'s consoles (never `Message`, `Assigned` or `Queue`).
    Agent {
        /// Which agent.
        agent: i64,
        /// The event.
        event: AgentEvent,
    },
    /// Line `seq` of `conversation` is stored: deliver it (and any line
    /// before it this node has not delivered) from the database.
    Line {
        /// The conversation.
        conversation: ConversationId,
        /// The new line.
        seq: Seq,
    },
    /// `conversation` was given to `agent`: their consoles load it.
    Assigned {
        /// The conversation.
        conversation: ConversationId,
        /// The agent.
        agent: i64,
    },
    /// `conversation`'s status or agent changed: re-read it.
    Changed {
        /// The conversation.
        conversation: ConversationId,
    },
    /// The agents connected to the sending node (also the heartbeat).
    Presence {
        /// Who is online there.
        agents: Vec<RemoteAgent>,
    },
    /// A node started or lost notifications: everyone repeat presence.
    Hello,
    /// A node is stopping.
    Bye,
}

/// An agent connected to another node, as routing needs them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteAgent {
    /// Database id.
    pub id: i64,
    /// Login email (transfers name colleagues by email).
    pub email: String,
    /// Name shown to shoppers.
    pub name: String,
    /// Languages served.
    pub languages: Vec<String>,
    /// Availability.
    pub presence: Presence,
    /// Concurrent conversations.
    pub capacity: u8,
}

/// An event and the node it came from.
#[derive(Debug, Serialize, Deserialize)]
struct Envelope {
    from: String,
    #[serde(flatten)]
    event: ClusterEvent,
}

/// The agents other nodes reported, and when each node was last heard.
#[derive(Debug, Default)]
pub struct RemoteNodes {
    nodes: HashMap<String, (i64, Vec<RemoteAgent>)>,
}

impl RemoteNodes {
    /// Records `node`'s agents as of `now`.
    pub fn report(&mut self, node: &str, agents: Vec<RemoteAgent>, now: i64) {
        self.nodes.insert(node.to_owned(), (now, agents));
    }

    /// Forgets `node` (it said goodbye).
    pub fn forget(&mut self, node: &str) -> bool {
        self.nodes.remove(node).is_some()
    }

    /// Forgets nodes silent for longer than [`NODE_TIMEOUT_MS`]; `true` if
    /// any went.
    pub fn expire(&mut self, now: i64) -> bool {
        let before = self.nodes.len();
        self.nodes
            .retain(|_, (seen, _)| now - *seen <= NODE_TIMEOUT_MS);
        self.nodes.len() != before
    }

    /// Every agent connected elsewhere.
    pub fn agents(&self) -> impl Iterator<Item = &RemoteAgent> {
        self.nodes.values().flat_map(|(_, agents)| agents)
    }
}

/// A node's way to tell the others; cheap to clone.
#[derive(Clone)]
pub struct Cluster {
    node: String,
    out: mpsc::Sender<ClusterEvent>,
}

impl Cluster {
    /// This node's id (random per process).
    pub fn node(&self) -> &str {
        &self.node
    }

    /// Queues `event` for the other nodes without waiting; they receive
    /// events in the order they were published.
    pub fn publish(&self, event: ClusterEvent) {
        if self.out.try_send(event).is_err() {
            tracing::error!("cluster outbox full or closed; an event for other nodes was dropped");
        }
    }
}

/// Joins the cluster on `pool`'s database: starts the publisher, the
/// listener (which feeds the hub through `hub`) and the heartbeat.
pub fn join(pool: PgPool, hub: mpsc::Sender<Command>) -> Cluster {
    let node = crate::secrets::random_hex(6);
    let (out, outbox) = mpsc::channel(OUTBOX);
    tokio::spawn(publish(pool.clone(), node.clone(), outbox));
    tokio::spawn(listen(pool, node.clone(), hub.clone()));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_millis(HEARTBEAT_MS as u64));
        loop {
            tick.tick().await;
            if hub.send(Command::Heartbeat).await.is_err() {
                return;
            }
        }
    });
    tracing::info!(%node, "joined the cluster");
    Cluster { node, out }
}

/// Sends queued events, batched, in order.
async fn publish(pool: PgPool, node: String, mut outbox: mpsc::Receiver<ClusterEvent>) {
    let mut batch = Vec::new();
    while outbox.recv_many(&mut batch, 256).await > 0 {
        let payloads: Vec<String> = batch
            .drain(..)
            .filter_map(|event| encode(&node, event))
            .collect();
        // One statement per batch; notifications of one transaction are
        // delivered in the order they were sent.
        let mut delay = std::time::Duration::from_millis(50);
        loop {
            let sent =
                sqlx::query("SELECT pg_notify($1, payload) FROM UNNEST($2::TEXT[]) AS payload")
                    .bind(CHANNEL)
                    .bind(&payloads)
                    .execute(&pool)
                    .await;
            match sent {
                Ok(_) => break,
                Err(error) => {
                    tracing::error!(%error, "publishing to the cluster; retrying");
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(std::time::Duration::from_secs(2));
                }
            }
        }
    }
}

/// The wire form of `event`, shortened where it can be (a long rating
/// comment: the whole comment is in the database).
fn encode(node: &str, event: ClusterEvent) -> Option<String> {
    let mut envelope = Envelope {
        from: node.to_owned(),
        event,
    };
    let mut payload = serde_json::to_string(&envelope).ok()?;
    if payload.len() > MAX_PAYLOAD
        && let ClusterEvent::Agent {
            event: AgentEvent::Rated { comment, .. },
            ..
        } = &mut envelope.event
    {
        *comment = comment
            .as_ref()
            .map(|c| c.chars().take(500).chain("…".chars()).collect());
        payload = serde_json::to_string(&envelope).ok()?;
    }
    if payload.len() > MAX_PAYLOAD {
        tracing::error!(bytes = payload.len(), "cluster event too large to publish");
        return None;
    }
    Some(payload)
}

/// Feeds other nodes' events to the hub; after a lost connection asks the
/// hub to resynchronise, since notifications sent meanwhile are gone.
async fn listen(pool: PgPool, node: String, hub: mpsc::Sender<Command>) {
    let mut listener = loop {
        match PgListener::connect_with(&pool).await {
            Ok(mut listener) => match listener.listen(CHANNEL).await {
                Ok(()) => break listener,
                Err(error) => tracing::error!(%error, "LISTEN failed; retrying"),
            },
            Err(error) => tracing::error!(%error, "cluster listener cannot connect; retrying"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    };
    // Whatever happened before LISTEN took effect is read from the database.
    if hub.send(Command::Resync).await.is_err() {
        return;
    }
    loop {
        match listener.try_recv().await {
            Ok(Some(notification)) => {
                let Ok(envelope) = serde_json::from_str::<Envelope>(notification.payload()) else {
                    tracing::warn!("ignoring a malformed cluster notification");
                    continue;
                };
                if envelope.from == node {
                    continue;
                }
                let command = Command::Cluster {
                    node: envelope.from,
                    event: Box::new(envelope.event),
                };
                if hub.send(command).await.is_err() {
                    return;
                }
            }
            // The connection dropped; the next call reconnects and listens
            // again. What was sent in between is lost: resynchronise.
            Ok(None) => {
                tracing::warn!("cluster listener reconnected; resynchronising");
                if hub.send(Command::Resync).await.is_err() {
                    return;
                }
            }
            Err(error) => {
                tracing::error!(%error, "cluster listener failed; retrying");
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent(id: i64) -> RemoteAgent {
        RemoteAgent {
            id,
            email: format!("a{id}@example.com"),
            name: format!("A{id}"),
            languages: vec!["en".to_owned()],
            presence: Presence::Online,
            capacity: 3,
        }
    }

    #[test]
    fn silent_nodes_expire_and_their_agents_with_them() {
        let mut nodes = RemoteNodes::default();
        nodes.report("n1", vec![agent(1)], 0);
        nodes.report("n2", vec![agent(2), agent(3)], 10_000);
        assert_eq!(nodes.agents().count(), 3);
        assert!(!nodes.expire(NODE_TIMEOUT_MS));
        assert!(nodes.expire(NODE_TIMEOUT_MS + 1));
        let ids: Vec<i64> = nodes.agents().map(|a| a.id).collect();
        assert_eq!(ids, [2, 3]);
        assert!(nodes.forget("n2"));
        assert_eq!(nodes.agents().count(), 0);
    }

    #[test]
    fn events_fit_a_notification_and_long_comments_are_shortened() {
        let line = encode(
            "n1",
            ClusterEvent::Line {
                conversation: ConversationId("c_1".to_owned()),
                seq: Seq(7),
            },
        )
        .expect("encodes");
        assert_eq!(
            line,
            r#"{"from":"n1","kind":"line","conversation":"c_1","seq":7}"#
        );
        let back: Envelope = serde_json::from_str(&line).expect("decodes");
        assert_eq!(
            back.event,
            ClusterEvent::Line {
                conversation: ConversationId("c_1".to_owned()),
                seq: Seq(7)
            }
        );
        let rated = encode(
            "n1",
            ClusterEvent::Agent {
                agent: 1,
                event: AgentEvent::Rated {
                    conversation: ConversationId("c_1".to_owned()),
                    score: 5,
                    comment: Some("🙂".repeat(4000)),
                },
            },
        )
        .expect("shortened, not dropped");
        assert!(rated.len() <= MAX_PAYLOAD, "{}", rated.len());
    }
}
