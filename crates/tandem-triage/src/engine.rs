//! The decision: every stage of the pipeline in order, and a verdict with a
//! human-readable explanation.
//!
//! Order matters and is the policy: personal data is masked first (only the
//! masked text is used or returned); an explicit request for a person wins;
//! then sensitive topics, a language the knowledge base does not cover, and
//! frustration; only then does the classifier's answer count, and only when
//! it is in scope, routed to the bot and confident.

use rustc_hash::FxHashSet;

use serde::Serialize;

use crate::classifier::{Classifier, ModelError, TrainConfig};
use crate::features;
use crate::frustration::{self, History, Signal};
use crate::human_request::find_person_request_in;
use crate::kb::{KnowledgeBase, Route};
use crate::language;
use crate::normalize::normalize;
use crate::pii::{Redacted, redact};
use crate::sensitive::{self, Topic};

/// Why a conversation goes to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HandoffReason {
    /// The shopper asked for a person.
    AskedForPerson {
        /// The phrase that asked.
        phrase: String,
    },
    /// A sensitive topic.
    Sensitive {
        /// Which one.
        topic: Topic,
    },
    /// A language the knowledge base does not cover.
    Language {
        /// ISO 639-1 code.
        language: String,
    },
    /// The shopper is frustrated.
    Frustrated {
        /// The signal.
        signal: Signal,
    },
    /// The merchant routes this intent to people.
    HumanOnlyIntent {
        /// The intent id.
        intent: String,
    },
    /// The knowledge base does not cover the question.
    OutOfScope,
}

/// What the widget should do with the message.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    /// Show this intent's answer.
    Answer {
        /// The intent id.
        intent: String,
    },
    /// Ask which of these the shopper meant.
    Clarify {
        /// Intent ids, most likely first.
        options: Vec<String>,
    },
    /// Open a live channel to a person.
    Handoff {
        /// Why.
        reason: HandoffReason,
        /// Queue priority, 0 most urgent.
        priority: u8,
    },
}

impl Decision {
    /// `"answer"`, `"clarify"` or `"handoff"`.
    pub fn name(&self) -> &'static str {
        match self {
            Decision::Answer { .. } => "answer",
            Decision::Clarify { .. } => "clarify",
            Decision::Handoff { .. } => "handoff",
        }
    }
}

/// An intent and the classifier's calibrated confidence in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Guess {
    /// The intent id.
    pub intent: String,
    /// Probability, 0 to 1.
    pub confidence: f32,
}

/// Queue priority of a shopper who asked for a person: after the urgent
/// sensitive topics (self-harm 0; fraud and disputes 1; hardship,
/// vulnerability and bereavement 2), level with complaints.
const ASKED_FOR_PERSON_PRIORITY: u8 = 3;

/// Everything the engine concluded about one message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The message with personal data masked: the only text that may leave.
    pub redacted: Redacted,
    /// The top intent, whatever the decision.
    pub top: Guess,
    /// The next most likely intents.
    pub alternatives: Vec<Guess>,
    /// False when the knowledge base does not cover the question.
    pub in_scope: bool,
    /// The language identified, if the text gave enough evidence.
    pub language: Option<String>,
    /// The sensitive topic found, if any.
    pub sensitive: Option<Topic>,
    /// What to do.
    pub decision: Decision,
    /// One sentence for the agent's handoff card and the console's tester.
    pub explanation: String,
}

/// A knowledge base and its trained classifier.
#[derive(Debug, Clone)]
pub struct Engine {
    kb: KnowledgeBase,
    model: Classifier,
    human_intents: FxHashSet<String>,
    sensitive_phrases: Vec<String>,
}

impl Engine {
    /// Trains a classifier on the knowledge base's examples (and titles)
    /// plus any extra `(text, intent)` pairs.
    pub fn train(
        kb: KnowledgeBase,
        extra: &[(String, String)],
        config: &TrainConfig,
    ) -> Result<Self, ModelError> {
        let mut examples: Vec<(String, String)> = Vec::new();
        for intent in &kb.intents {
            for text in intent.examples.iter().chain(std::iter::once(&intent.title)) {
                if !intent.examples.is_empty() {
                    examples.push((normalize(text), intent.id.clone()));
                }
            }
        }
        examples.extend(extra.iter().map(|(t, l)| (normalize(t), l.clone())));
        let model = Classifier::train(&examples, config)?;
        Ok(Self::new(kb, model))
    }

    /// Pairs a knowledge base with a model trained earlier.
    pub fn new(kb: KnowledgeBase, model: Classifier) -> Self {
        let human_intents = kb
            .intents
            .iter()
            .filter(|i| i.route == Route::Human)
            .map(|i| i.id.clone())
            .collect();
        let sensitive_phrases = kb
            .policy
            .sensitive_phrases
            .iter()
            .map(|p| normalize(p))
            .collect();
        Self {
            kb,
            model,
            human_intents,
            sensitive_phrases,
        }
    }

    /// Sends these intents to people whatever the knowledge base says.
    pub fn route_to_humans(&mut self, intents: impl IntoIterator<Item = String>) {
        self.human_intents.extend(intents);
    }

