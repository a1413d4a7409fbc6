//! `tandem-load`: opens many shopper and agent connections to a relay, runs
//! handoffs and message exchanges at set rates, and reports connections
//! held, messages per second, relay latency both ways, server CPU and
//! memory (memory per idle connection too), errors, and lines lost or
//! doubled. `cargo xtask load` runs it against Tandem and against the
//! Socket.IO reference relay in `bench/reference-relay/`.
//!
//! Every shopper line carries an id in its text (`load s12x5`); the agent
//! answers each with `load r12x5`. Latency is the time from handing a line
//! to the socket to it arriving at the other side, measured in this one
//! process so both ends read the same clock.

mod attack;
mod stats;
mod wire;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::Context as _;
use clap::Parser;
use serde::Serialize;
use serde_json::{Value, json};
use tokio::sync::{Semaphore, watch};

use stats::{Direction, Latency, Shared};
use wire::{Client, Incoming, Role, Wire};

/// Load generator for Tandem's relay.
#[derive(Parser)]
struct Args {
    /// Which relay is under test.
    #[arg(long, value_enum)]
    target: Wire,
    /// Base URLs of the nodes (`http://127.0.0.1:8080`), comma separated;
    /// clients are spread over them in turn.
    #[arg(long, value_delimiter = ',', required = true)]
    urls: Vec<String>,
    /// Shopper connections in all, idle ones included.
    #[arg(long, default_value_t = 15_000)]
    shoppers: usize,
    /// Shoppers in a live conversation with an agent (the rest stay idle).
    #[arg(long, default_value_t = 2_000)]
    conversations: usize,
    /// Agent connections.
    #[arg(long, default_value_t = 100)]
    agents: usize,
    /// Conversations each agent takes.
    #[arg(long, default_value_t = 20)]
    capacity: u8,
    /// Agent logins: `{i}` is replaced by the agent's number.
    #[arg(long, default_value = "load{i}@load.tandem.dev")]
    agent_email: String,
    /// The agents' password (Tandem only).
    #[arg(long, default_value = "load-test-password")]
    agent_password: String,
    /// Messages per second in all (both directions), one step each.
    #[arg(long, value_delimiter = ',', default_value = "2000")]
    rates: Vec<u32>,
    /// Seconds measured per step (after 2 s of warm-up).
    #[arg(long, default_value_t = 15)]
    seconds: u64,
    /// Server processes to read CPU and memory of.
    #[arg(long, value_delimiter = ',')]
    server_pids: Vec<u32>,
    /// Seconds each attack runs while the live conversations keep talking
    /// at the first rate (Tandem only; 0: no attacks).
    #[arg(long, default_value_t = 0)]
    attack_seconds: u64,
    /// Where to write the report as JSON.
    #[arg(long)]
    json: Option<std::path::PathBuf>,
}

/// One rate step's figures.
#[derive(Serialize)]
struct Step {
    target_per_sec: u32,
    delivered_per_sec: f64,
    to_agent: Latency,
    to_shopper: Latency,
    server_cpu_percent: f64,
    /// This generator's own CPU (it shares the machine with the server).
    generator_cpu_percent: f64,
    errors: u64,
}

/// The bystanders' figures during one attack.
#[derive(Serialize)]
struct AttackStep {
    attack: String,
    attempts: u64,
    answers: std::collections::BTreeMap<String, u64>,
    bystanders: Step,
}

/// The whole run.
#[derive(Serialize)]
struct Report {
    target: String,
    nodes: usize,
    shopper_connections_held: usize,
    agent_connections_held: usize,
    conversations: usize,
    server_rss_kib: u64,
    rss_per_idle_connection_bytes: f64,
    steps: Vec<Step>,
    attacks: Vec<AttackStep>,
    acknowledged_lines: usize,
    lost: usize,
    duplicated: usize,
    errors: u64,
    error_samples: Vec<String>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let shared = Arc::new(Shared::default());
    let rss = || -> u64 {
        args.server_pids
            .iter()
            .filter_map(|pid| stats::rss_kib(*pid))
            .sum()
    };

