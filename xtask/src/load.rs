//! `cargo xtask load`: the load benchmark (a report, not a test). Runs the
//! load generator (`tandem-load`) three times on this machine:
//!
//! 1. one `tandem-server` on SQLite,
//! 2. the Node.js Socket.IO reference relay in `bench/reference-relay/`
//!    (same work, same durability: each line in SQLite before its ack),
//! 3. two `tandem-server` nodes on one throwaway PostgreSQL cluster,
//!
//! then writes `target/load/report.md` (and each run's JSON) with the
//! ratios: throughput at a p99 of 50 ms or less, memory per idle
//! connection, and the latency a second node adds.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use serde_json::Value;

use crate::cmd::{self, run, which};

/// The p99 a step must stay within to count for throughput.
const P99_BUDGET_MS: f64 = 50.0;

struct Options {
    shoppers: usize,
    conversations: usize,
    agents: usize,
    rates: String,
    seconds: u64,
    cluster_shoppers: usize,
    cluster_rates: String,
}

impl Options {
    fn parse(args: &[String]) -> anyhow::Result<Self> {
        let mut options = Self {
            shoppers: 15_000,
            conversations: 2_000,
            agents: 100,
            rates: "250,500,1000,1500,2000,2500,3000,3500,4000".to_owned(),
            seconds: 10,
            cluster_shoppers: 4_000,
            cluster_rates: "500,1000,1500,2000".to_owned(),
        };
        let mut rest = args.iter();
        while let Some(flag) = rest.next() {
            let value = rest
                .next()
                .with_context(|| format!("{flag} needs a value"))?;
            let number = || {
                value
                    .parse::<usize>()
                    .with_context(|| format!("{flag} {value:?} is not a number"))
            };
            match flag.as_str() {
                "--shoppers" => options.shoppers = number()?,
                "--conversations" => options.conversations = number()?,
                "--agents" => options.agents = number()?,
                "--rates" => options.rates = value.clone(),
                "--seconds" => options.seconds = number()? as u64,
                "--cluster-shoppers" => options.cluster_shoppers = number()?,
                "--cluster-rates" => options.cluster_rates = value.clone(),
                _ => bail!(
                    "unknown flag {flag}; usage: cargo xtask load [--shoppers N] [--conversations N] \
                     [--agents N] [--rates a,b,c] [--seconds N] [--cluster-shoppers N] [--cluster-rates a,b]"
                ),
            }
        }
        Ok(options)
    }
}

/// `cargo xtask load [flags]`.
pub(crate) fn load(args: &[String]) -> anyhow::Result<()> {
    let out = cmd::root().join("target/load");
    if let [flag] = args
        && flag == "--report"
    {
        // Re-renders the report from the last run's JSON.
        let read = |name: &str| -> anyhow::Result<Value> {
            let path = out.join(name);
            let text = std::fs::read_to_string(&path).with_context(|| {
                format!("reading {}: run `cargo xtask load` first", path.display())
            })?;
            Ok(serde_json::from_str(&text)?)
        };
        let report = render(
            &Options::parse(&[])?,
            &read("tandem.json")?,
            &read("reference.json")?,
            &read("cluster.json")?,
        );
        std::fs::write(out.join("report.md"), &report)?;
        println!("{report}");
        return Ok(());
    }
    let options = Options::parse(args)?;
    crate::setup::ensure()?;
    if which("node").is_none() || which("npm").is_none() {
        bail!("the reference relay needs Node.js and npm: `apt-get install -y nodejs npm`");
    }
    build_server_and_generator()?;
    std::fs::create_dir_all(&out)?;

    eprintln!("load: 1/3 tandem-server, one node on SQLite");
    let single = {
        let data = fresh_dir(&out.join("sqlite"))?;
        let db = [("TANDEM_DATA_DIR", data.display().to_string())];
        add_agents(&db, options.agents)?;
        let node = Node::start(&db, &data.join("server.log"))?;
        let report = generate(
            &options,
            "tandem",
            &[node.url()],
            &[node.pid()],
            options.shoppers,
            &options.rates,
            &out.join("tandem.json"),
        );
        drop(node);
        let mut report = report?;
        // The WAL file keeps the size it reached at its longest.
        let wal = std::fs::metadata(data.join("tandem.sqlite3-wal")).map_or(0, |m| m.len());
        report["wal_peak_bytes"] = wal.into();
        std::fs::write(out.join("tandem.json"), serde_json::to_vec_pretty(&report)?)?;
        report
    };

    eprintln!("load: 2/3 the Socket.IO reference relay");
    let reference = {
        let dir = reference_relay(&out.join("reference"))?;
        let db = fresh_dir(&out.join("reference-db"))?.join("reference.sqlite3");
        let port = free_port()?;
        let child = Command::new("node")
            .arg("server.js")
            .current_dir(&dir)
            .env("PORT", port.to_string())
            .env("DB", &db)
            .stdout(Stdio::null())
            .stderr(log_file(&out.join("reference.log"))?)
            .spawn()
            .context("starting the reference relay")?;
        let relay = Node::from_child(child, port)?;
        let report = generate(
            &options,
            "socketio",
            &[relay.url()],
            &[relay.pid()],
            options.shoppers,
            &options.rates,
            &out.join("reference.json"),
        );
        drop(relay);
        report?
    };

    eprintln!("load: 3/3 two tandem-server nodes on PostgreSQL");
    let cluster = {
        let pg = tandem_pg_cluster::PgCluster::start()?;
        let url = pg.create_database("load")?;
        let db = [("DATABASE_URL", url)];
        add_agents(&db, options.agents)?;
        let data = fresh_dir(&out.join("cluster"))?;
        let a = Node::start(&db, &data.join("a.log"))?;
        let b = Node::start(&db, &data.join("b.log"))?;
        generate(
            &options,
            "tandem",
            &[a.url(), b.url()],
            &[a.pid(), b.pid()],
            options.cluster_shoppers,
            &options.cluster_rates,
            &out.join("cluster.json"),
        )?
    };

    let report = render(&options, &single, &reference, &cluster);
    std::fs::write(out.join("report.md"), &report)?;
    println!("{report}");
    eprintln!("load: written to {}", out.join("report.md").display());
    Ok(())
}

