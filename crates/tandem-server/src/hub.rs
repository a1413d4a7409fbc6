//! The relay: one actor task that owns every piece of live state (who is
//! connected, the queue, presence, assignments) and is the only writer of
//! conversation state, so events reach every client in sequence order.
//!
//! Sockets talk to it through a bounded channel of [`Command`]s; it talks
//! back through one bounded channel per connection with `try_send`, so a
//! slow client never stalls the hub: when its channel is full the hub drops
//! the connection, and the client reconnects and resumes from its cursor.
//! Every message is stored before it is acknowledged or relayed.
//!
//! With PostgreSQL several servers run a hub each. Each hub owns only its
//! own sockets; what the others' sockets must hear goes out through
//! [`crate::cluster`], and shared state (the queue, assignments) is decided
//! by the database ([`Store::claim`]) and mirrored in every hub.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use tandem_protocol::{
    AgentEvent, AgentProfile, AgentRequest, Author, ClientMessageId, ConversationDetail,
    ConversationId, ConversationStatus, ConversationToken, ErrorCode, HandoffPacket,
    PROTOCOL_VERSION, Presence, QueueItem, Seq, ShopperEvent, ShopperRequest, StoredMessage,
};
use tokio::sync::mpsc;

use crate::cluster::{Cluster, ClusterEvent, RemoteAgent, RemoteNodes};
use crate::metrics::Metrics;
use crate::secrets::{random_hex, token_hash};
use crate::sites::Sites;
use crate::store::{Agent, Conversation, NewConversation, NewMessage, Store, StoredMessageError};

/// Identifies one socket.
pub type ConnId = u64;

/// Capacity of each connection's outgoing channel.
pub const CONNECTION_BUFFER: usize = 256;
/// Longest message text accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 4000;
/// Capacity an agent has until they set one.
pub const DEFAULT_CAPACITY: u8 = 3;
/// Handling time assumed before any conversation has closed.
const DEFAULT_HANDLING_SECS: f64 = 240.0;

/// What sockets tell the hub.
#[derive(Debug)]
pub enum Command {
    /// A shopper socket opened.
    ShopperConnected {
        /// Its id.
        conn: ConnId,
        /// Where to send its events.
        out: mpsc::Sender<ShopperEvent>,
    },
    /// A shopper frame.
    Shopper {
        /// From which socket.
        conn: ConnId,
        /// The frame.
        request: ShopperRequest,
    },
    /// An agent socket opened (already authenticated).
    AgentConnected {
        /// Its id.
        conn: ConnId,
        /// Who.
        agent: Box<Agent>,
        /// Where to send its events.
        out: mpsc::Sender<AgentEvent>,
    },
    /// An agent frame.
    Agent {
        /// From which socket.
        conn: ConnId,
        /// The frame.
        request: AgentRequest,
    },
    /// A socket closed.
    Gone {
        /// Which.
        conn: ConnId,
    },
    /// Another node's event (see [`crate::cluster`]).
    Cluster {
        /// The node that sent it.
        node: String,
        /// What happened there.
        event: Box<ClusterEvent>,
    },
    /// A line handed to the store has been stored (or not).
    Appended {
        /// Its conversation.
        conversation: ConversationId,
        /// What the store said.
        result: Result<(StoredMessage, bool), StoredMessageError>,
    },
    /// Notifications may have been missed: re-read shared state.
    Resync,
    /// Time to repeat this node's presence and forget silent nodes.
    Heartbeat,
    /// The server is stopping: every write before this is done; close all
    /// sockets (clients reconnect, to this server or another) and stop.
    Shutdown {
        /// Answered once the hub has stopped.
        done: tokio::sync::oneshot::Sender<()>,
    },
}

/// A handle to send commands to the hub.
#[derive(Clone)]
pub struct HubHandle {
    tx: mpsc::Sender<Command>,
    next_conn: Arc<std::sync::atomic::AtomicU64>,
}

impl HubHandle {
    /// A fresh connection id.
    pub fn next_conn(&self) -> ConnId {
        self.next_conn
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }

    /// Sends a command; waits if the hub is busy (backpressure on readers).
    pub async fn send(&self, command: Command) -> bool {
        self.tx.send(command).await.is_ok()
    }

