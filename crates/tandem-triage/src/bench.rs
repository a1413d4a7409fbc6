//! `tandem-triage bench`: the BANKING77 benchmark behind BENCHMARKS.md.
//!
//! A fixed-seed stratified split holds out 20% of every intent. On it we
//! measure top-1 accuracy with all training data and with 10 examples per
//! intent, out-of-scope detection with 10 intents left out of training and
//! on questions from outside the domain (`data/out_of_domain*.txt`), the
//! sensitive-topic model on rounds of phrasings it was not trained on,
//! speed, model size and load time. Everything is deterministic except the
//! timings.

use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

use anyhow::Context as _;
use serde::Serialize;
use tandem_triage::classifier::{Scores, TrainConfig};
use tandem_triage::engine::{Decision, Engine, Need};
use tandem_triage::frustration::History;
use tandem_triage::kb::KnowledgeBase;
use tandem_triage::normalize::normalize;
use tandem_triage::sensitive::Topic;

use crate::{evaluate, read_examples};

const SEED: u64 = 0x00c0_ffee;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

type Pairs = Vec<(String, String)>;

/// Per intent, 80% train and 20% test, shuffled with a fixed seed.
fn split(all: &Pairs) -> (Vec<(String, Pairs)>, Pairs, Pairs) {
    let mut by_label: std::collections::BTreeMap<String, Pairs> = Default::default();
    for pair in all {
        by_label
            .entry(pair.1.clone())
            .or_default()
            .push(pair.clone());
    }
    let mut rng = Rng(SEED);
    let (mut train, mut test, mut per_label) = (Vec::new(), Vec::new(), Vec::new());
    for (label, mut items) in by_label {
        rng.shuffle(&mut items);
        let cut = items.len() / 5;
        test.extend_from_slice(&items[..cut]);
        train.extend_from_slice(&items[cut..]);
        per_label.push((label, items[cut..].to_vec()));
    }
    (per_label, train, test)
}

fn engine(train: &Pairs) -> anyhow::Result<Engine> {
    let mut labels: Vec<String> = train.iter().map(|(_, l)| l.clone()).collect();
    labels.sort();
    labels.dedup();
    Ok(Engine::train(
        KnowledgeBase::from_labels(labels),
        train,
        &TrainConfig::default(),
    )?)
}

#[derive(Serialize)]
struct OosPoint {
    /// The policy's `min_focus`.
    min_focus: f32,
    oos_rejected: f64,
    in_scope_accuracy: f64,
}

#[derive(Serialize)]
struct Report {
    train_examples: usize,
    test_examples: usize,
    full_accuracy: f64,
    full_macro_f1: f64,
    ten_shot_accuracy: f64,
    oos_default: OosPoint,
    oos_sweep: Vec<OosPoint>,
    out_of_domain: Vec<OutOfDomain>,
    pipeline_micros_per_query: f64,
    classifier_micros_per_query: f64,
    model_bytes: usize,
    model_bytes_gzip: usize,
    model_load_millis: f64,
    training_seconds: f64,
    learned: LearnedReport,
}

/// BANKING77 intents that are sensitive by nature: the sensitive-topic
/// model may flag their questions without it counting as a false alarm.
const SENSITIVE_INTENTS: [&str; 7] = [
    "card_payment_not_recognised",
    "direct_debit_payment_not_recognised",
    "cash_withdrawal_not_recognised",
    "lost_or_stolen_phone",
    "compromised_card",
    "lost_or_stolen_card",
    "transaction_charged_twice",
];

/// Microseconds per query of one pass over `queries` queries, the median
/// of [`TIMED_PASSES`] passes after one untimed pass. A shared machine
/// slows some passes down (another process, a frequency change); the median
/// reports the typical pass, where the mean of five let one slow pass move
/// the figure by a microsecond between runs.
fn median_micros_per_query(queries: usize, mut pass: impl FnMut()) -> f64 {
    pass();
    let mut micros: Vec<f64> = (0..TIMED_PASSES)
        .map(|_| {
            let started = Instant::now();
            pass();
            started.elapsed().as_secs_f64() * 1e6 / queries.max(1) as f64
        })
        .collect();
    micros.sort_by(f64::total_cmp);
    micros[micros.len() / 2]
}