/// A relay process on a loopback port; killed on drop.
struct Node {
    child: Child,
    port: u16,
}

impl Node {
    /// `tandem-server serve` with the demo site and `env` naming its database.
    fn start(env: &[(&str, String)], log: &Path) -> anyhow::Result<Self> {
        let port = free_port()?;
        let child = Command::new(release_bin("tandem-server"))
            .args(["serve", "--web-dir", "/nonexistent", "--site"])
            .arg(cmd::root().join("sites/demo/site.toml"))
            .arg("--bind")
            .arg(format!("127.0.0.1:{port}"))
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log_file(log)?)
            .spawn()
            .context("starting tandem-server")?;
        Self::from_child(child, port)
    }

    fn from_child(child: Child, port: u16) -> anyhow::Result<Self> {
        let node = Self { child, port };
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(addr).is_err() {
            if Instant::now() > deadline {
                bail!("the relay on port {port} never listened");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(node)
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The release builds of the relay and the load generator.
fn build_server_and_generator() -> anyhow::Result<()> {
    run(cmd::cargo().args([
        "build",
        "--release",
        "--package",
        "tandem-server",
        "--package",
        "tandem-load",
    ]))
}

fn release_bin(name: &str) -> PathBuf {
    cmd::root().join("target/release").join(name)
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn fresh_dir(dir: &Path) -> anyhow::Result<PathBuf> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    Ok(dir.to_path_buf())
}

fn log_file(path: &Path) -> anyhow::Result<std::fs::File> {
    std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))
}

/// Creates the generator's agents (`load{i}@load.tandem.dev`).
fn add_agents(env: &[(&str, String)], agents: usize) -> anyhow::Result<()> {
    for i in 0..agents {
        let status = Command::new(release_bin("tandem-server"))
            .args(["agent", "add", "--email"])
            .arg(format!("load{i}@load.tandem.dev"))
            .args(["--name", &format!("Load {i}"), "--languages", "en"])
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .env("TANDEM_AGENT_PASSWORD", "load-test-password")
            .stdout(Stdio::null())
            .status()?;
        if !status.success() {
            bail!("adding load agent {i} failed");
        }
    }
    Ok(())
}

/// The reference relay with its npm packages installed (once).
fn reference_relay(dir: &Path) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let source = cmd::root().join("bench/reference-relay");
    for file in ["package.json", "server.js"] {
        std::fs::copy(source.join(file), dir.join(file))?;
    }
    let installed = ["socket.io", "better-sqlite3/build/Release"]
        .iter()
        .all(|p| dir.join("node_modules").join(p).exists());
    if !installed {
        eprintln!("load: npm install (better-sqlite3 compiles from source here: about 2 minutes)");
        run(Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--omit=dev"])
            .current_dir(dir))?;
    }
    Ok(dir.to_path_buf())
}

