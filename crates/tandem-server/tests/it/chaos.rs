//! The chaos soak (`cargo xtask chaos --minutes N`; ignored in ordinary
//! runs): many shoppers and one busy agent talk through the real
//! `tandem-server` binary while the test drops their connections at random,
//! lets them fall behind (nobody reads while others act, so slow sockets
//! are cut by the server), and kills the server with SIGKILL and restarts
//! it. Every client resends what was not acknowledged, with the same ids,
//! after it reconnects, like the widget's outbox. The audit at the end:
//! every acknowledged line is stored exactly once, each sender's lines are
//! in the order sent, and a full replay shows every stored line once, in
//! order. The report goes to stdout and `target/bench/chaos.json`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::json;
use tandem_protocol::{ConversationId, Seq};

use super::relay::{Server, Ws, packet};

/// xorshift64*: a fixed seed gives the same faults in the same order.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

/// One sender: a shopper, or the agent in one conversation.
struct Sender {
    /// Short and digit-light (`s3`, `a3`): the server masks long digit
    /// runs as personal data, and random conversation ids contain them.
    label: String,
    conversation: String,
    token: String,
    /// Lines sent and not yet acknowledged, oldest first: `(id, text)`.
    outbox: Vec<(String, String)>,
    /// Acknowledged texts, in the order they were sent.
    acknowledged: Vec<String>,
    next: u32,
    /// The highest sequence number this client has seen (its resume cursor).
    cursor: std::cell::Cell<u64>,
}

const ACK_WAIT: Duration = Duration::from_secs(5);

/// Sends the outbox in order; stops at the first line without an ack. A
/// `rate_limited` answer (a long outbox drained at once) waits and sends
/// the same line again, as a client should.
async fn flush(ws: &mut Ws, sender: &mut Sender, agent: bool, resent: &mut u64) -> bool {
    while let Some((id, text)) = sender.outbox.first().cloned() {
        let frame = if agent {
            json!({"type": "message", "id": id, "conversation": sender.conversation, "text": text})
        } else {
            json!({"type": "message", "id": id, "text": text})
        };
        if !ws.try_send(&frame).await {
            return false;
        }
        let want = id.clone();
        let cursor = &sender.cursor;
        let answer = ws
            .try_first(ACK_WAIT, |v| {
                // Lines seen on the way move the cursor, as in the widget.
                if let Some(seq) = v["message"]["seq"].as_u64().or(v["seq"].as_u64()) {
                    cursor.set(cursor.get().max(seq));
                }
                (v["type"] == "ack" && v["id"] == want.as_str()) || v["type"] == "error"
            })
            .await;
        match answer {
            Some(v) if v["type"] == "ack" => {
                sender.outbox.remove(0);
                sender.acknowledged.push(text);
            }
            Some(v) if v["code"] == "rate_limited" => {
                tokio::time::sleep(Duration::from_millis(1200)).await;
            }
            Some(v) => {
                eprintln!("refused in {}: {v}", sender.conversation);
                return false;
            }
            None => {
                eprintln!("{}: no ack for {id}", sender.label);
                *resent += 1;
                return false;
            }
        }
    }
    true
}

async fn reconnect_shopper(server: &Server, sender: &Sender) -> Option<Ws> {
    resume_shopper(server, sender, sender.cursor.get()).await
}

