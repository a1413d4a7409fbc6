//! `cargo xtask fuzz`: the libFuzzer targets in `fuzz/`, on the stable
//! toolchain. cargo-fuzz needs nightly only for its sanitizers; coverage
//! guidance is plain `-C` flags (`sancov-module`), so this builds the
//! targets with those and runs each binary itself, which is what `cargo fuzz
//! run --sanitizer none` does. Rust's own checks (bounds, overflow, debug
//! assertions) stay on, so a panic is a crash.
//!
//! Each run first replays `fuzz/regressions/<target>/` (inputs that once
//! crashed, kept as tests), then fuzzes for a fixed time starting from the
//! corpus kept in `fuzz/corpus/<target>/`. `cargo xtask fuzz` explores with
//! a fresh random seed each time; CI ([`Budget::ci`]) replays one fixed
//! seed for a fixed number of inputs, so a commit that passed CI passes it
//! again, and new crashes are found by exploring, not by a red landing. New corpus entries go under
//! `target/fuzz/`, so a run never changes the repository; a crash leaves its
//! input there and fails the task with what to do next.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, bail};

use crate::cmd::{self, run};

/// The fuzz targets (binaries of the `fuzz/` crate).
pub(crate) const TARGETS: &[&str] = &["protocol_decoder", "triage_pipeline"];

/// Seconds per target when not told.
const DEFAULT_SECONDS: u64 = 60;

/// Coverage instrumentation, as cargo-fuzz sets it without a sanitizer.
const RUSTFLAGS: &str = "--cfg fuzzing \
    -Cpasses=sancov-module \
    -Cllvm-args=-sanitizer-coverage-level=4 \
    -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
    -Cllvm-args=-sanitizer-coverage-pc-table \
    -Cllvm-args=-sanitizer-coverage-trace-compares \
    -Cdebug-assertions -Coverflow-checks";

/// How long one target is fuzzed.
#[derive(Clone, Copy)]
pub(crate) struct Budget {
    /// At most this long.
    seconds: u64,
    /// A fixed seed and number of inputs, or a random seed until the time is up.
    fixed: Option<(u64, u64)>,
}

impl Budget {
    /// The CI run: a fixed seed and a fixed number of inputs per target
    /// (about 20 s each here), with a time cap for slow machines.
    pub(crate) fn ci(target: &str) -> Self {
        let runs = match target {
            "protocol_decoder" => 1_000_000,
            _ => 40_000,
        };
        Self {
            seconds: 60,
            fixed: Some((1, runs)),
        }
    }
}

/// `cargo xtask fuzz [--seconds N] [TARGET...]`.
pub(crate) fn fuzz(args: &[String]) -> anyhow::Result<()> {
    let mut seconds = DEFAULT_SECONDS;
    let mut targets = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if arg == "--seconds" {
            let value = rest.next().context("--seconds needs a number")?;
            seconds = value
                .parse()
                .ok()
                .filter(|s| *s > 0)
                .with_context(|| format!("--seconds {value:?} is not a positive number"))?;
        } else if TARGETS.contains(&arg.as_str()) {
            targets.push(arg.as_str());
        } else {
            bail!(
                "unknown fuzz target or flag {arg:?}; usage: cargo xtask fuzz [--seconds N] [{}]",
                TARGETS.join("|")
            );
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    run_targets(&targets, |_| Budget {
        seconds,
        fixed: None,
    })
}

/// Builds the targets, replays their regressions, fuzzes each for `seconds`.
pub(crate) fn run_targets(targets: &[&str], budget: impl Fn(&str) -> Budget) -> anyhow::Result<()> {
    let fuzz_dir = cmd::root().join("fuzz");
    let host = host_triple()?;
    let mut build = cmd::cargo();
    build
        .current_dir(&fuzz_dir)
        .args(["build", "--release", "--target", &host])
        .env("RUSTFLAGS", RUSTFLAGS);
    for target in targets {
        build.args(["--bin", target]);
    }
    run(&mut build)?;
    for target in targets {
        let binary = fuzz_dir
            .join("target")
            .join(&host)
            .join("release")
            .join(target);
        replay_regressions(&binary, &fuzz_dir.join("regressions").join(target))?;
        fuzz_one(
            target,
            &binary,
            &fuzz_dir.join("corpus").join(target),
            budget(target),
        )?;
    }
    Ok(())
}

/// Runs every input that once crashed `binary` through it again.
fn replay_regressions(binary: &Path, dir: &Path) -> anyhow::Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    let mut inputs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    if inputs.is_empty() {
        return Ok(());
    }
    inputs.sort();
    run(Command::new(binary).args(&inputs))
        .with_context(|| format!("a regression input in {} crashes again", dir.display()))
}

/// Fuzzes `binary` for `seconds` from the kept corpus.
fn fuzz_one(target: &str, binary: &Path, corpus: &Path, budget: Budget) -> anyhow::Result<()> {
    let work = cmd::root().join("target/fuzz").join(target);
    let new_corpus = work.join("corpus");
    let artifacts = work.join("artifacts");
    // A fixed run starts from the kept corpus alone, as on a fresh clone.
    if budget.fixed.is_some() && new_corpus.exists() {
        std::fs::remove_dir_all(&new_corpus)?;
    }
    std::fs::create_dir_all(&new_corpus)?;
    std::fs::create_dir_all(&artifacts)?;
    let mut command = Command::new(binary);
    if let Some((seed, runs)) = budget.fixed {
        command
            .arg(format!("-seed={seed}"))
            .arg(format!("-runs={runs}"));
    }
    let outcome = run(command
        .arg(&new_corpus)
        .arg(corpus)
        .arg(format!("-max_total_time={}", budget.seconds))
        .arg("-max_len=4096")
        .arg("-timeout=10")
        .arg("-print_final_stats=1")
        .arg(format!("-artifact_prefix={}/", artifacts.display())));
    if outcome.is_err() {
        bail!(
            "fuzz target {target} crashed; the input is in {}. Fix the bug, then add the input to \
             fuzz/regressions/{target}/ so every run replays it",
            artifacts.display()
        );
    }
    Ok(())
}

/// The host's target triple, so RUSTFLAGS reach the targets but not build
/// scripts and proc macros (cargo applies them only to `--target` builds).
fn host_triple() -> anyhow::Result<String> {
    cmd::output("rustc", &["-vV"])
        .and_then(|v| {
            v.lines()
                .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        })
        .context("`rustc -vV` did not name the host triple")
}
