//! `cargo xtask setup`: make sure every tool the build and the tests need is
//! installed, install what is missing, and say what was done.
//!
//! Each tool is checked first (a version command or a `PATH` lookup), so a
//! second run installs nothing and takes seconds. Where installing is not
//! possible (not root, not Debian) it stops and names the exact command.

use anyhow::{Context as _, bail};

use crate::cmd::{self, output, run, which};

/// Trunk's version: 0.22 needs a newer rustc than the one we pin.
const TRUNK_VERSION: &str = "0.21.14";
/// binaryen's npm release whose `wasm-opt` Trunk 0.21 accepts.
const BINARYEN_VERSION: &str = "123";

/// Where the tools are, for tasks that pass them on to tests.
pub(crate) struct Tools {
    /// Path of chromedriver.
    pub(crate) chromedriver: String,
}

/// Checks and installs everything; returns where the browser tools are.
pub(crate) fn ensure() -> anyhow::Result<Tools> {
    let mut installed = Vec::new();
    wasm_target(&mut installed)?;
    trunk(&mut installed)?;
    wasm_bindgen(&mut installed)?;
    wasm_opt(&mut installed)?;
    browser(&mut installed)?;
    postgres(&mut installed)?;
    if installed.is_empty() {
        eprintln!("setup: everything was already installed");
    } else {
        eprintln!("setup: installed {}", installed.join(", "));
    }
    let chromedriver = which("chromedriver")
        .map(|p| p.display().to_string())
        .context("chromedriver is still missing after setup")?;
    Ok(Tools { chromedriver })
}

fn wasm_target(installed: &mut Vec<String>) -> anyhow::Result<()> {
    let targets = output("rustup", &["target", "list", "--installed"]);
    match targets {
        Some(list) if list.lines().any(|l| l.trim() == "wasm32-unknown-unknown") => Ok(()),
        Some(_) => {
            run(std::process::Command::new("rustup").args([
                "target",
                "add",
                "wasm32-unknown-unknown",
            ]))?;
            installed.push("the wasm32-unknown-unknown target".to_owned());
            Ok(())
        }
        None => bail!(
            "rustup was not found. Install Rust with rustup (https://rustup.rs), then run \
             `rustup target add wasm32-unknown-unknown`"
        ),
    }
}

fn trunk(installed: &mut Vec<String>) -> anyhow::Result<()> {
    let wanted = format!("trunk {TRUNK_VERSION}");
    if output("trunk", &["--version"]).as_deref() == Some(wanted.as_str()) {
        return Ok(());
    }
    eprintln!("setup: installing Trunk {TRUNK_VERSION} (about 10 minutes the first time)");
    run(cmd::cargo().args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))?;
    installed.push(wanted);
    Ok(())
}

/// The `wasm-bindgen` version in Cargo.lock; the CLI must match it exactly.
fn locked_wasm_bindgen_version() -> anyhow::Result<String> {
    let lock =
        std::fs::read_to_string(cmd::root().join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(version) = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|l| l.strip_suffix('"'))
        {
            return Ok(version.to_owned());
        }
    }
    bail!("Cargo.lock does not list wasm-bindgen")
}

fn wasm_bindgen(installed: &mut Vec<String>) -> anyhow::Result<()> {
    let version = locked_wasm_bindgen_version()?;
    let wanted = format!("wasm-bindgen {version}");
    let have =
        |tool: &str| output(tool, &["--version"]).is_some_and(|v| v == format!("{tool} {version}"));
    if have("wasm-bindgen") && have("wasm-bindgen-test-runner") {
        return Ok(());
    }
    eprintln!("setup: installing the wasm-bindgen CLI {version} (about 4 minutes)");
    // Not `--locked`: one crate in the CLI's own lock file is no longer on
    // the registry.
    run(cmd::cargo().args(["install", "wasm-bindgen-cli", "--version", &version]))?;
    installed.push(wanted);
    Ok(())
}

fn wasm_opt(installed: &mut Vec<String>) -> anyhow::Result<()> {
    let wanted = format!("version_{BINARYEN_VERSION}");
    if output("wasm-opt", &["--version"]).is_some_and(|v| v.contains(&wanted)) {
        return Ok(());
    }
    if which("npm").is_none() {
        apt_install(&["nodejs", "npm"], installed)?;
    }
    run(std::process::Command::new("npm").args([
        "install",
        "--global",
        &format!("binaryen@{BINARYEN_VERSION}"),
    ]))?;
    if !output("wasm-opt", &["--version"]).is_some_and(|v| v.contains(&wanted)) {
        bail!(
            "npm installed binaryen@{BINARYEN_VERSION}, but the `wasm-opt` first on PATH is another \
             version. Put npm's global bin directory (`npm prefix -g`/bin) before it on PATH."
        );
    }
    installed.push(format!("wasm-opt {wanted}"));
    Ok(())
}

fn browser(installed: &mut Vec<String>) -> anyhow::Result<()> {
    let missing: Vec<&str> = [
        ("chromium", "chromium"),
        ("chromedriver", "chromium-driver"),
    ]
    .into_iter()
    .filter(|(binary, _)| which(binary).is_none())
    .map(|(_, package)| package)
    .collect();
    if missing.is_empty() {
        return Ok(());
    }
    apt_install(&missing, installed)
}

/// PostgreSQL's server programs, for the tests and benchmarks that start a
/// throwaway cluster (`tandem-pg-cluster` finds them on `PATH` or in
/// Debian's `/usr/lib/postgresql/*/bin`, where the package puts them).
fn postgres(installed: &mut Vec<String>) -> anyhow::Result<()> {
    let on_path = which("initdb").is_some() && which("pg_ctl").is_some();
    let in_debian_place = std::fs::read_dir("/usr/lib/postgresql").is_ok_and(|versions| {
        versions
            .filter_map(Result::ok)
            .any(|v| v.path().join("bin/initdb").is_file())
    });
    if on_path || in_debian_place {
        return Ok(());
    }
    apt_install(&["postgresql"], installed)
}

/// Installs Debian packages, or explains what to run where that is not possible.
fn apt_install(packages: &[&str], installed: &mut Vec<String>) -> anyhow::Result<()> {
    let list = packages.join(" ");
    if which("apt-get").is_none() {
        bail!(
            "these tools are missing and this is not a Debian-like system: {list}. \
             Install them with your package manager (Chromium and its matching chromedriver, \
             Node.js with npm, PostgreSQL's server programs), then run `cargo xtask setup` again."
        );
    }
    if output("id", &["-u"]).as_deref() != Some("0") {
        bail!(
            "these packages are missing and installing them needs root: {list}. Run:\n    \
             sudo apt-get update && sudo apt-get install -y {list}\nthen run `cargo xtask setup` again."
        );
    }
    eprintln!("setup: installing Debian packages: {list}");
    run(std::process::Command::new("apt-get").args(["update", "-qq"]))?;
    run(std::process::Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    installed.extend(packages.iter().map(|p| (*p).to_owned()));
    Ok(())
}
