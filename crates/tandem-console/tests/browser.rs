//! The console's components in a real browser (wasm-bindgen-test in
//! headless Chromium): rendered into the test page and driven through the
//! DOM. Built for wasm32 only; `cargo xtask test` runs them.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;
use std::time::Duration;

use tandem_console::components::conversation::{ConversationView, ConversationViewProps};
use tandem_console::state::Open;
use tandem_protocol::{
    AgentProfile, AgentRequest, Author, ClientMessageId, ConversationDetail, ConversationId,
    ConversationStatus, HandoffPacket, Seq, StoredMessage, TranscriptLine,
};
use wasm_bindgen::JsCast as _;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::{AttrValue, Callback};

wasm_bindgen_test_configure!(run_in_browser);

async fn settle() {
    yew::platform::time::sleep(Duration::ZERO).await;
}

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

/// Yields to the scheduler until `css` matches (bounded).
async fn appears(root: &Element, css: &str) -> Element {
    for _ in 0..200 {
        if let Some(found) = root.query_selector(css).expect("valid selector") {
            return found;
        }
        settle().await;
    }
    panic!("no element matches {css}")
}

fn message(seq: u64, author: Author, text: &str) -> StoredMessage {
    StoredMessage {
        seq: Seq(seq),
        author,
        name: None,
        text: text.into(),
        at: 0,
        internal: false,
    }
}

fn open_conversation() -> Open {
    Open {
        detail: ConversationDetail {
            conversation: ConversationId("c1".into()),
            site: "no-such-site".into(),
            status: ConversationStatus::Assigned,
            packet: HandoffPacket {
                transcript: vec![
                    TranscriptLine {
                        author: Author::Shopper,
                        text: "returns?".into(),
                        helpful: None,
                    },
                    TranscriptLine {
                        author: Author::Bot,
                        text: "Within 30 days.".into(),
                        helpful: Some(false),
                    },
                ],
                reason: "Sensitive: fraud.".into(),
                reason_kind: "sensitive".into(),
                priority: 1,
                topic: Some("fraud".into()),
                intent: Some("fraud".into()),
                confidence: 0.8,
                language: "en".into(),
                masked: vec!["card_number".into()],
                context: [("order_id".to_owned(), "NO-1042".to_owned())].into(),
            },
            messages: vec![
                message(1, Author::Shopper, "returns?"),
                message(2, Author::Bot, "Within 30 days."),
                message(3, Author::Shopper, "<img src=x onerror=alert(1)>"),
            ],
        },
        shopper_typing: true,
        unread: 0,
    }
}

/// Renders the conversation view; returns its root and what it sent.
async fn render() -> (Element, Rc<std::cell::RefCell<Vec<AgentRequest>>>) {
    render_open(open_conversation()).await
}

/// Renders the conversation view of `open`.
async fn render_open(open: Open) -> (Element, Rc<std::cell::RefCell<Vec<AgentRequest>>>) {
    let root = document().create_element("div").expect("div");
    document()
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    let sent = Rc::new(std::cell::RefCell::new(Vec::new()));
    let on_request = {
        let sent = sent.clone();
        Callback::from(move |request| sent.borrow_mut().push(request))
    };
    yew::Renderer::<ConversationView>::with_root_and_props(
        root.clone(),
        ConversationViewProps {
            open,
            on_request,
            new_id: Callback::from(|()| ClientMessageId("x1".into())),
            colleagues: Rc::new(vec![
                AgentProfile {
                    email: "anna@demo.tandem.dev".into(),
                    display_name: "Anna".into(),
                    languages: vec!["en".into()],
                },
                AgentProfile {
                    email: "jonas@demo.tandem.dev".into(),
                    display_name: "Jonas".into(),
                    languages: vec!["de".into()],
                },
            ]),
            me: AttrValue::from("anna@demo.tandem.dev"),
        },
    )
    .render();
    settle().await;
    (root, sent)
}

#[wasm_bindgen_test]
async fn a_conversation_about_possible_self_harm_tells_the_agent_what_to_do_first() {
    let mut open = open_conversation();
    open.detail.packet.topic = Some("self_harm".into());
    open.detail.packet.priority = 0;
    let (root, _) = render_open(open).await;
    let guidance = appears(&root, "aside.guidance.urgent")
        .await
        .text_content()
        .unwrap_or_default();
    for expected in ["Possible self-harm", "safe right now", "112"] {
        assert!(
            guidance.contains(expected),
            "{expected} missing from {guidance}"
        );
    }
    root.remove();

    // A fraud conversation has no checklist.
    let (root, _) = render().await;
    appears(&root, ".handoff-card").await;
    assert!(
        root.query_selector("aside.guidance")
            .ok()
            .flatten()
            .is_none()
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn the_card_transcript_and_feedback_show_and_text_stays_text() {
    let (root, _) = render().await;
    let card = appears(&root, ".handoff-card")
        .await
        .text_content()
        .unwrap_or_default();
    for expected in ["Sensitive: fraud.", "fraud (80%)", "NO-1042", "card_number"] {
        assert!(card.contains(expected), "{expected} missing from {card}");
    }
    let transcript = appears(&root, ".transcript").await;
    assert!(
        transcript
            .text_content()
            .unwrap_or_default()
            .contains("Shopper: this did not help")
    );
    assert!(
        transcript
            .query_selector("img")
            .expect("selector")
            .is_none()
    );
    assert!(
        root.text_content()
            .unwrap_or_default()
            .contains("The shopper is typing")
    );
    // Only colleagues are offered for a transfer, not the agent herself.
    let options = appears(&root, "#transfer")
        .await
        .text_content()
        .unwrap_or_default();
    assert!(
        options.contains("Jonas") && !options.contains("Anna"),
        "{options}"
    );
}

#[wasm_bindgen_test]
async fn a_canned_reply_is_found_and_sent_as_a_message() {
    let (root, sent) = render().await;
    let search: HtmlInputElement = appears(&root, "#canned").await.dyn_into().expect("input");
    search.set_value("order number");
    search
        .dispatch_event(&web_sys::InputEvent::new("input").expect("event"))
        .expect("dispatch");
    let choice: HtmlElement = appears(&root, ".canned-list button")
        .await
        .dyn_into()
        .expect("button");
    choice.click();
    settle().await;
    let reply: HtmlTextAreaElement = appears(&root, "#reply").await.dyn_into().expect("textarea");
    assert!(
        reply
            .value()
            .starts_with("Could you tell me your order number?")
    );
    let send: HtmlElement = appears(&root, ".reply button")
        .await
        .dyn_into()
        .expect("button");
    send.click();
    settle().await;
    let sent = sent.borrow();
    assert!(
        sent.iter().any(|r| matches!(r, AgentRequest::Message { text, .. } if text.starts_with("Could you tell me"))),
        "{sent:?}"
    );
}