    eprintln!("load: {} agents signing in", args.agents);
    for i in 0..args.agents {
        let client = agent(&args, i).await?;
        shared.agents_open.fetch_add(1, Ordering::Relaxed);
        tokio::spawn(agent_loop(client, shared.clone()));
    }

    eprintln!("load: {} shoppers handing off", args.conversations);
    let (period_tx, period_rx) = watch::channel(None::<Duration>);
    let opening = Arc::new(Semaphore::new(128));
    let mut handoffs = Vec::new();
    for k in 0..args.conversations {
        let base = args.urls[k % args.urls.len()].clone();
        let (shared, period, opening) = (shared.clone(), period_rx.clone(), opening.clone());
        let (target, agents) = (args.target, args.agents);
        handoffs.push(tokio::spawn(async move {
            let permit = opening.acquire_owned().await.ok();
            let client = match active_shopper(target, &base, k, agents + k).await {
                Ok(client) => client,
                Err(e) => {
                    shared.error(format!("shopper {k}: {e:#}"));
                    return;
                }
            };
            drop(permit);
            shared.shoppers_open.fetch_add(1, Ordering::Relaxed);
            shopper_loop(client, k, shared, period).await;
        }));
    }
    let assigned = || {
        format!(
            "every conversation has an agent ({} of {})",
            shared.shoppers_open.load(Ordering::Relaxed),
            args.conversations
        )
    };
    wait_until(assigned, Duration::from_secs(120), || {
        shared.shoppers_open.load(Ordering::Relaxed) >= args.conversations || shared.errors() > 0
    })
    .await?;
    settle().await;
    let before_idle = rss();

    let idle = args.shoppers.saturating_sub(args.conversations);
    eprintln!("load: {idle} idle shoppers connecting");
    for k in args.conversations..args.shoppers {
        let base = args.urls[k % args.urls.len()].clone();
        let (shared, opening) = (shared.clone(), opening.clone());
        let (target, agents) = (args.target, args.agents);
        tokio::spawn(async move {
            let permit = opening.acquire_owned().await.ok();
            let mut client = match idle_shopper(target, &base, agents + k).await {
                Ok(client) => client,
                Err(e) => {
                    shared.error(format!("idle shopper {k}: {e:#}"));
                    return;
                }
            };
            drop(permit);
            shared.shoppers_open.fetch_add(1, Ordering::Relaxed);
            loop {
                match client.next().await {
                    Incoming::Ping if client.pong().await.is_err() => break,
                    Incoming::Closed => break,
                    _ => {}
                }
            }
            shared.shoppers_open.fetch_sub(1, Ordering::Relaxed);
            shared.error(format!("idle shopper {k} was disconnected"));
        });
    }
    let connected = || {
        format!(
            "every shopper is connected ({} of {})",
            shared.shoppers_open.load(Ordering::Relaxed),
            args.shoppers
        )
    };
    wait_until(connected, Duration::from_secs(300), || {
        shared.shoppers_open.load(Ordering::Relaxed) >= args.shoppers || shared.errors() > 0
    })
    .await?;
    settle().await;
    let after_idle = rss();
    let per_idle = if idle > 0 {
        (after_idle.saturating_sub(before_idle) * 1024) as f64 / idle as f64
    } else {
        0.0
    };
    eprintln!(
        "load: {} shoppers held; server RSS {} MiB ({per_idle:.0} bytes per idle connection)",
        shared.shoppers_open.load(Ordering::Relaxed),
        after_idle / 1024
    );

    let meter = Meter {
        shared: shared.clone(),
        pids: args.server_pids.clone(),
        seconds: args.seconds,
    };
    let mut steps = Vec::new();
    for &rate in &args.rates {
        let _ = period_tx.send(Some(line_period(rate, args.conversations)));
        tokio::time::sleep(Duration::from_secs(2)).await;
        let step = meter.measure(rate).await;
        eprintln!("load: {rate}/s -> {}", step.describe());
        steps.push(step);
        let _ = period_tx.send(None);
        tokio::time::sleep(Duration::from_secs(2)).await;
    }

