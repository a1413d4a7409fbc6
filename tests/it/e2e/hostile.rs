//! Hostile input in both UIs: a corpus of XSS payloads sent as shopper and
//! agent messages, as an agent's name and as page context fields. Each must
//! arrive as inert text: no script runs (the payloads would set
//! `window.__pwned`) and no element is created from it.

use fantoccini::{Client, Locator};
use serde_json::json;

use super::harness::{Harness, visible, wait_for_text};

/// Payloads that run script or inject markup if anything renders them as
/// HTML. Each sets `window.__pwned` when it fires.
const PAYLOADS: &[&str] = &[
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=2\">",
    "<svg onload=window.__pwned=3>",
    "\"><iframe src=javascript:window.__pwned=4>",
    "<a href=\"javascript:window.__pwned=5\">click</a>",
    "<details open ontoggle=window.__pwned=6>",
    "{{constructor.constructor('window.__pwned=7')()}}",
    "<style>*{display:none}</style>",
];

/// Fails if a payload fired in this frame or an element came from one.
async fn assert_inert(client: &Client, within: &str) -> anyhow::Result<()> {
    let pwned = client
        .execute(
            "return window.__pwned === undefined ? null : window.__pwned",
            vec![],
        )
        .await?;
    assert_eq!(pwned, serde_json::Value::Null, "a payload ran");
    for tag in [
        "script",
        "img",
        "svg",
        "iframe",
        "details",
        "style",
        "a[href^=javascript]",
    ] {
        let found = client
            .find_all(Locator::Css(&format!("{within} {tag}")))
            .await?;
        assert!(
            found.is_empty(),
            "a {tag} element was injected into {within}"
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn payloads_from_an_agent_stay_text_in_the_widget() -> anyhow::Result<()> {
    let harness = Harness::start().await?;
    // An agent whose display name is itself a payload.
    harness
        .store
        .upsert_agent(&tandem_server::store::NewAgent {
            email: "mallory@demo.tandem.dev".into(),
            display_name: PAYLOADS[1].into(),
            password_hash: tandem_server::password::hash("mallory-password")?,
            languages: vec!["en".into()],
        })
        .await?;
    let mut mallory = harness.agent("mallory@demo.tandem.dev").await?;
    mallory.until("ready").await?;
    harness
        .run("payloads_in_the_widget", |client, base| async move {
            client.goto(&format!("{base}/demo/")).await?;
            visible(&client, "#tandem-launcher").await?.click().await?;
            visible(&client, "#tandem-frame").await?.enter_frame().await?;
            let input = visible(&client, "#tandem-input").await?;
            input.send_keys("I want to talk to a real person\u{E007}").await?;
            let assigned = mallory.until("assigned").await?;
            let conversation = assigned["detail"]["conversation"].as_str().expect("id").to_owned();
            for (i, payload) in PAYLOADS.iter().enumerate() {
                mallory
                    .send(json!({"type": "message", "id": format!("x{i}"), "conversation": conversation, "text": payload}))
                    .await?;
            }
            wait_for_text(&client, ".line.agent", PAYLOADS[PAYLOADS.len() - 1]).await?;
            for payload in PAYLOADS {
                wait_for_text(&client, ".log", payload).await?;
            }
            // The agent's name is shown as text too.
            wait_for_text(&client, ".status", "onerror").await?;
            assert_inert(&client, ".panel").await?;
            Ok(())
        })
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn payloads_from_a_shopper_and_the_page_stay_text_in_the_console() -> anyhow::Result<()> {
    let harness = Harness::start().await?;
    let mut shopper = harness
        .shopper_handoff_with_context(
            PAYLOADS[0],
            json!({"order_id": PAYLOADS[1], "cart_total": PAYLOADS[2], "note": PAYLOADS[6]}),
        )
        .await?;
    harness
        .run("payloads_in_the_console", |client, base| async move {
            client.goto(&format!("{base}/console/")).await?;
            visible(&client, "#email")
                .await?
                .send_keys("anna@demo.tandem.dev")
                .await?;
            visible(&client, "#password")
                .await?
                .send_keys("tandem-demo")
                .await?;
            visible(&client, "form.login button").await?.click().await?;
            // The queue shows the first line before anyone takes it.
            wait_for_text(&client, ".queue-item", "<script>").await?;
            assert_inert(&client, ".queue").await?;
            visible(&client, "#presence")
                .await?
                .select_by_value("online")
                .await?;
            shopper.until("agent_joined").await?;
            for (i, payload) in PAYLOADS.iter().enumerate() {
                shopper
                    .send(json!({"type": "message", "id": format!("s{i}"), "text": payload}))
                    .await?;
                shopper.until("ack").await?;
            }
            wait_for_text(&client, ".transcript", PAYLOADS[PAYLOADS.len() - 1]).await?;
            wait_for_text(&client, ".handoff-card", "onerror").await?;
            wait_for_text(&client, ".handoff-card", "onload").await?;
            assert_inert(&client, ".conversation").await?;
            Ok(())
        })
        .await
}
