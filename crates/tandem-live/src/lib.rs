//! The browser side of the live channel, shared by the widget (`/ws/shopper`)
//! and the console (`/ws/agent`): a WebSocket on the page's own origin that
//! sends and receives `tandem-protocol` frames as JSON text. [`site`] loads a
//! site's triage engine for both.
//!
//! One task writes queued requests (a bounded queue: a stuck socket never
//! grows memory without limit), one reads events; when the socket ends the
//! caller is told once, so it can reconnect and resume from its cursor.

pub mod site;

use futures_channel::mpsc;
use futures_util::{SinkExt as _, StreamExt as _};
use gloo_net::websocket::Message;
use gloo_net::websocket::futures::WebSocket;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Requests waiting to be written before `send` reports the channel full.
const QUEUE: usize = 64;

/// Sends requests on an open connection.
pub struct Live<Req> {
    tx: mpsc::Sender<Req>,
}

impl<Req> Clone for Live<Req> {
    fn clone(&self) -> Self {
        Self {
            tx: self.tx.clone(),
        }
    }
}

impl<Req> PartialEq for Live<Req> {
    fn eq(&self, other: &Self) -> bool {
        self.tx.same_receiver(&other.tx)
    }
}

impl<Req> Live<Req> {
    /// Queues `request`; `false` when the connection is gone or backed up.
    pub fn send(&self, request: Req) -> bool {
        self.tx.clone().try_send(request).is_ok()
    }
}

/// `ws(s)://<this page's host><path>`.
pub fn url(path: &str) -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok()? == "https:" {
        "wss"
    } else {
        "ws"
    };
    Some(format!("{scheme}://{}{path}", location.host().ok()?))
}

/// Opens a connection to `path` on this page's origin. Events that parse go
/// to `on_event`; `on_closed` runs once when the socket ends.
pub fn connect<Req, Ev>(
    path: &str,
    on_event: impl Fn(Ev) + 'static,
    on_closed: impl FnOnce() + 'static,
) -> Result<Live<Req>, String>
where
    Req: Serialize + 'static,
    Ev: DeserializeOwned + 'static,
{
    let url = url(path).ok_or("this page has no location")?;
    let socket = WebSocket::open(&url).map_err(|e| e.to_string())?;
    let (mut write, mut read) = socket.split();
    let (tx, mut rx) = mpsc::channel::<Req>(QUEUE);
    wasm_bindgen_futures::spawn_local(async move {
        while let Some(request) = rx.next().await {
            let Ok(text) = serde_json::to_string(&request) else {
                continue;
            };
            if write.send(Message::Text(text)).await.is_err() {
                break;
            }
        }
    });
    wasm_bindgen_futures::spawn_local(async move {
        while let Some(Ok(frame)) = read.next().await {
            if let Message::Text(text) = frame
                && let Ok(event) = serde_json::from_str::<Ev>(&text)
            {
                on_event(event);
            }
        }
        on_closed();
    });
    Ok(Live { tx })
}
