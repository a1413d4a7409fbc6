//! The relay over real sockets: the server on port 0 and WebSocket clients
//! (tokio-tungstenite) playing shopper and agent.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt as _, StreamExt as _};
use serde_json::{Value, json};
use tandem_server::store::Store;
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use super::demo_sites;

/// Longest wait for an expected event before the test fails.
const WAIT: Duration = Duration::from_secs(10);

pub(super) struct Server {
    addr: SocketAddr,
    pub(super) store: Arc<dyn Store>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    /// The server as its own process (`tandem-server serve`), when started so.
    process: Option<std::process::Child>,
}

impl Server {
    async fn start(data: &std::path::Path) -> Self {
        Self::start_with(data, demo_sites()).await
    }

    async fn start_with(data: &std::path::Path, sites: tandem_server::sites::Sites) -> Self {
        let url = format!("sqlite://{}?mode=rwc", data.join("relay.sqlite3").display());
        let store: Arc<dyn Store> =
            Arc::from(tandem_server::store::open(&url).await.expect("store"));
        tandem_server::store::seed_demo_agents(store.as_ref())
            .await
            .expect("seed");
        let state = tandem_server::AppState::new(store.clone(), "/nonexistent".into(), sites)
            .await
            .expect("state");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(tandem_server::run(listener, state, async {
            let _ = stopped.await;
        }));
        Self {
            addr,
            store,
            stop: Some(stop),
            task: Some(task),
            process: None,
        }
    }

    /// Runs the real binary on `addr` (a free port if `None`) with its
    /// database in `data`, and waits until it listens.
    pub(super) async fn spawn_process(data: &std::path::Path, addr: Option<SocketAddr>) -> Self {
        Self::spawn_node(data, addr, None).await
    }