    /// Stops the hub after the commands already queued, closing every
    /// socket so clients reconnect; returns when it has stopped.
    pub async fn shutdown(&self) {
        let (done, stopped) = tokio::sync::oneshot::channel();
        if self.tx.send(Command::Shutdown { done }).await.is_ok() {
            let _ = stopped.await;
        }
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A conversation waiting or being handled.
struct Live {
    status: ConversationStatus,
    priority: u8,
    language: String,
    queued_at: i64,
    agent: Option<i64>,
    reason: String,
    first_line: String,
}

impl Live {
    fn from_conversation(c: &Conversation) -> Self {
        let first_line = c
            .packet
            .transcript
            .iter()
            .find(|l| l.author == Author::Shopper)
            .map(|l| l.text.chars().take(140).collect())
            .unwrap_or_default();
        Self {
            status: c.status,
            priority: c.priority,
            language: c.language.clone(),
            queued_at: c.queued_at,
            agent: c.agent_id,
            reason: c.packet.reason.clone(),
            first_line,
        }
    }
}

struct ShopperConn {
    out: mpsc::Sender<ShopperEvent>,
    site: Option<String>,
    conversation: Option<ConversationId>,
}

struct AgentLive {
    profile: Agent,
    conns: HashMap<ConnId, mpsc::Sender<AgentEvent>>,
    presence: Presence,
    capacity: u8,
}

/// The actor's state.
pub struct Hub {
    store: Arc<dyn Store>,
    metrics: Arc<Metrics>,
    sites: Arc<Sites>,
    rx: mpsc::Receiver<Command>,
    shoppers: HashMap<ConnId, ShopperConn>,
    watchers: HashMap<ConversationId, BTreeSet<ConnId>>,
    agents: HashMap<i64, AgentLive>,
    agent_conns: HashMap<ConnId, i64>,
    live: HashMap<ConversationId, Live>,
    mean_handling_secs: f64,
    /// Other nodes, when several servers share PostgreSQL.
    cluster: Option<Cluster>,
    /// Agents connected to other nodes.
    remote: RemoteNodes,
    /// Per conversation, the last line this node delivered live: lines reach
    /// clients in order even when another node stored them.
    delivered: HashMap<ConversationId, Seq>,
    /// Per conversation, lines waiting to be stored; the first is being
    /// stored now. One at a time per conversation keeps each sender's lines
    /// in order; many conversations at once let the store commit them
    /// together.
    appending: HashMap<ConversationId, std::collections::VecDeque<PendingLine>>,
    /// The end asked for while lines of the conversation were still being
    /// stored: it happens once those lines are stored and relayed, so a
    /// line accepted before the end reaches the agent before it. Only the
    /// first end asked for counts: the conversation is over after it.
    deferred_ends: HashMap<ConversationId, (ConversationStatus, Option<String>)>,
    /// The hub's own mailbox, for storage tasks to report back (weak, so
    /// the hub still stops when every handle is gone).
    mailbox: mpsc::WeakSender<Command>,
}

/// A line accepted from a socket, not stored yet.
struct PendingLine {
    conn: ConnId,
    id: ClientMessageId,
    author: Author,
    name: Option<String>,
    text: String,
    internal: bool,
    now: i64,
}

/// An agent who can take conversations, on this node or another.
struct Available<'a> {
    id: i64,
    email: &'a str,
    name: &'a str,
    languages: &'a [String],
    presence: Presence,
    capacity: u8,
}

/// How an assignment is made.
#[derive(Clone, Copy)]
enum Claim {
    /// The router picked the agent; they have this many slots.
    Route(u8),
    /// The agent took it from the queue.
    Accept,
    /// Its agent handed it to a colleague.
    Transfer,
}

/// Starts the hub over `store`, restoring the open conversations.
pub async fn spawn(
    store: Arc<dyn Store>,
    sites: Arc<Sites>,
    metrics: Arc<Metrics>,
) -> Result<HubHandle, crate::store::StoreError> {
    let (tx, rx) = mpsc::channel(4096);
    let cluster = store
        .postgres_pool()
        .map(|pool| crate::cluster::join(pool, tx.clone()));
    let mut live = HashMap::new();
    for c in store.open_conversations().await? {
        live.insert(c.id.clone(), Live::from_conversation(&c));
    }
    let mean_handling_secs = store
        .mean_handling_secs(50)
        .await?
        .unwrap_or(DEFAULT_HANDLING_SECS);
    let hub = Hub {
        store,
        metrics,
        sites,
        rx,
        shoppers: HashMap::new(),
        watchers: HashMap::new(),
        agents: HashMap::new(),
        agent_conns: HashMap::new(),
        live,
        mean_handling_secs,
        cluster,
        remote: RemoteNodes::default(),
        delivered: HashMap::new(),
        appending: HashMap::new(),
        deferred_ends: HashMap::new(),
        mailbox: tx.downgrade(),
    };
    tokio::spawn(hub.run());
    Ok(HubHandle {
        tx,
        next_conn: Arc::new(std::sync::atomic::AtomicU64::new(1)),
    })
}

/// An error frame for a shopper.
pub(crate) fn shopper_error(code: ErrorCode, message: &str) -> ShopperEvent {
    ShopperEvent::Error {
        code,
        message: message.to_owned(),
    }
}

/// An error frame for an agent.
pub(crate) fn agent_error(code: ErrorCode, message: &str) -> AgentEvent {
    AgentEvent::Error {
        code,
        message: message.to_owned(),
    }
}

const UNAVAILABLE: &str = "Something went wrong on our side. Please try again in a moment.";

impl Hub {
    async fn run(mut self) {
        while let Some(command) = self.rx.recv().await {
            match command {
                Command::ShopperConnected { conn, out } => {
                    self.metrics.connection(false, 1);
                    self.shoppers.insert(
                        conn,
                        ShopperConn {
                            out,
                            site: None,
                            conversation: None,
                        },
                    );
                }
                Command::Shopper { conn, request } => self.shopper(conn, request).await,
                Command::AgentConnected { conn, agent, out } => {
                    self.agent_connected(conn, *agent, out).await
                }
                Command::Agent { conn, request } => self.agent(conn, request).await,
                Command::Gone { conn } => self.gone(conn),
                Command::Cluster { node, event } => self.cluster_event(&node, *event).await,
                Command::Resync => self.resync().await,
                Command::Appended {
                    conversation,
                    result,
                } => self.appended(conversation, result).await,
                Command::Heartbeat => {
                    self.publish_presence();
                    if self.remote.expire(now_ms()) {
                        self.route().await;
                        self.broadcast_queue();
                    }
                }
                Command::Shutdown { done } => {
                    self.publish(ClusterEvent::Bye);
                    // Every command before this one has been stored and
                    // relayed. Dropping the senders makes each writer send a
                    // close frame (1012: service restart) and end.
                    tracing::info!(
                        shoppers = self.shoppers.len(),
                        agents = self.agent_conns.len(),
                        "closing live connections"
                    );
                    self.shoppers.clear();
                    self.watchers.clear();
                    self.agents.clear();
                    self.agent_conns.clear();
                    let _ = done.send(());
                    return;
                }
            }
        }
    }

    // ----- sending -----

    fn send_shopper(&mut self, conn: ConnId, event: ShopperEvent) {
        let failed = self
            .shoppers
            .get(&conn)
            .is_some_and(|s| s.out.try_send(event).is_err());
        if failed {
            // Full or closed: drop it; the widget reconnects and resumes.
            tracing::warn!(conn, "shopper connection too slow or gone; dropping it");
            self.gone(conn);
        }
    }

    /// Tells the conversation's shoppers, here and on other nodes.
    fn send_watchers(&mut self, conversation: &ConversationId, event: &ShopperEvent) {
        self.send_watchers_local(conversation, event);
        self.publish(ClusterEvent::Shoppers {
            conversation: conversation.clone(),
            event: event.clone(),
        });
    }

    /// Tells the conversation's shoppers connected to this node.
    fn send_watchers_local(&mut self, conversation: &ConversationId, event: &ShopperEvent) {
        let conns: Vec<ConnId> = self
            .watchers
            .get(conversation)
            .map(|w| w.iter().copied().collect())
            .unwrap_or_default();
        for conn in conns {
            self.send_shopper(conn, event.clone());
        }
    }

    /// Tells an agent's consoles, here and on other nodes.
    fn send_agent(&mut self, agent: i64, event: &AgentEvent) {
        self.send_agent_local(agent, event);
        self.publish(ClusterEvent::Agent {
            agent,
            event: event.clone(),
        });
    }

    /// Tells an agent's consoles connected to this node.
    fn send_agent_local(&mut self, agent: i64, event: &AgentEvent) {
        let Some(live) = self.agents.get(&agent) else {
            return;
        };
        let failed: Vec<ConnId> = live
            .conns
            .iter()
            .filter(|(_, out)| out.try_send(event.clone()).is_err())
            .map(|(c, _)| *c)
            .collect();
        for conn in failed {
            tracing::warn!(conn, "agent connection too slow or gone; dropping it");
            self.gone(conn);
        }
    }

    fn send_agent_conn(&mut self, conn: ConnId, event: AgentEvent) {
        let failed = self
            .agent_conns
            .get(&conn)
            .and_then(|a| self.agents.get(a))
            .and_then(|a| a.conns.get(&conn))
            .is_some_and(|out| out.try_send(event).is_err());
        if failed {
            self.gone(conn);
        }
    }

