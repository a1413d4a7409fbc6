//! The `tandem-triage` command line: classify queries, evaluate on labeled
//! data, compile a knowledge base into the model the widget loads, and run
//! the BANKING77 benchmark. The `classify` contract is relied on by other
//! tools: one JSON object per input line, in order, with fixed fields.

use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand};
use serde::Serialize;
use tandem_triage::classifier::TrainConfig;
use tandem_triage::engine::{Decision, Engine, Verdict};
use tandem_triage::frustration::History;
use tandem_triage::kb::KnowledgeBase;
use tandem_triage::training::{Example, read_csv};

mod bench;

#[derive(Parser)]
#[command(
    version,
    about = "Tandem's triage engine: answer, clarify or hand off to a person."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Classify queries from stdin (one per line); print one JSON object per line.
    Classify {
        #[command(flatten)]
        source: Source,
    },
    /// Train on one labeled CSV and report accuracy, macro-F1, coverage and speed on another.
    Eval {
        /// Training data, header `text,category`.
        #[arg(long)]
        train: PathBuf,
        /// Test data, header `text,category`.
        #[arg(long)]
        test: PathBuf,
    },
    /// Train and write the model file the widget loads.
    Compile {
        #[command(flatten)]
        source: Source,
        /// Where to write the model.
        #[arg(long)]
        out: PathBuf,
    },
    /// The BANKING77 benchmark: full data, 10-shot, out-of-scope, speed and size.
    Bench {
        /// BANKING77 `train.csv` (header `text,category`).
        #[arg(long)]
        data: PathBuf,
        /// Write the results as JSON here too.
        #[arg(long)]
        json: Option<PathBuf>,
        /// Write the trained model (`model.bin`) and the held-out queries
        /// (`queries.txt`) here, for the same measurement in a browser
        /// (`tests/wasm_bench.rs`).
        #[arg(long)]
        fixture: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
struct Source {
    /// Labeled training data, header `text,category`.
    #[arg(long, required_unless_present = "kb")]
    train: Option<PathBuf>,
    /// Knowledge base (TOML).
    #[arg(long)]
    kb: Option<PathBuf>,
    /// Intents that always go to a person, comma-separated.
    #[arg(long, value_delimiter = ',')]
    human_intents: Vec<String>,
}

fn read_examples(path: &Path) -> anyhow::Result<Vec<Example>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    read_csv(std::io::BufReader::new(file)).with_context(|| format!("reading {}", path.display()))
}

fn pairs(examples: &[Example]) -> Vec<(String, String)> {
    examples
        .iter()
        .map(|e| (e.text.clone(), e.category.clone()))
        .collect()
}

impl Source {
    fn engine(&self) -> anyhow::Result<Engine> {
        let extra = match &self.train {
            Some(path) => pairs(&read_examples(path)?),
            None => Vec::new(),
        };
        let kb = match &self.kb {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("opening {}", path.display()))?;
                KnowledgeBase::from_toml(&text).map_err(|mut e| {
                    e.source_name = Some(path.display().to_string());
                    anyhow::anyhow!(e)
                })?
            }
            None => {
                let mut labels: Vec<String> = extra.iter().map(|(_, l)| l.clone()).collect();
                labels.sort();
                labels.dedup();
                KnowledgeBase::from_labels(labels)
            }
        };
        if let Some(unknown) = self
            .human_intents
            .iter()
            .find(|id| kb.intent(id).is_none() && !extra.iter().any(|(_, l)| l == *id))
        {
            bail!(
                "--human-intents names `{unknown}`, which is not an intent of the training data or knowledge base"
            );
        }
        let mut engine = Engine::train(kb, &extra, &TrainConfig::default())?;
        engine.route_to_humans(self.human_intents.iter().cloned());
        Ok(engine)
    }
}

/// One line of `classify` output. Field order is part of the contract.
#[derive(Serialize)]
struct Prediction<'a> {
    intent: &'a str,
    confidence: f32,
    in_scope: bool,
    sensitive: Option<&'static str>,
    decision: &'static str,
    reason: &'a str,
    redacted: &'a str,
}

impl<'a> From<&'a Verdict> for Prediction<'a> {
    fn from(v: &'a Verdict) -> Self {
        Prediction {
            intent: &v.top.intent,
            confidence: (v.top.confidence * 10_000.0).round() / 10_000.0,
            in_scope: v.in_scope,
            sensitive: v.sensitive.map(|t| t.label()),
            decision: v.decision.name(),
            reason: &v.explanation,
            redacted: &v.redacted.text,
        }
    }
}

