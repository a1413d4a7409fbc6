//! tandem-server's one integration-test binary: the real router, driven
//! with `tower::ServiceExt::oneshot` over a throwaway SQLite database.

mod agent_auth;
mod chaos;
mod cli;
mod cluster;
mod relay;
mod static_files;
mod store;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Request, Response};
use http_body_util::BodyExt as _;
use tandem_server::AppState;
use tower::ServiceExt as _;

/// The demo site as the tests configure it.
fn demo_sites() -> tandem_server::sites::Sites {
    tandem_server::sites::Sites::new([tandem_server::sites::parse(include_str!(
        "../../../../sites/demo/site.toml"
    ))
    .expect("demo site")])
}

/// A test server: the app over a fresh database with the demo agents.
struct TestApp {
    router: Router,
    state: AppState,
    _data: tempfile::TempDir,
}

impl TestApp {
    async fn new() -> Self {
        Self::with_web_dir(Path::new("/nonexistent")).await
    }

    async fn with_web_dir(web_dir: &Path) -> Self {
        Self::with(web_dir, Vec::new()).await
    }

    /// A test app behind a trusted load balancer (the mock peer), so each
    /// request's `X-Forwarded-For` says which client it comes from.
    async fn behind_proxy() -> Self {
        let mut app = Self::new().await;
        app.state = app
            .state
            .clone()
            .with_trusted_proxies(vec![[203, 0, 113, 7].into()]);
        app.router = tandem_server::app(app.state.clone())
            .layer(MockConnectInfo(SocketAddr::from(([203, 0, 113, 7], 4711))));
        app
    }

    /// A test app that also trusts `dev_origins` (as `--dev-origin` does).
    async fn with(web_dir: &Path, dev_origins: Vec<String>) -> Self {
        let data = tempfile::tempdir().expect("temp dir");
        let url = format!(
            "sqlite://{}?mode=rwc",
            data.path().join("t.sqlite3").display()
        );
        let store = tandem_server::store::open(&url).await.expect("open store");
        tandem_server::store::seed_demo_agents(store.as_ref())
            .await
            .expect("seed");
        let state = AppState::new(Arc::from(store), web_dir.to_path_buf(), demo_sites())
            .await
            .expect("state")
            .with_dev_origins(dev_origins);
        let router = tandem_server::app(state.clone())
            .layer(MockConnectInfo(SocketAddr::from(([203, 0, 113, 7], 4711))));
        Self {
            router,
            state,
            _data: data,
        }
    }

    async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible")
    }
}

async fn body_text(response: Response<Body>) -> String {
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    String::from_utf8(bytes.to_vec()).expect("utf-8 body")
}