    /// Runs the real binary like [`Server::spawn_process`], on the
    /// database at `database_url` when given (several nodes can share a
    /// PostgreSQL one).
    pub(super) async fn spawn_node(
        data: &std::path::Path,
        addr: Option<SocketAddr>,
        database_url: Option<&str>,
    ) -> Self {
        let addr = match addr {
            Some(addr) => addr,
            None => {
                let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
                probe.local_addr().expect("addr")
            }
        };
        let site = concat!(env!("CARGO_MANIFEST_DIR"), "/../../sites/demo/site.toml");
        // The server's log goes to a file, shown when it never comes up.
        std::fs::create_dir_all(data).expect("data dir");
        let log_path = data.join(format!("server-{}.log", addr.port()));
        let log = std::fs::File::create(&log_path).expect("log file");
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_tandem-server"));
        match database_url {
            Some(url) => command.env("DATABASE_URL", url),
            None => command.env_remove("DATABASE_URL"),
        };
        let process = command
            .args([
                "serve",
                "--seed-demo-agents",
                "--web-dir",
                "/nonexistent",
                "--site",
                site,
            ])
            .arg("--bind")
            .arg(addr.to_string())
            .arg("--data-dir")
            .arg(data)
            .stdout(std::process::Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start tandem-server");
        let deadline = tokio::time::Instant::now() + WAIT;
        while TcpStream::connect(addr).await.is_err() {
            assert!(
                tokio::time::Instant::now() < deadline,
                "tandem-server never listened; its log:\n{}",
                std::fs::read_to_string(&log_path).unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let url = database_url.map_or_else(
            || {
                format!(
                    "sqlite://{}?mode=rwc",
                    data.join("tandem.sqlite3").display()
                )
            },
            str::to_owned,
        );
        let store: Arc<dyn Store> =
            Arc::from(tandem_server::store::open(&url).await.expect("store"));
        Self {
            addr,
            store,
            stop: None,
            task: None,
            process: Some(process),
        }
    }

    /// SIGKILL: the process ends at once, mid-whatever it was doing.
    pub(super) fn kill_9(mut self) -> SocketAddr {
        if let Some(mut process) = self.process.take() {
            process.kill().expect("SIGKILL");
            process.wait().expect("reaped");
        }
        self.addr
    }

    /// Stops the server the way SIGTERM does, and waits for it.
    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Stops the server as a crash would, without waiting for clients.
    async fn kill(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }

    pub(super) async fn socket(
        &self,
        path: &str,
        origin: &str,
        cookie: Option<&str>,
    ) -> Result<Ws, tokio_tungstenite::tungstenite::Error> {
        self.socket_from([127, 0, 0, 1], path, origin, cookie).await
    }

    /// [`Server::socket`] from another loopback address, as another client
    /// would come from another network.
    pub(super) async fn socket_from(
        &self,
        source: [u8; 4],
        path: &str,
        origin: &str,
        cookie: Option<&str>,
    ) -> Result<Ws, tokio_tungstenite::tungstenite::Error> {
        let mut request = format!("ws://{}{path}", self.addr).into_client_request()?;
        request
            .headers_mut()
            .insert("origin", origin.parse().expect("header"));
        if let Some(cookie) = cookie {
            request
                .headers_mut()
                .insert("cookie", cookie.parse().expect("header"));
        }
        let socket = tokio::net::TcpSocket::new_v4()?;
        socket.bind(std::net::SocketAddr::from((source, 0)))?;
        let stream = socket.connect(self.addr).await?;
        let stream = tokio_tungstenite::MaybeTlsStream::Plain(stream);
        let (ws, _) = tokio_tungstenite::client_async(request, stream).await?;
        Ok(Ws(ws))
    }

    /// A plain HTTP GET over a fresh connection; returns the body.
    async fn get(&self, path: &str) -> String {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        let mut stream = TcpStream::connect(self.addr).await.expect("connect");
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        );
        stream.write_all(request.as_bytes()).await.expect("write");
        let mut response = String::new();
        stream.read_to_string(&mut response).await.expect("read");
        response
            .split_once("\r\n\r\n")
            .map(|(_, body)| body.to_owned())
            .unwrap_or_default()
    }

    pub(super) fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub(super) async fn shopper(&self) -> Ws {
        let mut ws = self
            .socket("/ws/shopper", &self.origin(), None)
            .await
            .expect("shopper connects");
        ws.send(json!({"type": "hello", "v": 1, "site": "demo"}))
            .await;
        ws.until("ready").await;
        ws
    }

    /// Signs an agent in (a session made directly), connects, and goes
    /// online with room for `capacity` conversations.
    pub(super) async fn agent_with(&self, email: &str, capacity: u8) -> Ws {
        let cookie = self.session(email).await;
        let mut ws = self
            .socket("/ws/agent", &self.origin(), Some(&cookie))
            .await
            .expect("agent connects");
        ws.until("ready").await;
        ws.send(json!({"type": "presence", "status": "online", "capacity": capacity}))
            .await;
        ws
    }

    pub(super) async fn agent(&self, email: &str) -> Ws {
        self.agent_with(email, 3).await
    }

    async fn session(&self, email: &str) -> String {
        let agent = self
            .store
            .agent_by_email(email)
            .await
            .expect("query")
            .expect("demo agent");
        // A fresh token per sign-in: a restarted server keeps the old ones.
        static SIGN_INS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = SIGN_INS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let token = format!("test-session-{email}-{n}");
        let hash = tandem_server::secrets::token_hash(&token);
        self.store
            .create_session(&hash, agent.id, i64::MAX)
            .await
            .expect("session");
        format!("tandem_session={token}")
    }
}

pub(super) struct Ws(WebSocketStream<MaybeTlsStream<TcpStream>>);

impl Ws {
    /// Sends without panicking; `false` when the socket is gone.
    pub(super) async fn try_send(&mut self, frame: &Value) -> bool {
        self.0
            .send(Message::Text(frame.to_string().into()))
            .await
            .is_ok()
    }

    /// The next event of `kind` passing `accept` within `wait`; `None` when
    /// the socket ends or the time runs out.
    pub(super) async fn try_until(
        &mut self,
        kind: &str,
        wait: Duration,
        accept: impl Fn(&Value) -> bool,
    ) -> Option<Value> {
        self.try_first(wait, |v| v["type"] == kind && accept(v))
            .await
    }

    /// The first event passing `accept` within `wait`.
    pub(super) async fn try_first(
        &mut self,
        wait: Duration,
        accept: impl Fn(&Value) -> bool,
    ) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match tokio::time::timeout_at(deadline, self.0.next()).await {
                Ok(Some(Ok(Message::Text(text)))) => {
                    let value: Value = serde_json::from_str(&text).ok()?;
                    if accept(&value) {
                        return Some(value);
                    }
                }
                Ok(Some(Ok(_))) => {}
                _ => return None,
            }
        }
    }

    pub(super) async fn send(&mut self, frame: Value) {
        self.0
            .send(Message::Text(frame.to_string().into()))
            .await
            .expect("send");
    }

    async fn send_raw(&mut self, text: String) {
        self.0.send(Message::Text(text.into())).await.expect("send");
    }

    /// The next event of type `kind`, skipping others; fails after [`WAIT`].
    pub(super) async fn until(&mut self, kind: &str) -> Value {
        self.until_where(kind, |_| true).await
    }

    pub(super) async fn until_where(
        &mut self,
        kind: &str,
        accept: impl Fn(&Value) -> bool,
    ) -> Value {
        self.next_matching(kind, |v| v["type"] == kind && accept(v))
            .await
    }

