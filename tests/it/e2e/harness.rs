//! The end-to-end harness: starts the real server on a free port (SQLite in
//! a temp directory, the bundles Trunk built under `target/web`), starts
//! chromedriver on another free port, and opens headless Chromium.
//!
//! The browser reaches the server through a [`FaultProxy`]: every journey
//! can cut the shopper's line mid-conversation and restore it
//! ([`drop_the_line`]). Agents' sockets go straight to the server.
//!
//! A journey that fails leaves a screenshot in `target/e2e-screenshots/`.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, bail};
use fantoccini::{Client, ClientBuilder, Locator};
use tokio::net::TcpListener;
use tokio::process::{Child, Command};
use tokio::sync::oneshot;

use super::fault_proxy::FaultProxy;

/// How long any single wait for the page may take before the journey fails.
pub(crate) const WAIT: Duration = Duration::from_secs(15);

/// A running server plus a browser session pointed at it.
pub(crate) struct Harness {
    /// Where the browser goes: the fault proxy in front of the server.
    pub(crate) base: String,
    /// The browser's line to the server, which journeys cut and restore.
    pub(crate) line: Arc<FaultProxy>,
    /// The server itself, for agents' sockets.
    server_base: String,
    pub(crate) store: Arc<dyn tandem_server::store::Store>,
    pub(crate) client: Client,
    _chromedriver: Child,
    server: ServerControl,
    _data: tempfile::TempDir,
}

/// A handle on the server under test that a journey can hold.
#[derive(Clone)]
pub(crate) struct ServerControl(Arc<tokio::sync::Mutex<Server>>);

/// The server under test: in this process, or the real binary (which a
/// journey can kill with SIGKILL and start again).
enum Server {
    InProcess(Option<oneshot::Sender<()>>),
    Process {
        child: Option<std::process::Child>,
        addr: SocketAddr,
        data: PathBuf,
    },
}

/// The `tandem-server` binary cargo built beside this test binary.
fn server_binary() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let binary = exe
        .parent()
        .and_then(|deps| deps.parent())
        .map(|dir| dir.join("tandem-server"))
        .context("no target directory above the test binary")?;
    if !binary.is_file() {
        bail!(
            "{} is missing: `cargo test --workspace` builds it (or `cargo build -p tandem-server`)",
            binary.display()
        );
    }
    Ok(binary)
}

