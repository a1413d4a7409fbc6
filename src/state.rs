//! The conversation as the widget sees it: a `Reducible` state and the
//! `Action`s that change it. Pure (no DOM, no clock, no network), so every
//! transition is unit-tested natively.
//!
//! Two sources of actions: the shopper and the in-browser triage engine
//! (`ShopperSent`, `BotAnswered`, ...), and the server's events once a
//! person is involved (`Server(ShopperEvent)`).
//!
//! The whole state serialises (see `persist.rs`): it is what survives a
//! reload and what several tabs of the same shop share. Its enums keep
//! serde's default external tagging on purpose: internally tagged enums
//! deserialise through a buffering step that costs kilobytes of Wasm.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use tandem_protocol::{
    Author, ClientMessageId, ConversationId, ConversationStatus, ConversationToken, ErrorCode,
    Resume, Seq, ShopperEvent, ShopperRequest, TranscriptLine,
};
use tandem_triage::answer::Block;
use tandem_triage::engine::HandoffReason;
use tandem_triage::sensitive::Topic;
use yew::{AttrValue, Reducible};

use crate::i18n::Texts;

/// One line of the visible transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
    /// Plain words from the bot (handoff notices, warnings).
    Bot {
        /// What it says, in the shopper's language when shown.
        says: Says,
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
        /// What happened.
        notice: Notice,
    },
}

/// The bot's own words. Stored as a key rather than text, so a saved
/// conversation shows in the language of the page that reopens it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Says {
    /// Personal data was masked.
    MaskedWarning,
    /// No knowledge base: straight to a person.
    ConnectingWithoutBot,
    /// Clarify with nothing to offer.
    TellMeMore,
    /// The shopper thanked, acknowledged or said goodbye.
    GladToHelp,
    /// Triage handed off.
    HandingOff,
    /// The shopper asked for a person.
    OfCourse,
    /// Emergency and crisis lines, after a handoff for possible self-harm.
    CrisisLines,
    /// Call for help first, after a handoff for an injury or a dangerous
    /// product.
    EmergencyFirst,
    /// Where free debt advice is, after a handoff for financial hardship.
    DebtAdvice,
    /// The live channel could not be opened.
    Unreachable,
    /// A line a newer widget saved that this one does not know (after a
    /// rollback): kept, not shown, so the rest of the conversation loads.
    #[serde(other)]
    Unknown,
}

impl Says {
    /// Whether the line tells the shopper where to find help now, and is
    /// set apart from the bot's other lines.
    pub fn urgent(self) -> bool {
        matches!(self, Says::CrisisLines | Says::EmergencyFirst)
    }

    /// The words in `texts`' language.
    pub fn text(self, texts: &Texts) -> &'static str {
        match self {
            Says::MaskedWarning => texts.masked_warning,
            Says::ConnectingWithoutBot => texts.connecting_without_bot,
            Says::TellMeMore => texts.tell_me_more,
            Says::GladToHelp => texts.glad_to_help,
            Says::HandingOff => texts.handing_off,
            Says::OfCourse => texts.of_course,
            Says::CrisisLines => texts.crisis_lines,
            Says::EmergencyFirst => texts.emergency_first,
            Says::DebtAdvice => texts.debt_advice,
            Says::Unreachable => texts.unreachable,
            Says::Unknown => "",
        }
    }
}

/// The sensitive topic a handoff names, for the agent's console: it shows
/// what to do first for the urgent ones.
pub fn handoff_topic(reason: &HandoffReason) -> Option<Topic> {
    match reason {
        HandoffReason::Sensitive { topic } => Some(*topic),
        _ => None,
    }
}

