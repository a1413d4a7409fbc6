//! Every HTTP route. Each submodule owns its router; this module merges them
//! and holds the shared [`AppState`].

mod assets;
pub mod auth;
mod error;
mod health;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use tower_http::trace::TraceLayer;

use crate::rate_limit::AttemptLimiter;
use crate::store::Store;

pub use error::ApiError;

/// State shared by all handlers. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Arc<dyn Store>,
    /// Directory holding the built `widget/` and `console/` bundles.
    pub web_dir: PathBuf,
    /// Failed agent logins per address and per account.
    pub login_limiter: Arc<AttemptLimiter>,
}

impl AppState {
    /// State over `store`, serving bundles from `web_dir`.
    pub fn new(store: Arc<dyn Store>, web_dir: PathBuf) -> Self {
        Self {
            store,
            web_dir,
            login_limiter: Arc::new(AttemptLimiter::new(
                auth::MAX_LOGIN_FAILURES,
                auth::LOGIN_WINDOW,
            )),
        }
    }
}

/// The whole application, ready for `axum::serve` or `oneshot` tests.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(health::router())
        .merge(auth::router())
        .merge(assets::router(&state.web_dir))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
