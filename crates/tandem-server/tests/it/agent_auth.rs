//! Agent login, sessions and the brute-force limit.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use super::{TestApp, body_text};

fn login(email: &str, password: &str) -> Request<Body> {
    Request::post("/api/agent/login")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            serde_json::json!({ "email": email, "password": password }).to_string(),
        ))
        .expect("request")
}

fn with_cookie(method: &str, uri: &str, cookie: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .expect("request")
}

#[tokio::test]
async fn login_sets_a_strict_cookie_that_identifies_the_agent_until_logout() {
    let app = TestApp::new().await;
    let response = app
        .send(login("ANNA@demo.tandem.dev ", "tandem-demo"))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ascii")
        .to_owned();
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    let session = cookie.split(';').next().expect("name=value").to_owned();
    assert_eq!(session.len(), "tandem_session=".len() + 64);
    let profile = body_text(response).await;
    assert_eq!(
        profile,
        r#"{"email":"anna@demo.tandem.dev","display_name":"Anna","languages":["en","sv"]}"#
    );

    let me = app
        .send(with_cookie("GET", "/api/agent/me", &session))
        .await;
    assert_eq!(me.status(), StatusCode::OK);
    assert_eq!(body_text(me).await, profile);

    let out = app
        .send(with_cookie("POST", "/api/agent/logout", &session))
        .await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let me = app
        .send(with_cookie("GET", "/api/agent/me", &session))
        .await;
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn agent_endpoints_refuse_missing_and_forged_sessions() {
    let app = TestApp::new().await;
    let none = app
        .send(
            Request::get("/api/agent/me")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(body_text(none).await, r#"{"error":"Please sign in."}"#);
    let forged = app
        .send(with_cookie(
            "GET",
            "/api/agent/me",
            &format!("tandem_session={}", "a".repeat(64)),
        ))
        .await;
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn wrong_passwords_and_unknown_emails_get_the_same_answer() {
    let app = TestApp::new().await;
    let wrong = app
        .send(login("anna@demo.tandem.dev", "not-the-password"))
        .await;
    let unknown = app
        .send(login("nobody@demo.tandem.dev", "tandem-demo"))
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.headers().get(header::SET_COOKIE).is_none());
    assert_eq!(body_text(wrong).await, body_text(unknown).await);
}

#[tokio::test]
async fn brute_force_is_locked_out_even_with_the_right_password() {
    let app = TestApp::new().await;
    for attempt in 0..5 {
        let response = app
            .send(login("jonas@demo.tandem.dev", &format!("guess-{attempt}")))
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "attempt {attempt}"
        );
    }
    let locked = app
        .send(login("jonas@demo.tandem.dev", "tandem-demo"))
        .await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = locked.headers()[header::RETRY_AFTER]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=15 * 60).contains(&retry_after), "{retry_after}");
    assert_eq!(
        body_text(locked).await,
        r#"{"error":"Too many failed sign-ins. Try again in 15 minutes."}"#
    );
}

