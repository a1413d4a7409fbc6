//! Tandem's server as a library: `main.rs` only parses configuration and
//! calls [`run`], so tests can start the real thing on port 0.
//!
//! Layout: [`config`] is the typed command line, [`store`] hides the
//! database behind the [`store::Store`] trait, [`http`] owns every route.

pub mod cluster;
pub mod config;
pub mod http;
pub mod hub;
pub mod insights;
pub mod metrics;
pub mod password;
pub mod rate_limit;
pub mod secrets;
pub mod sites;
pub mod store;

use std::future::Future;
use std::sync::Arc;

use anyhow::Context as _;
use axum::serve::ListenerExt as _;
use tokio::net::TcpListener;

pub use http::{AppState, app};

/// Serves `state` on `listener` until `shutdown` resolves, then stops
/// accepting and lets requests in flight finish.
pub async fn run(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    // On shutdown: stop accepting, let the hub finish what it has and close
    // every live socket (clients reconnect and resume), then let requests in
    // flight finish.
    let hub = state.hub.clone();
    let shutdown = async move {
        shutdown.await;
        hub.shutdown().await;
    };
    // TCP_NODELAY: chat frames are small and must go out at once. With
    // Nagle's algorithm a frame written while an earlier one is unacknowledged
    // waits for the peer's delayed ACK, about 40 ms on Linux.
    let listener = listener.tap_io(|tcp| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::debug!(%error, "cannot set TCP_NODELAY");
        }
    });
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .context("serving HTTP")
}

/// Opens the store named by `config` and builds the shared state.
pub async fn state_from_config(config: &config::ServeArgs) -> anyhow::Result<AppState> {
    let store = store::open(&config.database_url()?)
        .await
        .context("opening the database")?;
    if config.seed_demo_agents {
        store::seed_demo_agents(store.as_ref())
            .await
            .context("seeding demo agents")?;
    }
    let sites = sites::Sites::load(&config.sites)?;
    Ok(
        AppState::new(Arc::from(store), config.web_dir.clone(), sites)
            .await?
            .with_dev_origins(config.dev_origins.clone())
            .with_trusted_proxies(config.trusted_proxies.clone()),
    )
}
