//! `cargo xtask demo` and `cargo xtask test`: build the Wasm bundles with
//! Trunk, then run the demo server or every check.

use std::path::Path;

use anyhow::{Context as _, bail};

use crate::cmd::{self, root, run};
use crate::setup;

/// The Wasm crates, checked by clippy for wasm32 as well as natively.
const WASM_PACKAGES: &[&str] = &[
    "tandem-widget",
    "tandem-console",
    "tandem-triage",
    "tandem-protocol",
    "tandem-live",
];

/// Builds the widget and the console with `trunk build --offline --release`
/// into `target/web/{widget,console}`, then publishes the loader with its
/// integrity hash beside the widget.
pub(crate) fn build_bundles() -> anyhow::Result<()> {
    for dir in [root(), root().join("crates/tandem-console")] {
        run(std::process::Command::new("trunk")
            .args(["build", "--offline", "--release"])
            .current_dir(&dir)
            // Trunk must use the tools setup installed, never download its own.
            .env("TRUNK_OFFLINE", "true"))?;
    }
    let dist = root().join("target/web/widget");
    let hashed = crate::release::publish_loader(&dist)?;
    crate::release::print_inventory(&dist, &hashed)
}

/// `cargo xtask test`.
pub(crate) fn test() -> anyhow::Result<()> {
    let tools = setup::ensure()?;
    run(cmd::cargo().args(["fmt", "--all", "--", "--check"]))?;
    // The fuzz crate is outside the workspace (it needs its own flags).
    run(cmd::cargo().args(["fmt", "--manifest-path", "fuzz/Cargo.toml", "--", "--check"]))?;
    run(cmd::cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    let mut wasm_clippy = cmd::cargo();
    wasm_clippy.args([
        "clippy",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
    ]);
    for package in WASM_PACKAGES {
        wasm_clippy.args(["--package", package]);
    }
    run(wasm_clippy.args(["--", "-D", "warnings"]))?;
    build_bundles()?;
    let webdriver_json = root().join("webdriver.json");
    run(cmd::cargo()
        .args([
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "--package",
            "tandem-widget",
            "--test",
            "it",
        ])
        .env("CHROMEDRIVER", &tools.chromedriver)
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver_json))?;
    run(cmd::cargo()
        .args([
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "--package",
            "tandem-console",
            "--test",
            "browser",
        ])
        .env("CHROMEDRIVER", &tools.chromedriver)
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver_json))?;
    // A short, fixed run per target: the regressions, the kept corpus and
    // the same new inputs every time; exploring is `cargo xtask fuzz`.
    crate::fuzz::run_targets(crate::fuzz::TARGETS, crate::fuzz::Budget::ci)?;
    // Native last, so the output ends with cargo test's summary lines.
    run(cmd::cargo()
        .args(["test", "--workspace"])
        .env("CHROMEDRIVER", &tools.chromedriver)
        .env("TANDEM_WEB_DIR", root().join("target/web")))?;
    Ok(())
}

/// `cargo xtask demo [--port N]`.
pub(crate) fn demo(args: &[String]) -> anyhow::Result<()> {
    let port = match args {
        [] => 8080,
        [flag, value] if flag == "--port" => value
            .parse()
            .with_context(|| format!("--port {value:?} is not a port number"))?,
        _ => bail!("usage: cargo xtask demo [--port N]"),
    };
    setup::ensure()?;
    build_bundles()?;
    run(cmd::cargo().args(["build", "--release", "--package", "tandem-server"]))?;
    let data_dir = root().join("data");
    let base = format!("http://127.0.0.1:{port}");
    println!();
    println!("Tandem demo");
    println!("  checkout page  {base}/demo/");
    println!("  agent console  {base}/console/");
    println!("  demo agents    anna@demo.tandem.dev / tandem-demo (English, Swedish)");
    println!("                 jonas@demo.tandem.dev / tandem-demo (English, German)");
    println!("  data           {}", data_dir.display());
    println!("Press Ctrl-C to stop.");
    println!();
    let server = root().join("target/release/tandem-server");
    let mut command = std::process::Command::new(&server);
    command
        .args([
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--seed-demo-agents",
        ])
        .arg("--site")
        .arg(root().join("sites/demo/site.toml"))
        .arg("--data-dir")
        .arg(&data_dir)
        .arg("--web-dir")
        .arg(root().join("target/web"))
        .current_dir(root());
    exec(command, &server)
}

/// Replaces this process with the server, so Ctrl-C reaches it directly and
/// it shuts down gracefully.
#[cfg(unix)]
fn exec(mut command: std::process::Command, server: &Path) -> anyhow::Result<()> {
    use std::os::unix::process::CommandExt as _;
    let error = command.exec();
    Err(error).with_context(|| format!("starting {}", server.display()))
}

#[cfg(not(unix))]
fn exec(mut command: std::process::Command, _server: &Path) -> anyhow::Result<()> {
    run(&mut command)
}
