//! Tandem's dev tasks, run as `cargo xtask <task>` (alias in
//! `.cargo/config.toml`). Written in Rust so they work the same on every
//! machine, with no pile of shell scripts.
//!
//! - `setup`: install the tools the build and tests need, when missing.
//! - `demo`: build everything and run the demo server on SQLite.
//! - `test`: every check CI runs (formatting, clippy, browser and native tests).
//! - `bench`: the triage benchmark on BANKING77 (a report, not a test).
//! - `size`: bundle sizes against their budgets (fails when over).
//! - `chaos`: the soak with random disconnects and server kills (a report).
//! - `load`: the load benchmark against the Socket.IO reference (a report).
//! - `fuzz`: the libFuzzer targets on stable, each for a fixed time.
//! - `attack`: bystanders' latency while attacks run (a report).

mod cmd;
mod fuzz;
mod load;
mod release;
mod setup;
mod web;

use anyhow::{Context as _, bail};

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  setup            install what is missing (wasm32 target, Trunk, wasm-bindgen CLI,
                   wasm-opt, Chromium and chromedriver); fast when all is present
  demo [--port N]  build the widget and console, then run the demo server on SQLite
  test             formatting, clippy (native and wasm32), browser tests, a fixed
                   fuzz run per target, native and end-to-end tests: everything CI runs
  bench            triage accuracy, speed and model size on BANKING77
                   (reads ../shared/data/banking77/train.csv), then the widget in
                   headless Chromium: triage in Wasm and Enter-to-paint
                   (writes target/bench/triage.json and widget.json)
  chaos [--minutes N]
                   soak: shoppers and an agent on the real server binary with random
                   disconnects, slow readers and SIGKILL restarts, then an audit that
                   every acknowledged line arrived exactly once and in order
                   (writes target/bench/chaos.json; default 5 minutes)
  load [--shoppers N] [--conversations N] [--agents N] [--rates a,b] [--seconds N] | --report
                   load benchmark: tandem-server on SQLite, the Node.js Socket.IO
                   reference relay, and two nodes on PostgreSQL; connections held,
                   msg/s, relay latency, CPU, memory per idle connection, losses
                   (writes target/load/report.md; about 15 minutes)
  attack [--seconds N]
                   bystanders' latency while each attack of issue 8 runs alone
                   (floods, connection storm, bad frames, hijacking, password
                   guessing) against one node (writes target/load/attack.md)
  fuzz [--seconds N] [TARGET...]
                   replay fuzz/regressions, then fuzz each target (protocol_decoder,
                   triage_pipeline) for N seconds (default 60) from fuzz/corpus,
                   on the stable toolchain; fails on a crash
  size             gzip sizes of the loader, widget, console and demo model;
                   fails when the loader or the widget is over budget
";

/// `cargo xtask chaos [--minutes N]`: runs the ignored soak test in
/// tandem-server's test suite for N minutes.
fn chaos(args: &[String]) -> anyhow::Result<()> {
    let minutes: f64 = match args {
        [] => 5.0,
        [flag, value] if flag == "--minutes" => value
            .parse()
            .ok()
            .filter(|m: &f64| *m > 0.0)
            .ok_or_else(|| anyhow::anyhow!("--minutes {value:?} is not a positive number"))?,
        _ => bail!("usage: cargo xtask chaos [--minutes N]"),
    };
    cmd::run(
        cmd::cargo()
            .args([
                "test",
                "--package",
                "tandem-server",
                "--test",
                "it",
                "chaos_soak",
                "--",
                "--ignored",
                "--nocapture",
            ])
            .env("TANDEM_CHAOS_MINUTES", minutes.to_string()),
    )
}

/// `cargo xtask bench`: runs `tandem-triage bench` in release mode on the
/// shared BANKING77 training split, then the widget's report in headless
/// Chromium (triage in Wasm, Enter to render, Enter to paint).
fn bench() -> anyhow::Result<()> {
    let data = cmd::root().join("../shared/data/banking77/train.csv");
    if !data.exists() {
        bail!(
            "{} is missing: the benchmark reads BANKING77 from the shared folder beside the project",
            data.display()
        );
    }
    let out = cmd::root().join("target/bench");
    std::fs::create_dir_all(&out)?;
    cmd::run(
        cmd::cargo()
            .args([
                "run",
                "--release",
                "--quiet",
                "--package",
                "tandem-triage",
                "--",
                "bench",
                "--data",
            ])
            .arg(&data)
            .arg("--json")
            .arg(out.join("triage.json"))
            .arg("--fixture")
            .arg(out.join("wasm")),
    )?;
    let tools = setup::ensure()?;
    wasm_triage_bench(&tools, &out)?;
    web::build_bundles()?;
    cmd::run(
        cmd::cargo()
            .args([
                "test",
                "--package",
                "tandem-widget",
                "--test",
                "it",
                "enter_to_paint_report",
                "--",
                "--ignored",
                "--nocapture",
            ])
            .env("CHROMEDRIVER", &tools.chromedriver)
            .env("TANDEM_WEB_DIR", cmd::root().join("target/web")),
    )
}

/// The triage figures again in headless Chromium, on the model and queries
/// the native run left in `out/wasm`: once built as the widget ships it
/// (`wasm-release`, size first) and once for speed (`release`). Writes
/// `out/triage-wasm.json`.
fn wasm_triage_bench(tools: &setup::Tools, out: &std::path::Path) -> anyhow::Result<()> {
    let mut report = serde_json::Map::new();
    for profile in ["wasm-release", "release"] {
        let mut test = cmd::cargo();
        test.args([
            "test",
            "--profile",
            profile,
            "--target",
            "wasm32-unknown-unknown",
            "--package",
            "tandem-triage",
            "--features",
            "wasm-bench",
            "--test",
            "wasm_bench",
            "--",
            "--nocapture",
        ])
        .env("CHROMEDRIVER", &tools.chromedriver)
        .env(
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
            cmd::root().join("webdriver.json"),
        );
        let printed = cmd::capture(&mut test)?;
        let line = printed
            .lines()
            .find_map(|line| line.trim().strip_prefix("tandem-wasm-bench "))
            .context("the browser benchmark printed no `tandem-wasm-bench` line")?;
        let figures: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("reading the browser benchmark's figures {line:?}"))?;
        println!("triage in headless Chromium, profile {profile}: {figures}");
        report.insert(profile.to_owned(), figures);
    }
    let path = out.join("triage-wasm.json");
    std::fs::write(&path, serde_json::to_string_pretty(&report)?)
        .with_context(|| format!("writing {}", path.display()))
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(task) = args.first() else {
        print!("{USAGE}");
        return Ok(());
    };
    let rest = &args[1..];
    match task.as_str() {
        "setup" => setup::ensure().map(|_| ()),
        "demo" => web::demo(rest),
        "test" => web::test(),
        "bench" => bench(),
        "size" => release::size(),
        "chaos" => chaos(rest),
        "load" => load::load(rest),
        "fuzz" => fuzz::fuzz(rest),
        "attack" => load::attack(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown task {other:?}\n\n{USAGE}"),
    }
}