/// Timed passes per speed figure (odd, so the median is one of them).
const TIMED_PASSES: usize = 11;

/// How many of the phrasings' last rounds are each left out in turn.
const ROUNDS_LEFT_OUT: u32 = 4;

#[derive(Serialize)]
struct RoundLeftOut {
    round: u32,
    messages: usize,
    /// Recognised by the sensitive-topic model (the patterns aside).
    learned: usize,
    /// The round's self-harm messages, and how many the model names as
    /// self-harm: the topic decides the queue's priority and whether the
    /// shopper hears where help is at once.
    self_harm: usize,
    self_harm_named: usize,
    /// The round's requests for a person (in a language the knowledge base
    /// covers), and how many the model reads as requests.
    requests: usize,
    requests_learned: usize,
}

#[derive(Serialize)]
struct LearnedReport {
    rounds: Vec<RoundLeftOut>,
    /// Held-out questions of routine intents, and how many the
    /// sensitive-topic model flagged (the patterns aside).
    routine_questions: usize,
    routine_flagged: usize,
    model_bytes_gzip: usize,
    /// Intents the engine found sensitive from their examples, as
    /// `intent: topic`.
    sensitive_intents: Vec<String>,
    /// Held-out routine questions handed off as sensitive by any net
    /// (patterns, the model, or a sensitive intent).
    routine_handed_off_sensitive: usize,
    /// Held-out questions of [`SENSITIVE_INTENTS`], and how many are
    /// handed off (for any reason).
    sensitive_questions: usize,
    sensitive_handed_off: usize,
}

/// The sensitive-topic model on messages it was not trained on: each of
/// the last rounds of the phrasings is left out of a training in turn and
/// its messages read; and the held-out routine questions the full model
/// flags.
fn learned_topics(train: &Pairs, test: &Pairs, full: &Engine) -> anyhow::Result<LearnedReport> {
    let all = tandem_triage::phrasings::phrasings().map_err(anyhow::Error::msg)?;
    let last = all.iter().map(|p| p.round).max().unwrap_or(0);
    let need = |engine: &Engine, text: &str| {
        let normalized = normalize(&tandem_triage::pii::redact(text).text);
        engine
            .learned_need(&tandem_triage::pattern::tokens(&normalized))
            .map(|(need, _)| need)
    };
    let learned = |engine: &Engine, text: &str| need(engine, text).is_some();
    let everyday: Vec<&str> = tandem_triage::phrasings::everyday().collect();
    let mut rounds = Vec::new();
    for round in last.saturating_sub(ROUNDS_LEFT_OUT - 1)..=last {
        let kept: Vec<_> = all.iter().copied().filter(|p| p.round != round).collect();
        let mut labels: Vec<String> = train.iter().map(|(_, l)| l.clone()).collect();
        labels.sort();
        labels.dedup();
        let engine = Engine::train_with(
            KnowledgeBase::from_labels(labels),
            train,
            &TrainConfig::default(),
            &kept,
            &everyday,
        )?;
        // The model does not run on a language the knowledge base does not
        // cover: those messages go to a person for it.
        let covered = |text: &&str| {
            tandem_triage::language::identify(text)
                .is_none_or(|l| engine.kb().languages.iter().any(|k| k == l))
        };
        let of_round = |wanted: &dyn Fn(Option<Topic>) -> bool| -> Vec<&str> {
            all.iter()
                .filter(|p| p.round == round && wanted(p.topic))
                .map(|p| p.text)
                .filter(covered)
                .collect()
        };
        let messages = of_round(&|topic| topic.is_some());
        let requests = of_round(&|topic| topic.is_none());
        let self_harm = of_round(&|topic| topic == Some(Topic::SelfHarm));
        rounds.push(RoundLeftOut {
            round,
            messages: messages.len(),
            learned: messages.iter().filter(|m| learned(&engine, m)).count(),
            self_harm: self_harm.len(),
            self_harm_named: self_harm
                .iter()
                .filter(|m| need(&engine, m) == Some(Need::Topic(Topic::SelfHarm)))
                .count(),
            requests: requests.len(),
            requests_learned: requests
                .iter()
                .filter(|m| need(&engine, m) == Some(Need::Person))
                .count(),
        });
    }
    let routine: Vec<&str> = test
        .iter()
        .filter(|(_, l)| !SENSITIVE_INTENTS.contains(&l.as_str()))
        .map(|(t, _)| t.as_str())
        .collect();
    let sensitive: Vec<&str> = test
        .iter()
        .filter(|(_, l)| SENSITIVE_INTENTS.contains(&l.as_str()))
        .map(|(t, _)| t.as_str())
        .collect();
    let verdict = |text: &&str| full.triage(text, &History::default());
    let intents_only = full.model().to_bytes();
    Ok(LearnedReport {
        routine_questions: routine.len(),
        routine_flagged: routine.iter().filter(|t| learned(full, t)).count(),
        rounds,
        model_bytes_gzip: gzip_len(&full.to_bytes())? - gzip_len(&intents_only)?,
        sensitive_intents: full
            .sensitive_intents()
            .into_iter()
            .map(|(label, topic)| format!("{}: {}", full.model().labels()[label], topic.id()))
            .collect(),
        routine_handed_off_sensitive: routine
            .iter()
            .filter(|t| verdict(t).sensitive.is_some())
            .count(),
        sensitive_questions: sensitive.len(),
        sensitive_handed_off: sensitive
            .iter()
            .filter(|t| matches!(verdict(t).decision, Decision::Handoff { .. }))
            .count(),
    })
}