/// Reconnects a shopper and resumes after `last_seq`.
async fn resume_shopper(server: &Server, sender: &Sender, last_seq: u64) -> Option<Ws> {
    let mut ws = match server.socket("/ws/shopper", &server.origin(), None).await {
        Ok(ws) => ws,
        Err(error) => {
            eprintln!("{} cannot connect: {error}", sender.label);
            return None;
        }
    };
    let hello = json!({"type": "hello", "v": 1, "site": "demo", "resume": {
        "conversation": sender.conversation, "token": sender.token, "last_seq": last_seq}});
    ws.try_send(&hello).await.then_some(())?;
    ws.try_until("conversation", ACK_WAIT, |_| true).await?;
    Some(ws)
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a soak report, not a test: `cargo xtask chaos --minutes N` runs it"]
async fn chaos_soak() {
    let minutes: f64 = std::env::var("TANDEM_CHAOS_MINUTES")
        .ok()
        .and_then(|m| m.parse().ok())
        .unwrap_or(1.0);
    let shoppers = 12;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut server = Server::spawn_process(dir.path(), None).await;
    let mut dice = Dice(0x7A4D_E3C1_9B05_2F68);
    let (mut disconnects, mut restarts, mut resent, mut steps) = (0u64, 0u64, 0u64, 0u64);

    // Everyone hands off; one agent with room for all takes them.
    let mut agent = Some(server.agent_with("anna@demo.tandem.dev", 20).await);
    let mut people: Vec<(Option<Ws>, Sender)> = Vec::new();
    for i in 0..shoppers {
        let mut ws = server.shopper().await;
        let frame = json!({"type": "handoff", "id": format!("h{i}"), "packet": packet(&format!("shopper {i}"), 2, "en")});
        assert!(ws.try_send(&frame).await);
        let created = ws
            .try_until("conversation", ACK_WAIT, |_| true)
            .await
            .expect("created");
        people.push((
            Some(ws),
            Sender {
                label: format!("s{i}"),
                conversation: created["conversation"].as_str().expect("id").to_owned(),
                token: created["token"].as_str().expect("token").to_owned(),
                outbox: Vec::new(),
                acknowledged: Vec::new(),
                next: 0,
                cursor: std::cell::Cell::new(0),
            },
        ));
    }
    let mut agent_lines: HashMap<String, Sender> = people
        .iter()
        .enumerate()
        .map(|(i, (_, s))| {
            (
                s.conversation.clone(),
                Sender {
                    label: format!("a{i}"),
                    conversation: s.conversation.clone(),
                    token: String::new(),
                    outbox: Vec::new(),
                    acknowledged: Vec::new(),
                    next: 0,
                    cursor: std::cell::Cell::new(0),
                },
            )
        })
        .collect();

    let until = Instant::now() + Duration::from_secs_f64(minutes * 60.0);
    while Instant::now() < until {
        steps += 1;
        match dice.below(100) {
            // A shopper writes (through the outbox).
            0..=54 => {
                let (ws, sender) = &mut people[dice.below(shoppers) as usize];
                sender.next += 1;
                let id = format!("{}-{}", sender.label, sender.next);
                sender.outbox.push((id.clone(), format!("line {id}")));
                if ws.is_none() {
                    *ws = reconnect_shopper(&server, sender).await;
                }
                if let Some(socket) = ws.as_mut()
                    && !flush(socket, sender, false, &mut resent).await
                {
                    *ws = None;
                }
            }
            // The agent writes in one of her conversations.
            55..=84 => {
                let pick = people[dice.below(shoppers) as usize].1.conversation.clone();
                let sender = agent_lines.get_mut(&pick).expect("conversation");
                sender.next += 1;
                let id = format!("{}-{}", sender.label, sender.next);
                sender.outbox.push((id.clone(), format!("line {id}")));
                if agent.is_none() {
                    agent = Some(server.agent_with("anna@demo.tandem.dev", 20).await);
                }
                if let Some(socket) = agent.as_mut()
                    && !flush(socket, sender, true, &mut resent).await
                {
                    agent = None;
                }
            }
            // A connection drops.
            85..=97 => {
                disconnects += 1;
                people[dice.below(shoppers) as usize].0 = None;
                if dice.below(4) == 0 {
                    agent = None;
                }
            }
            // The server is killed and comes back.
            _ => {
                restarts += 1;
                for (ws, _) in &mut people {
                    *ws = None;
                }
                agent = None;
                let addr = server.kill_9();
                server = Server::spawn_process(dir.path(), Some(addr)).await;
            }
        }
    }

    // Drain every outbox on fresh connections, as clients do after a fault:
    // reconnect and resend until acknowledged (a few tries), then audit. The
    // shoppers first, so the agent's socket is not left unread meanwhile.
    for (_, sender) in &mut people {
        let mut drained = false;
        for _ in 0..3 {
            if let Some(mut ws) = reconnect_shopper(&server, sender).await
                && flush(&mut ws, sender, false, &mut resent).await
            {
                drained = true;
                break;
            }
        }
        assert!(drained, "the outbox of {} drains", sender.label);
    }
    for lines in agent_lines.values_mut() {
        let mut drained = false;
        for _ in 0..3 {
            let mut anna = server.agent_with("anna@demo.tandem.dev", 20).await;
            if flush(&mut anna, lines, true, &mut resent).await {
                drained = true;
                break;
            }
        }
        assert!(drained, "the agent's outbox in {} drains", lines.label);
    }
    let (mut acknowledged, mut lost, mut duplicated, mut out_of_order) = (0u64, 0u64, 0u64, 0u64);
    let mut replay_resumes = 0u64;
    for (_, sender) in &people {
        let stored = server
            .store
            .messages_after(&ConversationId(sender.conversation.clone()), Seq(0))
            .await
            .expect("stored");
        let position = |text: &str| stored.iter().position(|m| m.text == text);
        for lines in [sender, &agent_lines[&sender.conversation]] {
            let mut last = None;
            for text in &lines.acknowledged {
                acknowledged += 1;
                match stored.iter().filter(|m| &m.text == text).count() {
                    0 => {
                        lost += 1;
                        if lost <= 3 {
                            eprintln!("lost {text:?} in {}", sender.conversation);
                        }
                    }
                    1 => {}
                    _ => duplicated += 1,
                }
                let at = position(text);
                if at < last {
                    out_of_order += 1;
                }
                last = at;
            }
        }
        // A full replay from the start: every stored line once, in order.
        // The server sends a replay at once into the socket's bounded queue
        // and drops a socket that cannot keep up; like the widget, resume
        // from the last line seen until everything has arrived.
        let mut seqs: Vec<u64> = Vec::new();
        for _ in 0..10 {
            let from = seqs.last().copied().unwrap_or(0);
            let Some(mut ws) = resume_shopper(&server, sender, from).await else {
                continue;
            };
            while seqs.len() < stored.len() {
                let Some(message) = ws.try_until("message", ACK_WAIT, |_| true).await else {
                    break;
                };
                seqs.push(message["seq"].as_u64().unwrap_or(0));
            }
            if seqs.len() >= stored.len() {
                break;
            }
            replay_resumes += 1;
        }
        let expected: Vec<u64> = stored.iter().map(|m| m.seq.0).collect();
        assert_eq!(
            seqs, expected,
            "the replay of {} is complete and in order",
            sender.conversation
        );
    }
    let report = json!({
        "minutes": minutes, "steps": steps, "shoppers": shoppers, "agents": 1,
        "acknowledged": acknowledged, "resent_after_a_fault": resent,
        "disconnects_injected": disconnects, "server_kills": restarts,
        "lost": lost, "duplicated": duplicated, "out_of_order": out_of_order,
        "replays_resumed_after_a_full_queue": replay_resumes,
    });
    println!("chaos: {report}");
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(
        out.join("chaos.json"),
        serde_json::to_string_pretty(&report).expect("json"),
    )
    .expect("write");
    server.kill_9();
    assert_eq!((lost, duplicated, out_of_order), (0, 0, 0), "{report}");
}
