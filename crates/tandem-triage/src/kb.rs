//! The knowledge base: what a merchant's bot may answer, in TOML (see
//! `docs/knowledge-base.md`). Errors name the line to fix.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::answer::{self, Block};

/// Who handles an intent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// The bot answers when it is confident.
    #[default]
    Bot,
    /// Always a person, however confident the bot is.
    Human,
}

/// Confidence thresholds and the merchant's own sensitive phrases.
///
/// Read as JSON (the widget reads the server's knowledge base so) a key this
/// build does not know is skipped: during a rolling deploy a widget older
/// than the server it asks must still load a policy with a newer key.
/// [`KnowledgeBase::from_toml`] refuses unknown keys, where they are typos.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Policy {
    /// Answer when the top intent's confidence is at least this.
    pub answer_threshold: f32,
    /// Below `answer_threshold`, offer the likely intents whose confidence is
    /// at least this.
    pub clarify_threshold: f32,
    /// Below this top confidence the question counts as out of scope.
    pub out_of_scope_threshold: f32,
    /// Out of scope, too, when fewer than this share of the words are known.
    pub min_known_words: f32,
    /// Out of scope, too, when the classifier's focus (the square root of
    /// the known share over the number of intents effectively in play) is
    /// below this: a question no intent covers spreads over many.
    pub min_focus: f32,
    /// Extra phrases that always go to a person (normalised on load).
    pub sensitive_phrases: Vec<String>,
    /// Words that are routine for this shop though they can signal a
    /// sensitive topic elsewhere ("wheelchair*" for a mobility shop, where
    /// they signal vulnerability): a topic found only through them is not
    /// one. A trailing `*` matches any ending. Never for possible self-harm
    /// or an injury, which are always read from the whole message.
    pub routine_phrases: Vec<String>,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            answer_threshold: 0.5,
            clarify_threshold: 0.12,
            out_of_scope_threshold: 0.25,
            min_known_words: 0.34,
            min_focus: 0.1,
            sensitive_phrases: Vec::new(),
            routine_phrases: Vec::new(),
        }
    }
}

/// One thing shoppers ask about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Intent {
    /// Stable id, e.g. `returns`.
    pub id: String,
    /// The question as a shopper would ask it (used for clarify buttons).
    pub title: String,
    /// The answer as written.
    pub answer: String,
    /// The answer parsed into blocks for rendering.
    pub blocks: Vec<Block>,
    /// Example phrasings.
    pub examples: Vec<String>,
    /// Bot or human.
    pub route: Route,
    /// Queue priority when a person takes it (0 is most urgent).
    pub priority: u8,
}

/// A validated knowledge base. It travels to the widget as JSON (the
/// server validated the TOML), so the widget needs no TOML parser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KnowledgeBase {
    /// The locale answers are written in, e.g. `en` or `sv-SE`.
    pub locale: String,
    /// Languages (ISO 639-1) the bot may answer; others go to a person.
    pub languages: Vec<String>,
    /// Thresholds and phrases.
    pub policy: Policy,
    /// The intents.
    pub intents: Vec<Intent>,
}