    /// The knowledge base.
    pub fn kb(&self) -> &KnowledgeBase {
        &self.kb
    }

    /// The classifier.
    pub fn model(&self) -> &Classifier {
        &self.model
    }

    /// Decides what to do with `message`, given the conversation so far.
    pub fn triage(&self, message: &str, history: &History) -> Verdict {
        let redacted = redact(message);
        let normalized = normalize(&redacted.text);
        let scores = self.model.scores(&normalized);
        let labels = self.model.labels();
        let guess = |(i, p): (usize, f32)| Guess {
            intent: labels[i].clone(),
            confidence: p,
        };
        let top = guess(scores.ranked[0]);
        let alternatives: Vec<Guess> = scores.ranked[1..]
            .iter()
            .take(2)
            .map(|r| guess(*r))
            .collect();
        let policy = &self.kb.policy;
        let in_scope = !normalized.is_empty()
            && top.confidence >= policy.out_of_scope_threshold
            && scores.known_words >= policy.min_known_words;
        let language = language::identify(&redacted.text).map(str::to_owned);
        // Split once; each pattern stage reads the same tokens.
        let tokens = crate::pattern::tokens(&normalized);
        let sensitive = sensitive::detect_in(&tokens, &normalized, &self.sensitive_phrases);
        let handoff = |reason: HandoffReason, priority: u8| Decision::Handoff { reason, priority };

        // A topic more urgent than a plain request for a person decides the
        // reason and the queue: "I want to end it all, get me a human" is
        // queued as self-harm, not as a request at priority 3.
        let urgent = sensitive
            .as_ref()
            .is_some_and(|finding| finding.topic.priority() < ASKED_FOR_PERSON_PRIORITY);
        let person = find_person_request_in(&tokens).filter(|_| !urgent);
        let (decision, explanation) = if let Some(phrase) = person {
            (
                handoff(
                    HandoffReason::AskedForPerson {
                        phrase: phrase.to_owned(),
                    },
                    ASKED_FOR_PERSON_PRIORITY,
                ),
                format!("The shopper asked for a person (\"{phrase}\")."),
            )
        } else if let Some(finding) = &sensitive {
            (
                handoff(
                    HandoffReason::Sensitive {
                        topic: finding.topic,
                    },
                    finding.topic.priority(),
                ),
                format!(
                    "Sensitive: {}. A person should handle this.",
                    finding.topic.label()
                ),
            )
        } else if let Some(lang) = language.as_ref().filter(|l| !self.kb.languages.contains(l)) {
            (
                handoff(
                    HandoffReason::Language {
                        language: lang.clone(),
                    },
                    3,
                ),
                format!("Written in a language the knowledge base does not cover ({lang})."),
            )
        } else if let Some(signal) = frustration::detect_in(message, &tokens, &normalized, history)
        {
            (
                handoff(HandoffReason::Frustrated { signal }, 2),
                format!("Frustration: {}.", signal.label()),
            )
        } else if tokens.iter().all(|w| features::is_function_word(w)) {
            // "hi", "hello?", "how do I": nothing to classify yet, so offer
            // the knowledge base's first questions rather than a guess.
            let options = self
                .kb
                .intents
                .iter()
                .filter(|i| i.route == Route::Bot)
                .take(3)
                .map(|i| i.id.clone())
                .collect();
            (
                Decision::Clarify { options },
                "The message has no question to go on yet.".to_owned(),
            )
        } else if !in_scope {
            (
                handoff(HandoffReason::OutOfScope, 3),
                format!(
                    "Not covered by the knowledge base (best guess {} at {}%, {}% of words known).",
                    top.intent,
                    percent(top.confidence),
                    percent(scores.known_words)
                ),
            )
        } else if self.human_intents.contains(&top.intent) {
            let priority = self.kb.intent(&top.intent).map_or(3, |i| i.priority);
            (
                handoff(
                    HandoffReason::HumanOnlyIntent {
                        intent: top.intent.clone(),
                    },
                    priority,
                ),
                format!("{} is always handled by a person.", top.intent),
            )
        } else if top.confidence >= policy.answer_threshold {
            (
                Decision::Answer {
                    intent: top.intent.clone(),
                },
                format!("Confident: {} at {}%.", top.intent, percent(top.confidence)),
            )
        } else {
            let options: Vec<String> = std::iter::once(&top)
                .chain(&alternatives)
                .filter(|g| g.confidence >= policy.clarify_threshold)
                .map(|g| g.intent.clone())
                .collect();
            (
                Decision::Clarify { options },
                format!(
                    "Unsure: {} at {}%, asking which question was meant.",
                    top.intent,
                    percent(top.confidence)
                ),
            )
        };
        Verdict {
            redacted,
            top,
            alternatives,
            in_scope,
            language,
            sensitive: sensitive.map(|f| f.topic),
            decision,
            explanation,
        }
    }
}

/// A share as a whole percentage. Integer formatting on purpose: float
/// formatting would pull about 10 KB of `core::fmt` into the widget's Wasm.
fn percent(share: f32) -> u32 {
    (share.clamp(0.0, 1.0) * 100.0).round() as u32
}
