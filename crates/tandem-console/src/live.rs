//! The console's WebSocket to `/ws/agent` (the session cookie travels with
//! it). One task writes, one reads; the app reconnects when it drops.

use futures_channel::mpsc;
use futures_util::{SinkExt as _, StreamExt as _};
use gloo_net::websocket::Message;
use gloo_net::websocket::futures::WebSocket;
use tandem_protocol::{AgentEvent, AgentRequest};
use yew::Callback;

/// Sends requests on the open connection.
#[derive(Clone)]
pub struct Live {
    tx: mpsc::Sender<AgentRequest>,
}

impl PartialEq for Live {
    fn eq(&self, other: &Self) -> bool {
        self.tx.same_receiver(&other.tx)
    }
}

impl Live {
    /// Queues `request`; `false` when the connection is gone or backed up.
    pub fn send(&self, request: AgentRequest) -> bool {
        self.tx.clone().try_send(request).is_ok()
    }
}

/// Opens the connection on the page's own origin.
pub fn connect(on_event: Callback<AgentEvent>, on_closed: Callback<()>) -> Result<Live, String> {
    let location = web_sys::window().ok_or("no window")?.location();
    let scheme = if location.protocol().map_err(|_| "no protocol")? == "https:" {
        "wss"
    } else {
        "ws"
    };
    let url = format!(
        "{scheme}://{}/ws/agent",
        location.host().map_err(|_| "no host")?
    );
    let socket = WebSocket::open(&url).map_err(|e| e.to_string())?;
    let (mut write, mut read) = socket.split();
    let (tx, mut rx) = mpsc::channel::<AgentRequest>(64);
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
                && let Ok(event) = serde_json::from_str::<AgentEvent>(&text)
            {
                on_event.emit(event);
            }
        }
        on_closed.emit(());
    });
    Ok(Live { tx })
}
