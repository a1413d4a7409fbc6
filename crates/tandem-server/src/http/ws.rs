//! The two WebSocket endpoints: `/ws/shopper` for the widget and
//! `/ws/agent` for the console. Each socket gets a reader (this task) and a
//! writer task; both talk to the hub through bounded channels.
//!
//! Defences at this edge: the `Origin` must be Tandem's own (the widget and
//! console are served from it, so a page elsewhere cannot open a socket in
//! a shopper's or agent's name); agents need a session cookie; connections
//! per address are capped; frames are size- and rate-limited, with an error
//! frame that says why before anything is closed.

use std::net::SocketAddr;

use axum::Json;
use axum::Router;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::{SinkExt as _, StreamExt as _};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::time::{Duration, Instant};
use tandem_protocol::{AgentRequest, ApiErrorBody, ErrorCode, ShopperRequest};
use tokio::sync::mpsc;

use super::AppState;
use super::auth::AuthenticatedAgent;
use crate::hub::{
    CONNECTION_BUFFER, Command, ConnId, HubHandle, MAX_TEXT_CHARS, agent_error, shopper_error,
};
use crate::rate_limit::{ConnectionGuard, FrameBucket};

/// Frames above this are refused with an error, then the socket closes.
pub(crate) const MAX_FRAME_BYTES: usize = 16 * 1024;
/// Frames a shopper may send at once, and per second after that: more
/// than anyone types, little enough that one tab cannot flood the hub.
const SHOPPER_LIMIT: FrameLimit = FrameLimit {
    burst: 20,
    per_second: 5,
};
/// Agents are signed in and answer up to 20 conversations at once, often
/// with canned replies: a higher allowance, still bounded.
const AGENT_LIMIT: FrameLimit = FrameLimit {
    burst: 60,
    per_second: 30,
};

/// What differs between the shopper and the agent socket.
struct Endpoint<Req, Ev> {
    /// Turns a frame into a hub command, or refuses it.
    check: fn(ConnId, Req) -> Checked,
    /// Builds an error frame.
    error: fn(ErrorCode, &str) -> Ev,
    /// How fast frames may come.
    limit: FrameLimit,
}

/// A token bucket's size and refill rate.
#[derive(Clone, Copy)]
struct FrameLimit {
    burst: u32,
    per_second: u32,
}
/// Read buffer per socket.
const SOCKET_BUFFER_BYTES: usize = 4 * 1024;
/// Rate-limit violations tolerated before the socket is closed.
const MAX_VIOLATIONS: u32 = 20;
/// How long an address that abused a socket gets no new one.
pub(super) const PENALTY: Duration = Duration::from_secs(30);

/// How a socket's reading ended.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// The client or the hub closed it.
    Closed,
    /// Closed for flooding or an oversized frame.
    Abuse,
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/ws/shopper", get(shopper))
        .route("/ws/agent", get(agent))
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(ApiErrorBody {
            error: message.to_owned(),
        }),
    )
        .into_response()
}

/// True when the request's `Origin` is this server (scheme ignored, host
/// and port compared with `Host`).
pub(super) fn same_origin(headers: &HeaderMap) -> bool {
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (origin, host) {
        (Some(origin), Some(host)) => {
            let origin_host = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"));
            origin_host == Some(host)
        }
        _ => false,
    }
}

fn admit(
    state: &AppState,
    headers: &HeaderMap,
    peer: SocketAddr,
) -> Result<ConnectionGuard, Box<Response>> {
    if !state.own_origin(headers) {
        tracing::warn!(%peer, origin = ?headers.get(header::ORIGIN), "WebSocket from a foreign origin refused");
        return Err(Box::new(refuse(
            StatusCode::FORBIDDEN,
            "Connections are accepted only from Tandem's own pages.",
        )));
    }
    let ip = state.client_ip(headers, peer);
    if let Some(wait) = state.penalties.remaining(ip, Instant::now()) {
        let seconds = wait.as_secs().max(1);
        let mut response = refuse(
            StatusCode::TOO_MANY_REQUESTS,
            &format!("Your address sent too much too fast. Try again in {seconds} seconds."),
        );
        if let Ok(value) = header::HeaderValue::from_str(&seconds.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return Err(Box::new(response));
    }
    state.connections.acquire(ip).ok_or_else(|| {
        Box::new(refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many connections from your address. Close some tabs and try again.",
        ))
    })
}

/// Upgrades to a WebSocket served by the hub: admits it, registers it with
/// `connected`, then pumps frames through `check` until it closes.
fn upgrade<Req, Ev>(
    state: &AppState,
    headers: &HeaderMap,
    peer: SocketAddr,
    ws: WebSocketUpgrade,
    connected: impl FnOnce(ConnId, mpsc::Sender<Ev>) -> Command + Send + 'static,
    endpoint: Endpoint<Req, Ev>,
) -> Response
where
    Req: DeserializeOwned + Send + 'static,
    Ev: Serialize + Send + 'static,
{
    let guard = match admit(state, headers, peer) {
        Ok(guard) => guard,
        Err(response) => return *response,
    };
    let hub = state.hub.clone();
    let penalties = state.penalties.clone();
    // Small buffers: most sockets sit idle for minutes, and tungstenite's
    // 128 KiB defaults would cost that much per waiting shopper. Frames
    // are at most 16 KiB, so 4 KiB reads take a few calls at worst.
    ws.max_message_size(1 << 20)
        .read_buffer_size(SOCKET_BUFFER_BYTES)
        .write_buffer_size(SOCKET_BUFFER_BYTES)
        .on_upgrade(move |socket| async move {
            let conn = hub.next_conn();
            let (out, rx) = mpsc::channel(CONNECTION_BUFFER);
            if !hub.send(connected(conn, out.clone())).await {
                return;
            }
            if pump(socket, &hub, conn, out, rx, endpoint).await == Ending::Abuse {
                let ip = guard.ip();
                tracing::warn!(%ip, "socket closed for abuse; address kept out for {PENALTY:?}");
                penalties.penalize(ip, Instant::now());
            }
            drop(guard);
        })
}