fn classify(source: &Source) -> anyhow::Result<()> {
    let engine = source.engine()?;
    let mut input = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let (mut bytes, mut number) = (Vec::new(), 0);
    loop {
        bytes.clear();
        let read = input
            .read_until(b'\n', &mut bytes)
            .with_context(|| format!("reading line {} of standard input", number + 1))?;
        if read == 0 {
            break;
        }
        number += 1;
        let line = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        // One output line per input line is the contract other tools rely
        // on: a line that is not UTF-8 is read with replacement characters
        // and reported, not allowed to end the run and lose the rest.
        let line = String::from_utf8_lossy(line);
        if matches!(line, std::borrow::Cow::Owned(_)) {
            eprintln!(
                "warning: line {number} of standard input is not valid UTF-8; its invalid bytes were read as \u{FFFD}"
            );
        }
        let verdict = engine.triage(&line, &History::default());
        serde_json::to_writer(&mut out, &Prediction::from(&verdict))?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// Accuracy, macro-F1, coverage and speed of `engine` on `test`.
pub(crate) struct Evaluation {
    pub(crate) accuracy: f64,
    pub(crate) macro_f1: f64,
    pub(crate) coverage: f64,
    pub(crate) answered_accuracy: f64,
    pub(crate) micros_per_query: f64,
}

pub(crate) fn evaluate(engine: &Engine, test: &[(String, String)]) -> Evaluation {
    let started = Instant::now();
    let verdicts: Vec<Verdict> = test
        .iter()
        .map(|(t, _)| engine.triage(t, &History::default()))
        .collect();
    let micros_per_query = started.elapsed().as_secs_f64() * 1e6 / test.len().max(1) as f64;
    let mut labels: Vec<&str> = test.iter().map(|(_, l)| l.as_str()).collect();
    labels.sort();
    labels.dedup();
    let (mut correct, mut answered, mut answered_correct) = (0usize, 0usize, 0usize);
    let mut tp = vec![0usize; labels.len()];
    let mut predicted = vec![0usize; labels.len()];
    let mut actual = vec![0usize; labels.len()];
    for (v, (_, gold)) in verdicts.iter().zip(test) {
        let hit = v.top.intent == *gold;
        correct += usize::from(hit);
        if let Decision::Answer { .. } = v.decision {
            answered += 1;
            answered_correct += usize::from(hit);
        }
        if let Ok(g) = labels.binary_search(&gold.as_str()) {
            actual[g] += 1;
            tp[g] += usize::from(hit);
        }
        if let Ok(p) = labels.binary_search(&v.top.intent.as_str()) {
            predicted[p] += 1;
        }
    }
    let f1s = (0..labels.len()).map(|i| {
        let (p, r) = (
            tp[i] as f64 / predicted[i].max(1) as f64,
            tp[i] as f64 / actual[i].max(1) as f64,
        );
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    });
    let n = test.len().max(1) as f64;
    Evaluation {
        accuracy: correct as f64 / n,
        macro_f1: f1s.sum::<f64>() / labels.len().max(1) as f64,
        coverage: answered as f64 / n,
        answered_accuracy: answered_correct as f64 / answered.max(1) as f64,
        micros_per_query,
    }
}

fn eval(train: &Path, test: &Path) -> anyhow::Result<()> {
    let source = Source {
        train: Some(train.to_owned()),
        kb: None,
        human_intents: Vec::new(),
    };
    let engine = source.engine()?;
    let test = pairs(&read_examples(test)?);
    let e = evaluate(&engine, &test);
    println!("queries:           {}", test.len());
    println!("accuracy:          {:.2}%", e.accuracy * 100.0);
    println!("macro-F1:          {:.2}%", e.macro_f1 * 100.0);
    println!(
        "coverage:          {:.2}% answered by the bot",
        e.coverage * 100.0
    );
    println!("answered accuracy: {:.2}%", e.answered_accuracy * 100.0);
    println!(
        "µs per query:      {:.1} (whole pipeline, one thread)",
        e.micros_per_query
    );
    Ok(())
}

fn compile(source: &Source, out: &Path) -> anyhow::Result<()> {
    let engine = source.engine()?;
    let bytes = engine.to_bytes();
    std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    let (features, weights) = engine.model().size();
    eprintln!(
        "wrote {} ({} bytes, {} intents, {} features, {} weights)",
        out.display(),
        bytes.len(),
        engine.model().labels().len(),
        features,
        weights
    );
    Ok(())
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Classify { source } => classify(&source),
        Command::Eval { train, test } => eval(&train, &test),
        Command::Compile { source, out } => compile(&source, &out),
        Command::Bench {
            data,
            json,
            fixture,
        } => bench::run(&data, json.as_deref(), fixture.as_deref()),
    }
}