    /// The next event `accept` takes (`what` names it in a failure).
    pub(super) async fn next_matching(
        &mut self,
        what: &str,
        accept: impl Fn(&Value) -> bool,
    ) -> Value {
        let kind = what;
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let frame = tokio::time::timeout_at(deadline, self.0.next())
                .await
                .unwrap_or_else(|_| panic!("no {kind} event within {WAIT:?}"));
            match frame {
                Some(Ok(Message::Text(text))) => {
                    let value: Value = serde_json::from_str(&text).expect("JSON event");
                    if accept(&value) {
                        return value;
                    }
                }
                Some(Ok(_)) => {}
                other => panic!("socket ended while waiting for {kind}: {other:?}"),
            }
        }
    }

    /// The close code the server ends the socket with, within [`WAIT`].
    async fn close_code(&mut self) -> Option<u16> {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            match tokio::time::timeout_at(deadline, self.0.next()).await {
                Err(_) | Ok(None | Some(Err(_))) => return None,
                Ok(Some(Ok(Message::Close(frame)))) => return frame.map(|f| u16::from(f.code)),
                Ok(Some(Ok(_))) => {}
            }
        }
    }

    /// True when the server closes the socket within [`WAIT`].
    pub(super) async fn closed(&mut self) -> bool {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            match tokio::time::timeout_at(deadline, self.0.next()).await {
                Err(_) => return false,
                Ok(None | Some(Err(_)) | Some(Ok(Message::Close(_)))) => return true,
                Ok(Some(Ok(_))) => {}
            }
        }
    }
}

pub(super) fn packet(first: &str, priority: u8, language: &str) -> Value {
    json!({
        "transcript": [
            {"author": "shopper", "text": first},
            {"author": "bot", "text": "Let me get you a person.", "helpful": false}
        ],
        "reason": "Sensitive: fraud or unrecognised charge.",
        "reason_kind": "sensitive",
        "priority": priority,
        "topic": if priority == 0 { "self_harm" } else { "fraud" },
        "intent": "fraud",
        "confidence": 0.81,
        "language": language,
        "masked": ["card_number"],
        "context": {"order_id": "NO-1042", "cart_total": "2497.00 SEK"}
    })
}

pub(super) async fn hand_off(
    shopper: &mut Ws,
    id: &str,
    first: &str,
    priority: u8,
) -> (String, String) {
    shopper
        .send(json!({"type": "handoff", "id": id, "packet": packet(first, priority, "en")}))
        .await;
    let created = shopper.until("conversation").await;
    shopper.until("ack").await;
    (
        created["conversation"].as_str().expect("id").to_owned(),
        created["token"].as_str().expect("token").to_owned(),
    )
}

/// After a "card stolen" handoff: three lines each way, each acknowledged;
/// returns every line of the conversation, transcript first, in order.
pub(super) async fn exchange_acknowledged(
    shopper: &mut Ws,
    agent: &mut Ws,
    conversation: &str,
) -> Vec<String> {
    let mut acknowledged = vec![
        "card stolen".to_owned(),
        "Let me get you a person.".to_owned(),
    ];
    for i in 0..3 {
        let text = format!("shopper line {i}");
        shopper
            .send(json!({"type": "message", "id": format!("m{i}"), "text": text}))
            .await;
        shopper.until("ack").await;
        acknowledged.push(text);
        let reply = format!("agent line {i}");
        agent
            .send(json!({"type": "message", "id": format!("a{i}"), "conversation": conversation, "text": reply}))
            .await;
        agent.until("ack").await;
        acknowledged.push(reply);
    }
    acknowledged
}

/// A shopper reconnecting to `server` and resuming `conversation` from the
/// start; returns the socket and the texts of the first `count` lines.
pub(super) async fn resume_from_the_start(
    server: &Server,
    conversation: &str,
    token: &str,
    count: usize,
) -> (Ws, Vec<String>) {
    let mut back = server
        .socket("/ws/shopper", &server.origin(), None)
        .await
        .expect("reconnects");
    back.send(json!({"type": "hello", "v": 1, "site": "demo", "resume": {"conversation": conversation, "token": token, "last_seq": 0}}))
        .await;
    let mut replayed = Vec::new();
    while replayed.len() < count {
        let message = back.until("message").await;
        replayed.push(message["text"].as_str().expect("text").to_owned());
    }
    (back, replayed)
}

