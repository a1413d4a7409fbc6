//! How a simulated client talks to each relay under test. Both speak JSON
//! objects with a `type` field (the reference relay was written to mirror
//! Tandem's protocol); what differs is the framing: Tandem sends one JSON
//! object per WebSocket text frame, Socket.IO wraps each event in its
//! Engine.IO packet (`42["type",{...}]`) and pings at the application level.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use anyhow::{Context as _, bail};
use futures_util::{SinkExt as _, StreamExt as _};
use serde_json::{Value, json};
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::{WebSocketStream, client_async};

/// Which relay is under test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Wire {
    /// `tandem-server`.
    Tandem,
    /// The Node.js Socket.IO 4 reference relay.
    Socketio,
}

/// Who a connection plays.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// A shopper's widget.
    Shopper,
    /// An agent's console.
    Agent,
}

/// One frame from the relay, framing removed.
pub(crate) enum Incoming {
    /// An event object (with its `type`).
    Event(Value),
    /// A Socket.IO ping, answered with a pong.
    Ping,
    /// Anything else (control frames, handshakes).
    Other,
    /// The socket closed.
    Closed,
}

/// Connections opened from one source address. Tandem admits 64 per
/// address; simulated shoppers come from many loopback addresses, as real
/// ones come from many homes.
const PER_SOURCE_ADDRESS: usize = 50;

/// A connected client.
pub(crate) struct Client {
    wire: Wire,
    ws: WebSocketStream<TcpStream>,
}

impl Client {
    /// Opens connection number `index` to `base` (`http://host:port`) as
    /// `role`, with `cookie` for agents on Tandem.
    pub(crate) async fn connect(
        wire: Wire,
        base: &str,
        role: Role,
        index: usize,
        cookie: Option<&str>,
    ) -> anyhow::Result<Self> {
        let path = match (wire, role) {
            (Wire::Tandem, Role::Shopper) => "/ws/shopper",
            (Wire::Tandem, Role::Agent) => "/ws/agent",
            (Wire::Socketio, _) => "/socket.io/?EIO=4&transport=websocket",
        };
        let ws = open_socket(base, path, index, base, cookie).await?;
        let mut client = Self { wire, ws };
        if wire == Wire::Socketio {
            client.join_namespace().await?;
        }
        Ok(client)
    }

    /// Sends `text` as one frame, whatever it holds (attacks send junk).
    pub(crate) async fn send_raw(&mut self, text: String) -> anyhow::Result<()> {
        self.ws.send(Message::Text(text.into())).await?;
        Ok(())
    }

    /// Closes the socket politely.
    pub(crate) async fn close(mut self) {
        let _ = self.ws.close(None).await;
    }

    /// Engine.IO open packet, then connect to the default namespace.
    async fn join_namespace(&mut self) -> anyhow::Result<()> {
        let open = self.next_text().await?;
        if !open.starts_with('0') {
            bail!("expected the Engine.IO open packet, got {open:?}");
        }
        self.ws.send(Message::Text("40".into())).await?;
        loop {
            let text = self.next_text().await?;
            if text.starts_with("40") {
                return Ok(());
            }
            if text.starts_with("44") {
                bail!("namespace refused: {text}");
            }
        }
    }