    let mut attacks = Vec::new();
    if args.attack_seconds > 0 {
        let rate = args.rates[0];
        let meter = Meter {
            seconds: args.attack_seconds,
            ..meter
        };
        let _ = period_tx.send(Some(line_period(rate, args.conversations)));
        tokio::time::sleep(Duration::from_secs(2)).await;
        let baseline = meter.measure(rate).await;
        eprintln!(
            "load: no attack, bystanders at {rate}/s -> {}",
            baseline.describe()
        );
        attacks.push(AttackStep {
            attack: "none (baseline)".to_owned(),
            attempts: 0,
            answers: Default::default(),
            bystanders: baseline,
        });
        let victim = args.agent_email.replace("{i}", "0");
        for kind in attack::Attack::ALL {
            let (stop, stopped) = watch::channel(false);
            let (tally, attackers) = attack::start(kind, &args.urls[0], &victim, &stopped);
            tokio::time::sleep(Duration::from_secs(1)).await;
            let bystanders = meter.measure(rate).await;
            let _ = stop.send(true);
            for attacker in attackers {
                let _ = tokio::time::timeout(Duration::from_secs(5), attacker).await;
            }
            let (attempts, answers) = tally.summary();
            eprintln!(
                "load: {}: {attempts} attempts, answers {answers:?}; bystanders -> {}",
                kind.name(),
                bystanders.describe()
            );
            attacks.push(AttackStep {
                attack: kind.name().to_owned(),
                attempts,
                answers,
                bystanders,
            });
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
        let _ = period_tx.send(None);
    }

    // Let the last lines arrive, then audit.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (acknowledged, lost, duplicated) = shared.audit();
    let report = Report {
        target: format!("{:?}", args.target).to_lowercase(),
        nodes: args.urls.len(),
        shopper_connections_held: shared.shoppers_open.load(Ordering::Relaxed),
        agent_connections_held: shared.agents_open.load(Ordering::Relaxed),
        conversations: args.conversations,
        server_rss_kib: rss(),
        rss_per_idle_connection_bytes: per_idle,
        steps,
        attacks,
        acknowledged_lines: acknowledged,
        lost,
        duplicated,
        errors: shared.errors(),
        error_samples: shared.error_samples(),
    };
    eprintln!(
        "load: {acknowledged} acknowledged lines, {lost} lost, {duplicated} duplicated, {} errors",
        report.errors
    );
    let json = serde_json::to_string_pretty(&report)?;
    if let Some(path) = &args.json {
        std::fs::write(path, &json).with_context(|| format!("writing {}", path.display()))?;
    }
    println!("{json}");
    Ok(())
}

/// Each conversation sends one line per period; its agent answers each, so
/// the two directions together make `rate` lines a second.
fn line_period(rate: u32, conversations: usize) -> Duration {
    let per_conversation = f64::from(rate) / 2.0 / conversations as f64;
    Duration::from_secs_f64(1.0 / per_conversation)
}

/// Measures the live conversations for a while.
struct Meter {
    shared: Arc<Shared>,
    pids: Vec<u32>,
    seconds: u64,
}

impl Meter {
    fn cpu_ticks(&self) -> u64 {
        self.pids
            .iter()
            .filter_map(|pid| stats::cpu_ticks(*pid))
            .sum()
    }