#[tokio::test]
async fn a_full_handoff_from_escalation_to_rating() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path()).await;
    let mut anna = server.agent("anna@demo.tandem.dev").await;
    let mut shopper = server.shopper().await;
    let (conversation, token) = hand_off(
        &mut shopper,
        "h1",
        "Someone used my card 4111 1111 1111 1111",
        1,
    )
    .await;
    assert_eq!(token.len(), 32, "a 128-bit token");

    let assigned = anna.until("assigned").await;
    let detail = &assigned["detail"];
    assert_eq!(detail["conversation"], conversation.as_str());
    assert_eq!(detail["packet"]["context"]["order_id"], "NO-1042");
    assert_eq!(detail["packet"]["intent"], "fraud");
    assert_eq!(detail["packet"]["topic"], "fraud");
    assert_eq!(
        detail["messages"][0]["text"], "Someone used my card [card number]",
        "masked again on the server"
    );
    assert_eq!(detail["messages"][1]["author"], "bot");
    assert_eq!(shopper.until("agent_joined").await["name"], "Anna");

    shopper
        .send(json!({"type": "typing", "typing": true}))
        .await;
    assert_eq!(anna.until("shopper_typing").await["typing"], true);
    shopper
        .send(json!({"type": "message", "id": "m1", "text": "It was 1 299 kr at 03:12"}))
        .await;
    let ack = shopper.until("ack").await;
    assert_eq!(ack["id"], "m1");
    assert_eq!(ack["seq"], 3);
    let relayed = anna.until("message").await;
    assert_eq!(relayed["message"]["text"], "It was 1 299 kr at 03:12");
    assert_eq!(relayed["message"]["seq"], 3);

    anna.send(json!({"type": "note", "id": "n1", "conversation": conversation, "text": "Blocked the card"})).await;
    anna.until("ack").await;
    anna.send(json!({"type": "message", "id": "a1", "conversation": conversation, "text": "<b>I've blocked the card.</b>"})).await;
    let reply = shopper
        .until_where("message", |m| m["author"] == "agent")
        .await;
    assert_eq!(
        reply["text"], "<b>I've blocked the card.</b>",
        "text stays text"
    );
    assert_eq!(reply["name"], "Anna");
    assert_eq!(
        reply["seq"], 5,
        "the internal note took seq 4 and was not sent to the shopper"
    );

    anna.send(json!({"type": "close", "conversation": conversation, "resolution": "card_blocked"}))
        .await;
    assert_eq!(anna.until("released").await["status"], "closed");
    shopper
        .until_where("status", |s| s["status"] == "closed")
        .await;
    shopper
        .send(json!({"type": "rate", "score": 5, "comment": "Quick and kind"}))
        .await;
    let rated = anna.until("rated").await;
    assert_eq!(rated["score"], 5);
    assert_eq!(rated["comment"], "Quick and kind");
    let metrics = server.get("/metrics").await;
    for line in [
        "tandem_handoffs_total{reason=\"sensitive\"} 1",
        "tandem_messages_total{author=\"shopper\"} 1",
        "tandem_messages_total{author=\"agent\"} 1",
        "tandem_messages_total{author=\"note\"} 1",
        "tandem_conversations_ended_total{status=\"closed\"} 1",
        "tandem_ratings_total{score=\"5\"} 1",
        "tandem_wait_seconds_count 1",
        "tandem_queue_length 0",
        "tandem_agents_online 1",
        "tandem_connections{kind=\"agent\"} 1",
    ] {
        assert!(metrics.contains(line), "{line} missing from\n{metrics}");
    }
    server.kill().await;
}

#[tokio::test]
async fn the_queue_serves_self_harm_first_then_fraud_then_age() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path()).await;
    let mut routine = server.shopper().await;
    hand_off(
        &mut routine,
        "r",
        "I want to speak to a person about delivery",
        3,
    )
    .await;
    let mut fraud = server.shopper().await;
    hand_off(&mut fraud, "f", "I don't recognise this charge", 1).await;
    let mut urgent = server.shopper().await;
    hand_off(&mut urgent, "u", "I can't go on", 0).await;

    assert_eq!(urgent.until("queue").await["position"], 1);
    fraud.until_where("queue", |q| q["position"] == 2).await;
    let last = routine.until_where("queue", |q| q["position"] == 3).await;
    assert!(last["estimated_wait_secs"].as_u64().expect("secs") > 0);

    let mut jonas = server.agent_with("jonas@demo.tandem.dev", 1).await;
    let first = jonas.until("assigned").await;
    assert_eq!(first["detail"]["packet"]["priority"], 0);
    assert_eq!(first["detail"]["packet"]["topic"], "self_harm");
    fraud.until_where("queue", |q| q["position"] == 1).await;
    routine.until_where("queue", |q| q["position"] == 2).await;
    server.kill().await;
}

#[tokio::test]
async fn a_topic_triage_does_not_know_is_dropped_not_shown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path()).await;
    let mut anna = server.agent("anna@demo.tandem.dev").await;
    let mut shopper = server.shopper().await;
    let mut odd = packet("my parcel is late", 3, "en");
    odd["topic"] = "<script>alert(1)</script>".into();
    shopper
        .send(json!({"type": "handoff", "id": "t1", "packet": odd}))
        .await;
    shopper.until("conversation").await;
    let assigned = anna.until("assigned").await;
    assert!(
        assigned["detail"]["packet"].get("topic").is_none(),
        "{assigned}"
    );
    server.kill().await;
}