/// What the bot adds after "I'm connecting you" when waiting for a person
/// could cost more than time: a shopper who may harm themselves, or someone
/// hurt by a product, should not wait in a queue to hear where help is, and
/// one in financial difficulty should hear where free advice is. The
/// words are conditional ("if you are thinking about..."): the reason can
/// come from the sensitive-topic model's likeness alone, and a shopper it
/// misread must not be told what they feel.
pub fn while_you_wait(reason: &HandoffReason) -> Option<Says> {
    match handoff_topic(reason)? {
        Topic::SelfHarm => Some(Says::CrisisLines),
        Topic::Safety => Some(Says::EmergencyFirst),
        // Lenders are expected to point people in difficulty to free debt
        // advice; a shopper worried about money should not have to ask.
        Topic::FinancialHardship => Some(Says::DebtAdvice),
        _ => None,
    }
}

/// Something that happened in the conversation with people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Notice {
    /// A person joined.
    Joined {
        /// Their name.
        name: AttrValue,
    },
    /// The conversation ended.
    Ended,
    /// The shopper left the queue.
    StoppedWaiting,
}

impl Notice {
    /// The line in `texts`' language.
    pub fn text(&self, texts: &Texts) -> String {
        match self {
            Notice::Joined { name } => (texts.joined)(name),
            Notice::Ended => texts.ended.to_owned(),
            Notice::StoppedWaiting => texts.stopped_waiting.to_owned(),
        }
    }
}

/// Who the shopper is talking to, and how that is going.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

/// A shopper line on its way to the server, kept until it is acknowledged
/// and sent again, with the same id, after a reconnect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outgoing {
    /// The client id the server deduplicates by.
    pub id: AttrValue,
    /// The masked text.
    pub text: AttrValue,
}

/// A request that must reach the server even when the line is down at the
/// moment the shopper makes it: kept (and saved with the conversation)
/// until the server confirms it, and sent again after every (re)join. The
/// server stores both idempotently, so a repeat is harmless.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Pending {
    /// A message for later, when nobody was available.
    LeaveMessage {
        /// The client id the server acknowledges.
        id: AttrValue,
        /// Where to reply.
        email: AttrValue,
        /// The message.
        text: AttrValue,
    },
    /// The shopper's rating of the ended conversation.
    Rate {
        /// 1 to 5.
        score: u8,
        /// Optional words.
        comment: Option<AttrValue>,
    },
}

impl Pending {
    /// The request kept until confirmed, if `request` is one of those.
    pub fn of(request: &ShopperRequest) -> Option<Self> {
        match request {
            ShopperRequest::LeaveMessage { id, email, text } => Some(Pending::LeaveMessage {
                id: id.0.clone().into(),
                email: email.clone().into(),
                text: text.clone().into(),
            }),
            ShopperRequest::Rate { score, comment } => Some(Pending::Rate {
                score: *score,
                comment: comment.clone().map(Into::into),
            }),
            _ => None,
        }
    }

    /// The request on the wire.
    pub fn request(&self) -> ShopperRequest {
        match self {
            Pending::LeaveMessage { id, email, text } => ShopperRequest::LeaveMessage {
                id: ClientMessageId(id.to_string()),
                email: email.to_string(),
                text: text.to_string(),
            },
            Pending::Rate { score, comment } => ShopperRequest::Rate {
                score: *score,
                comment: comment.as_ref().map(ToString::to_string),
            },
        }
    }
}

/// The server's handle on the conversation with people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handle {
    /// The conversation's id.
    pub conversation: ConversationId,
    /// Its secret, proof that this browser started it.
    pub token: ConversationToken,
}

