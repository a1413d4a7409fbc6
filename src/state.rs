//! The conversation as the widget sees it: a `Reducible` state and the
//! `Action`s that change it. Pure (no DOM, no clock, no network), so every
//! transition is unit-tested natively.
//!
//! Two sources of actions: the shopper and the in-browser triage engine
//! (`ShopperSent`, `BotAnswered`, ...), and the server's events once a
//! person is involved (`Server(ShopperEvent)`).

use std::rc::Rc;

use tandem_protocol::{Author, ConversationStatus, Seq, ShopperEvent, TranscriptLine};
use tandem_triage::answer::Block;
use yew::{AttrValue, Reducible};

/// One line of the visible transcript.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    /// What the shopper sent (already masked).
    Shopper {
        /// The text.
        text: AttrValue,
        /// Personal data was masked before sending.
        masked: bool,
    },
    /// An answer from the knowledge base.
    Answer {
        /// The intent answered.
        intent: AttrValue,
        /// The answer.
        blocks: Rc<Vec<Block>>,
        /// The shopper's "did this help?", once given.
        helpful: Option<bool>,
    },
    /// The bot asks which of these was meant.
    Clarify {
        /// `(intent id, question)` pairs.
        options: Rc<Vec<(AttrValue, AttrValue)>>,
    },
    /// Plain words from the bot (greetings, handoff notices).
    Bot {
        /// The text.
        text: AttrValue,
    },
    /// A person wrote.
    Agent {
        /// Their name.
        name: AttrValue,
        /// The text, rendered as text.
        text: AttrValue,
    },
    /// A status line ("Anna joined").
    System {
        /// The text.
        text: AttrValue,
    },
}

/// Who the shopper is talking to, and how that is going.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Channel {
    /// The in-browser bot.
    #[default]
    Bot,
    /// Opening the live channel.
    Connecting,
    /// Waiting for a person.
    Queued {
        /// 1 is next.
        position: u32,
        /// Honest estimate, seconds.
        estimated_wait_secs: u32,
    },
    /// A person is here.
    WithAgent {
        /// Their name.
        name: AttrValue,
    },
    /// Nobody is available: leave an email and a message.
    NoAgents {
        /// When to expect a reply.
        reply_within_hours: u32,
    },
    /// The message for later was sent.
    TicketSent,
    /// The conversation with a person ended.
    Ended {
        /// The shopper rated it.
        rated: bool,
    },
}

/// The widget's state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Conversation {
    /// Transcript, oldest first, with stable keys.
    pub lines: Vec<(u32, Line)>,
    /// Where the conversation stands.
    pub channel: Channel,
    /// The agent is typing.
    pub agent_typing: bool,
    /// The highest server sequence number seen.
    pub last_seq: Seq,
    /// Shopper lines sent to the server and not yet acknowledged (client ids).
    pub pending: Vec<AttrValue>,
    /// The latest error from the server, in words.
    pub notice: Option<AttrValue>,
    next_key: u32,
}

/// What can happen to the conversation.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The shopper sent a message (masked text).
    ShopperSent {
        /// The masked text.
        text: String,
        /// Whether anything was masked.
        masked: bool,
    },
    /// The bot answered from the knowledge base.
    BotAnswered {
        /// The intent.
        intent: String,
        /// Its answer.
        blocks: Rc<Vec<Block>>,
    },
    /// The bot offers likely questions.
    BotClarified {
        /// `(intent id, question)` pairs.
        options: Vec<(String, String)>,
    },
    /// The bot says something.
    BotSays(String),
    /// The shopper answered "did this help?" for the line with this key.
    Feedback {
        /// The line's key.
        key: u32,
        /// Yes or no.
        helpful: bool,
    },
    /// A handoff to a person started.
    HandoffStarted,
    /// A shopper line went to the server with this client id.
    Sent(String),
    /// An event from the server.
    Server(ShopperEvent),
    /// The shopper rated the conversation.
    Rated,
}

impl Conversation {
    fn push(&mut self, line: Line) {
        self.lines.push((self.next_key, line));
        self.next_key += 1;
    }

    /// The transcript as the handoff packet carries it: shopper and bot lines
    /// with the shopper's feedback on answers.
    pub fn transcript(&self, answer_text: impl Fn(&str) -> String) -> Vec<TranscriptLine> {
        self.lines
            .iter()
            .filter_map(|(_, line)| match line {
                Line::Shopper { text, .. } => Some(TranscriptLine {
                    author: Author::Shopper,
                    text: text.to_string(),
                    helpful: None,
                }),
                Line::Answer {
                    intent, helpful, ..
                } => Some(TranscriptLine {
                    author: Author::Bot,
                    text: answer_text(intent),
                    helpful: *helpful,
                }),
                Line::Clarify { options } => Some(TranscriptLine {
                    author: Author::Bot,
                    text: format!(
                        "Did you mean: {}?",
                        options
                            .iter()
                            .map(|(_, q)| q.as_str())
                            .collect::<Vec<_>>()
                            .join(" / ")
                    ),
                    helpful: None,
                }),
                Line::Bot { text } => Some(TranscriptLine {
                    author: Author::Bot,
                    text: text.to_string(),
                    helpful: None,
                }),
                Line::Agent { .. } | Line::System { .. } => None,
            })
            .collect()
    }

