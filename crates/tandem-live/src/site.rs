//! A site's knowledge base and compiled model, fetched from the server and
//! turned into the triage engine: the widget answers shoppers with it, and
//! the console's knowledge-base page shows agents exactly what the widget
//! would do.

use gloo_net::http::Request;
use serde::Deserialize;
use tandem_triage::engine::Engine;
use tandem_triage::kb::KnowledgeBase;

/// What `GET /api/site/{key}` returns.
#[derive(Debug, Clone, Deserialize)]
pub struct SiteInfo {
    /// The merchant's name.
    pub name: String,
    /// Brand colour, `#rrggbb`.
    pub color: String,
    /// Within how many hours people reply to messages left for later.
    pub reply_within_hours: u32,
    /// Whether people answer now (business hours).
    pub open_now: bool,
    /// The knowledge base.
    pub knowledge_base: Option<KnowledgeBase>,
}

/// Why the site could not load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadError {
    /// The network failed or the server sent something unreadable.
    Failed,
    /// The server does not know this site key.
    NotSetUp,
}

/// Fetches the site and its model and builds the engine. `None` for the
/// engine when the site has no knowledge base (everything then goes to a
/// person).
pub async fn load(site: &str) -> Result<(SiteInfo, Option<Engine>), LoadError> {
    let failed = |_| LoadError::Failed;
    let response = Request::get(&format!("/api/site/{site}"))
        .send()
        .await
        .map_err(failed)?;
    if !response.ok() {
        return Err(LoadError::NotSetUp);
    }
    let info: SiteInfo = response.json().await.map_err(failed)?;
    let Some(kb) = info.knowledge_base.clone() else {
        return Ok((info, None));
    };
    let bytes = Request::get(&format!("/api/site/{site}/model"))
        .send()
        .await
        .map_err(failed)?
        .binary()
        .await
        .map_err(failed)?;
    let engine = Engine::from_bytes(kb, &bytes).map_err(|_| LoadError::Failed)?;
    Ok((info, Some(engine)))
}
