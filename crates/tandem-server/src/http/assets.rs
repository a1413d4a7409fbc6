//! Static files: the built widget (`/widget/`), the agent console
//! (`/console/`) and the demo checkout page (`/demo/`).
//!
//! Trunk names built files with a content hash (`tandem-widget-<16 hex>.js`),
//! so those are cached for a year as immutable; everything else (the HTML
//! entry points and the `embed.js` loader merchants link to) is revalidated
//! on every load so a deploy takes effect at once.

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{Html, Redirect, Response};
use axum::routing::get;
use tower_http::services::ServeDir;

use super::AppState;

/// The demo merchant's checkout page, with Tandem embedded by one tag.
const DEMO_CHECKOUT: &str = include_str!("../../assets/demo-checkout.html");
/// The demo merchant's own stylesheet (kept external so the page needs no
/// `unsafe-inline` in a strict Content-Security-Policy).
const DEMO_CHECKOUT_CSS: &str = include_str!("../../assets/demo-checkout.css");
/// The policy the demo checkout runs under: as strict as a careful merchant's
/// (no inline script or style, no eval), plus Tandem's origin for the loader
/// and the iframe. Every end-to-end journey runs on this page, so all of
/// them prove the widget works under it. `docs/embedding.md` explains each
/// directive to merchants.
const DEMO_CHECKOUT_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self'; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'";
/// The demo merchant's own script, which sets the page context for Tandem.
const DEMO_CHECKOUT_JS: &str = include_str!("../../assets/demo-checkout.js");

pub(super) fn router(web_dir: &Path) -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/demo/") }))
        .route("/demo", get(|| async { Redirect::to("/demo/") }))
        .route(
            "/demo/",
            get(|| async {
                (
                    [(header::CONTENT_SECURITY_POLICY, DEMO_CHECKOUT_CSP)],
                    Html(DEMO_CHECKOUT),
                )
            }),
        )
        .route(
            "/demo/checkout.css",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
                    DEMO_CHECKOUT_CSS,
                )
            }),
        )
        .route(
            "/demo/checkout.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    DEMO_CHECKOUT_JS,
                )
            }),
        )
        .nest_service("/widget", ServeDir::new(web_dir.join("widget")))
        .nest_service("/console", ServeDir::new(web_dir.join("console")))
        .layer(middleware::from_fn(cache_headers))
}

async fn cache_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let immutable = is_content_hashed(path);
    // Merchants load the loader cross-origin with `integrity` and
    // `crossorigin="anonymous"`; the browser checks the hash only on a CORS
    // response. It is a public file and no credentials are involved.
    let loader = path.starts_with("/widget/embed") && path.ends_with(".js");
    let mut response = next.run(request).await;
    if loader && response.status().is_success() {
        response.headers_mut().insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
    }
    if response.status().is_success() {
        let value = if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// True for Trunk's hashed file names: the last `-` of the file name is
/// followed by 8 to 16 hex digits, then `.` or `_` (Trunk prints the 64-bit
/// hash without leading zeros, so its length varies).
fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let Some((_, tail)) = name.rsplit_once('-') else {
        return false;
    };
    let hash_len = tail.chars().take_while(char::is_ascii_hexdigit).count();
    (8..=16).contains(&hash_len) && matches!(tail[hash_len..].chars().next(), Some('.' | '_'))
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_content_hashed(
            "/widget/tandem-widget-1a2b3c4d5e6f7a8b_bg.wasm"
        ));
        assert!(is_content_hashed(
            "/widget/tandem-widget-1a2b3c4d5e6f7a8b.js"
        ));
        assert!(!is_content_hashed("/widget/index.html"));
        assert!(!is_content_hashed("/widget/embed.js"));
        assert!(is_content_hashed(
            "/console/tandem-console-26ea67f67b16b9_bg.wasm"
        ));
        assert!(!is_content_hashed("/widget/tandem-widget-short.js"));
        assert!(!is_content_hashed(
            "/widget/tandem-widget-1a2b3c4d5e6f7a8b9c.js"
        ));
    }
}
