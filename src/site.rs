//! The site's knowledge base and compiled model (loaded by `tandem-live`,
//! shared with the console), so triage runs in the browser with no further
//! round trips; and the bot's anonymous counters sent back to the server.

use gloo_net::http::Request;

use crate::i18n::Texts;

pub use tandem_live::site::{LoadError, SiteInfo, load};

/// The shopper-facing words for a load failure.
pub fn load_error_text(error: LoadError, texts: &Texts) -> &'static str {
    match error {
        LoadError::Failed => texts.load_failed,
        LoadError::NotSetUp => texts.not_set_up,
    }
}

/// Counts what the bot did (no text, no ids), for the deflection metric.
pub fn report(site: &str, kind: &'static str) {
    let url = format!("/api/site/{site}/events");
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(request) = Request::post(&url).json(&serde_json::json!({ "kind": kind })) {
            let _ = request.send().await;
        }
    });
}