    /// Storage failed: the log gets the cause, the shopper only a request
    /// to try again.
    fn shopper_unavailable(&mut self, conn: ConnId, doing: &str, error: &dyn std::fmt::Display) {
        tracing::error!(%error, "{doing}");
        self.send_shopper(conn, shopper_error(ErrorCode::Unavailable, UNAVAILABLE));
    }

    /// Storage failed: the log gets the cause, the agent only a request to
    /// try again.
    fn agent_unavailable(&mut self, conn: ConnId, doing: &str, error: &dyn std::fmt::Display) {
        tracing::error!(%error, "{doing}");
        self.send_agent_conn(conn, agent_error(ErrorCode::Unavailable, UNAVAILABLE));
    }

    fn gone(&mut self, conn: ConnId) {
        if self.shoppers.contains_key(&conn) {
            self.metrics.connection(false, -1);
        }
        if self.agent_conns.contains_key(&conn) {
            self.metrics.connection(true, -1);
        }
        if let Some(shopper) = self.shoppers.remove(&conn)
            && let Some(c) = shopper.conversation
            && let Some(w) = self.watchers.get_mut(&c)
        {
            w.remove(&conn);
            if w.is_empty() {
                self.watchers.remove(&c);
            }
        }
        if let Some(agent) = self.agent_conns.remove(&conn) {
            if let Some(live) = self.agents.get_mut(&agent) {
                live.conns.remove(&conn);
            }
            self.publish_presence();
            self.broadcast_queue();
        }
    }

    // ----- shoppers -----

    async fn shopper(&mut self, conn: ConnId, request: ShopperRequest) {
        match request {
            ShopperRequest::Hello { v, site, resume } => self.hello(conn, v, site, resume).await,
            ShopperRequest::Handoff { id, packet } => self.handoff(conn, id, packet).await,
            ShopperRequest::Message { id, text } => self.shopper_message(conn, id, text),
            ShopperRequest::Typing { typing } => {
                if let Some(agent) = self
                    .attached(conn)
                    .and_then(|c| self.live.get(&c).and_then(|l| l.agent).map(|a| (c, a)))
                {
                    let (conversation, agent) = agent;
                    self.send_agent(
                        agent,
                        &AgentEvent::ShopperTyping {
                            conversation,
                            typing,
                        },
                    );
                }
            }
            ShopperRequest::Cancel => self.cancel(conn).await,
            ShopperRequest::LeaveMessage { id, email, text } => {
                self.leave_message(conn, id, email, text).await
            }
            ShopperRequest::Rate { score, comment } => self.rate(conn, score, comment).await,
        }
    }

    fn attached(&self, conn: ConnId) -> Option<ConversationId> {
        self.shoppers
            .get(&conn)
            .and_then(|s| s.conversation.clone())
    }

    fn attach(&mut self, conn: ConnId, conversation: &ConversationId) {
        if let Some(s) = self.shoppers.get_mut(&conn) {
            s.conversation = Some(conversation.clone());
        }
        self.watchers
            .entry(conversation.clone())
            .or_default()
            .insert(conn);
    }

    fn agents_online(&self) -> u32 {
        self.available()
            .iter()
            .filter(|a| a.presence == Presence::Online)
            .count() as u32
    }

    /// Agents connected here or on another node (here wins for an agent
    /// connected to both).
    fn available(&self) -> Vec<Available<'_>> {
        let mut seen = HashSet::new();
        let local = self
            .agents
            .iter()
            .filter(|(_, a)| !a.conns.is_empty())
            .map(|(id, a)| Available {
                id: *id,
                email: &a.profile.email,
                name: &a.profile.display_name,
                languages: &a.profile.languages,
                presence: a.presence,
                capacity: a.capacity,
            });
        let remote = self.remote.agents().map(|a| Available {
            id: a.id,
            email: &a.email,
            name: &a.name,
            languages: &a.languages,
            presence: a.presence,
            capacity: a.capacity,
        });
        local.chain(remote).filter(|a| seen.insert(a.id)).collect()
    }

    fn agent_name(&self, agent: i64) -> Option<String> {
        self.available()
            .iter()
            .find(|a| a.id == agent)
            .map(|a| a.name.to_owned())
            .or_else(|| {
                self.agents
                    .get(&agent)
                    .map(|a| a.profile.display_name.clone())
            })
    }

    async fn hello(
        &mut self,
        conn: ConnId,
        v: u16,
        site: String,
        resume: Option<tandem_protocol::Resume>,
    ) {
        if v != PROTOCOL_VERSION {
            return self.send_shopper(
                conn,
                shopper_error(
                    ErrorCode::VersionMismatch,
                    "Please reload the page to update the chat.",
                ),
            );
        }
        if self.sites.get(&site).is_none() {
            return self.send_shopper(
                conn,
                shopper_error(
                    ErrorCode::NotFound,
                    "This chat is not set up for this shop.",
                ),
            );
        }
        if let Some(s) = self.shoppers.get_mut(&conn) {
            s.site = Some(site.clone());
        }
        let agents_online = self.agents_online() > 0;
        self.send_shopper(conn, ShopperEvent::Ready { agents_online });
        let Some(resume) = resume else { return };
        let found = self
            .store
            .conversation_by_token(&resume.conversation, &token_hash(&resume.token.0))
            .await;
        let conversation = match found {
            Ok(Some(c)) if c.site == site => c,
            Ok(_) => {
                return self.send_shopper(
                    conn,
                    shopper_error(
                        ErrorCode::NotFound,
                        "We could not find that conversation. You can start a new one.",
                    ),
                );
            }
            Err(e) => {
                return self.shopper_unavailable(conn, "resuming a conversation", &e);
            }
        };
        self.attach(conn, &conversation.id);
        let status = self
            .live
            .get(&conversation.id)
            .map_or(conversation.status, |l| l.status);
        self.send_shopper(
            conn,
            ShopperEvent::Conversation {
                conversation: conversation.id.clone(),
                token: None,
                status,
            },
        );
        self.replay_to_shopper(conn, &conversation.id, resume.last_seq)
            .await;
        if let Some(agent) = self.live.get(&conversation.id).and_then(|l| l.agent)
            && let Some(name) = self.agent_name(agent)
        {
            self.send_shopper(conn, ShopperEvent::AgentJoined { name });
        }
        // A shopper who was offered to leave a message, and comes back
        // while still nobody can answer, is offered it again (not told to
        // wait in line for nobody).
        if status == ConversationStatus::Queued {
            self.offer_a_message_if_nobody_answers(conn, &site);
        }
        self.broadcast_queue();
    }

    /// Tells a waiting shopper to leave a message when nobody can answer now
    /// (nobody online, or outside the site's hours).
    fn offer_a_message_if_nobody_answers(&mut self, conn: ConnId, site: &str) {
        let open = self
            .sites
            .get(site)
            .and_then(|s| s.business_hours.as_ref())
            .is_none_or(|hours| hours.is_open(now_ms()));
        if self.agents_online() == 0 || !open {
            let hours = self.sites.get(site).map_or(24, |s| s.reply_within_hours);
            self.send_shopper(
                conn,
                ShopperEvent::NoAgents {
                    reply_within_hours: hours,
                },
            );
        }
    }

