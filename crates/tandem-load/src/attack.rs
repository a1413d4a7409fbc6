//! Attacks on Tandem while bystanders talk (`--attack-seconds N`): each
//! attack runs alone for N seconds while the live conversations keep
//! exchanging lines at the first rate, and the bystanders' relay latency is
//! measured as in a rate step. The attacks are the hostile-input list of
//! issue 8: a flood from one socket and from many, a connection storm,
//! malformed and oversized frames, cross-site hijacking and forged
//! sessions, and password guessing from a botnet. Each attacker comes from
//! its own loopback address, so per-address limits do not simply stop it.
//!
//! Every answer the server gives an attacker is tallied by kind (the error
//! code of an error frame, the HTTP status of a refused request), so the
//! report shows what each attack got back.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use tokio::sync::watch;

use crate::wire::{self, Client, Incoming, Role, Wire};

/// The first source slot attackers use; bystanders stay below it.
const ATTACKER_SLOTS: usize = 100_000;
/// Source slots per address (as in `wire`), so `slot / SLOTS_PER_ADDRESS`
/// is the address.
const SLOTS_PER_ADDRESS: usize = 50;
/// Addresses set aside for each attack, so one attack's penalties do not
/// keep the next one out.
const ADDRESSES_PER_ATTACK: usize = 1_000;
/// Distinct loopback addresses the botnet cycles through.
const BOTNET_ADDRESSES: usize = 20_000;

/// One kind of attack.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Attack {
    /// One shopper socket sends frames as fast as it can.
    FloodFromOneSocket,
    /// A hundred shopper sockets, each from its own address, do the same.
    FloodFromManySockets,
    /// Fifty clients open, greet and close sockets as fast as they can.
    ConnectionStorm,
    /// Twenty clients send malformed JSON, then a 20 KB frame.
    MalformedAndOversizedFrames,
    /// Twenty clients try a foreign Origin, a forged agent session, and a
    /// guessed conversation token.
    HijackAndForgery,
    /// Twenty clients guess agent passwords, each attempt from a new
    /// address and for a new or a real account.
    PasswordGuessing,
}

impl Attack {
    /// Every attack, in the order they run.
    pub(crate) const ALL: [Attack; 6] = [
        Attack::FloodFromOneSocket,
        Attack::FloodFromManySockets,
        Attack::ConnectionStorm,
        Attack::MalformedAndOversizedFrames,
        Attack::HijackAndForgery,
        Attack::PasswordGuessing,
    ];

    /// How the report names it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Attack::FloodFromOneSocket => "flood from one socket",
            Attack::FloodFromManySockets => "flood from 100 sockets",
            Attack::ConnectionStorm => "connection storm (50 clients)",
            Attack::MalformedAndOversizedFrames => "malformed and oversized frames (20 clients)",
            Attack::HijackAndForgery => {
                "foreign origin, forged session, guessed token (20 clients)"
            }
            Attack::PasswordGuessing => "password guessing from a botnet (20 clients)",
        }
    }

    fn attackers(self) -> usize {
        match self {
            Attack::FloodFromOneSocket => 1,
            Attack::FloodFromManySockets => 100,
            Attack::ConnectionStorm => 50,
            Attack::MalformedAndOversizedFrames
            | Attack::HijackAndForgery
            | Attack::PasswordGuessing => 20,
        }
    }
}

/// What the attackers sent and what they got back.
#[derive(Default)]
pub(crate) struct Tally {
    attempts: AtomicU64,
    answers: Mutex<BTreeMap<String, u64>>,
}

impl Tally {
    fn attempted(&self, n: u64) {
        self.attempts.fetch_add(n, Ordering::Relaxed);
    }

    fn answered(&self, answer: impl Into<String>) {
        let mut answers = self
            .answers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *answers.entry(answer.into()).or_default() += 1;
    }

    /// Attempts made and answers by kind.
    pub(crate) fn summary(&self) -> (u64, BTreeMap<String, u64>) {
        let answers = self
            .answers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        (self.attempts.load(Ordering::Relaxed), answers)
    }
}

/// Starts `attack` against `base`; it runs until `stop` turns true.
pub(crate) fn start(
    attack: Attack,
    base: &str,
    agent_email: &str,
    stop: &watch::Receiver<bool>,
) -> (Arc<Tally>, Vec<tokio::task::JoinHandle<()>>) {
    let tally = Arc::new(Tally::default());
    let tasks = (0..attack.attackers())
        .map(|i| {
            let (base, email, tally) = (base.to_owned(), agent_email.to_owned(), tally.clone());
            let stop = stop.clone();
            tokio::spawn(async move {
                let mut round = 0usize;
                while !*stop.borrow() {
                    one_round(attack, &base, &email, i, round, &tally).await;
                    round += 1;
                }
            })
        })
        .collect();
    (tally, tasks)
}