#[tokio::test]
async fn transfer_to_a_colleague_and_back_to_the_queue() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path()).await;
    let mut anna = server.agent("anna@demo.tandem.dev").await;
    let mut shopper = server.shopper().await;
    let (conversation, _) = hand_off(&mut shopper, "h", "help please", 2).await;
    anna.until("assigned").await;
    let mut jonas = server.agent("jonas@demo.tandem.dev").await;
    jonas
        .send(json!({"type": "presence", "status": "away", "capacity": 1}))
        .await;

    anna.send(
        json!({"type": "transfer", "conversation": conversation, "to": "jonas@demo.tandem.dev"}),
    )
    .await;
    anna.until("released").await;
    jonas.until("assigned").await;
    assert_eq!(
        shopper
            .until_where("agent_joined", |j| j["name"] == "Jonas")
            .await["name"],
        "Jonas"
    );

    jonas
        .send(json!({"type": "transfer", "conversation": conversation}))
        .await;
    assert_eq!(jonas.until("released").await["status"], "queued");
    // Anna is online with free capacity, so the router gives it to her.
    anna.until_where("assigned", |a| {
        a["detail"]["conversation"] == conversation.as_str()
    })
    .await;
    server.kill().await;
}

#[tokio::test]
async fn nobody_online_turns_the_conversation_into_a_ticket() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path()).await;
    let mut shopper = server.shopper().await;
    let (conversation, token) = hand_off(&mut shopper, "h", "my invoice is wrong", 2).await;
    assert_eq!(shopper.until("no_agents").await["reply_within_hours"], 24);
    // The line drops while the shopper writes; back on a new socket, still
    // with nobody online, she is offered the message again.
    drop(shopper);
    let mut shopper = server
        .socket("/ws/shopper", &server.origin(), None)
        .await
        .expect("reconnects");
    shopper
        .send(json!({"type": "hello", "v": 1, "site": "demo", "resume": {"conversation": conversation, "token": token, "last_seq": 2}}))
        .await;
    assert_eq!(shopper.until("conversation").await["status"], "queued");
    assert_eq!(shopper.until("no_agents").await["reply_within_hours"], 24);

    shopper
        .send(json!({"type": "leave_message", "id": "t1", "email": "not-an-email", "text": "hi"}))
        .await;
    assert_eq!(shopper.until("error").await["code"], "invalid");
    shopper.send(json!({"type": "leave_message", "id": "t2", "email": "anna@example.com", "text": "Invoice NO-1042 says 2 497 kr twice"})).await;
    shopper.until("ack").await;
    shopper
        .until_where("status", |s| s["status"] == "ticket")
        .await;

    let tickets = server.store.tickets().await.expect("tickets");
    assert_eq!(tickets.len(), 1);
    assert_eq!(tickets[0].conversation.0, conversation);
    assert_eq!(tickets[0].email, "anna@example.com");
    assert_eq!(tickets[0].done_at, None);
    assert!(
        server
            .store
            .finish_ticket(tickets[0].id, 1)
            .await
            .expect("done")
    );
    assert!(
        !server
            .store
            .finish_ticket(tickets[0].id, 2)
            .await
            .expect("query"),
        "only once"
    );
    server.kill().await;
}

#[tokio::test]
async fn reconnecting_resumes_from_the_cursor_and_duplicates_are_dropped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path()).await;
    let mut anna = server.agent("anna@demo.tandem.dev").await;
    let mut shopper = server.shopper().await;
    let (conversation, token) = hand_off(&mut shopper, "h", "where is my refund", 3).await;
    anna.until("assigned").await;

    shopper
        .send(json!({"type": "message", "id": "m1", "text": "first"}))
        .await;
    assert_eq!(shopper.until("ack").await["seq"], 3);
    shopper
        .send(json!({"type": "message", "id": "m1", "text": "first"}))
        .await;
    assert_eq!(
        shopper.until("ack").await["seq"],
        3,
        "a resend gets the same sequence number"
    );
    anna.send(
        json!({"type": "message", "id": "a1", "conversation": conversation, "text": "second"}),
    )
    .await;
    anna.until("ack").await;
    // The agent's own line comes back too, for their other tabs.
    assert_eq!(anna.until("message").await["message"]["text"], "second");
    drop(shopper);

    let mut again = server
        .socket("/ws/shopper", &server.origin(), None)
        .await
        .expect("reconnects");
    again
        .send(json!({"type": "hello", "v": 1, "site": "demo", "resume": {"conversation": conversation, "token": token, "last_seq": 2}}))
        .await;
    let resumed = again.until("conversation").await;
    assert_eq!(resumed["status"], "assigned");
    assert!(
        resumed.get("token").is_none(),
        "the token is sent only once"
    );
    assert_eq!(again.until("message").await["text"], "first");
    assert_eq!(again.until("message").await["text"], "second");
    // The agent saw "first" exactly once.
    anna.send(json!({"type": "resume", "conversation": conversation, "last_seq": 0}))
        .await;
    let mut texts = Vec::new();
    for _ in 0..4 {
        texts.push(
            anna.until("message").await["message"]["text"]
                .as_str()
                .expect("text")
                .to_owned(),
        );
    }
    assert_eq!(
        texts,
        [
            "where is my refund",
            "Let me get you a person.",
            "first",
            "second"
        ]
    );
    server.kill().await;
}