    async fn replay_to_shopper(&mut self, conn: ConnId, conversation: &ConversationId, after: Seq) {
        match self.store.messages_after(conversation, after).await {
            Ok(messages) => {
                let last = messages.last().map_or(after, |m| m.seq);
                self.delivered.entry(conversation.clone()).or_insert(last);
                for m in messages.into_iter().filter(|m| !m.internal) {
                    self.send_shopper(conn, ShopperEvent::Message(m));
                }
            }
            Err(e) => {
                self.shopper_unavailable(conn, "replaying messages", &e);
            }
        }
    }

    async fn handoff(&mut self, conn: ConnId, id: ClientMessageId, mut packet: HandoffPacket) {
        let Some(site) = self.shoppers.get(&conn).and_then(|s| s.site.clone()) else {
            return self.send_shopper(
                conn,
                shopper_error(ErrorCode::InvalidState, "Say hello first."),
            );
        };
        if packet.transcript.len() > 200
            || packet
                .transcript
                .iter()
                .any(|l| l.text.chars().count() > MAX_TEXT_CHARS)
        {
            return self.send_shopper(
                conn,
                shopper_error(
                    ErrorCode::TooLarge,
                    "The conversation is too long to hand over.",
                ),
            );
        }
        // Second line of defence: mask personal data the widget missed.
        for line in &mut packet.transcript {
            line.text = tandem_triage::pii::redact(&line.text).text;
        }
        packet.language = packet
            .language
            .chars()
            .filter(char::is_ascii_alphabetic)
            .take(8)
            .collect();
        if packet.language.is_empty() {
            packet.language = "en".to_owned();
        }
        // Only a topic triage knows: the console acts on the id.
        packet.topic = packet
            .topic
            .filter(|id| tandem_triage::sensitive::Topic::from_id(id).is_some());
        let token = random_hex(16);
        let new = NewConversation {
            id: ConversationId(format!("c_{}", random_hex(12))),
            token_hash: token_hash(&token),
            site: site.clone(),
            handoff_client_id: id.0.clone(),
            packet,
            now: now_ms(),
        };
        let reason_kind = new.packet.reason_kind.clone();
        let (conversation, _) = match self.store.create_conversation(&new).await {
            Ok((conversation, true)) => {
                self.metrics.handoff(&reason_kind);
                (conversation, true)
            }
            Ok(existing) => existing,
            Err(e) => {
                return self.shopper_unavailable(conn, "creating a conversation", &e);
            }
        };
        self.attach(conn, &conversation.id);
        self.send_shopper(
            conn,
            ShopperEvent::Conversation {
                conversation: conversation.id.clone(),
                token: Some(ConversationToken(token)),
                status: conversation.status,
            },
        );
        self.send_shopper(
            conn,
            ShopperEvent::Ack {
                id,
                seq: Some(conversation.last_seq),
            },
        );
        self.delivered
            .entry(conversation.id.clone())
            .or_insert(conversation.last_seq);
        if matches!(
            conversation.status,
            ConversationStatus::Queued | ConversationStatus::Assigned
        ) {
            self.live
                .entry(conversation.id.clone())
                .or_insert_with(|| Live::from_conversation(&conversation));
            self.publish(ClusterEvent::Changed {
                conversation: conversation.id.clone(),
            });
        }
        tracing::info!(conversation = %conversation.id.0, priority = conversation.priority, "handoff");
        self.offer_a_message_if_nobody_answers(conn, &site);
        self.route().await;
        self.broadcast_queue();
    }

    fn shopper_message(&mut self, conn: ConnId, id: ClientMessageId, text: String) {
        let Some(conversation) = self.attached(conn) else {
            return self.send_shopper(
                conn,
                shopper_error(
                    ErrorCode::InvalidState,
                    "There is no open conversation yet.",
                ),
            );
        };
        if !self.live.contains_key(&conversation) {
            return self.send_shopper(
                conn,
                shopper_error(ErrorCode::InvalidState, "This conversation has ended."),
            );
        }
        let text = tandem_triage::pii::redact(&text).text;
        self.enqueue_line(
            conversation,
            PendingLine {
                conn,
                id,
                author: Author::Shopper,
                name: None,
                text,
                internal: false,
                now: now_ms(),
            },
        );
    }

    async fn cancel(&mut self, conn: ConnId) {
        let Some(conversation) = self.attached(conn).filter(|c| self.live.contains_key(c)) else {
            return self.send_shopper(
                conn,
                shopper_error(ErrorCode::InvalidState, "There is nothing to cancel."),
            );
        };
        self.end(&conversation, ConversationStatus::Cancelled, None)
            .await;
    }

    /// Ends a live conversation: stores the status, tells everyone, frees
    /// the agent's capacity for the next in the queue.
    async fn end(
        &mut self,
        conversation: &ConversationId,
        status: ConversationStatus,
        resolution: Option<&str>,
    ) {
        if self.appending.contains_key(conversation) {
            self.deferred_ends
                .entry(conversation.clone())
                .or_insert_with(|| (status, resolution.map(str::to_owned)));
            return;
        }
        // The agent stays on record: ratings and insights need who handled it.
        let handled_by = self.live.get(conversation).and_then(|l| l.agent);
        if let Err(e) = self
            .store
            .set_status(conversation, status, handled_by, resolution, now_ms())
            .await
        {
            tracing::error!(error = %e, "ending a conversation");
            self.send_watchers(
                conversation,
                &shopper_error(ErrorCode::Unavailable, UNAVAILABLE),
            );
            return;
        }
        let agent = self.live.remove(conversation).and_then(|l| l.agent);
        self.publish(ClusterEvent::Changed {
            conversation: conversation.clone(),
        });
        self.metrics.ended(match status {
            ConversationStatus::Cancelled => "cancelled",
            _ => "closed",
        });
        if status == ConversationStatus::Closed
            && let Ok(Some(mean)) = self.store.mean_handling_secs(50).await
        {
            self.mean_handling_secs = mean;
        }
        self.send_watchers(conversation, &ShopperEvent::Status { status });
        if let Some(agent) = agent {
            self.send_agent(
                agent,
                &AgentEvent::Released {
                    conversation: conversation.clone(),
                    status,
                },
            );
        }
        self.route().await;
        self.broadcast_queue();
    }