fn gzip_len(bytes: &[u8]) -> anyhow::Result<usize> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    Ok(gz.finish()?.len())
}

/// Out-of-scope: leave 10 intents out of training; their test questions
/// should be rejected while the others are still answered correctly.
fn out_of_scope(
    per_label: &[(String, Pairs)],
    test: &Pairs,
) -> anyhow::Result<(OosPoint, Vec<OosPoint>)> {
    let mut labels: Vec<&String> = per_label.iter().map(|(l, _)| l).collect();
    Rng(SEED ^ 0x5eed).shuffle(&mut labels);
    let unknown: Vec<&String> = labels[..10].to_vec();
    let train: Pairs = per_label
        .iter()
        .filter(|(l, _)| !unknown.contains(&l))
        .flat_map(|(_, items)| items.iter().cloned())
        .collect();
    let engine = engine(&train)?;
    let (inside, outside): (Vec<_>, Vec<_>) = test.iter().partition(|(_, l)| !unknown.contains(&l));
    let outside: Vec<&str> = outside.iter().map(|(text, _)| text.as_str()).collect();
    Ok(operating_points(&engine, &inside, &outside))
}

/// Questions outside a bank's knowledge base altogether, written for this
/// benchmark (see the files' headers): the protocol the reference
/// figure (TF-IDF + LR, 84% rejected at 89% in-scope accuracy) matches. The
/// focus rule was designed on the first set; the second was written after.
const OUT_OF_DOMAIN: [(&str, &str); 2] = [
    ("design", include_str!("../data/out_of_domain.txt")),
    (
        "confirmation",
        include_str!("../data/out_of_domain_confirmation.txt"),
    ),
];

#[derive(Serialize)]
struct OutOfDomain {
    set: &'static str,
    questions: usize,
    default: OosPoint,
    sweep: Vec<OosPoint>,
}

/// Out of domain: the engine trained on all the training data should reject
/// each set of [`OUT_OF_DOMAIN`] while still answering the held-out
/// questions.
fn out_of_domain(full: &Engine, test: &Pairs) -> Vec<OutOfDomain> {
    let inside: Vec<&(String, String)> = test.iter().collect();
    OUT_OF_DOMAIN
        .iter()
        .map(|(set, text)| {
            let outside: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with('#'))
                .collect();
            let (default, sweep) = operating_points(full, &inside, &outside);
            OutOfDomain {
                set,
                questions: outside.len(),
                default,
                sweep,
            }
        })
        .collect()
}