/// Runs the generator and returns its JSON report.
fn generate(
    options: &Options,
    target: &str,
    urls: &[String],
    pids: &[u32],
    shoppers: usize,
    rates: &str,
    json: &Path,
) -> anyhow::Result<Value> {
    let pids: Vec<String> = pids.iter().map(u32::to_string).collect();
    run(Command::new(release_bin("tandem-load"))
        .args(["--target", target, "--urls", &urls.join(",")])
        .args(["--shoppers", &shoppers.to_string()])
        .args(["--conversations", &options.conversations.to_string()])
        .args(["--agents", &options.agents.to_string()])
        .args(["--rates", rates, "--seconds", &options.seconds.to_string()])
        .args(["--server-pids", &pids.join(",")])
        .arg("--json")
        .arg(json)
        .stdout(Stdio::null()))?;
    let text = std::fs::read_to_string(json)?;
    Ok(serde_json::from_str(&text)?)
}

fn number(value: &Value) -> f64 {
    value.as_f64().unwrap_or(0.0)
}

fn within_budget(step: &Value) -> bool {
    number(&step["to_agent"]["p99_ms"]).max(number(&step["to_shopper"]["p99_ms"])) <= P99_BUDGET_MS
        && number(&step["errors"]) == 0.0
}

/// The highest delivered rate below which every step kept the p99 budget
/// without errors (the conservative reading).
fn throughput_within_budget(report: &Value) -> f64 {
    report["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .take_while(|s| within_budget(s))
        .map(|s| number(&s["delivered_per_sec"]))
        .fold(0.0, f64::max)
}

/// The highest delivered rate of any step within the budget.
fn best_step_within_budget(report: &Value) -> f64 {
    report["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|s| within_budget(s))
        .map(|s| number(&s["delivered_per_sec"]))
        .fold(0.0, f64::max)
}

/// `p50 / p99 / max` of one direction's latency, in ms.
fn latency(l: &Value) -> String {
    format!(
        "{:.1} / {:.1} / {:.1}",
        number(&l["p50_ms"]),
        number(&l["p99_ms"]),
        number(&l["max_ms"])
    )
}

fn steps_table(report: &Value) -> String {
    let mut table = String::from(
        "| target msg/s | delivered msg/s | shopper→agent p50 / p99 / max ms | agent→shopper p50 / p99 / max ms | server CPU | errors |\n|---|---|---|---|---|---|\n",
    );
    for s in report["steps"].as_array().into_iter().flatten() {
        table.push_str(&format!(
            "| {} | {:.0} | {} | {} | {:.0} % | {} |\n",
            s["target_per_sec"],
            number(&s["delivered_per_sec"]),
            latency(&s["to_agent"]),
            latency(&s["to_shopper"]),
            number(&s["server_cpu_percent"]),
            s["errors"]
        ));
    }
    table
}

fn summary(name: &str, report: &Value) -> String {
    format!(
        "| {name} | {} | {} | {:.1} MiB | {:.0} B | {:.0} | {:.0} | {} | {} | {} |\n",
        report["nodes"],
        report["shopper_connections_held"],
        number(&report["server_rss_kib"]) / 1024.0,
        number(&report["rss_per_idle_connection_bytes"]),
        throughput_within_budget(report),
        best_step_within_budget(report),
        report["acknowledged_lines"],
        report["lost"],
        report["duplicated"],
    )
}

fn render(options: &Options, single: &Value, reference: &Value, cluster: &Value) -> String {
    let ours = throughput_within_budget(single);
    let theirs = throughput_within_budget(reference);
    let ratio = |ours: f64, theirs: f64| {
        if theirs > 0.0 {
            format!("{:.1}x", ours / theirs)
        } else {
            "unbounded (the reference met the p99 budget at no step)".to_owned()
        }
    };
    let best_ratio = ratio(
        best_step_within_budget(single),
        best_step_within_budget(reference),
    );
    let ratio = ratio(ours, theirs);
    let memory_ratio = number(&reference["rss_per_idle_connection_bytes"])
        / number(&single["rss_per_idle_connection_bytes"]).max(1.0);
    let machine = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or_default().trim().to_owned())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    format!(
        "# Load benchmark\n\n\
         Machine: {cores} cores ({machine}). Command: `cargo xtask load` ({} shoppers, {} in live \
         conversations with {} agents of capacity 20, each step {} s after 2 s of warm-up; two-node \
         run: {} shoppers). Load generator and servers share the machine.\n\n\
         | run | nodes | shoppers held | server RSS | RSS per idle connection | msg/s with every step up to it within p99 ≤ {P99_BUDGET_MS} ms | best step within it | acknowledged lines | lost | duplicated |\n\
         |---|---|---|---|---|---|---|---|---|---|\n{}{}{}\n\
         Throughput at p99 ≤ {P99_BUDGET_MS} ms, Tandem / reference: **{ratio}** (every step up to it), \
         **{best_ratio}** (best step). \
         Memory per idle connection, reference / Tandem: **{memory_ratio:.1}x**.\n\n\
         ## Tandem, one node on SQLite\n\n{}\n\
         SQLite's WAL at its longest: {:.1} MiB.\n\n\
         ## Reference: Node.js + Socket.IO 4 + better-sqlite3\n\n{}\n\
         ## Tandem, two nodes on PostgreSQL\n\n{}",
        options.shoppers,
        options.conversations,
        options.agents,
        options.seconds,
        options.cluster_shoppers,
        summary("Tandem (SQLite)", single),
        summary("Reference (Socket.IO)", reference),
        summary("Tandem (2 nodes, PostgreSQL)", cluster),
        steps_table(single),
        number(&single["wal_peak_bytes"]) / 1_048_576.0,
        steps_table(reference),
        steps_table(cluster),
    )
}

/// `cargo xtask attack [--seconds N]`: one Tandem node on SQLite with 200
/// live conversations at 400 msg/s; each attack of `tandem-load
/// --attack-seconds` runs alone for N seconds (default 10) while the
/// bystanders' latency is measured. Writes `target/load/attack.md`.
pub(crate) fn attack(args: &[String]) -> anyhow::Result<()> {
    let seconds: u64 = match args {
        [] => 10,
        [flag, value] if flag == "--seconds" => value
            .parse()
            .ok()
            .filter(|s| *s > 0)
            .with_context(|| format!("--seconds {value:?} is not a positive number"))?,
        _ => bail!("usage: cargo xtask attack [--seconds N]"),
    };
    build_server_and_generator()?;
    let out = cmd::root().join("target/load");
    let data = fresh_dir(&out.join("attack"))?;
    let db = [("TANDEM_DATA_DIR", data.display().to_string())];
    let agents = 10;
    add_agents(&db, agents)?;
    let node = Node::start(&db, &data.join("server.log"))?;
    let json = out.join("attack.json");
    run(Command::new(release_bin("tandem-load"))
        .args(["--target", "tandem", "--urls", &node.url()])
        .args(["--shoppers", "200", "--conversations", "200"])
        .args([
            "--agents",
            &agents.to_string(),
            "--rates",
            "400",
            "--seconds",
            "5",
        ])
        .args(["--attack-seconds", &seconds.to_string()])
        .args(["--server-pids", &node.pid().to_string()])
        .arg("--json")
        .arg(&json)
        .stdout(Stdio::null()))?;
    drop(node);
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json)?)?;
    let text = render_attacks(&report, seconds);
    std::fs::write(out.join("attack.md"), &text)?;
    println!("{text}");
    eprintln!("attack: written to {}", out.join("attack.md").display());
    Ok(())
}