    async fn leave_message(
        &mut self,
        conn: ConnId,
        id: ClientMessageId,
        email: String,
        text: String,
    ) {
        let Some(conversation) = self.attached(conn) else {
            return self.send_shopper(
                conn,
                shopper_error(
                    ErrorCode::InvalidState,
                    "There is no open conversation yet.",
                ),
            );
        };
        let email = email.trim().to_owned();
        let valid_email = email.len() <= 254
            && email.split_once('@').is_some_and(|(user, host)| {
                !user.is_empty()
                    && host.contains('.')
                    && !host.starts_with('.')
                    && !host.ends_with('.')
            })
            && !email.contains(char::is_whitespace);
        if !valid_email {
            return self.send_shopper(
                conn,
                shopper_error(ErrorCode::Invalid, "Please check the email address."),
            );
        }
        let text = tandem_triage::pii::redact(text.trim()).text;
        if text.is_empty() || text.chars().count() > MAX_TEXT_CHARS {
            return self.send_shopper(
                conn,
                shopper_error(
                    ErrorCode::Invalid,
                    "Please write a message (up to 4000 characters).",
                ),
            );
        }
        if let Err(e) = self
            .store
            .create_ticket(&conversation, &email, &text, now_ms())
            .await
        {
            return self.shopper_unavailable(conn, "creating a ticket", &e);
        }
        let agent = self.live.remove(&conversation).and_then(|l| l.agent);
        self.publish(ClusterEvent::Changed {
            conversation: conversation.clone(),
        });
        self.metrics.ended("ticket");
        self.send_shopper(conn, ShopperEvent::Ack { id, seq: None });
        self.send_watchers(
            &conversation,
            &ShopperEvent::Status {
                status: ConversationStatus::Ticket,
            },
        );
        if let Some(agent) = agent {
            self.send_agent(
                agent,
                &AgentEvent::Released {
                    conversation,
                    status: ConversationStatus::Ticket,
                },
            );
        }
        self.route().await;
        self.broadcast_queue();
    }

    async fn rate(&mut self, conn: ConnId, score: u8, comment: Option<String>) {
        let Some(conversation) = self.attached(conn) else {
            return self.send_shopper(
                conn,
                shopper_error(ErrorCode::InvalidState, "There is no conversation to rate."),
            );
        };
        if !(1..=5).contains(&score) {
            return self.send_shopper(
                conn,
                shopper_error(ErrorCode::Invalid, "A rating is 1 to 5."),
            );
        }
        let comment = comment
            .map(|c| tandem_triage::pii::redact(c.trim()).text)
            .filter(|c| !c.is_empty());
        if comment
            .as_ref()
            .is_some_and(|c| c.chars().count() > MAX_TEXT_CHARS)
        {
            return self.send_shopper(
                conn,
                shopper_error(ErrorCode::TooLarge, "The comment is too long."),
            );
        }
        let stored = match self.store.conversation(&conversation).await {
            Ok(Some(c)) => c,
            Ok(None) => return,
            Err(e) => {
                return self.shopper_unavailable(conn, "rating", &e);
            }
        };
        if stored.status != ConversationStatus::Closed {
            return self.send_shopper(
                conn,
                shopper_error(
                    ErrorCode::InvalidState,
                    "You can rate the conversation once it has ended.",
                ),
            );
        }
        if let Err(e) = self
            .store
            .rate(&conversation, score, comment.as_deref())
            .await
        {
            return self.shopper_unavailable(conn, "rating", &e);
        }
        self.metrics.rating(score);
        self.send_shopper(
            conn,
            ShopperEvent::Status {
                status: ConversationStatus::Closed,
            },
        );
        if let Some(agent) = stored.agent_id {
            self.send_agent(
                agent,
                &AgentEvent::Rated {
                    conversation,
                    score,
                    comment,
                },
            );
        }
    }

    // ----- agents -----

    async fn agent_connected(&mut self, conn: ConnId, agent: Agent, out: mpsc::Sender<AgentEvent>) {
        self.metrics.connection(true, 1);
        let id = agent.id;
        let profile = AgentProfile {
            email: agent.email.clone(),
            display_name: agent.display_name.clone(),
            languages: agent.languages.clone(),
        };
        let live = self.agents.entry(id).or_insert_with(|| AgentLive {
            profile: agent.clone(),
            conns: HashMap::new(),
            // Offline until the agent chooses: logging in to look at the
            // queue must not hand anyone a conversation by surprise.
            presence: Presence::Offline,
            capacity: DEFAULT_CAPACITY,
        });
        live.profile = agent;
        live.conns.insert(conn, out);
        self.agent_conns.insert(conn, id);
        self.send_agent_conn(conn, AgentEvent::Ready { agent: profile });
        let mine: Vec<ConversationId> = self
            .live
            .iter()
            .filter(|(_, l)| l.agent == Some(id))
            .map(|(c, _)| c.clone())
            .collect();
        for conversation in mine {
            if let Some(detail) = self.detail(&conversation).await {
                self.send_agent_conn(conn, AgentEvent::Assigned { detail });
            }
        }
        self.publish_presence();
        self.route().await;
        self.broadcast_queue();
    }

    /// The conversation as a console opens it; live lines after these
    /// follow from here.
    async fn detail(&mut self, conversation: &ConversationId) -> Option<ConversationDetail> {
        let found = self.store.conversation(conversation).await;
        let messages = self.store.messages_after(conversation, Seq(0)).await;
        if let Ok(messages) = &messages {
            let last = messages.last().map_or(Seq(0), |m| m.seq);
            self.delivered.entry(conversation.clone()).or_insert(last);
        }
        match (found, messages) {
            (Ok(Some(c)), Ok(messages)) => Some(ConversationDetail {
                conversation: c.id,
                site: c.site,
                status: self.live.get(conversation).map_or(c.status, |l| l.status),
                packet: c.packet,
                messages,
            }),
            (Err(e), _) | (_, Err(e)) => {
                tracing::error!(error = %e, "loading a conversation for an agent");
                None
            }
            _ => None,
        }
    }

    fn owned_by(&self, conn: ConnId, conversation: &ConversationId) -> Option<i64> {
        let agent = *self.agent_conns.get(&conn)?;
        (self.live.get(conversation)?.agent == Some(agent)).then_some(agent)
    }

