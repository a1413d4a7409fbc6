//! The demo page, the built bundles and their cache headers, and health.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use super::{TestApp, body_text};

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).expect("request")
}

#[tokio::test]
async fn health_reports_the_database_and_versions() {
    let app = TestApp::new().await;
    let response = app.send(get("/healthz")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        body_text(response).await,
        format!(
            r#"{{"status":"ok","version":"{}","protocol":1}}"#,
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[tokio::test]
async fn the_demo_checkout_embeds_tandem_with_one_tag() {
    let app = TestApp::new().await;
    let root = app.send(get("/")).await;
    assert_eq!(root.status(), StatusCode::SEE_OTHER);
    assert_eq!(root.headers()[header::LOCATION], "/demo/");
    let response = app.send(get("/demo/")).await;
    let policy = response.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("ascii")
        .to_owned();
    for directive in [
        "script-src 'self';",
        "style-src 'self';",
        "frame-src 'self';",
    ] {
        assert!(policy.contains(directive), "{policy}");
    }
    assert!(!policy.contains("unsafe"), "{policy}");
    let page = body_text(response).await;
    let tandem_tags = page.matches("<script src=\"/widget/").count();
    assert_eq!(tandem_tags, 1, "Tandem needs exactly one script tag");
    assert!(page.contains(r#"<script src="/widget/embed.js" data-site="demo""#));
    assert!(
        !page.contains("<script>"),
        "no inline scripts: the page works under a strict CSP"
    );
    let css = app.send(get("/demo/checkout.css")).await;
    assert_eq!(
        css.headers()[header::CONTENT_TYPE],
        "text/css; charset=utf-8"
    );
}

#[tokio::test]
async fn hashed_bundles_are_immutable_and_entry_points_revalidate() {
    let web = tempfile::tempdir().expect("temp dir");
    let widget = web.path().join("widget");
    std::fs::create_dir_all(&widget).expect("mkdir");
    std::fs::write(widget.join("index.html"), "<!doctype html>").expect("write");
    std::fs::write(widget.join("embed.js"), "// loader").expect("write");
    std::fs::write(widget.join("embed-0123456789abcdef.js"), "// loader").expect("write");
    std::fs::write(
        widget.join("tandem-widget-0123456789abcdef_bg.wasm"),
        b"\0asm",
    )
    .expect("write");
    let app = TestApp::with_web_dir(web.path()).await;

    let wasm = app
        .send(get("/widget/tandem-widget-0123456789abcdef_bg.wasm"))
        .await;
    assert_eq!(wasm.status(), StatusCode::OK);
    assert_eq!(
        wasm.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    for entry in ["/widget/index.html", "/widget/embed.js"] {
        let response = app.send(get(entry)).await;
        assert_eq!(response.status(), StatusCode::OK, "{entry}");
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            "no-cache",
            "{entry}"
        );
    }
    // The loader with `integrity` is fetched in CORS mode; nothing else
    // needs to be readable cross-origin.
    let hashed_loader = app.send(get("/widget/embed-0123456789abcdef.js")).await;
    assert_eq!(
        hashed_loader.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        hashed_loader.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "*"
    );
    assert!(
        wasm.headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );
    let missing = app.send(get("/widget/nope.js")).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.headers().get(header::CACHE_CONTROL).is_none());
}

#[tokio::test]
async fn the_widget_page_may_be_framed_only_by_the_sites_pages() {
    let web = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(web.path().join("widget")).expect("mkdir");
    std::fs::write(
        web.path().join("widget/index.html"),
        "<!doctype html><title>w</title>",
    )
    .expect("write");
    let app = TestApp::with_web_dir(web.path()).await;
    let demo = app
        .send(get("/widget/index.html?site=demo&locale=en"))
        .await;
    assert_eq!(demo.status(), StatusCode::OK);
    assert_eq!(
        demo.headers()[header::CONTENT_SECURITY_POLICY],
        "frame-ancestors 'self' http://127.0.0.1:8080 http://localhost:8080"
    );
    let unknown = app.send(get("/widget/?site=elsewhere")).await;
    assert_eq!(
        unknown.headers()[header::CONTENT_SECURITY_POLICY],
        "frame-ancestors 'self'"
    );
}

#[tokio::test]
async fn site_information_for_the_widget() {
    let app = TestApp::new().await;
    let site = app.send(get("/api/site/demo")).await;
    assert_eq!(site.status(), StatusCode::OK);
    let body: serde_json::Value = serde_json::from_str(&body_text(site).await).expect("JSON");
    assert_eq!(body["name"], "Nordlys Outdoor");
    assert_eq!(body["reply_within_hours"], 24);
    assert_eq!(body["color"], "#0a7a3e");
    assert_eq!(body["open_now"], true);
    let missing = app.send(get("/api/site/unknown")).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        body_text(missing).await,
        r#"{"error":"This chat is not set up for this shop."}"#
    );
}

#[tokio::test]
async fn the_widget_reports_what_the_bot_did_without_personal_data() {
    let app = TestApp::new().await;
    let event = |origin: &str, kind: &str| {
        Request::post("/api/site/demo/events")
            .header(header::HOST, "tandem.example")
            .header(header::ORIGIN, origin)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(format!(r#"{{"kind":"{kind}"}}"#)))
            .expect("request")
    };
    assert_eq!(
        app.send(event("https://tandem.example", "resolved"))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.send(event("https://evil.example", "resolved"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let odd = app.send(event("https://tandem.example", "bogus")).await;
    assert_eq!(odd.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let metrics = body_text(app.send(get("/metrics")).await).await;
    assert!(
        metrics.contains("tandem_bot_events_total{kind=\"resolved\"} 1\n"),
        "{metrics}"
    );
}