    /// Latencies, throughput, server CPU and errors over `seconds`.
    async fn measure(&self, rate: u32) -> Step {
        let errors_before = self.shared.errors();
        let _ = self.shared.take_latencies();
        let cpu_before = self.cpu_ticks();
        let own_before = stats::cpu_ticks(std::process::id()).unwrap_or(0);
        let started = tokio::time::Instant::now();
        tokio::time::sleep(Duration::from_secs(self.seconds)).await;
        let elapsed = started.elapsed().as_secs_f64();
        let (to_agent, to_shopper) = self.shared.take_latencies();
        let ticks = stats::ticks_per_second() as f64;
        let cpu_used = self.cpu_ticks().saturating_sub(cpu_before) as f64 / ticks;
        let own_used = stats::cpu_ticks(std::process::id())
            .unwrap_or(0)
            .saturating_sub(own_before) as f64
            / ticks;
        Step {
            target_per_sec: rate,
            delivered_per_sec: (to_agent.len() + to_shopper.len()) as f64 / elapsed,
            to_agent: Latency::of(to_agent),
            to_shopper: Latency::of(to_shopper),
            server_cpu_percent: 100.0 * cpu_used / elapsed,
            generator_cpu_percent: 100.0 * own_used / elapsed,
            errors: self.shared.errors() - errors_before,
        }
    }
}

impl Step {
    fn describe(&self) -> String {
        format!(
            "{:.0}/s delivered; shopper->agent p50 {:.1} ms p99 {:.1} ms max {:.1} ms; \
             agent->shopper p50 {:.1} ms p99 {:.1} ms max {:.1} ms; server CPU {:.0}%; generator CPU {:.0}%; errors {}",
            self.delivered_per_sec,
            self.to_agent.p50_ms,
            self.to_agent.p99_ms,
            self.to_agent.max_ms,
            self.to_shopper.p50_ms,
            self.to_shopper.p99_ms,
            self.to_shopper.max_ms,
            self.server_cpu_percent,
            self.generator_cpu_percent,
            self.errors
        )
    }
}

/// Waits (polling) until `done`, or fails after `limit`.
async fn wait_until(
    what: impl Fn() -> String,
    limit: Duration,
    done: impl Fn() -> bool,
) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + limit;
    let mut polls = 0u32;
    while !done() {
        polls += 1;
        if polls.is_multiple_of(50) {
            eprintln!("load: still waiting until {}", what());
        }
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting until {}",
            what()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

/// Lets allocations settle before reading memory.
async fn settle() {
    tokio::time::sleep(Duration::from_secs(2)).await;
}

/// Agent `i`, signed in and available.
async fn agent(args: &Args, i: usize) -> anyhow::Result<Client> {
    let base = &args.urls[i % args.urls.len()];
    let email = args.agent_email.replace("{i}", &i.to_string());
    let mut client = match args.target {
        Wire::Tandem => {
            let cookie = wire::tandem_login(base, &email, &args.agent_password).await?;
            Client::connect(args.target, base, Role::Agent, i, Some(&cookie)).await?
        }
        Wire::Socketio => {
            let mut client = Client::connect(args.target, base, Role::Agent, i, None).await?;
            client
                .send(&json!({"type": "agent", "email": email}))
                .await?;
            client
        }
    };
    client.until("ready").await?;
    client
        .send(&json!({"type": "presence", "status": "online", "capacity": args.capacity}))
        .await?;
    Ok(client)
}

/// Answers every shopper line at once.
async fn agent_loop(mut client: Client, shared: Arc<Shared>) {
    loop {
        match client.next().await {
            Incoming::Event(event) => match event["type"].as_str() {
                Some("message") => {
                    let message = &event["message"];
                    let Some(id) = line_id(message, "shopper") else {
                        continue;
                    };
                    shared.received(&id, Direction::ToAgent);
                    let reply = format!("r{}", &id[1..]);
                    shared.sent(&reply);
                    let frame = json!({
                        "type": "message",
                        "id": reply,
                        "conversation": event["conversation"],
                        "text": format!("load {reply}"),
                    });
                    if let Err(e) = client.send(&frame).await {
                        shared.error(format!("agent send: {e}"));
                    }
                }
                Some("ack") => {
                    if let Some(id) = event["id"].as_str() {
                        shared.acked(id);
                    }
                }
                Some("error") => shared.error(format!("agent got {event}")),
                _ => {}
            },
            Incoming::Ping => {
                let _ = client.pong().await;
            }
            Incoming::Closed => {
                shared.agents_open.fetch_sub(1, Ordering::Relaxed);
                shared.error("an agent was disconnected".to_owned());
                return;
            }
            Incoming::Other => {}
        }
    }
}

/// The load id in a line's text, when `author` wrote it.
fn line_id(message: &Value, author: &str) -> Option<String> {
    if message["author"] != author {
        return None;
    }
    message["text"]
        .as_str()?
        .strip_prefix("load ")
        .map(str::to_owned)
}

/// A shopper connected from source slot `slot` (see [`Client::connect`]).
async fn hello(target: Wire, base: &str, slot: usize) -> anyhow::Result<Client> {
    let mut client = Client::connect(target, base, Role::Shopper, slot, None).await?;
    client
        .send(&json!({"type": "hello", "v": 1, "site": "demo"}))
        .await?;
    client.until("ready").await?;
    Ok(client)
}

async fn idle_shopper(target: Wire, base: &str, slot: usize) -> anyhow::Result<Client> {
    hello(target, base, slot).await
}

/// Shopper `k`, handed off and talking to an agent.
async fn active_shopper(target: Wire, base: &str, k: usize, slot: usize) -> anyhow::Result<Client> {
    let mut client = hello(target, base, slot).await?;
    let packet = json!({
        "transcript": [
            {"author": "shopper", "text": "I was charged twice"},
            {"author": "bot", "text": "Let me get you a person."}
        ],
        "reason": "Sensitive: a disputed charge.",
        "reason_kind": "sensitive",
        "priority": 2,
        "language": "en",
    });
    client
        .send(&json!({"type": "handoff", "id": format!("h{}-{k}", run_id()), "packet": packet}))
        .await?;
    client.until("conversation").await?;
    client.until("agent_joined").await?;
    Ok(client)
}

/// Distinguishes this run's handoffs from earlier runs' on the same
/// database (a repeated handoff id would resume the old conversation).
fn run_id() -> u64 {
    static RUN: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *RUN.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    })
}