#[tokio::test]
async fn a_restart_on_the_same_database_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path()).await;
    let mut shopper = server.shopper().await;
    let (conversation, token) = hand_off(&mut shopper, "h", "card stolen", 1).await;
    for i in 0..5 {
        shopper
            .send(json!({"type": "message", "id": format!("m{i}"), "text": format!("line {i}")}))
            .await;
        shopper.until("ack").await;
    }
    server.kill().await;

    let server = Server::start(dir.path()).await;
    let mut back = server
        .socket("/ws/shopper", &server.origin(), None)
        .await
        .expect("reconnects");
    back.send(json!({"type": "hello", "v": 1, "site": "demo", "resume": {"conversation": conversation, "token": token, "last_seq": 2}}))
        .await;
    for i in 0..5 {
        assert_eq!(back.until("message").await["text"], format!("line {i}"));
    }
    // The queue survived too: an agent who comes online gets the conversation.
    let mut anna = server.agent("anna@demo.tandem.dev").await;
    assert_eq!(
        anna.until("assigned").await["detail"]["conversation"],
        conversation.as_str()
    );
    server.kill().await;
}

#[tokio::test]
async fn a_server_killed_with_sigkill_comes_back_with_every_acknowledged_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::spawn_process(dir.path(), None).await;
    let mut anna = server.agent("anna@demo.tandem.dev").await;
    let mut shopper = server.shopper().await;
    let (conversation, token) = hand_off(&mut shopper, "h", "card stolen", 1).await;
    anna.until("assigned").await;
    let acknowledged = exchange_acknowledged(&mut shopper, &mut anna, &conversation).await;
    let addr = server.kill_9();

    // Back on the same address and database; clients come back by themselves.
    let server = Server::spawn_process(dir.path(), Some(addr)).await;
    let (_back, replayed) =
        resume_from_the_start(&server, &conversation, &token, acknowledged.len()).await;
    assert_eq!(
        replayed, acknowledged,
        "every acknowledged line, once, in order"
    );
    // The conversation is still Anna's when she comes back.
    let mut anna = server.agent("anna@demo.tandem.dev").await;
    let assigned = anna.until("assigned").await;
    assert_eq!(assigned["detail"]["conversation"], conversation.as_str());
    assert_eq!(
        assigned["detail"]["messages"].as_array().map(Vec::len),
        Some(acknowledged.len())
    );
    server.kill_9();
}