/// Starts `tandem-server serve` on `addr` with its SQLite file in `data`
/// and waits until it listens.
async fn spawn_server(
    addr: SocketAddr,
    data: &std::path::Path,
) -> anyhow::Result<std::process::Child> {
    let log_path = data.join(format!("server-{}.log", addr.port()));
    let mut child = std::process::Command::new(server_binary()?)
        .args(["serve", "--seed-demo-agents", "--web-dir"])
        .arg(web_dir()?)
        .arg("--site")
        .arg(workspace_dir().join("sites/demo/site.toml"))
        .arg("--bind")
        .arg(addr.to_string())
        .arg("--data-dir")
        .arg(data)
        .env_remove("DATABASE_URL")
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log_path)?)
        .spawn()
        .context("starting tandem-server")?;
    let deadline = tokio::time::Instant::now() + WAIT;
    while tokio::net::TcpStream::connect(addr).await.is_err() {
        if tokio::time::Instant::now() > deadline || child.try_wait()?.is_some() {
            let _ = child.kill();
            bail!(
                "tandem-server never listened on {addr}; its log:\n{}",
                std::fs::read_to_string(&log_path).unwrap_or_default()
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(child)
}

fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn web_dir() -> anyhow::Result<PathBuf> {
    let dir = std::env::var_os("TANDEM_WEB_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_dir().join("target/web"));
    if !dir.join("widget/index.html").exists() {
        bail!(
            "no built widget in {}: run `cargo xtask test` (it builds the bundles with Trunk first)",
            dir.display()
        );
    }
    Ok(dir)
}

/// The demo site, its file copied to `dir` with `merchant_origins` allowed.
fn demo_site(
    dir: &std::path::Path,
    merchant_origins: &[String],
) -> anyhow::Result<tandem_server::sites::Sites> {
    let demo = workspace_dir().join("sites/demo");
    if merchant_origins.is_empty() {
        return tandem_server::sites::Sites::load(&[demo.join("site.toml")]);
    }
    let text = std::fs::read_to_string(demo.join("site.toml"))?;
    let quoted: Vec<String> = merchant_origins.iter().map(|o| format!("{o:?}")).collect();
    let text = text.replace(
        "allowed_origins = [",
        &format!("allowed_origins = [{}, ", quoted.join(", ")),
    );
    std::fs::write(dir.join("site.toml"), text)?;
    std::fs::copy(
        demo.join("knowledge-base.toml"),
        dir.join("knowledge-base.toml"),
    )?;
    tandem_server::sites::Sites::load(&[dir.join("site.toml")])
}

async fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    Ok(listener.local_addr()?.port())
}

impl Harness {
    /// Starts everything; fails with a message naming what is missing.
    pub(crate) async fn start() -> anyhow::Result<Self> {
        Self::start_for(&[]).await
    }

    /// Like [`Harness::start`], with `merchant_origins` added to the demo
    /// site's allowed origins (for a checkout served from another origin).
    pub(crate) async fn start_for(merchant_origins: &[String]) -> anyhow::Result<Self> {
        let data = tempfile::tempdir()?;
        let url = format!(
            "sqlite://{}?mode=rwc",
            data.path().join("tandem.sqlite3").display()
        );
        let store: Arc<dyn tandem_server::store::Store> =
            Arc::from(tandem_server::store::open(&url).await?);
        tandem_server::store::seed_demo_agents(store.as_ref()).await?;
        let sites = demo_site(data.path(), merchant_origins)?;
        let state = tandem_server::AppState::new(store.clone(), web_dir()?, sites).await?;
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr: SocketAddr = listener.local_addr()?;
        let (stop_server, stopped) = oneshot::channel::<()>();
        tokio::spawn(tandem_server::run(listener, state, async {
            let _ = stopped.await;
        }));
        let server = ServerControl(Arc::new(tokio::sync::Mutex::new(Server::InProcess(Some(
            stop_server,
        )))));
        Self::with_browser(store, addr, server, data).await
    }

    /// Like [`Harness::start`], with the real `tandem-server` binary as a
    /// child process, so a journey can kill it ([`Harness::kill_server`]).
    pub(crate) async fn start_process() -> anyhow::Result<Self> {
        let data = tempfile::tempdir()?;
        let addr: SocketAddr = TcpListener::bind("127.0.0.1:0").await?.local_addr()?;
        let child = spawn_server(addr, data.path()).await?;
        let url = format!(
            "sqlite://{}?mode=rwc",
            data.path().join("tandem.sqlite3").display()
        );
        let store: Arc<dyn tandem_server::store::Store> =
            Arc::from(tandem_server::store::open(&url).await?);
        let server = ServerControl(Arc::new(tokio::sync::Mutex::new(Server::Process {
            child: Some(child),
            addr,
            data: data.path().to_path_buf(),
        })));
        Self::with_browser(store, addr, server, data).await
    }

    /// The server, for a journey to kill and restart.
    pub(crate) fn server(&self) -> ServerControl {
        self.server.clone()
    }

    /// Chromedriver and a browser session for a server on `addr`, behind
    /// the fault proxy.
    async fn with_browser(
        store: Arc<dyn tandem_server::store::Store>,
        addr: SocketAddr,
        server: ServerControl,
        data: tempfile::TempDir,
    ) -> anyhow::Result<Self> {
        let driver_port = free_port().await?;
        let driver_bin =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_owned());
        let chromedriver = Command::new(&driver_bin)
            .arg(format!("--port={driver_port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| {
                format!("starting {driver_bin}: run `cargo xtask setup` to install chromedriver")
            })?;
        let driver_url = format!("http://127.0.0.1:{driver_port}");
        let client = connect(&driver_url, data.path().join("chrome")).await?;
        let line = Arc::new(FaultProxy::start(addr).await?);
        Ok(Self {
            base: line.base(),
            line,
            server_base: format!("http://{addr}"),
            store,
            client,
            _chromedriver: chromedriver,
            server,
            _data: data,
        })
    }

    /// The line the browser uses, for a journey to cut.
    pub(crate) fn line(&self) -> Arc<FaultProxy> {
        self.line.clone()
    }

    /// An agent's console connection (a session made directly), online.
    pub(crate) async fn agent(&self, email: &str) -> anyhow::Result<AgentSocket> {
        self.desk().sign_in(email).await
    }

    /// Signs agents in, also from inside a journey.
    pub(crate) fn desk(&self) -> AgentDesk {
        AgentDesk {
            store: self.store.clone(),
            server_base: self.server_base.clone(),
        }
    }

    /// Runs `journey`; on failure saves a screenshot named after it. The
    /// browser session is closed either way.
    pub(crate) async fn run<F, Fut>(self, name: &str, journey: F) -> anyhow::Result<()>
    where
        F: FnOnce(Client, String) -> Fut,
        Fut: Future<Output = anyhow::Result<()>>,
    {
        let result = journey(self.client.clone(), self.base.clone()).await;
        if let Err(error) = &result {
            let dir = workspace_dir().join("target/e2e-screenshots");
            let path = dir.join(format!("{name}.png"));
            match self.client.screenshot().await {
                Ok(png) => {
                    let _ = std::fs::create_dir_all(&dir);
                    let _ = std::fs::write(&path, png);
                    eprintln!(
                        "journey {name} failed: {error:#}\nscreenshot: {}",
                        path.display()
                    );
                }
                Err(shot) => eprintln!("journey {name} failed: {error:#} (no screenshot: {shot})"),
            }
        }
        let _ = self.client.clone().close().await;
        self.server.stop().await;
        result
    }
}

impl ServerControl {
    /// Kills the server process with SIGKILL (no goodbye to any client).
    pub(crate) async fn kill(&self) -> anyhow::Result<()> {
        let mut server = self.0.lock().await;
        let Server::Process { child, .. } = &mut *server else {
            bail!("only a server started with Harness::start_process can be killed");
        };
        if let Some(mut child) = child.take() {
            child.kill()?; // SIGKILL on Unix
            child.wait()?;
        }
        Ok(())
    }

    /// Starts the killed server again on the same address and database.
    pub(crate) async fn restart(&self) -> anyhow::Result<()> {
        let mut server = self.0.lock().await;
        let Server::Process { child, addr, data } = &mut *server else {
            bail!("only a server started with Harness::start_process can be restarted");
        };
        *child = Some(spawn_server(*addr, data).await?);
        Ok(())
    }

    async fn stop(&self) {
        match &mut *self.0.lock().await {
            Server::InProcess(stop) => {
                if let Some(stop) = stop.take() {
                    let _ = stop.send(());
                }
            }
            Server::Process { child, .. } => {
                if let Some(mut child) = child.take() {
                    let _ = child.kill();
                    let _ = child.wait();
                }
            }
        }
    }
}

/// Connects to chromedriver, retrying while it starts up.
async fn connect(driver_url: &str, profile: PathBuf) -> anyhow::Result<Client> {
    let mut chrome = serde_json::json!({
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--window-size=1280,800",
            format!("--user-data-dir={}", profile.display()),
        ]
    });
    if let Ok(binary) = std::env::var("CHROME_BIN") {
        chrome["binary"] = binary.into();
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".to_owned(), chrome);
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let attempt = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities.clone())
            .connect(driver_url)
            .await;
        match attempt {
            Ok(client) => return Ok(client),
            Err(error) if tokio::time::Instant::now() < deadline => {
                // chromedriver is still starting; its port refuses until it listens.
                let _ = error;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(error) => bail!("cannot start a Chromium session through chromedriver: {error}"),
        }
    }
}