    async fn next_text(&mut self) -> anyhow::Result<String> {
        loop {
            match self.ws.next().await {
                Some(Ok(Message::Text(text))) => return Ok(text.to_string()),
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e.into()),
                None => bail!("closed during the handshake"),
            }
        }
    }

    /// Sends an event object (with its `type`).
    pub(crate) async fn send(&mut self, event: &Value) -> anyhow::Result<()> {
        let text = match self.wire {
            Wire::Tandem => event.to_string(),
            Wire::Socketio => format!("42{}", json!([event["type"], event])),
        };
        self.ws.send(Message::Text(text.into())).await?;
        Ok(())
    }

    /// The next frame.
    pub(crate) async fn next(&mut self) -> Incoming {
        let text = match self.ws.next().await {
            Some(Ok(Message::Text(text))) => text,
            Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return Incoming::Closed,
            Some(Ok(_)) => return Incoming::Other,
        };
        match self.wire {
            Wire::Tandem => serde_json::from_str(&text).map_or(Incoming::Other, Incoming::Event),
            Wire::Socketio => {
                if text.as_str() == "2" {
                    return Incoming::Ping;
                }
                let Some(body) = text.strip_prefix("42") else {
                    return Incoming::Other;
                };
                match serde_json::from_str::<Value>(body) {
                    Ok(Value::Array(mut parts)) if parts.len() >= 2 => {
                        Incoming::Event(parts.swap_remove(1))
                    }
                    _ => Incoming::Other,
                }
            }
        }
    }

    /// Answers a Socket.IO ping.
    pub(crate) async fn pong(&mut self) -> anyhow::Result<()> {
        self.ws.send(Message::Text("3".into())).await?;
        Ok(())
    }

    /// The next event whose `type` is `kind`, answering pings meanwhile.
    pub(crate) async fn until(&mut self, kind: &str) -> anyhow::Result<Value> {
        loop {
            match self.next().await {
                Incoming::Event(event) if event["type"] == kind => return Ok(event),
                Incoming::Event(event) if event["type"] == "error" => {
                    bail!("the relay answered with an error: {event}")
                }
                Incoming::Ping => self.pong().await?,
                Incoming::Closed => bail!("closed while waiting for {kind}"),
                _ => {}
            }
        }
    }
}

/// A TCP connection to `base` (`http://host:port`) from the loopback source
/// address of connection number `index`.
pub(crate) async fn tcp_from(base: &str, index: usize) -> anyhow::Result<TcpStream> {
    let host = host_of(base)?;
    let server: SocketAddr = tokio::net::lookup_host(host)
        .await?
        .next()
        .context("no address for the relay")?;
    let socket = TcpSocket::new_v4()?;
    let block = index / PER_SOURCE_ADDRESS;
    let source = Ipv4Addr::new(127, 1, (block / 256) as u8, (block % 256) as u8);
    socket.bind(SocketAddr::new(IpAddr::V4(source), 0))?;
    let stream = socket.connect(server).await?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

fn host_of(base: &str) -> anyhow::Result<&str> {
    base.strip_prefix("http://")
        .context("URLs must be http://host:port")
}

/// A WebSocket to `path` on `base` from connection `index`'s source address,
/// claiming to come from `origin`.
pub(crate) async fn open_socket(
    base: &str,
    path: &str,
    index: usize,
    origin: &str,
    cookie: Option<&str>,
) -> anyhow::Result<WebSocketStream<TcpStream>> {
    let mut request = format!("ws://{}{path}", host_of(base)?).into_client_request()?;
    request.headers_mut().insert("origin", origin.parse()?);
    if let Some(cookie) = cookie {
        request.headers_mut().insert("cookie", cookie.parse()?);
    }
    let stream = tcp_from(base, index).await?;
    let (ws, _) = client_async(request, stream).await?;
    Ok(ws)
}

/// POSTs a JSON `body` to `path` from connection `index`'s source address;
/// returns the status code and the response's head and body.
pub(crate) async fn post_json(
    base: &str,
    path: &str,
    index: usize,
    body: &Value,
) -> anyhow::Result<(u16, String)> {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let host = host_of(base)?;
    let body = body.to_string();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: {base}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = tcp_from(base, index).await?;
    stream.write_all(request.as_bytes()).await?;
    let mut response = String::new();
    stream.read_to_string(&mut response).await?;
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .with_context(|| format!("not an HTTP response: {response:.60}"))?;
    Ok((status, response))
}

/// Signs an agent in to Tandem and returns the session cookie.
pub(crate) async fn tandem_login(
    base: &str,
    email: &str,
    password: &str,
) -> anyhow::Result<String> {
    let body = json!({"email": email, "password": password});
    let (_, response) = post_json(base, "/api/agent/login", 0, &body).await?;
    let cookie = response
        .lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("set-cookie").then(|| {
                value
                    .trim()
                    .split(';')
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
        });
    cookie.with_context(|| {
        format!(
            "login of {email} failed: {}",
            response.lines().next().unwrap_or_default()
        )
    })
}