/// The widget's state.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Conversation {
    /// Transcript, oldest first, with stable keys.
    pub lines: Vec<(u32, Line)>,
    /// Where the conversation stands.
    pub channel: Channel,
    /// The agent is typing.
    pub agent_typing: bool,
    /// The highest server sequence number seen.
    pub last_seq: Seq,
    /// Shopper lines not yet acknowledged by the server, oldest first.
    pub outbox: Vec<Outgoing>,
    /// A message for later or a rating the server has not confirmed.
    #[serde(default)]
    pub pending: Option<Pending>,
    /// The server's conversation, once a handoff created one.
    pub handle: Option<Handle>,
    /// How many times the live channel (re)joined the conversation; each
    /// time, the outbox is sent again. Not saved: a new page starts at 0.
    #[serde(skip)]
    pub joins: u32,
    /// The live channel dropped and is being restored.
    #[serde(skip)]
    pub reconnecting: bool,
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
    BotSays(Says),
    /// The shopper answered "did this help?" for the line with this key.
    Feedback {
        /// The line's key.
        key: u32,
        /// Yes or no.
        helpful: bool,
    },
    /// A handoff to a person started.
    HandoffStarted,
    /// A shopper line is on its way to people with this client id.
    Sent {
        /// The client id.
        id: String,
        /// The masked text.
        text: String,
    },
    /// An event from the server.
    Server(ShopperEvent),
    /// The shopper left a message for later or rated the conversation:
    /// kept until the server confirms it.
    Submitted(Pending),
    /// Another tab of the same shop changed the conversation: take its copy.
    Restore(Rc<Conversation>),
    /// "Start over": forget the conversation.
    StartOver,
    /// The live channel dropped; it is being restored.
    Disconnected,
    /// Send the outbox again (the server asked to slow down).
    RetryOutbox,
}

/// Outbox lines sent per (re)join. The server allows a shopper a burst of
/// 20 frames and 5 a second, and closes a socket that keeps going past
/// that; a long outbox sent at once after a long time offline would be
/// closed on every reconnect, for ever. Ten at a time, one batch every
/// [`OUTBOX_BATCH_EVERY_MS`], stays within the allowance.
pub const OUTBOX_BATCH: usize = 10;
/// Time between outbox batches, in ms (10 lines per 2.5 s is 4 a second).
pub const OUTBOX_BATCH_EVERY_MS: u32 = 2_500;

/// How long to wait before retry number `attempt` of something the network
/// refused (the live channel, loading the site): 0.5 s, doubling per
/// attempt, never more than 30 s, so a phone that comes out of a tunnel is
/// back within half a minute and a server that is down is not hammered.
pub fn backoff_ms(attempt: u32) -> u32 {
    (500u32 << attempt.min(6)).min(30_000)
}

impl Conversation {
    /// The outbox lines to send now, and whether more wait for the next
    /// batch (oldest first, so the server stores them in order).
    pub fn outbox_batch(&self) -> (&[Outgoing], bool) {
        let n = self.outbox.len().min(OUTBOX_BATCH);
        (&self.outbox[..n], self.outbox.len() > n)
    }

    fn push(&mut self, line: Line) {
        self.lines.push((self.next_key, line));
        self.next_key += 1;
    }

