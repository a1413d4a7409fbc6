//! The console's state: the queue, the agent's conversations and their
//! transcripts, as a `Reducible` driven by the server's events. Pure, so it
//! is unit-tested natively.

use std::collections::BTreeMap;
use std::rc::Rc;

use tandem_protocol::{
    AgentEvent, ConversationDetail, ConversationId, Presence, QueueItem, Seq, StoredMessage,
};
use yew::Reducible;

/// One of the agent's conversations.
#[derive(Debug, Clone, PartialEq)]
pub struct Open {
    /// Everything the server sent on assignment.
    pub detail: ConversationDetail,
    /// The shopper is typing.
    pub shopper_typing: bool,
    /// Lines that arrived while another conversation was selected.
    pub unread: u32,
}

impl Open {
    /// The shopper's "did this help?" on the bot line with `seq`. The
    /// handoff packet's transcript became the first lines, in order, so
    /// line `seq` is transcript entry `seq - 1`.
    pub fn feedback(&self, seq: Seq) -> Option<bool> {
        let index = usize::try_from(seq.0.checked_sub(1)?).ok()?;
        let line = self.detail.packet.transcript.get(index)?;
        (line.author == tandem_protocol::Author::Bot)
            .then_some(line.helpful)
            .flatten()
    }

    fn last_seq(&self) -> Seq {
        self.detail.messages.last().map_or(Seq(0), |m| m.seq)
    }

    fn add(&mut self, message: StoredMessage) -> bool {
        // Sequence numbers only grow; anything not newer was seen already.
        if message.seq <= self.last_seq() {
            return false;
        }
        self.detail.messages.push(message);
        true
    }
}

/// The console's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Console {
    /// The agent's availability as last set.
    pub presence: Presence,
    /// Concurrent conversations.
    pub capacity: u8,
    /// Waiting conversations, most urgent first.
    pub queue: Vec<QueueItem>,
    /// Agents online now.
    pub agents_online: u32,
    /// The agent's conversations.
    pub open: BTreeMap<String, Open>,
    /// The one on screen.
    pub selected: Option<String>,
    /// A rating that just came in: `(conversation, score)`.
    pub last_rating: Option<(String, u8)>,
    /// The latest error, in words.
    pub notice: Option<String>,
    /// The live connection is up.
    pub connected: bool,
}

impl Default for Console {
    fn default() -> Self {
        Self {
            presence: Presence::Offline,
            capacity: 3,
            queue: Vec::new(),
            agents_online: 0,
            open: BTreeMap::new(),
            selected: None,
            last_rating: None,
            notice: None,
            connected: false,
        }
    }
}

/// What can happen in the console.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The agent set presence and capacity.
    SetPresence(Presence, u8),
    /// The agent picked a conversation to look at.
    Select(String),
    /// The next (`1`) or previous (`-1`) conversation, wrapping around
    /// (Alt+↓ and Alt+↑).
    SelectStep(i32),
    /// The conversation at this position, from 0 (Alt+1 to Alt+9).
    SelectNth(usize),
    /// The live connection came up or went down.
    Connected(bool),
    /// An event from the server (boxed: assignments carry whole transcripts).
    Server(Box<AgentEvent>),
}

impl Console {
    /// Waiting shoppers.
    pub fn waiting(&self) -> usize {
        self.queue.len()
    }

    /// Unread lines across conversations (for the tab title).
    pub fn unread(&self) -> u32 {
        self.open.values().map(|o| o.unread).sum()
    }

    fn server(&mut self, event: AgentEvent) {
        match event {
            AgentEvent::Ready { .. } => self.notice = None,
            AgentEvent::Queue {
                items,
                agents_online,
            } => {
                self.queue = items;
                self.agents_online = agents_online;
            }
            AgentEvent::Assigned { detail } => {
                let id = detail.conversation.0.clone();
                self.open.insert(
                    id.clone(),
                    Open {
                        detail,
                        shopper_typing: false,
                        unread: 0,
                    },
                );
                if self.selected.is_none() {
                    self.selected = Some(id);
                }
            }
            AgentEvent::Message {
                conversation,
                message,
            } => {
                let selected = self.selected.as_deref() == Some(conversation.0.as_str());
                if let Some(open) = self.open.get_mut(&conversation.0) {
                    if open.add(message) && !selected {
                        open.unread += 1;
                    }
                    open.shopper_typing = false;
                }
            }
            AgentEvent::Ack { .. } => {}
            AgentEvent::ShopperTyping {
                conversation,
                typing,
            } => {
                if let Some(open) = self.open.get_mut(&conversation.0) {
                    open.shopper_typing = typing;
                }
            }
            AgentEvent::Released { conversation, .. } => {
                self.open.remove(&conversation.0);
                if self.selected.as_deref() == Some(conversation.0.as_str()) {
                    self.selected = self.open.keys().next().cloned();
                }
            }
            AgentEvent::Rated {
                conversation,
                score,
                ..
            } => self.last_rating = Some((conversation.0, score)),
            AgentEvent::Error { message, .. } => self.notice = Some(message),
        }
    }

    /// The selected conversation's id, as the protocol types it.
    pub fn selected_id(&self) -> Option<ConversationId> {
        self.selected.clone().map(ConversationId)
    }
}

