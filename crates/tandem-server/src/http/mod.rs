//! Every HTTP route. Each submodule owns its router; this module merges them
//! and holds the shared [`AppState`].

mod assets;
pub mod auth;
mod error;
mod health;
mod insights;
mod site;
mod tickets;
mod ws;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use tower_http::trace::TraceLayer;

use crate::hub::HubHandle;
use crate::metrics::Metrics;
use crate::rate_limit::{AttemptLimiter, ConnectionLimiter, PenaltyBox};
use crate::sites::Sites;
use crate::store::{Store, StoreError};

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
    /// Concurrent WebSocket connections per address.
    pub connections: Arc<ConnectionLimiter>,
    /// Addresses kept out for a while after abusing a socket.
    pub penalties: Arc<PenaltyBox>,
    /// Password checks allowed to run at once (see `auth`).
    pub password_checks: Arc<tokio::sync::Semaphore>,
    /// The configured merchant sites.
    pub sites: Arc<Sites>,
    /// The relay.
    pub hub: HubHandle,
    /// Counters for `/metrics`.
    pub metrics: Arc<Metrics>,
    /// Extra origins treated as Tandem's own: the `trunk serve` dev servers
    /// that proxy to this one (`--dev-origin`). Empty in production.
    pub dev_origins: Arc<Vec<String>>,
    /// Load balancers whose `X-Forwarded-For` is believed (`--trusted-proxy`).
    pub trusted_proxies: Arc<Vec<std::net::IpAddr>>,
}

/// Concurrent WebSocket connections allowed per client address.
pub const MAX_CONNECTIONS_PER_IP: usize = 64;

impl AppState {
    /// State over `store`, serving bundles from `web_dir`; starts the hub,
    /// which restores the open conversations from the store.
    pub async fn new(
        store: Arc<dyn Store>,
        web_dir: PathBuf,
        sites: Sites,
    ) -> Result<Self, StoreError> {
        let sites = Arc::new(sites);
        let metrics = Arc::new(Metrics::default());
        let hub = crate::hub::spawn(store.clone(), sites.clone(), metrics.clone()).await?;
        Ok(Self {
            store,
            web_dir,
            login_limiter: Arc::new(AttemptLimiter::new(
                auth::MAX_LOGIN_FAILURES,
                auth::LOGIN_WINDOW,
            )),
            connections: Arc::new(ConnectionLimiter::new(MAX_CONNECTIONS_PER_IP)),
            penalties: Arc::new(PenaltyBox::new(ws::PENALTY)),
            password_checks: Arc::new(tokio::sync::Semaphore::new(auth::password_check_slots())),
            sites,
            hub,
            metrics,
            dev_origins: Arc::new(Vec::new()),
            trusted_proxies: Arc::new(Vec::new()),
        })
    }

    /// The same state, also trusting `origins` as its own (development).
    pub fn with_dev_origins(mut self, origins: Vec<String>) -> Self {
        self.dev_origins = Arc::new(origins);
        self
    }

    /// The same state, believing `X-Forwarded-For` from `proxies`.
    pub fn with_trusted_proxies(mut self, proxies: Vec<std::net::IpAddr>) -> Self {
        self.trusted_proxies = Arc::new(proxies);
        self
    }

    /// The client's address: the peer's, or behind a trusted load balancer
    /// the nearest address in `X-Forwarded-For` that is not itself one.
    pub fn client_ip(
        &self,
        headers: &axum::http::HeaderMap,
        peer: std::net::SocketAddr,
    ) -> std::net::IpAddr {
        client_ip(&self.trusted_proxies, headers, peer.ip())
    }

    /// True when a browser request comes from Tandem's own pages: the same
    /// origin, or a configured dev server that proxies here.
    pub fn own_origin(&self, headers: &axum::http::HeaderMap) -> bool {
        ws::same_origin(headers)
            || headers
                .get(axum::http::header::ORIGIN)
                .and_then(|o| o.to_str().ok())
                .is_some_and(|origin| self.dev_origins.iter().any(|d| d == origin))
    }
}

/// Refuses API calls that change state when a browser says they come from
/// another origin (the widget and console are served from this one). Calls
/// without an `Origin` header (curl, server-to-server) are left to the
/// endpoints' own checks; a browser always sends one on such requests.
async fn refuse_foreign_writes(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    let writes =
        request.method() != axum::http::Method::GET && request.method() != axum::http::Method::HEAD;
    let api = request.uri().path().starts_with("/api/");
    let foreign = request.headers().contains_key(axum::http::header::ORIGIN)
        && !state.own_origin(request.headers());
    if writes && api && foreign {
        tracing::warn!(path = %request.uri().path(), "cross-origin API call refused");
        return (
            axum::http::StatusCode::FORBIDDEN,
            axum::Json(tandem_protocol::ApiErrorBody {
                error: "Requests are accepted only from Tandem's own pages.".to_owned(),
            }),
        )
            .into_response();
    }
    next.run(request).await
}

/// The whole application, ready for `axum::serve` or `oneshot` tests.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(health::router())
        .merge(auth::router())
        .merge(ws::router())
        .merge(site::router())
        .merge(tickets::router())
        .merge(insights::router())
        .merge(assets::router(&state.web_dir))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            site::frame_policy,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            refuse_foreign_writes,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// See [`AppState::client_ip`]. Proxies append the address they saw, so the
/// list is read from the right, skipping trusted hops; entries further left
/// were written by the client and prove nothing.
fn client_ip(
    trusted: &[std::net::IpAddr],
    headers: &axum::http::HeaderMap,
    peer: std::net::IpAddr,
) -> std::net::IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<std::net::IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map_while(|hop| hop.trim().parse().ok())
        .collect();
    hops.into_iter()
        .rev()
        .find(|hop| !trusted.contains(hop))
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::client_ip;
    use axum::http::HeaderMap;
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("address")
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", v.parse().expect("header"));
        }
        headers
    }

    #[test]
    fn only_trusted_proxies_are_believed_and_only_their_own_hop() {
        let lb = ip("10.0.0.2");
        let trusted = [lb, ip("10.0.0.3")];
        // Straight from a client: its header is ignored.
        assert_eq!(
            client_ip(&trusted, &forwarded(&["1.2.3.4"]), ip("203.0.113.9")),
            ip("203.0.113.9")
        );
        // Through the balancer: the address it saw, not what the client wrote.
        assert_eq!(
            client_ip(&trusted, &forwarded(&["6.6.6.6, 198.51.100.7"]), lb),
            ip("198.51.100.7")
        );
        // Two trusted hops are skipped; two header lines read as one list.
        assert_eq!(
            client_ip(&trusted, &forwarded(&["198.51.100.7", "10.0.0.3"]), lb),
            ip("198.51.100.7")
        );
        // A balancer that sent no header is the client.
        assert_eq!(client_ip(&trusted, &HeaderMap::new(), lb), lb);
    }
}