    async fn agent(&mut self, conn: ConnId, request: AgentRequest) {
        let Some(&agent) = self.agent_conns.get(&conn) else {
            return;
        };
        match request {
            AgentRequest::Presence { status, capacity } => {
                if let Some(live) = self.agents.get_mut(&agent) {
                    live.presence = status;
                    live.capacity = capacity.clamp(1, 20);
                }
                self.publish_presence();
                self.route().await;
                self.broadcast_queue();
            }
            AgentRequest::Accept { conversation } => {
                let queued = self
                    .live
                    .get(&conversation)
                    .is_some_and(|l| l.status == ConversationStatus::Queued);
                if !queued || !self.assign(&conversation, agent, Claim::Accept).await {
                    self.broadcast_queue();
                    return self.send_agent_conn(
                        conn,
                        agent_error(
                            ErrorCode::InvalidState,
                            "Someone else has taken that conversation.",
                        ),
                    );
                }
                self.broadcast_queue();
            }
            AgentRequest::Message {
                id,
                conversation,
                text,
            } => self.agent_message(conn, id, conversation, text, false),
            AgentRequest::Note {
                id,
                conversation,
                text,
            } => self.agent_message(conn, id, conversation, text, true),
            AgentRequest::Typing {
                conversation,
                typing,
            } => {
                if self.owned_by(conn, &conversation).is_some() {
                    self.send_watchers(&conversation, &ShopperEvent::AgentTyping { typing });
                }
            }
            AgentRequest::Transfer { conversation, to } => {
                self.transfer(conn, conversation, to).await
            }
            AgentRequest::Close {
                conversation,
                resolution,
            } => {
                if self.owned_by(conn, &conversation).is_none() {
                    return self.send_agent_conn(
                        conn,
                        agent_error(ErrorCode::InvalidState, "That conversation is not yours."),
                    );
                }
                let resolution: String = resolution.chars().take(64).collect();
                self.end(&conversation, ConversationStatus::Closed, Some(&resolution))
                    .await;
            }
            AgentRequest::Resume {
                conversation,
                last_seq,
            } => {
                if self.owned_by(conn, &conversation).is_none() {
                    return self.send_agent_conn(
                        conn,
                        agent_error(ErrorCode::InvalidState, "That conversation is not yours."),
                    );
                }
                match self.store.messages_after(&conversation, last_seq).await {
                    Ok(messages) => {
                        for message in messages {
                            self.send_agent_conn(
                                conn,
                                AgentEvent::Message {
                                    conversation: conversation.clone(),
                                    message,
                                },
                            );
                        }
                    }
                    Err(e) => {
                        self.agent_unavailable(conn, "replaying to an agent", &e);
                    }
                }
            }
        }
    }

    fn agent_message(
        &mut self,
        conn: ConnId,
        id: ClientMessageId,
        conversation: ConversationId,
        text: String,
        internal: bool,
    ) {
        let Some(agent) = self.owned_by(conn, &conversation) else {
            return self.send_agent_conn(
                conn,
                agent_error(ErrorCode::InvalidState, "That conversation is not yours."),
            );
        };
        let text = text.trim().to_owned();
        if text.is_empty() {
            return self.send_agent_conn(
                conn,
                agent_error(ErrorCode::Invalid, "The message is empty."),
            );
        }
        let name = self
            .agents
            .get(&agent)
            .map(|a| a.profile.display_name.clone());
        self.enqueue_line(
            conversation,
            PendingLine {
                conn,
                id,
                author: Author::Agent,
                name,
                text,
                internal,
                now: now_ms(),
            },
        );
    }

    async fn transfer(&mut self, conn: ConnId, conversation: ConversationId, to: Option<String>) {
        let Some(from) = self.owned_by(conn, &conversation) else {
            return self.send_agent_conn(
                conn,
                agent_error(ErrorCode::InvalidState, "That conversation is not yours."),
            );
        };
        match to {
            None => {
                if let Err(e) = self
                    .store
                    .set_status(
                        &conversation,
                        ConversationStatus::Queued,
                        None,
                        None,
                        now_ms(),
                    )
                    .await
                {
                    return self.agent_unavailable(
                        conn,
                        "returning a conversation to the queue",
                        &e,
                    );
                }
                if let Some(l) = self.live.get_mut(&conversation) {
                    l.status = ConversationStatus::Queued;
                    l.agent = None;
                }
                self.publish(ClusterEvent::Changed {
                    conversation: conversation.clone(),
                });
                self.send_agent(
                    from,
                    &AgentEvent::Released {
                        conversation: conversation.clone(),
                        status: ConversationStatus::Queued,
                    },
                );
                self.send_watchers(
                    &conversation,
                    &ShopperEvent::Status {
                        status: ConversationStatus::Queued,
                    },
                );
                self.route_except(Some(from)).await;
                self.broadcast_queue();
            }
            Some(email) => {
                let target = self
                    .available()
                    .iter()
                    .find(|a| {
                        a.email.eq_ignore_ascii_case(&email) && a.presence != Presence::Offline
                    })
                    .map(|a| a.id);
                let Some(target) = target.filter(|t| *t != from) else {
                    return self.send_agent_conn(
                        conn,
                        agent_error(
                            ErrorCode::NotFound,
                            &format!("{email} is not available right now."),
                        ),
                    );
                };
                self.send_agent(
                    from,
                    &AgentEvent::Released {
                        conversation: conversation.clone(),
                        status: ConversationStatus::Assigned,
                    },
                );
                self.assign(&conversation, target, Claim::Transfer).await;
                self.broadcast_queue();
            }
        }
    }

    /// Gives `conversation` to `agent` if the database agrees (another node
    /// may have given it to someone else first) and tells everyone.
    async fn assign(&mut self, conversation: &ConversationId, agent: i64, how: Claim) -> bool {
        let now = now_ms();
        let stored = match how {
            Claim::Route(capacity) => {
                self.store
                    .claim(conversation, agent, Some(capacity), now)
                    .await
            }
            Claim::Accept => self.store.claim(conversation, agent, None, now).await,
            Claim::Transfer => self
                .store
                .set_status(
                    conversation,
                    ConversationStatus::Assigned,
                    Some(agent),
                    None,
                    now,
                )
                .await
                .map(|()| true),
        };
        match stored {
            Ok(true) => {}
            Ok(false) => {
                // Someone else was quicker: mirror what the database says.
                self.refresh(conversation).await;
                return false;
            }
            Err(e) => {
                tracing::error!(error = %e, "assigning a conversation");
                return false;
            }
        }
        if let Some(l) = self.live.get_mut(conversation) {
            if l.status == ConversationStatus::Queued && l.agent.is_none() {
                self.metrics
                    .waited((now - l.queued_at).max(0) as f64 / 1000.0);
            }
            l.status = ConversationStatus::Assigned;
            l.agent = Some(agent);
        }
        self.publish(ClusterEvent::Changed {
            conversation: conversation.clone(),
        });
        if let Some(detail) = self.detail(conversation).await {
            self.send_agent_local(agent, &AgentEvent::Assigned { detail });
        }
        self.publish(ClusterEvent::Assigned {
            conversation: conversation.clone(),
            agent,
        });
        let name = self.agent_name(agent).unwrap_or_default();
        self.send_watchers(
            conversation,
            &ShopperEvent::Status {
                status: ConversationStatus::Assigned,
            },
        );
        self.send_watchers(conversation, &ShopperEvent::AgentJoined { name });
        tracing::info!(conversation = %conversation.0, agent, "assigned");
        true
    }

    /// Queued conversations, most urgent first, then oldest.
    fn queue(&self) -> Vec<(&ConversationId, &Live)> {
        let mut queued: Vec<(&ConversationId, &Live)> = self
            .live
            .iter()
            .filter(|(_, l)| l.status == ConversationStatus::Queued)
            .collect();
        queued.sort_by(|a, b| {
            (a.1.priority, a.1.queued_at, a.0.0.as_str()).cmp(&(
                b.1.priority,
                b.1.queued_at,
                b.0.0.as_str(),
            ))
        });
        queued
    }