#[tokio::test]
async fn attacks_are_refused_with_clear_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path()).await;

    // Cross-site WebSocket hijacking: another origin cannot open a socket.
    let foreign = server
        .socket("/ws/shopper", "https://evil.example", None)
        .await;
    assert!(foreign.is_err(), "foreign origin refused");
    let no_session = server.socket("/ws/agent", &server.origin(), None).await;
    assert!(no_session.is_err(), "agent socket needs a session");
    let forged = server
        .socket("/ws/agent", &server.origin(), Some("tandem_session=forged"))
        .await;
    assert!(forged.is_err(), "a forged session is refused");

    // A conversation token from another conversation does not open it.
    let mut victim = server.shopper().await;
    let (victim_conversation, _) = hand_off(&mut victim, "v", "private matter", 2).await;
    let mut attacker = server.shopper().await;
    let (_, attacker_token) = hand_off(&mut attacker, "a", "hello", 3).await;
    let mut probe = server
        .socket("/ws/shopper", &server.origin(), None)
        .await
        .expect("connects");
    probe
        .send(json!({"type": "hello", "v": 1, "site": "demo", "resume": {"conversation": victim_conversation, "token": attacker_token, "last_seq": 0}}))
        .await;
    assert_eq!(probe.until("error").await["code"], "not_found");
    probe
        .send(json!({"type": "message", "id": "x", "text": "let me in"}))
        .await;
    assert_eq!(probe.until("error").await["code"], "invalid_state");

    // Unknown sites, bad versions, malformed JSON: errors, the socket stays.
    let mut odd = server
        .socket("/ws/shopper", &server.origin(), None)
        .await
        .expect("connects");
    odd.send(json!({"type": "hello", "v": 1, "site": "nope"}))
        .await;
    assert_eq!(odd.until("error").await["code"], "not_found");
    odd.send(json!({"type": "hello", "v": 99, "site": "demo"}))
        .await;
    assert_eq!(odd.until("error").await["code"], "version_mismatch");
    odd.send_raw("{not json".to_owned()).await;
    assert_eq!(odd.until("error").await["code"], "bad_frame");
    odd.send(json!({"type": "message", "id": "long", "text": "x".repeat(4001)}))
        .await;
    assert_eq!(odd.until("error").await["code"], "too_large");

    // A burst past the allowance is slowed down with error frames (a few
    // dozen more and the socket would close: see the flooder below).
    for i in 0..30 {
        odd.send(json!({"type": "typing", "typing": i % 2 == 0}))
            .await;
    }
    assert_eq!(odd.until("error").await["code"], "rate_limited");

    // An oversized frame gets an error, then the socket closes.
    let mut big = server
        .socket("/ws/shopper", &server.origin(), None)
        .await
        .expect("connects");
    big.send_raw(format!(
        "{{\"type\":\"typing\",\"pad\":\"{}\"}}",
        "x".repeat(20_000)
    ))
    .await;
    assert_eq!(big.until("error").await["code"], "too_large");
    assert!(big.closed().await);
    // ...and its address gets no new socket for a while; others do.
    let refused = server
        .socket("/ws/shopper", &server.origin(), None)
        .await
        .err()
        .expect("the abusing address is kept out");
    assert!(refused.to_string().contains("429"), "{refused}");
    let mut neighbour = server
        .socket_from([127, 0, 0, 2], "/ws/shopper", &server.origin(), None)
        .await
        .expect("another address connects");
    neighbour
        .send(json!({"type": "hello", "v": 1, "site": "demo"}))
        .await;
    neighbour.until("ready").await;

    // A flood past the allowance closes the socket and keeps its address
    // out too.
    let mut flooder = server
        .socket_from([127, 0, 0, 3], "/ws/shopper", &server.origin(), None)
        .await
        .expect("connects");
    for i in 0..100 {
        flooder
            .send(json!({"type": "typing", "typing": i % 2 == 0}))
            .await;
    }
    assert!(flooder.closed().await, "the flooder is cut off");
    assert!(
        server
            .socket_from([127, 0, 0, 3], "/ws/shopper", &server.origin(), None)
            .await
            .is_err(),
        "and kept out"
    );

    // Meanwhile the victim's conversation works as before.
    victim
        .send(json!({"type": "message", "id": "ok", "text": "still here"}))
        .await;
    assert_eq!(victim.until("ack").await["id"], "ok");
    server.kill().await;
}

#[tokio::test]
async fn outside_business_hours_shoppers_are_offered_to_leave_a_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    // No open days at all: always closed.
    let closed = tandem_server::sites::parse(
        "key = \"demo\"\nname = \"Nordlys\"\nallowed_origins = []\nreply_within_hours = 8\n\
         [business_hours]\nutc_offset_minutes = 60\ndays = []\nopen = \"08:00\"\nclose = \"18:00\"\n",
    )
    .expect("valid site");
    let server = Server::start_with(dir.path(), tandem_server::sites::Sites::new([closed])).await;
    let _anna = server.agent("anna@demo.tandem.dev").await;
    let mut shopper = server.shopper().await;
    hand_off(&mut shopper, "h", "where is my parcel", 3).await;
    assert_eq!(shopper.until("no_agents").await["reply_within_hours"], 8);
    server.kill().await;
}

#[tokio::test]
async fn a_graceful_stop_tells_clients_to_reconnect_and_keeps_everything() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path()).await;
    let mut shopper = server.shopper().await;
    let (conversation, token) = hand_off(&mut shopper, "h", "please help", 2).await;
    shopper
        .send(json!({"type": "message", "id": "m1", "text": "still there?"}))
        .await;
    shopper.until("ack").await;
    let stopping = tokio::spawn(server.stop());
    assert_eq!(
        shopper.close_code().await,
        Some(1012),
        "service restart: reconnect"
    );
    stopping.await.expect("stops");

    let server = Server::start(dir.path()).await;
    let mut back = server
        .socket("/ws/shopper", &server.origin(), None)
        .await
        .expect("reconnects");
    back.send(json!({"type": "hello", "v": 1, "site": "demo", "resume": {"conversation": conversation, "token": token, "last_seq": 2}}))
        .await;
    assert_eq!(back.until("message").await["text"], "still there?");
    server.kill().await;
}

#[tokio::test]
async fn a_shopper_can_stop_waiting() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path()).await;
    let mut shopper = server.shopper().await;
    let (conversation, _) = hand_off(&mut shopper, "h", "where is my parcel", 3).await;
    shopper.until("queue").await;
    shopper.send(json!({"type": "cancel"})).await;
    assert_eq!(shopper.until("status").await["status"], "cancelled");
    let stored = server
        .store
        .conversation(&tandem_protocol::ConversationId(conversation))
        .await
        .expect("query")
        .expect("stored");
    assert_eq!(
        stored.status,
        tandem_protocol::ConversationStatus::Cancelled
    );
    // An agent coming online afterwards gets nothing.
    let mut anna = server.agent("anna@demo.tandem.dev").await;
    let queue = anna.until_where("queue", |q| q["agents_online"] == 1).await;
    assert_eq!(queue["items"].as_array().map(Vec::len), Some(0));
    server.kill().await;
}