/// One attempt (or burst) by attacker `i`.
async fn one_round(
    attack: Attack,
    base: &str,
    agent_email: &str,
    i: usize,
    round: usize,
    tally: &Tally,
) {
    let first = ATTACKER_SLOTS + attack as usize * ADDRESSES_PER_ATTACK * SLOTS_PER_ADDRESS;
    let slot = first + i * SLOTS_PER_ADDRESS;
    let outcome = match attack {
        Attack::FloodFromOneSocket | Attack::FloodFromManySockets => flood(base, slot, tally).await,
        Attack::ConnectionStorm => storm(base, slot, tally).await,
        Attack::MalformedAndOversizedFrames => bad_frames(base, slot, tally).await,
        Attack::HijackAndForgery => hijack(base, slot, round, tally).await,
        Attack::PasswordGuessing => {
            // A new address each attempt, as a botnet would.
            let address = (i * 1_000 + round) % BOTNET_ADDRESSES;
            let botnet =
                ATTACKER_SLOTS + Attack::ALL.len() * ADDRESSES_PER_ATTACK * SLOTS_PER_ADDRESS;
            let slot = botnet + address * SLOTS_PER_ADDRESS;
            guess_password(base, slot, agent_email, i, round, tally).await
        }
    };
    if let Err(e) = outcome {
        tally.answered(format!("failed: {}", first_line(&e)));
        // Do not spin on a refused connection.
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn first_line(e: &anyhow::Error) -> String {
    let text = format!("{e:#}");
    text.lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(80)
        .collect()
}

/// Reads what the server sends back for up to `quiet` of silence, tallying
/// error codes and a close.
async fn drain(client: &mut Client, quiet: Duration, tally: &Tally) {
    loop {
        match tokio::time::timeout(quiet, client.next()).await {
            Ok(Incoming::Event(event)) if event["type"] == "error" => {
                tally.answered(format!(
                    "error frame: {}",
                    event["code"].as_str().unwrap_or("?")
                ));
            }
            Ok(Incoming::Closed) => {
                tally.answered("socket closed by the server");
                return;
            }
            Ok(_) => {}
            Err(_) => return,
        }
    }
}

/// 200 frames back to back, then whatever comes back.
async fn flood(base: &str, slot: usize, tally: &Tally) -> anyhow::Result<()> {
    let mut client = crate::hello(Wire::Tandem, base, slot).await?;
    for n in 0..200 {
        tally.attempted(1);
        let frame = json!({"type": "typing", "typing": n % 2 == 0}).to_string();
        if client.send_raw(frame).await.is_err() {
            tally.answered("socket closed by the server");
            return Ok(());
        }
    }
    drain(&mut client, Duration::from_millis(300), tally).await;
    client.close().await;
    Ok(())
}

/// Open, greet, close.
async fn storm(base: &str, slot: usize, tally: &Tally) -> anyhow::Result<()> {
    tally.attempted(1);
    let client = crate::hello(Wire::Tandem, base, slot).await?;
    tally.answered("admitted");
    client.close().await;
    Ok(())
}

/// Malformed JSON, then a frame over the size limit.
async fn bad_frames(base: &str, slot: usize, tally: &Tally) -> anyhow::Result<()> {
    let mut client = crate::hello(Wire::Tandem, base, slot).await?;
    tally.attempted(2);
    client
        .send_raw("{\"type\": \"message\", not json".to_owned())
        .await?;
    drain(&mut client, Duration::from_millis(100), tally).await;
    let pad = "x".repeat(20_000);
    client
        .send_raw(format!("{{\"type\":\"typing\",\"pad\":\"{pad}\"}}"))
        .await?;
    drain(&mut client, Duration::from_millis(300), tally).await;
    Ok(())
}

/// A socket from a foreign origin, an agent socket with a forged session,
/// and a resume with a guessed conversation token.
async fn hijack(base: &str, slot: usize, round: usize, tally: &Tally) -> anyhow::Result<()> {
    tally.attempted(3);
    match wire::open_socket(base, "/ws/shopper", slot, "https://evil.example", None).await {
        Ok(_) => tally.answered("foreign origin ADMITTED"),
        Err(e) => tally.answered(format!("foreign origin refused: {}", first_line(&e))),
    }
    let cookie = format!("tandem_session=forged{round}");
    match wire::open_socket(base, "/ws/agent", slot, base, Some(&cookie)).await {
        Ok(_) => tally.answered("forged session ADMITTED"),
        Err(e) => tally.answered(format!("forged session refused: {}", first_line(&e))),
    }
    let mut client = Client::connect(Wire::Tandem, base, Role::Shopper, slot, None).await?;
    let resume = json!({"conversation": format!("c_guess{round}"), "token": format!("t{round}"), "last_seq": 0});
    client
        .send(&json!({"type": "hello", "v": 1, "site": "demo", "resume": resume}))
        .await?;
    drain(&mut client, Duration::from_millis(100), tally).await;
    client.close().await;
    Ok(())
}

/// One login with a wrong password, for the real agent every other time.
async fn guess_password(
    base: &str,
    slot: usize,
    agent_email: &str,
    i: usize,
    round: usize,
    tally: &Tally,
) -> anyhow::Result<()> {
    tally.attempted(1);
    let email = if round.is_multiple_of(2) {
        agent_email.to_owned()
    } else {
        format!("guess{i}x{round}@example.com")
    };
    let body = json!({"email": email, "password": format!("guess-{i}-{round}")});
    let (status, _) = wire::post_json(base, "/api/agent/login", slot, &body).await?;
    tally.answered(format!("login HTTP {status}"));
    Ok(())
}