#[tokio::test]
async fn malformed_login_bodies_are_refused_with_a_client_error() {
    let app = TestApp::new().await;
    let response = app
        .send(
            Request::post("/api/agent/login")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{not json"))
                .expect("request"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn tickets_are_for_signed_in_agents_only() {
    let app = TestApp::new().await;
    let anonymous = app
        .send(
            Request::get("/api/tickets")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let response = app.send(login("anna@demo.tandem.dev", "tandem-demo")).await;
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ascii")
        .to_owned();
    let session = cookie.split(';').next().expect("name=value").to_owned();
    let list = app.send(with_cookie("GET", "/api/tickets", &session)).await;
    assert_eq!(list.status(), StatusCode::OK);
    assert_eq!(body_text(list).await, "[]");
    let missing = app
        .send(with_cookie("POST", "/api/tickets/42/done", &session))
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        body_text(missing).await,
        r#"{"error":"That ticket does not exist or is already done."}"#
    );
}

#[tokio::test]
async fn the_site_and_colleague_lists_are_for_signed_in_agents_only() {
    let app = TestApp::new().await;
    for path in ["/api/sites", "/api/agents"] {
        let anonymous = app
            .send(Request::get(path).body(Body::empty()).expect("request"))
            .await;
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
    let response = app.send(login("anna@demo.tandem.dev", "tandem-demo")).await;
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ascii")
        .to_owned();
    let session = cookie.split(';').next().expect("name=value").to_owned();
    let colleagues = app.send(with_cookie("GET", "/api/agents", &session)).await;
    assert_eq!(colleagues.status(), StatusCode::OK);
    let colleagues = body_text(colleagues).await;
    assert!(
        colleagues.contains(r#""email":"jonas@demo.tandem.dev""#),
        "{colleagues}"
    );
    assert!(
        !colleagues.contains("argon2"),
        "no password hashes: {colleagues}"
    );
    let list = app.send(with_cookie("GET", "/api/sites", &session)).await;
    assert_eq!(list.status(), StatusCode::OK);
    assert_eq!(
        body_text(list).await,
        r#"[{"key":"demo","name":"Nordlys Outdoor","has_knowledge_base":false}]"#
    );
}

#[tokio::test]
async fn logins_from_other_sites_are_refused() {
    let app = TestApp::new().await;
    let mut request = login("anna@demo.tandem.dev", "tandem-demo");
    request
        .headers_mut()
        .insert(header::HOST, "tandem.example".parse().expect("header"));
    request.headers_mut().insert(
        header::ORIGIN,
        "https://evil.example".parse().expect("header"),
    );
    let response = app.send(request).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.headers().get(header::SET_COOKIE).is_none());
    let mut same = login("anna@demo.tandem.dev", "tandem-demo");
    same.headers_mut()
        .insert(header::HOST, "tandem.example".parse().expect("header"));
    same.headers_mut().insert(
        header::ORIGIN,
        "https://tandem.example".parse().expect("header"),
    );
    assert_eq!(app.send(same).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_trunk_serve_dev_origin_is_trusted_only_when_configured() {
    let dev = "http://127.0.0.1:8081";
    let login_from = |origin: &str| {
        let mut request = login("anna@demo.tandem.dev", "tandem-demo");
        request
            .headers_mut()
            .insert(header::HOST, "127.0.0.1:8080".parse().expect("header"));
        request
            .headers_mut()
            .insert(header::ORIGIN, origin.parse().expect("header"));
        request
    };
    let production = TestApp::new().await;
    assert_eq!(
        production.send(login_from(dev)).await.status(),
        StatusCode::FORBIDDEN
    );
    let development =
        TestApp::with(std::path::Path::new("/nonexistent"), vec![dev.to_owned()]).await;
    assert_eq!(
        development.send(login_from(dev)).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        development
            .send(login_from("http://127.0.0.1:9999"))
            .await
            .status(),
        StatusCode::FORBIDDEN,
        "only the configured dev origin"
    );
}

#[tokio::test]
async fn insights_count_what_the_bot_resolved_for_signed_in_agents() {
    let app = TestApp::new().await;
    for kind in ["started", "started", "resolved", "helpful", "not_helpful"] {
        let response = app
            .send(
                Request::post("/api/site/demo/events")
                    .header(header::HOST, "tandem.example")
                    .header(header::ORIGIN, "https://tandem.example")
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(format!(r#"{{"kind":"{kind}"}}"#)))
                    .expect("request"),
            )
            .await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{kind}");
    }
    let anonymous = app
        .send(
            Request::get("/api/insights")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    let response = app.send(login("anna@demo.tandem.dev", "tandem-demo")).await;
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ascii")
        .to_owned();
    let session = cookie.split(';').next().expect("name=value").to_owned();
    let insights = app
        .send(with_cookie("GET", "/api/insights?days=7", &session))
        .await;
    assert_eq!(insights.status(), StatusCode::OK);
    let body: serde_json::Value = serde_json::from_str(&body_text(insights).await).expect("JSON");
    assert_eq!(body["days"].as_array().map(Vec::len), Some(7));
    assert_eq!(body["started"], 2);
    assert_eq!(body["bot_resolved"], 1);
    assert_eq!(body["bot_resolved_percent"], 50);
    assert_eq!(body["bot_satisfied_percent"], 50);
    assert_eq!(body["handoffs"], 0);
    assert_eq!(body["wait_median_secs"], serde_json::Value::Null);

    let too_long = app
        .send(with_cookie("GET", "/api/insights?days=400", &session))
        .await;
    assert_eq!(too_long.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        body_text(too_long).await,
        r#"{"error":"days must be between 1 and 90."}"#
    );
}

#[tokio::test]
async fn sign_ins_wait_for_a_password_check_and_are_told_to_retry_when_it_is_busy() {
    let app = TestApp::new().await;
    // Every password-check slot taken, as a guessing botnet would.
    let slots = app.state.password_checks.available_permits();
    let held = app
        .state
        .password_checks
        .clone()
        .acquire_many_owned(u32::try_from(slots).expect("few slots"))
        .await
        .expect("slots");
    let busy = app.send(login("anna@demo.tandem.dev", "tandem-demo")).await;
    assert_eq!(busy.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(busy.headers()[header::RETRY_AFTER], "3");
    assert_eq!(
        body_text(busy).await,
        r#"{"error":"Sign-in is busy right now. Try again in 3 seconds."}"#
    );
    // A busy refusal is not a failed attempt: once a slot frees, the right
    // password works at once.
    drop(held);
    let ok = app.send(login("anna@demo.tandem.dev", "tandem-demo")).await;
    assert_eq!(ok.status(), StatusCode::OK);
}

/// A login from client address `from`, carrying `device` when given.
fn login_from(from: &str, device: Option<&str>, email: &str, password: &str) -> Request<Body> {
    let mut request = login(email, password);
    let headers = request.headers_mut();
    headers.insert("x-forwarded-for", from.parse().expect("header"));
    if let Some(device) = device {
        headers.insert(header::COOKIE, device.parse().expect("header"));
    }
    request
}

#[tokio::test]
async fn guessing_from_elsewhere_does_not_lock_an_agent_out_of_her_own_browser() {
    let app = TestApp::behind_proxy().await;
    let anna = "anna@demo.tandem.dev";
    // Anna signs in from her laptop once; the browser is remembered.
    let first = app
        .send(login_from("198.51.100.1", None, anna, "tandem-demo"))
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    let cookies: Vec<String> = first
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().expect("ascii").to_owned())
        .collect();
    let device_cookie = cookies
        .iter()
        .find(|c| c.starts_with("tandem_device="))
        .expect("a device cookie");
    for attribute in [
        "HttpOnly",
        "Secure",
        "SameSite=Strict",
        "Path=/api/agent/login",
    ] {
        assert!(
            device_cookie.contains(attribute),
            "{device_cookie} lacks {attribute}"
        );
    }
    let device = device_cookie
        .split(';')
        .next()
        .expect("name=value")
        .to_owned();

    // A botnet guesses her password from five addresses: the account locks.
    for i in 0..5 {
        let guess = app
            .send(login_from(&format!("192.0.2.{i}"), None, anna, "guess"))
            .await;
        assert_eq!(guess.status(), StatusCode::UNAUTHORIZED);
    }
    let elsewhere = app
        .send(login_from("192.0.2.99", None, anna, "tandem-demo"))
        .await;
    assert_eq!(
        elsewhere.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the account is locked"
    );

    // From her own browser she still gets in.
    let laptop = app
        .send(login_from(
            "198.51.100.1",
            Some(&device),
            anna,
            "tandem-demo",
        ))
        .await;
    assert_eq!(laptop.status(), StatusCode::OK);

    // The device cookie is no skeleton key: for another account it counts
    // for nothing, and its own failures lock it too.
    for i in 0..5 {
        let guess = app
            .send(login_from(
                &format!("192.0.2.{}", 10 + i),
                Some(&device),
                anna,
                "guess",
            ))
            .await;
        assert_eq!(guess.status(), StatusCode::UNAUTHORIZED);
    }
    let stolen = app
        .send(login_from("192.0.2.50", Some(&device), anna, "tandem-demo"))
        .await;
    assert_eq!(
        stolen.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the device is locked"
    );
    let jonas = app
        .send(login_from(
            "198.51.100.2",
            Some(&device),
            "jonas@demo.tandem.dev",
            "tandem-demo",
        ))
        .await;
    assert_eq!(
        jonas.status(),
        StatusCode::OK,
        "another account is judged on its own"
    );
}