/// The text of the first element matching `css`, looking again when the
/// page replaced the element between finding and reading it.
pub(crate) async fn text_of(client: &Client, css: &str) -> anyhow::Result<String> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        match visible(client, css).await?.text().await {
            Ok(text) => return Ok(text),
            Err(_) if tokio::time::Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(error) => return Err(error.into()),
        }
    }
}

/// Waits until `css` matches a displayed element and returns it.
pub(crate) async fn visible(
    client: &Client,
    css: &str,
) -> anyhow::Result<fantoccini::elements::Element> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let element = client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("waiting for {css}"))?;
        // A stale element (the page replaced it) is found again.
        if element.is_displayed().await.unwrap_or(false) {
            return Ok(element);
        }
        if tokio::time::Instant::now() > deadline {
            bail!("{css} exists but is not displayed");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until an element matching `css` contains `text`.
pub(crate) async fn wait_for_text(client: &Client, css: &str, text: &str) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        for element in client.find_all(Locator::Css(css)).await? {
            // Yew may replace an element between finding and reading it; a
            // stale element is "not yet", so look again.
            if element.text().await.is_ok_and(|t| t.contains(text)) {
                return Ok(());
            }
        }
        if tokio::time::Instant::now() > deadline {
            let body = client.find(Locator::Css("body")).await?.text().await?;
            bail!("no {css} containing {text:?}; the page says:\n{body}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until no element matching `css` contains `text`.
pub(crate) async fn wait_for_no_text(client: &Client, css: &str, text: &str) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let mut present = false;
        for element in client.find_all(Locator::Css(css)).await? {
            present |= element.text().await.is_ok_and(|t| t.contains(text));
        }
        if !present {
            return Ok(());
        }
        if tokio::time::Instant::now() > deadline {
            bail!("{css} still says {text:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The shopper's line drops in the middle of a live conversation and comes
/// back: the widget says, calmly, that it is reconnecting (never an error),
/// and once the line is back it is calm again.
pub(crate) async fn drop_the_line(line: &FaultProxy, client: &Client) -> anyhow::Result<()> {
    line.cut();
    wait_for_text(client, ".status", "Reconnecting").await?;
    let status = text_of(client, ".status").await?;
    assert!(
        !status.to_lowercase().contains("error") && !status.contains("wrong"),
        "calm, not an error: {status}"
    );
    tokio::time::sleep(Duration::from_millis(800)).await;
    line.restore();
    wait_for_no_text(client, ".status", "Reconnecting").await
}

impl Harness {
    /// A shopper's widget connection that has already handed off with
    /// `first` as their first line; returns the socket.
    pub(crate) async fn shopper_handoff(&self, first: &str) -> anyhow::Result<AgentSocket> {
        self.shopper_handoff_with_context(first, serde_json::json!({"order_id": "NO-1042"}))
            .await
    }

    /// Like [`Harness::shopper_handoff`], with this page context.
    pub(crate) async fn shopper_handoff_with_context(
        &self,
        first: &str,
        context: serde_json::Value,
    ) -> anyhow::Result<AgentSocket> {
        use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
        let mut request = format!("{}/ws/shopper", self.server_base.replacen("http", "ws", 1))
            .into_client_request()?;
        request
            .headers_mut()
            .insert("origin", self.server_base.parse()?);
        let (socket, _) = tokio_tungstenite::connect_async(request).await?;
        let mut socket = AgentSocket(socket);
        socket
            .send(serde_json::json!({"type": "hello", "v": 1, "site": "demo"}))
            .await?;
        // Each shopper's handoff has its own client id: the server treats a
        // repeated one as a retry of the same handoff.
        static HANDOFFS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let handoff_id = format!(
            "h{}",
            HANDOFFS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        socket
            .send(serde_json::json!({"type": "handoff", "id": handoff_id, "packet": {
                "transcript": [{"author": "shopper", "text": first}, {"author": "bot", "text": "Connecting you to a person."}],
                "reason": "Sensitive: dispute or chargeback.", "reason_kind": "sensitive", "priority": 1,
                "intent": "disputes", "confidence": 0.77, "language": "en", "masked": ["card_number"],
                "context": context
            }}))
            .await?;
        socket.until("conversation").await?;
        Ok(socket)
    }
}

/// Where agents sign in: the store (sessions are made directly) and the
/// server's own address.
#[derive(Clone)]
pub(crate) struct AgentDesk {
    store: Arc<dyn tandem_server::store::Store>,
    server_base: String,
}

impl AgentDesk {
    /// An agent's console connection (a session made directly), online.
    pub(crate) async fn sign_in(&self, email: &str) -> anyhow::Result<AgentSocket> {
        use futures_util::SinkExt as _;
        use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
        let agent = self
            .store
            .agent_by_email(email)
            .await?
            .context("no such demo agent")?;
        // A fresh session each time (an agent may sign in again after a
        // server restart).
        static SESSIONS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = SESSIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let token = format!("e2e-session-{n}-{email}");
        self.store
            .create_session(
                &tandem_server::secrets::token_hash(&token),
                agent.id,
                i64::MAX,
            )
            .await?;
        let mut request = format!("{}/ws/agent", self.server_base.replacen("http", "ws", 1))
            .into_client_request()?;
        request
            .headers_mut()
            .insert("origin", self.server_base.parse()?);
        request
            .headers_mut()
            .insert("cookie", format!("tandem_session={token}").parse()?);
        let (mut socket, _) = tokio_tungstenite::connect_async(request).await?;
        let presence = serde_json::json!({"type": "presence", "status": "online", "capacity": 3});
        socket
            .send(tokio_tungstenite::tungstenite::Message::Text(
                presence.to_string().into(),
            ))
            .await?;
        Ok(AgentSocket(socket))
    }
}

/// A WebSocket driven by the test: an agent console or a shopper widget.
pub(crate) struct AgentSocket(
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
);

impl AgentSocket {
    /// The next event of type `kind`, skipping others.
    pub(crate) async fn until(&mut self, kind: &str) -> anyhow::Result<serde_json::Value> {
        use futures_util::StreamExt as _;
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let frame = tokio::time::timeout_at(deadline, self.0.next())
                .await
                .with_context(|| format!("no {kind} event for the agent"))?;
            match frame {
                Some(Ok(tokio_tungstenite::tungstenite::Message::Text(text))) => {
                    let value: serde_json::Value = serde_json::from_str(&text)?;
                    if value["type"] == kind {
                        return Ok(value);
                    }
                }
                Some(Ok(_)) => {}
                other => bail!("agent socket ended: {other:?}"),
            }
        }
    }

    /// Waits for the shopper's next line and checks it says `text` (the
    /// agent's own lines come back too, for her other tabs: skipped).
    pub(crate) async fn until_shopper_line(&mut self, text: &str) -> anyhow::Result<()> {
        loop {
            let relayed = self.until("message").await?;
            if relayed["message"]["author"] == "shopper" {
                anyhow::ensure!(
                    relayed["message"]["text"] == text,
                    "the shopper's next line is {}, not {text:?}",
                    relayed["message"]["text"]
                );
                return Ok(());
            }
        }
    }

    /// Sends a frame.
    pub(crate) async fn send(&mut self, frame: serde_json::Value) -> anyhow::Result<()> {
        use futures_util::SinkExt as _;
        self.0
            .send(tokio_tungstenite::tungstenite::Message::Text(
                frame.to_string().into(),
            ))
            .await?;
        Ok(())
    }
}