#[tokio::test]
async fn one_address_cannot_hold_more_than_its_share_of_connections() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path()).await;
    let mut held = Vec::new();
    for _ in 0..tandem_server::http::MAX_CONNECTIONS_PER_IP {
        held.push(
            server
                .socket("/ws/shopper", &server.origin(), None)
                .await
                .expect("within the limit"),
        );
    }
    let refused = server.socket("/ws/shopper", &server.origin(), None).await;
    assert!(refused.is_err(), "the next connection is refused");
    drop(held.pop());
    // The slot frees when a socket closes; the server notices asynchronously.
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        if server
            .socket("/ws/shopper", &server.origin(), None)
            .await
            .is_ok()
        {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "a freed slot is reused"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill().await;
}

#[tokio::test]
async fn routing_follows_language_then_load() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path()).await;
    // Anna speaks en and sv; Jonas speaks en and de.
    let mut anna = server.agent("anna@demo.tandem.dev").await;
    let mut jonas = server.agent("jonas@demo.tandem.dev").await;
    let german = |first: &str| {
        let mut p = packet(first, 3, "de");
        p["reason_kind"] = "asked_for_person".into();
        p
    };
    let mut de = server.shopper().await;
    de.send(json!({"type": "handoff", "id": "de", "packet": german("Ich möchte mit einem Menschen sprechen")})).await;
    assert_eq!(
        de.until("agent_joined").await["name"],
        "Jonas",
        "only Jonas speaks German"
    );
    let mut sv = server.shopper().await;
    sv.send(json!({"type": "handoff", "id": "sv", "packet": packet("Jag vill prata med någon", 3, "sv")})).await;
    assert_eq!(
        sv.until("agent_joined").await["name"],
        "Anna",
        "only Anna speaks Swedish"
    );
    // Both now carry one conversation; English goes to the less loaded, so
    // the next two English shoppers are split between them.
    let mut first = server.shopper().await;
    hand_off(&mut first, "en1", "hello, a person please", 3).await;
    let mut second = server.shopper().await;
    hand_off(&mut second, "en2", "hello again, a person please", 3).await;
    let a = first.until("agent_joined").await["name"]
        .as_str()
        .expect("name")
        .to_owned();
    let b = second.until("agent_joined").await["name"]
        .as_str()
        .expect("name")
        .to_owned();
    let mut names = [a, b];
    names.sort();
    assert_eq!(names, ["Anna", "Jonas"]);
    assert_eq!(
        anna.until_where("assigned", |x| x["detail"]["packet"]["language"] == "en")
            .await["type"],
        "assigned"
    );
    assert_eq!(
        jonas
            .until_where("assigned", |x| x["detail"]["packet"]["language"] == "en")
            .await["type"],
        "assigned"
    );
    server.kill().await;
}

#[tokio::test]
async fn a_line_sent_as_the_agent_closes_reaches_her_before_the_end_or_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path()).await;
    let mut anna = server.agent("anna@demo.tandem.dev").await;
    let mut delivered_before_the_end = 0;
    for round in 0..10 {
        let mut shopper = server.shopper().await;
        let (conversation, _) =
            hand_off(&mut shopper, &format!("h{round}"), "I was charged twice", 2).await;
        anna.until_where("assigned", |a| {
            a["detail"]["conversation"] == conversation.as_str()
        })
        .await;
        // The shopper's last line and the agent's close cross on the wire.
        shopper
            .send(json!({"type": "message", "id": "last", "text": "One more thing"}))
            .await;
        anna.send(json!({"type": "close", "conversation": conversation, "resolution": "resolved"}))
            .await;
        let answer = shopper
            .next_matching("the line's ack or error", |e| {
                (e["type"] == "ack" && e["id"] == "last") || e["type"] == "error"
            })
            .await;
        let ours = |e: &Value| e["conversation"] == conversation.as_str();
        if answer["type"] == "ack" {
            // Accepted before the end: Anna sees it before the conversation
            // leaves her, never an acknowledged line nobody saw.
            let first = anna
                .next_matching("the line or the release", |e| {
                    (e["type"] == "message" || e["type"] == "released") && ours(e)
                })
                .await;
            assert_eq!(first["type"], "message", "round {round}: {first}");
            assert_eq!(first["message"]["text"], "One more thing");
            delivered_before_the_end += 1;
        } else {
            // Or refused, visibly, because the conversation had ended.
            assert_eq!(answer["code"], "invalid_state", "round {round}: {answer}");
        }
        anna.until_where("released", ours).await;
        assert_eq!(shopper.until("status").await["status"], "closed");
    }
    println!("{delivered_before_the_end} of 10 lines crossed the close and were delivered first");
}