/// The share of `outside` rejected and the in-scope accuracy on `inside`
/// (a rejected question counts as wrong), applied as the engine applies
/// its policy: at the default policy, and with the focus threshold swept
/// from 0.02 to 0.24 (the other thresholds at their defaults).
fn operating_points(
    engine: &Engine,
    inside: &[&(String, String)],
    outside: &[&str],
) -> (OosPoint, Vec<OosPoint>) {
    let policy = &engine.kb().policy;
    let score = |text: &str| engine.model().scores(&normalize(text));
    let in_scope = |s: &Scores, min_focus: f32| {
        s.ranked[0].1 >= policy.out_of_scope_threshold
            && s.known_words >= policy.min_known_words
            && s.focus() >= min_focus
    };
    let inside: Vec<(bool, Scores)> = inside
        .iter()
        .map(|(text, gold)| {
            let s = score(text);
            (engine.model().labels()[s.ranked[0].0] == *gold, s)
        })
        .collect();
    let outside: Vec<Scores> = outside.iter().map(|text| score(text)).collect();
    let point = |threshold: f32| OosPoint {
        min_focus: threshold,
        oos_rejected: outside.iter().filter(|s| !in_scope(s, threshold)).count() as f64
            / outside.len().max(1) as f64,
        in_scope_accuracy: inside
            .iter()
            .filter(|(ok, s)| *ok && in_scope(s, threshold))
            .count() as f64
            / inside.len().max(1) as f64,
    };
    let sweep = (1..=12).map(|i| point(i as f32 * 0.02)).collect();
    (point(policy.min_focus), sweep)
}

/// Prints one out-of-scope measurement: the default policy, then the sweep.
fn print_operating_points(what: &str, default: &OosPoint, sweep: &[OosPoint]) {
    println!(
        "  {what}, default policy (focus {:.2}): {:.1}% rejected, in-scope accuracy {:.1}%",
        default.min_focus,
        default.oos_rejected * 100.0,
        default.in_scope_accuracy * 100.0
    );
    for p in sweep {
        println!(
            "      focus {:.2}: {:5.1}% rejected, in-scope accuracy {:5.1}%",
            p.min_focus,
            p.oos_rejected * 100.0,
            p.in_scope_accuracy * 100.0
        );
    }
}

/// The browser benchmark's input: the model trained on all the training
/// data, the held-out queries one per line (BANKING77 has no line breaks
/// inside a query; any would be folded to spaces), and the top intent the
/// native engine gives each, which the Wasm build must reproduce.
fn write_fixture(dir: &Path, engine: &Engine, test: &Pairs) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))
    };
    write("model.bin", &engine.to_bytes())?;
    let queries: Vec<String> = test
        .iter()
        .map(|(text, _)| text.replace(['\n', '\r'], " "))
        .collect();
    write("queries.txt", (queries.join("\n") + "\n").as_bytes())?;
    let expected: String = queries
        .iter()
        .map(|query| engine.triage(query, &History::default()).top.intent + "\n")
        .collect();
    write("expected.txt", expected.as_bytes())
}