async fn shopper(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let connected = |conn, out| Command::ShopperConnected { conn, out };
    upgrade(
        &state,
        &headers,
        peer,
        ws,
        connected,
        Endpoint {
            check: check_shopper,
            error: shopper_error,
            limit: SHOPPER_LIMIT,
        },
    )
}

async fn agent(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    AuthenticatedAgent(profile): AuthenticatedAgent,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let connected = move |conn, out| Command::AgentConnected {
        conn,
        agent: Box::new(profile),
        out,
    };
    upgrade(
        &state,
        &headers,
        peer,
        ws,
        connected,
        Endpoint {
            check: check_agent,
            error: agent_error,
            limit: AGENT_LIMIT,
        },
    )
}

/// A frame turned into a hub command, or refused with a reason.
type Checked = Result<Command, (ErrorCode, &'static str)>;

fn too_long(text: &str) -> bool {
    text.chars().count() > MAX_TEXT_CHARS
}

const TOO_LONG: &str = "That message is too long: please keep it under 4000 characters.";

fn check_shopper(conn: ConnId, request: ShopperRequest) -> Checked {
    match &request {
        ShopperRequest::Message { text, .. } | ShopperRequest::LeaveMessage { text, .. }
            if too_long(text) =>
        {
            Err((ErrorCode::TooLarge, TOO_LONG))
        }
        _ => Ok(Command::Shopper { conn, request }),
    }
}

fn check_agent(conn: ConnId, request: AgentRequest) -> Checked {
    match &request {
        AgentRequest::Message { text, .. } | AgentRequest::Note { text, .. } if too_long(text) => {
            Err((ErrorCode::TooLarge, TOO_LONG))
        }
        _ => Ok(Command::Agent { conn, request }),
    }
}

/// Runs one socket: a writer task drains `rx` into the socket; this task
/// reads frames, checks them and forwards them to the hub.
async fn pump<Req, Ev>(
    socket: WebSocket,
    hub: &HubHandle,
    conn: ConnId,
    out: mpsc::Sender<Ev>,
    mut rx: mpsc::Receiver<Ev>,
    endpoint: Endpoint<Req, Ev>,
) -> Ending
where
    Req: DeserializeOwned,
    Ev: Serialize + Send + 'static,
{
    // Only the hub holds a strong sender: when it lets go (shutdown, or a
    // client too slow to keep up), the writer ends and closes the socket.
    // This task keeps a weak one for its own error frames.
    let errors = out.downgrade();
    drop(out);
    let reply = move |event: Ev| {
        if let Some(out) = errors.upgrade() {
            let _ = out.try_send(event);
        }
    };
    let (mut sink, mut stream) = socket.split();
    let writer = tokio::spawn(async move {
        while let Some(event) = rx.recv().await {
            let Ok(text) = serde_json::to_string(&event) else {
                continue;
            };
            if sink.send(Message::Text(text.into())).await.is_err() {
                break;
            }
        }
        // The hub let go of this connection: it is shutting down or the
        // client was too slow. Either way the client should come back and
        // resume, which close code 1012 (service restart) tells it.
        let close = CloseFrame {
            code: 1012,
            reason: "reconnect".into(),
        };
        let _ = sink.send(Message::Close(Some(close))).await;
        let _ = sink.close().await;
    });
    let mut bucket = FrameBucket::new(
        endpoint.limit.burst,
        endpoint.limit.per_second,
        Instant::now(),
    );
    let mut violations = 0;
    let mut ending = Ending::Closed;
    while let Some(frame) = stream.next().await {
        let Ok(frame) = frame else { break };
        let text = match frame {
            Message::Text(text) => text,
            Message::Close(_) => break,
            Message::Ping(_) | Message::Pong(_) => continue,
            Message::Binary(_) => {
                reply((endpoint.error)(
                    ErrorCode::BadFrame,
                    "Frames must be JSON text.",
                ));
                continue;
            }
        };
        if text.len() > MAX_FRAME_BYTES {
            reply((endpoint.error)(
                ErrorCode::TooLarge,
                "That frame is too large; the connection will close.",
            ));
            ending = Ending::Abuse;
            break;
        }
        if !bucket.take(Instant::now()) {
            violations += 1;
            reply((endpoint.error)(
                ErrorCode::RateLimited,
                "You are sending messages too fast. Please slow down.",
            ));
            if violations > MAX_VIOLATIONS {
                ending = Ending::Abuse;
                break;
            }
            continue;
        }
        let request: Req = match serde_json::from_str(&text) {
            Ok(request) => request,
            Err(_) => {
                reply((endpoint.error)(
                    ErrorCode::BadFrame,
                    "That message was not understood.",
                ));
                continue;
            }
        };
        match (endpoint.check)(conn, request) {
            Ok(command) => {
                if !hub.send(command).await {
                    break;
                }
            }
            Err((code, message)) => {
                reply((endpoint.error)(code, message));
            }
        }
    }
    hub.send(Command::Gone { conn }).await;
    // The hub dropped its sender with `Gone`; the writer flushes and stops.
    let _ = writer.await;
    ending
}