/// Why a knowledge base was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}line {line}: {message}", source_name.as_ref().map(|s| format!("{s}: ")).unwrap_or_default())]
pub struct KbError {
    /// The file, when known.
    pub source_name: Option<String>,
    /// 1-based line.
    pub line: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKb {
    locale: String,
    languages: Option<Vec<String>>,
    /// Read as a table first, so that unknown keys can be refused here
    /// while [`Policy`] itself skips them (see there).
    policy: Option<toml::Spanned<toml::Table>>,
    #[serde(default, rename = "intent")]
    intents: Vec<toml::Spanned<RawIntent>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIntent {
    id: String,
    title: String,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    route: Route,
    #[serde(default = "default_priority")]
    priority: u8,
}

fn default_priority() -> u8 {
    3
}

/// The policy from its TOML table, refusing keys [`Policy`] does not have
/// (a misspelt threshold would otherwise be silently left at its default).
fn policy_from(table: toml::Table) -> Result<Policy, String> {
    let known = toml::Table::try_from(Policy::default())
        .map_err(|e| format!("policy: {}", e.to_string().trim()))?;
    if let Some(key) = table.keys().find(|key| !known.contains_key(*key)) {
        let expected: Vec<String> = known.keys().map(|k| format!("`{k}`")).collect();
        return Err(format!(
            "unknown field `{key}` in [policy], expected one of {}",
            expected.join(", ")
        ));
    }
    Policy::deserialize(toml::Value::Table(table))
        .map_err(|e| format!("policy: {}", e.message().trim()))
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

impl KnowledgeBase {
    /// Parses and validates TOML text.
    pub fn from_toml(text: &str) -> Result<Self, KbError> {
        let error = |line: usize, message: String| KbError {
            source_name: None,
            line,
            message,
        };
        let raw: RawKb = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            error(line, e.message().trim().to_owned())
        })?;
        let languages = raw.languages.unwrap_or_else(|| {
            vec![
                raw.locale
                    .split(['-', '_'])
                    .next()
                    .unwrap_or("en")
                    .to_ascii_lowercase(),
            ]
        });
        // Without a [policy] table the defaults hold, and they are valid.
        let (policy, policy_line) = match raw.policy {
            None => (Policy::default(), 1),
            Some(spanned) => {
                let line = line_of(text, spanned.span().start);
                let policy = policy_from(spanned.into_inner()).map_err(|m| error(line, m))?;
                (policy, line)
            }
        };
        let thresholds = [
            ("answer_threshold", policy.answer_threshold),
            ("clarify_threshold", policy.clarify_threshold),
            ("out_of_scope_threshold", policy.out_of_scope_threshold),
            ("min_known_words", policy.min_known_words),
            ("min_focus", policy.min_focus),
        ];
        for (name, value) in thresholds {
            if !(0.0..=1.0).contains(&value) {
                return Err(error(
                    policy_line,
                    format!("policy.{name} must be between 0 and 1, not {value}"),
                ));
            }
        }
        for phrase in &policy.routine_phrases {
            let stem = phrase.strip_suffix('*').unwrap_or(phrase);
            if crate::normalize::normalize(stem).is_empty() || stem.contains('*') {
                return Err(error(
                    policy_line,
                    format!(
                        "policy.routine_phrases: `{phrase}` needs words, with `*` only at the end"
                    ),
                ));
            }
        }
        if policy.clarify_threshold > policy.answer_threshold {
            return Err(error(
                policy_line,
                "policy.clarify_threshold must not exceed policy.answer_threshold".to_owned(),
            ));
        }
        let mut seen = HashSet::new();
        let mut intents = Vec::with_capacity(raw.intents.len());
        for spanned in raw.intents {
            let line = line_of(text, spanned.span().start);
            let raw = spanned.into_inner();
            let id_ok = !raw.id.is_empty()
                && raw
                    .id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !id_ok {
                return Err(error(
                    line,
                    format!(
                        "intent id `{}` may use only letters, digits, `_` and `-`",
                        raw.id
                    ),
                ));
            }
            if !seen.insert(raw.id.clone()) {
                return Err(error(line, format!("intent id `{}` is used twice", raw.id)));
            }
            if raw.route == Route::Bot && raw.answer.trim().is_empty() {
                return Err(error(
                    line,
                    format!(
                        "intent `{}` has no answer; write one or set route = \"human\"",
                        raw.id
                    ),
                ));
            }
            if raw.examples.iter().all(|e| e.trim().is_empty()) {
                return Err(error(
                    line,
                    format!("intent `{}` needs at least one example phrasing", raw.id),
                ));
            }
            let blocks = answer::parse(&raw.answer)
                .map_err(|e| error(line, format!("intent `{}`: {e}", raw.id)))?;
            intents.push(Intent {
                id: raw.id,
                title: raw.title,
                answer: raw.answer,
                blocks,
                examples: raw
                    .examples
                    .into_iter()
                    .filter(|e| !e.trim().is_empty())
                    .collect(),
                route: raw.route,
                priority: raw.priority,
            });
        }
        if intents.is_empty() {
            return Err(error(
                1,
                "the knowledge base has no [[intent]] tables".to_owned(),
            ));
        }
        Ok(Self {
            locale: raw.locale,
            languages,
            policy,
            intents,
        })
    }

    /// A knowledge base with one answerless intent per label, for training
    /// from a CSV alone.
    pub fn from_labels(labels: impl IntoIterator<Item = String>) -> Self {
        Self {
            locale: "en".to_owned(),
            languages: vec!["en".to_owned()],
            policy: Policy::default(),
            intents: labels
                .into_iter()
                .map(|id| Intent {
                    title: id.replace('_', " "),
                    id,
                    answer: String::new(),
                    blocks: Vec::new(),
                    examples: Vec::new(),
                    route: Route::Bot,
                    priority: default_priority(),
                })
                .collect(),
        }
    }

    /// The intent with this id.
    pub fn intent(&self, id: &str) -> Option<&Intent> {
        self.intents.iter().find(|i| i.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
locale = "en"
languages = ["en", "sv"]

[policy]
answer_threshold = 0.6
sensitive_phrases = ["price match"]

[[intent]]
id = "returns"
title = "How do I return something?"
answer = """
Returns are free within 30 days.

- Open [your orders](https://shop.example/orders)
- Choose **Return**
"""
examples = ["how do I return", "send it back"]

[[intent]]
id = "disputes"
title = "I want to dispute a charge"
route = "human"
priority = 1
examples = ["dispute a charge"]
"#;

    #[test]
    fn a_full_knowledge_base_loads() {
        let kb = KnowledgeBase::from_toml(GOOD).expect("valid");
        assert_eq!(kb.languages, ["en", "sv"]);
        assert_eq!(kb.policy.answer_threshold, 0.6);
        assert_eq!(
            kb.policy.clarify_threshold,
            Policy::default().clarify_threshold
        );
        assert_eq!(kb.intents.len(), 2);
        assert_eq!(kb.intents[1].route, Route::Human);
        assert_eq!(kb.intents[0].blocks.len(), 2);
        assert_eq!(kb.intent("disputes").map(|i| i.priority), Some(1));
    }

    fn error_of(text: &str) -> String {
        KnowledgeBase::from_toml(text)
            .expect_err("invalid")
            .to_string()
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(
            error_of(
                "locale = \"en\"\n[[intent]]\nid = \"a\"\ntitle = \"A\"\nanswer = \"x\"\nexamples = [\"a\"]\nroute = \"robot\"\n"
            ),
            "line 7: unknown variant `robot`, expected `bot` or `human`"
        );
        assert_eq!(
            error_of(
                "locale = \"en\"\n\n[[intent]]\nid = \"a\"\ntitle = \"A\"\nexamples = [\"a\"]\n"
            ),
            "line 3: intent `a` has no answer; write one or set route = \"human\""
        );
        assert_eq!(
            error_of(
                "locale = \"en\"\n[[intent]]\nid = \"a\"\ntitle = \"A\"\nanswer = \"x\"\nexamples = [\"a\"]\n[[intent]]\nid = \"a\"\ntitle = \"B\"\nanswer = \"y\"\nexamples = [\"b\"]\n"
            ),
            "line 7: intent id `a` is used twice"
        );
        assert_eq!(
            error_of(
                "locale = \"en\"\n[policy]\nanswer_threshold = 1.5\n[[intent]]\nid = \"a\"\ntitle = \"A\"\nanswer = \"x\"\nexamples = [\"a\"]\n"
            ),
            "line 2: policy.answer_threshold must be between 0 and 1, not 1.5"
        );
        assert_eq!(
            error_of(
                "locale = \"en\"\n\n[policy]\nmin_focus = -0.1\n[[intent]]\nid = \"a\"\ntitle = \"A\"\nanswer = \"x\"\nexamples = [\"a\"]\n"
            ),
            "line 3: policy.min_focus must be between 0 and 1, not -0.1"
        );
        assert_eq!(
            error_of(
                "locale = \"en\"\n[policy]\nroutine_phrases = [\"wheelchair*\", \"?!\"]\n[[intent]]\nid = \"a\"\ntitle = \"A\"\nanswer = \"x\"\nexamples = [\"a\"]\n"
            ),
            "line 2: policy.routine_phrases: `?!` needs words, with `*` only at the end"
        );
        assert_eq!(
            error_of(
                "locale = \"en\"\n[policy]\nroutine_phrases = [\"wheel*chair\"]\n[[intent]]\nid = \"a\"\ntitle = \"A\"\nanswer = \"x\"\nexamples = [\"a\"]\n"
            ),
            "line 2: policy.routine_phrases: `wheel*chair` needs words, with `*` only at the end"
        );
        assert_eq!(
            error_of(
                "locale = \"en\"\n\n[policy]\nanswer_treshold = 0.6\n[[intent]]\nid = \"a\"\ntitle = \"A\"\nanswer = \"x\"\nexamples = [\"a\"]\n"
            ),
            "line 3: unknown field `answer_treshold` in [policy], expected one of `answer_threshold`, `clarify_threshold`, `min_focus`, `min_known_words`, `out_of_scope_threshold`, `routine_phrases`, `sensitive_phrases`"
        );
        assert_eq!(
            error_of(
                "locale = \"en\"\n[policy]\nanswer_threshold = \"high\"\n[[intent]]\nid = \"a\"\ntitle = \"A\"\nanswer = \"x\"\nexamples = [\"a\"]\n"
            ),
            "line 2: policy: invalid type: string \"high\", expected f32"
        );
        assert_eq!(
            error_of("locale = \"en\"\n"),
            "line 1: the knowledge base has no [[intent]] tables"
        );
        assert_eq!(
            error_of("locale = \"en\"\ncolour = 3\n"),
            "line 2: unknown field `colour`, expected one of `locale`, `languages`, `policy`, `intent`"
        );
        assert!(error_of("locale = \n").starts_with("line 1: "));
    }

    #[test]
    fn a_policy_read_as_json_skips_keys_it_does_not_know() {
        // A widget older than the server reads a policy with a newer key.
        let policy: Policy = serde_json::from_str(r#"{"answer_threshold":0.7,"a_newer_key":1}"#)
            .expect("an unknown key is skipped");
        assert_eq!(policy.answer_threshold, 0.7);
        assert_eq!(policy.min_focus, Policy::default().min_focus);
    }
}