    /// Earlier shopper messages (for the frustration stage).
    pub fn shopper_texts(&self) -> Vec<String> {
        self.lines
            .iter()
            .filter_map(|(_, l)| match l {
                Line::Shopper { text, .. } => Some(text.to_string()),
                _ => None,
            })
            .collect()
    }

    /// Answers the shopper marked as not helpful.
    pub fn unhelpful_answers(&self) -> u32 {
        self.lines
            .iter()
            .filter(|(_, l)| {
                matches!(
                    l,
                    Line::Answer {
                        helpful: Some(false),
                        ..
                    }
                )
            })
            .count() as u32
    }

    /// True once a person is involved (queue, agent, ticket, ended).
    pub fn with_people(&self) -> bool {
        !matches!(self.channel, Channel::Bot)
    }

    fn server(&mut self, event: ShopperEvent) {
        match event {
            ShopperEvent::Ready { .. } | ShopperEvent::Conversation { .. } => {}
            ShopperEvent::Ack { id, .. } => self.pending.retain(|p| p.as_str() != id.0),
            ShopperEvent::Message(message) => {
                // Lines arrive in order; anything at or below the cursor was
                // already shown (a resend or a replay after reconnecting).
                if message.seq <= self.last_seq {
                    return;
                }
                self.last_seq = message.seq;
                if message.author == Author::Agent {
                    self.agent_typing = false;
                    let name = message.name.unwrap_or_else(|| "Support".to_owned());
                    self.push(Line::Agent {
                        name: name.into(),
                        text: message.text.into(),
                    });
                }
            }
            ShopperEvent::Queue {
                position,
                estimated_wait_secs,
            } => {
                if matches!(self.channel, Channel::Connecting | Channel::Queued { .. }) {
                    self.channel = Channel::Queued {
                        position,
                        estimated_wait_secs,
                    };
                }
            }
            ShopperEvent::AgentJoined { name } => {
                self.push(Line::System {
                    text: format!("{name} joined the conversation").into(),
                });
                self.channel = Channel::WithAgent { name: name.into() };
            }
            ShopperEvent::AgentTyping { typing } => self.agent_typing = typing,
            ShopperEvent::NoAgents { reply_within_hours } => {
                if matches!(self.channel, Channel::Connecting | Channel::Queued { .. }) {
                    self.channel = Channel::NoAgents { reply_within_hours };
                }
            }
            ShopperEvent::Status { status } => match status {
                ConversationStatus::Closed => {
                    if !matches!(self.channel, Channel::Ended { .. }) {
                        self.push(Line::System {
                            text: "The conversation has ended.".into(),
                        });
                        self.channel = Channel::Ended { rated: false };
                    }
                }
                ConversationStatus::Cancelled => {
                    self.push(Line::System {
                        text: "You stopped waiting. You can ask me again any time.".into(),
                    });
                    self.channel = Channel::Bot;
                }
                ConversationStatus::Ticket => self.channel = Channel::TicketSent,
                ConversationStatus::Queued => {
                    if !matches!(self.channel, Channel::Queued { .. }) {
                        self.channel = Channel::Queued {
                            position: 0,
                            estimated_wait_secs: 0,
                        };
                    }
                }
                ConversationStatus::Assigned => {}
            },
            ShopperEvent::Error { message, .. } => self.notice = Some(message.into()),
        }
    }
}