/// Sends a line every period (none while paused) and records the answers.
async fn shopper_loop(
    mut client: Client,
    k: usize,
    shared: Arc<Shared>,
    mut period: watch::Receiver<Option<Duration>>,
) {
    let mut next_line = 0u64;
    let mut ticker: Option<tokio::time::Interval> = None;
    loop {
        tokio::select! {
            changed = period.changed() => {
                if changed.is_err() {
                    return;
                }
                ticker = (*period.borrow_and_update()).map(|p| {
                    // Spread the shoppers over the period.
                    let offset = p.mul_f64((k % 997) as f64 / 997.0);
                    let mut t = tokio::time::interval_at(tokio::time::Instant::now() + offset, p);
                    t.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                    t
                });
            }
            () = async {
                match ticker.as_mut() {
                    Some(t) => { t.tick().await; }
                    None => std::future::pending().await,
                }
            } => {
                let id = format!("s{k}x{next_line}");
                next_line += 1;
                shared.sent(&id);
                let frame = json!({"type": "message", "id": id, "text": format!("load {id}")});
                if let Err(e) = client.send(&frame).await {
                    shared.error(format!("shopper send: {e}"));
                }
            }
            incoming = client.next() => match incoming {
                Incoming::Event(event) => match event["type"].as_str() {
                    Some("message") => {
                        if let Some(id) = line_id(&event, "agent") {
                            shared.received(&id, Direction::ToShopper);
                        }
                    }
                    Some("ack") => {
                        if let Some(id) = event["id"].as_str() {
                            shared.acked(id);
                        }
                    }
                    Some("error") => shared.error(format!("shopper got {event}")),
                    _ => {}
                },
                Incoming::Ping => { let _ = client.pong().await; }
                Incoming::Closed => {
                    shared.shoppers_open.fetch_sub(1, Ordering::Relaxed);
                    shared.error(format!("shopper {k} was disconnected"));
                    return;
                }
                Incoming::Other => {}
            }
        }
    }
}
