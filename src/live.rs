//! The live channel to people: a WebSocket to `/ws/shopper` on Tandem's own
//! origin (the iframe's), JSON frames from `tandem-protocol`.
//!
//! One task writes queued requests, one reads events and hands them to the
//! app; when the socket closes the app is told, so it can reconnect and
//! resume from its cursor.

use futures_channel::mpsc;
use futures_util::{SinkExt as _, StreamExt as _};
use gloo_net::websocket::Message;
use gloo_net::websocket::futures::WebSocket;
use tandem_protocol::{ShopperEvent, ShopperRequest};
use yew::Callback;

/// Sends requests on an open live channel.
#[derive(Clone)]
pub struct Live {
    tx: mpsc::Sender<ShopperRequest>,
}

impl Live {
    /// Queues `request`; `false` when the channel is gone or backed up.
    pub fn send(&self, request: ShopperRequest) -> bool {
        self.tx.clone().try_send(request).is_ok()
    }
}

/// The WebSocket URL on the page's own origin.
pub fn url() -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok()? == "https:" {
        "wss"
    } else {
        "ws"
    };
    Some(format!("{scheme}://{}/ws/shopper", location.host().ok()?))
}

/// Opens the channel. Events go to `on_event`; `on_closed` fires once when
/// the socket ends for any reason.
pub fn connect(
    url: &str,
    on_event: Callback<ShopperEvent>,
    on_closed: Callback<()>,
) -> Result<Live, String> {
    let socket = WebSocket::open(url).map_err(|e| e.to_string())?;
    let (mut write, mut read) = socket.split();
    let (tx, mut rx) = mpsc::channel::<ShopperRequest>(64);
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
        while let Some(frame) = read.next().await {
            match frame {
                Ok(Message::Text(text)) => {
                    if let Ok(event) = serde_json::from_str::<ShopperEvent>(&text) {
                        on_event.emit(event);
                    }
                }
                Ok(Message::Bytes(_)) => {}
                Err(_) => break,
            }
        }
        on_closed.emit(());
    });
    Ok(Live { tx })
}