    fn load(&self, agent: i64) -> usize {
        self.live
            .values()
            .filter(|l| l.agent == Some(agent))
            .count()
    }

    async fn route(&mut self) {
        self.route_except(None).await;
    }

    /// Assigns queued conversations to the least-loaded available agent who
    /// speaks the language (any available agent when no agent online speaks
    /// it, so nobody waits forever); `skip` sits out this round (an agent
    /// who just returned a conversation does not get it straight back).
    async fn route_except(&mut self, skip: Option<i64>) {
        // A claim the database refuses is not retried this round, so a
        // mirror that is behind cannot make this loop spin.
        let mut tried: HashSet<(ConversationId, i64)> = HashSet::new();
        loop {
            let pick = {
                let everyone = self.available();
                let online: Vec<&Available<'_>> = everyone
                    .iter()
                    .filter(|a| a.presence == Presence::Online)
                    .collect();
                let free: Vec<&&Available<'_>> = online
                    .iter()
                    .filter(|a| Some(a.id) != skip && self.load(a.id) < usize::from(a.capacity))
                    .collect();
                self.queue().into_iter().find_map(|(conversation, live)| {
                    let speaks = |a: &Available<'_>| a.languages.contains(&live.language);
                    let anyone_speaks = online.iter().any(|a| speaks(a));
                    free.iter()
                        .filter(|a| speaks(a) || !anyone_speaks)
                        .filter(|a| !tried.contains(&(conversation.clone(), a.id)))
                        .min_by_key(|a| (self.load(a.id), a.id))
                        .map(|a| (conversation.clone(), a.id, a.capacity))
                })
            };
            let Some((conversation, agent, capacity)) = pick else {
                break;
            };
            tried.insert((conversation.clone(), agent));
            self.assign(&conversation, agent, Claim::Route(capacity))
                .await;
        }
    }

    /// Sends queue positions to this node's shoppers and the queue to its
    /// consoles (every node computes its own from the mirrored state).
    fn broadcast_queue(&mut self) {
        let now = now_ms();
        let capacity: u32 = self
            .available()
            .iter()
            .filter(|a| a.presence == Presence::Online)
            .map(|a| u32::from(a.capacity))
            .sum();
        let queue: Vec<(ConversationId, QueueItem)> = self
            .queue()
            .into_iter()
            .map(|(c, l)| {
                (
                    c.clone(),
                    QueueItem {
                        conversation: c.clone(),
                        priority: l.priority,
                        reason: l.reason.clone(),
                        language: l.language.clone(),
                        waiting_secs: u64::try_from((now - l.queued_at) / 1000).unwrap_or(0),
                        first_line: l.first_line.clone(),
                    },
                )
            })
            .collect();
        for (position, (conversation, _)) in queue.iter().enumerate() {
            let position = position as u32 + 1;
            // Each free slot clears one shopper per mean handling time.
            let rounds = f64::from(position.div_ceil(capacity.max(1)));
            let estimated_wait_secs = (rounds * self.mean_handling_secs).round() as u32;
            self.send_watchers_local(
                conversation,
                &ShopperEvent::Queue {
                    position,
                    estimated_wait_secs,
                },
            );
        }
        let items: Vec<QueueItem> = queue.into_iter().map(|(_, item)| item).collect();
        self.metrics.queue(items.len(), self.agents_online());
        let event = AgentEvent::Queue {
            items,
            agents_online: self.agents_online(),
        };
        let ids: Vec<i64> = self.agents.keys().copied().collect();
        for id in ids {
            self.send_agent_local(id, &event);
        }
    }

    // ----- storing lines -----

    /// Queues a line for storing behind the conversation's earlier ones.
    fn enqueue_line(&mut self, conversation: ConversationId, line: PendingLine) {
        let queue = self.appending.entry(conversation.clone()).or_default();
        queue.push_back(line);
        if queue.len() == 1 {
            self.store_next(conversation);
        }
    }

    /// Stores the conversation's first waiting line in a task of its own, so
    /// the hub goes on with other conversations meanwhile; the task reports
    /// back with [`Command::Appended`].
    fn store_next(&mut self, conversation: ConversationId) {
        let Some(line) = self.appending.get(&conversation).and_then(|q| q.front()) else {
            return;
        };
        let (store, mailbox) = (self.store.clone(), self.mailbox.clone());
        let client_id = line.id.0.clone();
        let (author, name, text, internal, now) = (
            line.author,
            line.name.clone(),
            line.text.clone(),
            line.internal,
            line.now,
        );
        tokio::spawn(async move {
            let result = store
                .append_message(&NewMessage {
                    conversation: &conversation,
                    client_id: Some(&client_id),
                    author,
                    name: name.as_deref(),
                    text: &text,
                    internal,
                    now,
                })
                .await;
            if let Some(mailbox) = mailbox.upgrade() {
                let _ = mailbox
                    .send(Command::Appended {
                        conversation,
                        result,
                    })
                    .await;
            }
        });
    }

    /// A line is stored: acknowledge it to its sender, relay it, and start
    /// on the conversation's next.
    async fn appended(
        &mut self,
        conversation: ConversationId,
        result: Result<(StoredMessage, bool), StoredMessageError>,
    ) {
        let Some(line) = self
            .appending
            .get_mut(&conversation)
            .and_then(std::collections::VecDeque::pop_front)
        else {
            return;
        };
        let drained = self
            .appending
            .get(&conversation)
            .is_some_and(|q| q.is_empty());
        if drained {
            self.appending.remove(&conversation);
        } else {
            self.store_next(conversation.clone());
        }
        let from_shopper = line.author == Author::Shopper;
        match result {
            Ok((message, duplicate)) => {
                if !duplicate {
                    self.metrics.message(match (from_shopper, line.internal) {
                        (true, _) => "shopper",
                        (false, true) => "note",
                        (false, false) => "agent",
                    });
                }
                let ack_seq = Some(message.seq);
                if from_shopper {
                    self.send_shopper(
                        line.conn,
                        ShopperEvent::Ack {
                            id: line.id,
                            seq: ack_seq,
                        },
                    );
                } else {
                    self.send_agent_conn(
                        line.conn,
                        AgentEvent::Ack {
                            id: line.id,
                            seq: ack_seq,
                        },
                    );
                }
                if !duplicate {
                    self.relay_line(&conversation, message).await;
                }
            }
            Err(StoredMessageError::NoConversation) if !from_shopper => {
                self.send_agent_conn(
                    line.conn,
                    agent_error(ErrorCode::NotFound, "That conversation no longer exists."),
                );
            }
            Err(e) if from_shopper => {
                self.shopper_unavailable(line.conn, "storing a shopper message", &e);
            }
            Err(e) => self.agent_unavailable(line.conn, "storing an agent message", &e),
        }
        if drained && let Some((status, resolution)) = self.deferred_ends.remove(&conversation) {
            self.end(&conversation, status, resolution.as_deref()).await;
        }
    }