    /// The transcript as the handoff packet carries it: shopper and bot lines
    /// with the shopper's feedback on answers, in the words the shopper saw.
    pub fn transcript(
        &self,
        texts: &Texts,
        answer_text: impl Fn(&str) -> String,
    ) -> Vec<TranscriptLine> {
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
                        "{} {}",
                        texts.which_do_you_mean,
                        options
                            .iter()
                            .map(|(_, q)| q.as_str())
                            .collect::<Vec<_>>()
                            .join(" / ")
                    ),
                    helpful: None,
                }),
                Line::Bot {
                    says: Says::Unknown,
                } => None,
                Line::Bot { says } => Some(TranscriptLine {
                    author: Author::Bot,
                    text: says.text(texts).to_owned(),
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

    /// True before the shopper's first message: the next one starts a
    /// conversation (for the insights' count).
    pub fn is_new(&self) -> bool {
        !self
            .lines
            .iter()
            .any(|(_, l)| matches!(l, Line::Shopper { .. }))
    }

    /// Answers the shopper marked as helpful.
    pub fn helped_count(&self) -> u32 {
        self.lines
            .iter()
            .filter(|(_, l)| {
                matches!(
                    l,
                    Line::Answer {
                        helpful: Some(true),
                        ..
                    }
                )
            })
            .count() as u32
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

    /// True while the conversation needs the live channel open: waiting for
    /// or talking to a person, or rating them.
    pub fn needs_live_channel(&self) -> bool {
        self.pending.is_some()
            || matches!(
                self.channel,
                Channel::Connecting
                    | Channel::Queued { .. }
                    | Channel::WithAgent { .. }
                    | Channel::NoAgents { .. }
                    | Channel::Ended { rated: false }
            )
    }

    /// Where the live channel resumes: the server's conversation and the
    /// last line this browser has.
    pub fn resume(&self) -> Option<Resume> {
        self.handle.as_ref().map(|handle| Resume {
            conversation: handle.conversation.clone(),
            token: handle.token.clone(),
            last_seq: self.last_seq,
        })
    }

    /// The state as a fresh page should show it. A handoff that had not
    /// reached the server yet (no conversation id) cannot be resumed, so
    /// it goes back to the bot, where "Talk to a person" starts it again.
    pub fn reopened(mut self) -> Self {
        if self.channel == Channel::Connecting && self.handle.is_none() {
            self.channel = Channel::Bot;
        }
        self.agent_typing = false;
        self.joins = 0;
        self
    }

    fn server(&mut self, event: ShopperEvent) {
        match event {
            ShopperEvent::Ready { .. } => {}
            ShopperEvent::Conversation {
                conversation,
                token,
                status,
            } => {
                match token {
                    Some(token) => {
                        self.handle = Some(Handle {
                            conversation,
                            token,
                        })
                    }
                    // A resume says where the conversation stands now: it
                    // may have ended while this page was closed. It is not
                    // the answer to a rating this page has yet to resend.
                    None => self.status(status, true),
                }
                self.joins += 1;
                self.reconnecting = false;
            }
            ShopperEvent::Ack { id, .. } => {
                self.outbox.retain(|p| p.id.as_str() != id.0);
                if matches!(&self.pending, Some(Pending::LeaveMessage { id: sent, .. }) if sent.as_str() == id.0)
                {
                    self.pending = None;
                }
            }
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
                let name = AttrValue::from(name);
                // A resumed channel says who is here again: no second line.
                // After the end, nobody joins a closed conversation. A
                // shopper offered to leave a message is still in the queue:
                // someone who comes online and takes it is better news.
                let waiting = matches!(
                    self.channel,
                    Channel::Connecting | Channel::Queued { .. } | Channel::NoAgents { .. }
                );
                let other_agent =
                    matches!(&self.channel, Channel::WithAgent { name: n } if *n != name);
                if waiting || other_agent {
                    self.push(Line::System {
                        notice: Notice::Joined { name: name.clone() },
                    });
                    self.channel = Channel::WithAgent { name };
                }
            }
            ShopperEvent::AgentTyping { typing } => self.agent_typing = typing,
            ShopperEvent::NoAgents { reply_within_hours } => {
                if matches!(self.channel, Channel::Connecting | Channel::Queued { .. }) {
                    self.channel = Channel::NoAgents { reply_within_hours };
                }
            }
            ShopperEvent::Status { status } => self.status(status, false),
            ShopperEvent::Error { code, message } => {
                // A refused message for later or rating goes back to the
                // shopper with the reason (the form shows again); one
                // refused only for speed or a storage hiccup is sent again.
                if !matches!(code, ErrorCode::RateLimited | ErrorCode::Unavailable) {
                    self.pending = None;
                }
                self.notice = Some(message.into());
            }
        }
    }

    /// The conversation's status changed (`resumed`: as told on a resume).
    fn status(&mut self, status: ConversationStatus, resumed: bool) {
        match status {
            ConversationStatus::Closed => {
                if matches!(self.pending, Some(Pending::Rate { .. })) && !resumed {
                    self.pending = None;
                }
                if !matches!(self.channel, Channel::Ended { .. }) {
                    self.push(Line::System {
                        notice: Notice::Ended,
                    });
                    self.channel = Channel::Ended { rated: false };
                }
            }
            ConversationStatus::Cancelled => {
                self.push(Line::System {
                    notice: Notice::StoppedWaiting,
                });
                self.channel = Channel::Bot;
            }
            ConversationStatus::Ticket => {
                if matches!(self.pending, Some(Pending::LeaveMessage { .. })) {
                    self.pending = None;
                }
                self.channel = Channel::TicketSent;
            }
            ConversationStatus::Queued => {
                if !matches!(self.channel, Channel::Queued { .. }) {
                    self.channel = Channel::Queued {
                        position: 0,
                        estimated_wait_secs: 0,
                    };
                }
            }
            ConversationStatus::Assigned => {}
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
            Action::BotSays(says) => next.push(Line::Bot { says }),
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
                next.handle = None;
            }
            Action::Sent { id, text } => next.outbox.push(Outgoing {
                id: id.into(),
                text: text.into(),
            }),
            Action::Server(event) => next.server(event),
            Action::Submitted(pending) => {
                if let (Pending::Rate { .. }, Channel::Ended { rated }) =
                    (&pending, &mut next.channel)
                {
                    *rated = true;
                }
                next.pending = Some(pending);
            }
            Action::Restore(other) => {
                // Keep this tab's own join count: it belongs to its socket.
                let joins = next.joins;
                next = (*other).clone();
                next.joins = joins;
            }
            Action::StartOver => next = Conversation::default(),
            Action::RetryOutbox => {
                if next.outbox.is_empty() {
                    return self;
                }
                // The resend effect runs on every change of `joins`.
                next.joins += 1;
            }
            Action::Disconnected => {
                if !next.needs_live_channel() || next.handle.is_none() {
                    return self;
                }
                next.reconnecting = true;
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tandem_protocol::{ClientMessageId, StoredMessage};

    #[test]
    fn self_harm_and_injuries_hear_where_help_is_while_they_wait() {
        use tandem_triage::classifier::TrainConfig;
        use tandem_triage::engine::{Decision, Engine};
        use tandem_triage::frustration::History;
        use tandem_triage::kb::KnowledgeBase;
        let kb = KnowledgeBase::from_toml(include_str!("../sites/demo/knowledge-base.toml"))
            .expect("the demo knowledge base");
        let engine = Engine::train(kb, &[], &TrainConfig::default()).expect("trains");
        let follow_up = |message: &str| match engine.triage(message, &History::default()).decision {
            Decision::Handoff { reason, .. } => while_you_wait(&reason),
            other => panic!("{message:?} was not handed off: {other:?}"),
        };
        assert_eq!(
            follow_up("I can't do this anymore, I want to end my life"),
            Some(Says::CrisisLines)
        );
        assert_eq!(
            follow_up("my son swallowed a battery from the toy you sold us"),
            Some(Says::EmergencyFirst)
        );
        assert_eq!(
            follow_up("someone used my card, I never made this purchase"),
            None
        );
        assert_eq!(
            follow_up("I lost my job and can't afford the next instalment"),
            Some(Says::DebtAdvice)
        );
        assert!(!Says::DebtAdvice.urgent());
        assert_eq!(follow_up("I want to talk to a real person"), None);
        // The agent's console is told the topic, to show what to do first.
        let topic = |message: &str| match engine.triage(message, &History::default()).decision {
            Decision::Handoff { reason, .. } => handoff_topic(&reason).map(Topic::id),
            other => panic!("{message:?} was not handed off: {other:?}"),
        };
        assert_eq!(
            topic("I can't do this anymore, I want to end my life"),
            Some("self_harm")
        );
        assert_eq!(
            topic("someone used my card, I never made this purchase"),
            Some("fraud")
        );
        assert_eq!(topic("I want to talk to a real person"), None);
        assert!(Says::CrisisLines.urgent() && !Says::HandingOff.urgent());
        // Every language names its own lines.
        for texts in [&crate::i18n::EN, &crate::i18n::SV, &crate::i18n::DE] {
            assert!(Says::CrisisLines.text(texts).contains("112"));
            assert!(Says::EmergencyFirst.text(texts).contains("112"));
            assert!(!Says::DebtAdvice.text(texts).is_empty());
        }
    }

    #[test]
    fn retries_back_off_from_half_a_second_to_at_most_thirty() {
        let delays: Vec<u32> = (0..9).map(backoff_ms).collect();
        assert_eq!(
            delays,
            [
                500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000
            ]
        );
        assert_eq!(backoff_ms(u32::MAX), 30_000);
    }

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
        assert_eq!(state.helped_count(), 0);
        assert!(!state.is_new(), "the shopper has written");
        assert!(Conversation::default().is_new());
        let transcript =
            state.transcript(&crate::i18n::EN, |intent| format!("answer about {intent}"));
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
                Action::Submitted(Pending::Rate {
                    score: 5,
                    comment: None,
                }),
            ],
        );
        assert_eq!(state.channel, Channel::Ended { rated: true });
    }

    fn handle() -> Handle {
        Handle {
            conversation: ConversationId("c1".into()),
            token: ConversationToken("t1".into()),
        }
    }

    #[test]
    fn a_message_for_later_is_kept_until_the_server_confirms_it() {
        let mut offline = Conversation {
            channel: Channel::NoAgents {
                reply_within_hours: 24,
            },
            handle: Some(handle()),
            ..Default::default()
        };
        offline.joins = 1;
        let message = Pending::LeaveMessage {
            id: "t1".into(),
            email: "anna@example.com".into(),
            text: "Please call me".into(),
        };
        let state = apply(Rc::new(offline), [Action::Submitted(message.clone())]);
        assert_eq!(state.pending, Some(message.clone()));
        assert!(state.needs_live_channel(), "kept until it is delivered");
        // The line dropped: on the rejoin the resume says nothing about it,
        // so it stays (and the rejoin sends it again).
        let state = apply(
            state,
            [Action::Server(ShopperEvent::Conversation {
                conversation: ConversationId("c1".into()),
                token: None,
                status: ConversationStatus::Queued,
            })],
        );
        assert_eq!(state.pending, Some(message.clone()));
        // Another message's ack does not confirm it; its own does.
        let state = apply(
            state,
            [Action::Server(ShopperEvent::Ack {
                id: ClientMessageId("other".into()),
                seq: None,
            })],
        );
        assert!(state.pending.is_some());
        let state = apply(
            state,
            [
                Action::Server(ShopperEvent::Ack {
                    id: ClientMessageId("t1".into()),
                    seq: None,
                }),
                Action::Server(ShopperEvent::Status {
                    status: ConversationStatus::Ticket,
                }),
            ],
        );
        assert_eq!(state.pending, None);
        assert_eq!(state.channel, Channel::TicketSent);
        assert!(!state.needs_live_channel());
        // A refused one (a bad email) comes back to the shopper with the
        // reason; one refused for speed is kept.
        let refused = apply(
            Rc::new(Conversation {
                channel: Channel::NoAgents {
                    reply_within_hours: 24,
                },
                ..Default::default()
            }),
            [
                Action::Submitted(message.clone()),
                Action::Server(ShopperEvent::Error {
                    code: ErrorCode::RateLimited,
                    message: "Slow down.".into(),
                }),
            ],
        );
        assert!(refused.pending.is_some());
        let refused = apply(
            refused,
            [Action::Server(ShopperEvent::Error {
                code: ErrorCode::Invalid,
                message: "Please check the email address.".into(),
            })],
        );
        assert_eq!(refused.pending, None);
        assert_eq!(
            refused.notice.as_deref(),
            Some("Please check the email address.")
        );
    }

    #[test]
    fn only_messages_for_later_and_ratings_are_kept_and_they_go_out_as_they_came_in() {
        for pending in [
            Pending::LeaveMessage {
                id: "t1".into(),
                email: "anna@example.com".into(),
                text: "Please call me".into(),
            },
            Pending::Rate {
                score: 4,
                comment: Some("Quick".into()),
            },
        ] {
            assert_eq!(Pending::of(&pending.request()), Some(pending));
        }
        assert_eq!(Pending::of(&ShopperRequest::Cancel), None);
    }

    #[test]
    fn someone_coming_online_takes_over_from_the_leave_a_message_form() {
        let offered = apply(
            Rc::new(Conversation {
                channel: Channel::NoAgents {
                    reply_within_hours: 24,
                },
                handle: Some(handle()),
                ..Default::default()
            }),
            [Action::Server(ShopperEvent::AgentJoined {
                name: "Anna".into(),
            })],
        );
        assert_eq!(
            offered.channel,
            Channel::WithAgent {
                name: "Anna".into()
            }
        );
    }

    #[test]
    fn a_rating_is_kept_until_the_server_stores_it_not_until_a_resume() {
        let ended = Conversation {
            channel: Channel::Ended { rated: false },
            handle: Some(handle()),
            ..Default::default()
        };
        let rating = Pending::Rate {
            score: 4,
            comment: Some("Quick".into()),
        };
        let state = apply(Rc::new(ended), [Action::Submitted(rating.clone())]);
        assert_eq!(state.channel, Channel::Ended { rated: true });
        assert!(state.needs_live_channel(), "the rating still has to go");
        // A resume reports the closed conversation before the rating is
        // sent again: that is not the rating's confirmation.
        let state = apply(
            state,
            [Action::Server(ShopperEvent::Conversation {
                conversation: ConversationId("c1".into()),
                token: None,
                status: ConversationStatus::Closed,
            })],
        );
        assert_eq!(state.pending, Some(rating));
        // The server's answer to the rating is.
        let state = apply(
            state,
            [Action::Server(ShopperEvent::Status {
                status: ConversationStatus::Closed,
            })],
        );
        assert_eq!(state.pending, None);
        assert!(!state.needs_live_channel());
        assert_eq!(
            state.lines.len(),
            0,
            "no second 'ended' line for the confirmation"
        );
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
                Action::Sent {
                    id: "m1".into(),
                    text: "first".into(),
                },
                Action::Sent {
                    id: "m2".into(),
                    text: "second".into(),
                },
                Action::Server(ShopperEvent::Ack {
                    id: ClientMessageId("m1".into()),
                    seq: Some(Seq(3)),
                }),
            ],
        );
        assert_eq!(
            state.outbox,
            vec![Outgoing {
                id: "m2".into(),
                text: "second".into()
            }]
        );
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

    fn created(token: &str) -> Action {
        Action::Server(ShopperEvent::Conversation {
            conversation: ConversationId("c1".into()),
            token: Some(ConversationToken(token.into())),
            status: ConversationStatus::Queued,
        })
    }

    #[test]
    fn the_conversation_handle_and_cursor_make_the_resume() {
        let state = apply(
            Rc::default(),
            [
                Action::HandoffStarted,
                created("secret"),
                agent_line(4, "hi"),
            ],
        );
        assert_eq!(
            state.resume(),
            Some(Resume {
                conversation: ConversationId("c1".into()),
                token: ConversationToken("secret".into()),
                last_seq: Seq(4),
            })
        );
        assert_eq!(state.joins, 1);
        let again = apply(
            state,
            [
                Action::Server(ShopperEvent::Status {
                    status: ConversationStatus::Closed,
                }),
                Action::HandoffStarted,
            ],
        );
        assert_eq!(again.resume(), None, "a new handoff is a new conversation");
    }

    #[test]
    fn a_resume_brings_news_from_while_the_page_was_closed() {
        let state = apply(
            Rc::default(),
            [
                Action::HandoffStarted,
                created("secret"),
                Action::Server(ShopperEvent::AgentJoined {
                    name: "Anna".into(),
                }),
            ],
        );
        let resumed = apply(
            state,
            [
                Action::Server(ShopperEvent::Conversation {
                    conversation: ConversationId("c1".into()),
                    token: None,
                    status: ConversationStatus::Closed,
                }),
                Action::Server(ShopperEvent::AgentJoined {
                    name: "Anna".into(),
                }),
            ],
        );
        assert_eq!(resumed.channel, Channel::Ended { rated: false });
        assert!(resumed.needs_live_channel(), "the rating still needs it");
        assert_eq!(resumed.joins, 2);
        let joined_lines = resumed
            .lines
            .iter()
            .filter(|(_, l)| {
                matches!(
                    l,
                    Line::System {
                        notice: Notice::Joined { .. }
                    }
                )
            })
            .count();
        assert_eq!(joined_lines, 1, "hearing who is here again adds no line");
    }

    #[test]
    fn a_reopened_page_cannot_resume_a_handoff_the_server_never_saw() {
        let connecting = apply(Rc::default(), [Action::HandoffStarted]);
        assert_eq!((*connecting).clone().reopened().channel, Channel::Bot);
        let queued = apply(connecting, [created("secret")]);
        let reopened = (*queued).clone().reopened();
        assert!(reopened.needs_live_channel());
        assert_eq!(reopened.joins, 0);
    }

    #[test]
    fn restoring_another_tab_keeps_this_tabs_join_count_and_start_over_forgets() {
        let mine = apply(Rc::default(), [Action::HandoffStarted, created("a")]);
        let theirs = Rc::new(
            (*apply(
                Rc::default(),
                [Action::ShopperSent {
                    text: "from the other tab".into(),
                    masked: false,
                }],
            ))
            .clone(),
        );
        let restored = apply(mine, [Action::Restore(theirs.clone())]);
        assert_eq!(restored.lines, theirs.lines);
        assert_eq!(restored.joins, 1);
        let fresh = apply(restored, [Action::StartOver]);
        assert_eq!(*fresh, Conversation::default());
    }

    #[test]
    fn a_dropped_channel_shows_reconnecting_until_it_rejoins() {
        let state = apply(
            Rc::default(),
            [Action::HandoffStarted, created("a"), Action::Disconnected],
        );
        assert!(state.reconnecting);
        let back = apply(
            state,
            [Action::Server(ShopperEvent::Conversation {
                conversation: ConversationId("c1".into()),
                token: None,
                status: ConversationStatus::Queued,
            })],
        );
        assert!(!back.reconnecting);
        let bot = apply(Rc::default(), [Action::Disconnected]);
        assert!(!bot.reconnecting, "nothing to reconnect to");
    }

    #[test]
    fn a_retry_resends_only_when_something_waits() {
        let idle: Rc<Conversation> = Rc::default();
        assert!(Rc::ptr_eq(
            &idle,
            &apply(idle.clone(), [Action::RetryOutbox])
        ));
        let waiting = apply(
            Rc::default(),
            [Action::Sent {
                id: "m1".into(),
                text: "hello".into(),
            }],
        );
        let retried = apply(waiting.clone(), [Action::RetryOutbox]);
        assert_eq!(retried.joins, waiting.joins + 1);
    }

    #[test]
    fn a_long_outbox_goes_out_in_batches_within_the_frame_allowance() {
        let written = (0..25).map(|i| Action::Sent {
            id: format!("m{i}"),
            text: format!("line {i}"),
        });
        let state = apply(Rc::default(), written);
        let (batch, more) = state.outbox_batch();
        assert_eq!(batch.len(), OUTBOX_BATCH);
        assert_eq!(&*batch[0].id, "m0", "oldest first");
        assert!(more);
        // Batches alone stay under the server's 5 frames a second.
        assert!(OUTBOX_BATCH as f64 / (f64::from(OUTBOX_BATCH_EVERY_MS) / 1000.0) <= 5.0);
        let one = apply(
            Rc::default(),
            [Action::Sent {
                id: "a".into(),
                text: "x".into(),
            }],
        );
        let (batch, more) = one.outbox_batch();
        assert_eq!((batch.len(), more), (1, false));
    }
}