pub(crate) fn run(data: &Path, json: Option<&Path>, fixture: Option<&Path>) -> anyhow::Result<()> {
    let all: Pairs = read_examples(data)?
        .into_iter()
        .map(|e| (e.text, e.category))
        .collect();
    let (per_label, train, test) = split(&all);
    eprintln!(
        "training on {} examples, testing on {}",
        train.len(),
        test.len()
    );

    let started = Instant::now();
    let full = engine(&train)?;
    let training_seconds = started.elapsed().as_secs_f64();
    let full_eval = evaluate(&full, &test);

    let normalized: Vec<String> = test.iter().map(|(t, _)| normalize(t)).collect();
    let classifier_micros = median_micros_per_query(normalized.len(), || {
        for text in &normalized {
            std::hint::black_box(full.model().scores(text));
        }
    });
    let pipeline_micros = median_micros_per_query(test.len(), || {
        for (text, _) in &test {
            std::hint::black_box(full.triage(text, &History::default()));
        }
    });

    let bytes = full.to_bytes();
    let loads = 20;
    let started = Instant::now();
    for _ in 0..loads {
        std::hint::black_box(Engine::decode(&bytes).context("reloading the model")?);
    }
    let model_load_millis = started.elapsed().as_secs_f64() * 1e3 / f64::from(loads);
    if let Some(dir) = fixture {
        write_fixture(dir, &full, &test)?;
    }

    let mut rng = Rng(SEED ^ 0x10);
    let ten_shot: Pairs = per_label
        .iter()
        .flat_map(|(_, items)| {
            let mut items = items.clone();
            rng.shuffle(&mut items);
            items.truncate(10);
            items
        })
        .collect();
    let ten_eval = evaluate(&engine(&ten_shot)?, &test);
    let (oos_default, oos_sweep) = out_of_scope(&per_label, &test)?;
    let out_of_domain = out_of_domain(&full, &test);
    let learned = learned_topics(&train, &test, &full)?;

    let report = Report {
        train_examples: train.len(),
        test_examples: test.len(),
        full_accuracy: full_eval.accuracy,
        full_macro_f1: full_eval.macro_f1,
        ten_shot_accuracy: ten_eval.accuracy,
        oos_default,
        oos_sweep,
        out_of_domain,
        pipeline_micros_per_query: pipeline_micros,
        classifier_micros_per_query: classifier_micros,
        model_bytes: bytes.len(),
        model_bytes_gzip: gzip_len(&bytes)?,
        model_load_millis,
        training_seconds,
        learned,
    };
    println!("BANKING77, fixed-seed stratified 80/20 split of the training set");
    println!(
        "  train / test examples:        {} / {}",
        report.train_examples, report.test_examples
    );
    println!(
        "  top-1 accuracy, all data:     {:.2}%",
        report.full_accuracy * 100.0
    );
    println!(
        "  macro-F1, all data:           {:.2}%",
        report.full_macro_f1 * 100.0
    );
    println!(
        "  top-1 accuracy, 10-shot:      {:.2}%",
        report.ten_shot_accuracy * 100.0
    );
    print_operating_points(
        "out of scope (10 intents held out)",
        &report.oos_default,
        &report.oos_sweep,
    );
    for set in &report.out_of_domain {
        print_operating_points(
            &format!(
                "out of domain, {} set ({} questions no intent covers)",
                set.set, set.questions
            ),
            &set.default,
            &set.sweep,
        );
    }
    println!(
        "  classifier µs/query (native): {:.1}",
        report.classifier_micros_per_query
    );
    println!(
        "  pipeline µs/query (native):   {:.1}",
        report.pipeline_micros_per_query
    );
    println!(
        "  model bytes raw / gzip:       {} / {}",
        report.model_bytes, report.model_bytes_gzip
    );
    println!(
        "  model load (native):          {:.2} ms",
        report.model_load_millis
    );
    println!(
        "  training time:                {:.1} s",
        report.training_seconds
    );
    for r in &report.learned.rounds {
        println!(
            "  sensitive-topic model, round {} left out of training: {} of {} recognised ({} of {} self-harm named as such); {} of {} requests for a person read as such",
            r.round,
            r.learned,
            r.messages,
            r.self_harm_named,
            r.self_harm,
            r.requests_learned,
            r.requests
        );
    }
    println!(
        "  sensitive-topic model, held-out routine questions flagged: {} of {} ({} bytes gzip of the model)",
        report.learned.routine_flagged,
        report.learned.routine_questions,
        report.learned.model_bytes_gzip
    );
    println!(
        "  sensitive intents found from their examples: {}",
        report.learned.sensitive_intents.join(", ")
    );
    println!(
        "  held-out routine questions handed off as sensitive (patterns, model, intents): {} of {}",
        report.learned.routine_handed_off_sensitive, report.learned.routine_questions
    );
    println!(
        "  held-out questions of the seven sensitive intents handed off: {} of {}",
        report.learned.sensitive_handed_off, report.learned.sensitive_questions
    );
    if let Some(path) = json {
        std::fs::write(path, serde_json::to_string_pretty(&report)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}