    // ----- lines, in order, on every node -----

    /// A line was stored here: deliver it to this node's clients and tell
    /// the other nodes.
    async fn relay_line(&mut self, conversation: &ConversationId, message: StoredMessage) {
        let seq = message.seq;
        self.deliver_line(conversation, message).await;
        self.publish(ClusterEvent::Line {
            conversation: conversation.clone(),
            seq,
        });
    }

    /// Whether this node has anyone to deliver the conversation's lines to.
    fn interested(&self, conversation: &ConversationId) -> bool {
        self.watchers.contains_key(conversation)
            || self
                .live
                .get(conversation)
                .and_then(|l| l.agent)
                .and_then(|a| self.agents.get(&a))
                .is_some_and(|a| !a.conns.is_empty())
    }

    /// Delivers `message` after any line before it that this node has not
    /// delivered yet (stored by another node, its notification still on
    /// the way), so clients see every line once and in order.
    async fn deliver_line(&mut self, conversation: &ConversationId, message: StoredMessage) {
        if !self.interested(conversation) {
            self.delivered.remove(conversation);
            return;
        }
        match self.delivered.get(conversation).copied() {
            Some(cursor) if message.seq <= cursor => {}
            Some(cursor) if message.seq.0 > cursor.0 + 1 => {
                self.catch_up(conversation, cursor).await;
                if self
                    .delivered
                    .get(conversation)
                    .is_none_or(|c| *c < message.seq)
                {
                    self.emit_line(conversation, message);
                }
            }
            _ => self.emit_line(conversation, message),
        }
    }

    /// Delivers every stored line after `cursor`.
    async fn catch_up(&mut self, conversation: &ConversationId, cursor: Seq) {
        match self.store.messages_after(conversation, cursor).await {
            Ok(lines) => {
                for line in lines {
                    self.emit_line(conversation, line);
                }
            }
            Err(e) => tracing::error!(error = %e, "catching up on a conversation's lines"),
        }
    }

    fn emit_line(&mut self, conversation: &ConversationId, message: StoredMessage) {
        self.delivered.insert(conversation.clone(), message.seq);
        if !message.internal {
            self.send_watchers_local(conversation, &ShopperEvent::Message(message.clone()));
        }
        if let Some(agent) = self.live.get(conversation).and_then(|l| l.agent) {
            self.send_agent_local(
                agent,
                &AgentEvent::Message {
                    conversation: conversation.clone(),
                    message,
                },
            );
        }
    }

    // ----- other nodes -----

    fn publish(&self, event: ClusterEvent) {
        if let Some(cluster) = &self.cluster {
            cluster.publish(event);
        }
    }

    /// Tells the other nodes who is connected here and how available.
    fn publish_presence(&self) {
        if self.cluster.is_none() {
            return;
        }
        let agents = self
            .agents
            .iter()
            .filter(|(_, a)| !a.conns.is_empty())
            .map(|(id, a)| RemoteAgent {
                id: *id,
                email: a.profile.email.clone(),
                name: a.profile.display_name.clone(),
                languages: a.profile.languages.clone(),
                presence: a.presence,
                capacity: a.capacity,
            })
            .collect();
        self.publish(ClusterEvent::Presence { agents });
    }

    async fn cluster_event(&mut self, node: &str, event: ClusterEvent) {
        match event {
            ClusterEvent::Shoppers {
                conversation,
                event,
            } => self.send_watchers_local(&conversation, &event),
            ClusterEvent::Agent { agent, event } => self.send_agent_local(agent, &event),
            ClusterEvent::Line { conversation, seq } => {
                if !self.interested(&conversation) {
                    return;
                }
                let cursor = self
                    .delivered
                    .get(&conversation)
                    .copied()
                    .unwrap_or(Seq(seq.0.saturating_sub(1)));
                if seq > cursor {
                    self.catch_up(&conversation, cursor).await;
                }
            }
            ClusterEvent::Assigned {
                conversation,
                agent,
            } => {
                let here = self.agents.get(&agent).is_some_and(|a| !a.conns.is_empty());
                if here && let Some(detail) = self.detail(&conversation).await {
                    self.send_agent_local(agent, &AgentEvent::Assigned { detail });
                }
            }
            ClusterEvent::Changed { conversation } => {
                self.refresh(&conversation).await;
                self.route().await;
                self.broadcast_queue();
            }
            ClusterEvent::Presence { agents } => {
                self.remote.report(node, agents, now_ms());
                self.route().await;
                self.broadcast_queue();
            }
            ClusterEvent::Hello => self.publish_presence(),
            ClusterEvent::Bye => {
                if self.remote.forget(node) {
                    self.broadcast_queue();
                }
            }
        }
    }

    /// Mirrors one conversation as the database has it.
    async fn refresh(&mut self, conversation: &ConversationId) {
        match self.store.conversation(conversation).await {
            Ok(Some(c))
                if matches!(
                    c.status,
                    ConversationStatus::Queued | ConversationStatus::Assigned
                ) =>
            {
                self.live.insert(c.id.clone(), Live::from_conversation(&c));
            }
            Ok(_) => {
                self.live.remove(conversation);
            }
            Err(e) => tracing::error!(error = %e, "re-reading a conversation"),
        }
    }

    /// Notifications were lost (the listener reconnected or just started):
    /// re-read the open conversations, ask for everyone's presence, and
    /// deliver lines stored meanwhile.
    async fn resync(&mut self) {
        match self.store.open_conversations().await {
            Ok(open) => {
                let before: HashMap<ConversationId, ConversationStatus> = self
                    .live
                    .iter()
                    .map(|(id, l)| (id.clone(), l.status))
                    .collect();
                self.live = open
                    .iter()
                    .map(|c| (c.id.clone(), Live::from_conversation(c)))
                    .collect();
                // Shoppers whose conversation ended or changed meanwhile
                // hear where it stands now.
                let watched: Vec<ConversationId> = self.watchers.keys().cloned().collect();
                for conversation in watched {
                    let now = self.live.get(&conversation).map(|l| l.status);
                    if now == before.get(&conversation).copied() {
                        continue;
                    }
                    if let Ok(Some(c)) = self.store.conversation(&conversation).await {
                        self.send_watchers_local(
                            &conversation,
                            &ShopperEvent::Status { status: c.status },
                        );
                    }
                }
            }
            Err(e) => tracing::error!(error = %e, "resynchronising open conversations"),
        }
        self.publish(ClusterEvent::Hello);
        self.publish_presence();
        let cursors: Vec<(ConversationId, Seq)> = self
            .delivered
            .iter()
            .map(|(c, s)| (c.clone(), *s))
            .collect();
        for (conversation, cursor) in cursors {
            if self.interested(&conversation) {
                self.catch_up(&conversation, cursor).await;
            }
        }
        self.route().await;
        self.broadcast_queue();
    }
}