impl Reducible for Conversation {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::ShopperSent { text, masked } => {
                let text = text.trim();
                // An empty or whitespace-only message is not a message.
                if text.is_empty() {
                    return self;
                }
                next.push(Line::Shopper {
                    text: text.to_owned().into(),
                    masked,
                });
            }
            Action::BotAnswered { intent, blocks } => next.push(Line::Answer {
                intent: intent.into(),
                blocks,
                helpful: None,
            }),
            Action::BotClarified { options } => next.push(Line::Clarify {
                options: Rc::new(
                    options
                        .into_iter()
                        .map(|(i, q)| (i.into(), q.into()))
                        .collect(),
                ),
            }),
            Action::BotSays(text) => next.push(Line::Bot { text: text.into() }),
            Action::Feedback {
                key,
                helpful: answer,
            } => {
                for (k, line) in &mut next.lines {
                    if let (true, Line::Answer { helpful, .. }) = (*k == key, line) {
                        *helpful = Some(answer);
                    }
                }
            }
            Action::HandoffStarted => {
                if !matches!(next.channel, Channel::Bot | Channel::Ended { .. }) {
                    return self;
                }
                next.channel = Channel::Connecting;
                next.last_seq = Seq(0);
            }
            Action::Sent(id) => next.pending.push(id.into()),
            Action::Server(event) => next.server(event),
            Action::Rated => {
                if let Channel::Ended { rated } = &mut next.channel {
                    *rated = true;
                }
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tandem_protocol::{ClientMessageId, StoredMessage};

    fn apply(
        state: Rc<Conversation>,
        actions: impl IntoIterator<Item = Action>,
    ) -> Rc<Conversation> {
        actions.into_iter().fold(state, Reducible::reduce)
    }

    fn agent_line(seq: u64, text: &str) -> Action {
        Action::Server(ShopperEvent::Message(StoredMessage {
            seq: Seq(seq),
            author: Author::Agent,
            name: Some("Anna".into()),
            text: text.into(),
            at: 0,
            internal: false,
        }))
    }

    #[test]
    fn sent_messages_are_trimmed_and_blank_ones_ignored() {
        let before: Rc<Conversation> = Rc::default();
        let same = apply(
            before.clone(),
            [Action::ShopperSent {
                text: " \n ".into(),
                masked: false,
            }],
        );
        assert!(Rc::ptr_eq(&before, &same));
        let after = apply(
            before,
            [Action::ShopperSent {
                text: "  hello ".into(),
                masked: true,
            }],
        );
        assert_eq!(
            after.lines,
            vec![(
                0,
                Line::Shopper {
                    text: "hello".into(),
                    masked: true
                }
            )]
        );
    }

    #[test]
    fn feedback_lands_on_its_answer_and_counts_as_unhelpful() {
        let state = apply(
            Rc::default(),
            [
                Action::ShopperSent {
                    text: "returns?".into(),
                    masked: false,
                },
                Action::BotAnswered {
                    intent: "returns".into(),
                    blocks: Rc::new(Vec::new()),
                },
                Action::Feedback {
                    key: 1,
                    helpful: false,
                },
            ],
        );
        assert_eq!(state.unhelpful_answers(), 1);
        let transcript = state.transcript(|intent| format!("answer about {intent}"));
        assert_eq!(transcript[1].text, "answer about returns");
        assert_eq!(transcript[1].helpful, Some(false));
    }

    #[test]
    fn the_handoff_goes_through_queue_agent_and_end() {
        let state = apply(
            Rc::default(),
            [
                Action::HandoffStarted,
                Action::Server(ShopperEvent::Queue {
                    position: 2,
                    estimated_wait_secs: 240,
                }),
            ],
        );
        assert_eq!(
            state.channel,
            Channel::Queued {
                position: 2,
                estimated_wait_secs: 240
            }
        );
        let state = apply(
            state,
            [
                Action::Server(ShopperEvent::AgentJoined {
                    name: "Anna".into(),
                }),
                Action::Server(ShopperEvent::AgentTyping { typing: true }),
                agent_line(3, "Hi, I'm Anna"),
            ],
        );
        assert_eq!(
            state.channel,
            Channel::WithAgent {
                name: "Anna".into()
            }
        );
        assert!(!state.agent_typing, "a message ends the typing indicator");
        let state = apply(
            state,
            [
                Action::Server(ShopperEvent::Status {
                    status: ConversationStatus::Closed,
                }),
                Action::Rated,
            ],
        );
        assert_eq!(state.channel, Channel::Ended { rated: true });
    }

    #[test]
    fn replayed_and_repeated_lines_show_once() {
        let state = apply(
            Rc::default(),
            [
                Action::HandoffStarted,
                agent_line(3, "one"),
                agent_line(3, "one"),
                agent_line(2, "old"),
                agent_line(4, "two"),
            ],
        );
        let agent_texts: Vec<String> = state
            .lines
            .iter()
            .filter_map(|(_, l)| match l {
                Line::Agent { text, .. } => Some(text.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(agent_texts, ["one", "two"]);
    }

    #[test]
    fn acknowledgements_clear_pending_lines() {
        let state = apply(
            Rc::default(),
            [
                Action::Sent("m1".into()),
                Action::Sent("m2".into()),
                Action::Server(ShopperEvent::Ack {
                    id: ClientMessageId("m1".into()),
                    seq: Some(Seq(3)),
                }),
            ],
        );
        assert_eq!(state.pending, vec![AttrValue::from("m2")]);
    }

    #[test]
    fn nobody_available_and_server_errors_are_shown() {
        let state = apply(
            Rc::default(),
            [
                Action::HandoffStarted,
                Action::Server(ShopperEvent::NoAgents {
                    reply_within_hours: 24,
                }),
                Action::Server(ShopperEvent::Error {
                    code: tandem_protocol::ErrorCode::Invalid,
                    message: "Please check the email address.".into(),
                }),
            ],
        );
        assert_eq!(
            state.channel,
            Channel::NoAgents {
                reply_within_hours: 24
            }
        );
        assert_eq!(
            state.notice.as_deref(),
            Some("Please check the email address.")
        );
        let sent = apply(
            state,
            [Action::Server(ShopperEvent::Status {
                status: ConversationStatus::Ticket,
            })],
        );
        assert_eq!(sent.channel, Channel::TicketSent);
    }
}