impl Reducible for Console {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetPresence(presence, capacity) => {
                next.presence = presence;
                next.capacity = capacity.clamp(1, 20);
            }
            Action::Select(id) => {
                if let Some(open) = next.open.get_mut(&id) {
                    open.unread = 0;
                    next.selected = Some(id);
                }
            }
            Action::SelectStep(step) => {
                let ids: Vec<&String> = next.open.keys().collect();
                if !ids.is_empty() {
                    let current = next
                        .selected
                        .as_ref()
                        .and_then(|s| ids.iter().position(|id| *id == s))
                        .unwrap_or(0) as i64;
                    let len = ids.len() as i64;
                    let target = ids[(current + i64::from(step)).rem_euclid(len) as usize].clone();
                    return Rc::new(next).reduce(Action::Select(target));
                }
            }
            Action::SelectNth(index) => {
                if let Some(id) = next.open.keys().nth(index).cloned() {
                    return Rc::new(next).reduce(Action::Select(id));
                }
            }
            Action::Connected(up) => next.connected = up,
            Action::Server(event) => next.server(*event),
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tandem_protocol::{Author, ConversationStatus, HandoffPacket};

    fn detail(id: &str) -> ConversationDetail {
        ConversationDetail {
            conversation: ConversationId(id.into()),
            site: "demo".into(),
            status: ConversationStatus::Assigned,
            packet: HandoffPacket {
                transcript: Vec::new(),
                reason: "Sensitive: fraud.".into(),
                reason_kind: "sensitive".into(),
                topic: Some("fraud".into()),
                priority: 1,
                intent: Some("fraud".into()),
                confidence: 0.8,
                language: "en".into(),
                masked: Vec::new(),
                context: Default::default(),
            },
            messages: vec![line(1, "hello")],
        }
    }

    fn line(seq: u64, text: &str) -> StoredMessage {
        StoredMessage {
            seq: Seq(seq),
            author: Author::Shopper,
            name: None,
            text: text.into(),
            at: 0,
            internal: false,
        }
    }

    fn server(event: AgentEvent) -> Action {
        Action::Server(Box::new(event))
    }

    fn apply(actions: impl IntoIterator<Item = Action>) -> Rc<Console> {
        actions.into_iter().fold(Rc::default(), Reducible::reduce)
    }

    fn message(id: &str, seq: u64, text: &str) -> Action {
        server(AgentEvent::Message {
            conversation: ConversationId(id.into()),
            message: line(seq, text),
        })
    }

    #[test]
    fn assignments_select_the_first_and_count_unread_on_others() {
        let state = apply([
            server(AgentEvent::Assigned {
                detail: detail("a"),
            }),
            server(AgentEvent::Assigned {
                detail: detail("b"),
            }),
            message("b", 2, "are you there?"),
            message("b", 2, "are you there?"),
            message("a", 2, "thanks"),
        ]);
        assert_eq!(state.selected.as_deref(), Some("a"));
        assert_eq!(state.open["b"].unread, 1, "a repeated line counts once");
        assert_eq!(state.open["a"].unread, 0, "the selected one is being read");
        assert_eq!(state.unread(), 1);
        let state = state.reduce(Action::Select("b".into()));
        assert_eq!(state.unread(), 0);
    }

    #[test]
    fn released_conversations_leave_and_selection_moves_on() {
        let state = apply([
            server(AgentEvent::Assigned {
                detail: detail("a"),
            }),
            server(AgentEvent::Assigned {
                detail: detail("b"),
            }),
            server(AgentEvent::Released {
                conversation: ConversationId("a".into()),
                status: ConversationStatus::Closed,
            }),
        ]);
        assert_eq!(state.selected.as_deref(), Some("b"));
        assert!(!state.open.contains_key("a"));
    }

    #[test]
    fn queue_presence_and_errors() {
        let state = apply([
            Action::SetPresence(Presence::Online, 40),
            server(AgentEvent::Queue {
                items: Vec::new(),
                agents_online: 2,
            }),
            server(AgentEvent::Error {
                code: tandem_protocol::ErrorCode::InvalidState,
                message: "Someone else took it.".into(),
            }),
        ]);
        assert_eq!(state.presence, Presence::Online);
        assert_eq!(state.capacity, 20, "capacity is clamped");
        assert_eq!(state.agents_online, 2);
        assert_eq!(state.notice.as_deref(), Some("Someone else took it."));
    }

    #[test]
    fn the_keyboard_walks_through_conversations_and_wraps() {
        let state = [detail("a"), detail("b"), detail("c")]
            .into_iter()
            .fold(Rc::new(Console::default()), |state, detail| {
                state.reduce(Action::Server(Box::new(AgentEvent::Assigned { detail })))
            });
        assert_eq!(state.selected.as_deref(), Some("a"));
        let state = state.reduce(Action::SelectStep(1));
        assert_eq!(state.selected.as_deref(), Some("b"));
        let state = state
            .reduce(Action::SelectStep(-1))
            .reduce(Action::SelectStep(-1));
        assert_eq!(state.selected.as_deref(), Some("c"), "wraps backwards");
        let state = state.reduce(Action::SelectNth(1));
        assert_eq!(state.selected.as_deref(), Some("b"));
        let same = state.clone().reduce(Action::SelectNth(7));
        assert_eq!(same.selected.as_deref(), Some("b"), "no ninth conversation");
    }

    #[test]
    fn bot_lines_carry_the_shoppers_feedback_from_the_packet() {
        use tandem_protocol::TranscriptLine;
        let mut detail = detail("a");
        detail.packet.transcript = vec![
            TranscriptLine {
                author: Author::Shopper,
                text: "returns?".into(),
                helpful: None,
            },
            TranscriptLine {
                author: Author::Bot,
                text: "30 days.".into(),
                helpful: Some(false),
            },
        ];
        let open = Open {
            detail,
            shopper_typing: false,
            unread: 0,
        };
        assert_eq!(open.feedback(Seq(2)), Some(false));
        assert_eq!(open.feedback(Seq(1)), None, "shopper lines have none");
        assert_eq!(open.feedback(Seq(0)), None);
        assert_eq!(
            open.feedback(Seq(9)),
            None,
            "later lines are not from the bot"
        );
    }
}