fn render_attacks(report: &Value, seconds: u64) -> String {
    let mut text = format!(
        "# Bystanders under attack\n\n\
         Command: `cargo xtask attack --seconds {seconds}`. One tandem-server on SQLite; 200 shoppers in \
         live conversations with 10 agents exchange 400 lines a second while each attack runs alone for \
         {seconds} s. Attackers, bystanders and the server share the machine.\n\n\
         | attack | attempts | what the server answered | bystander msg/s | shopper→agent p50 / p99 / max ms | agent→shopper p50 / p99 / max ms | server CPU | attackers' CPU | bystander errors |\n\
         |---|---|---|---|---|---|---|---|---|\n"
    );
    for step in report["attacks"].as_array().into_iter().flatten() {
        let answers: Vec<String> = step["answers"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(answer, n)| format!("{answer} ×{n}"))
            .collect();
        let b = &step["bystanders"];
        text.push_str(&format!(
            "| {} | {} | {} | {:.0} | {} | {} | {:.0} % | {:.0} % | {} |\n",
            step["attack"].as_str().unwrap_or("?"),
            step["attempts"],
            if answers.is_empty() {
                "–".to_owned()
            } else {
                answers.join("; ")
            },
            number(&b["delivered_per_sec"]),
            latency(&b["to_agent"]),
            latency(&b["to_shopper"]),
            number(&b["server_cpu_percent"]),
            number(&b["generator_cpu_percent"]),
            b["errors"],
        ));
    }
    text.push_str(&format!(
        "\nBystander lines acknowledged: {}; lost: {}; duplicated: {}.\n",
        report["acknowledged_lines"], report["lost"], report["duplicated"]
    ));
    text
}
