//! Shopper journeys through the widget on the demo checkout page. Each one
//! also loses the shopper's line mid-conversation (the harness's fault
//! proxy): answers from the knowledge base keep coming with the line down,
//! and a live conversation shows a calm "reconnecting", then goes on with
//! nothing lost or shown twice.

use fantoccini::{Client, Locator};

use super::harness::{Harness, drop_the_line, text_of, visible, wait_for_text};
use serde_json::json;

/// Opens the demo checkout, clicks the bubble and enters the widget's iframe.
async fn open_widget(client: &Client, base: &str) -> anyhow::Result<()> {
    open_widget_at(client, &format!("{base}/demo/")).await
}

/// Waits until the widget has its knowledge base and model: the suggested
/// questions come from them. A journey that cuts the line to show that
/// answers need no network must wait for this first, or it tests the
/// download instead (the widget would rightly hand the question to a person).
async fn engine_loaded(client: &Client) -> anyhow::Result<()> {
    visible(client, ".chips button").await?;
    Ok(())
}

/// Types `text` into the composer and presses Enter.
async fn ask(client: &Client, text: &str) -> anyhow::Result<()> {
    let input = visible(client, "#tandem-input").await?;
    input.send_keys(text).await?;
    input.send_keys("\u{E007}").await?; // Enter
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn clicking_the_bubble_opens_the_panel() -> anyhow::Result<()> {
    Harness::start()
        .await?
        .run(
            "clicking_the_bubble_opens_the_panel",
            |client, base| async move {
                client.goto(&format!("{base}/demo/")).await?;
                let bubble = visible(&client, "#tandem-launcher").await?;
                assert_eq!(
                    bubble.attr("aria-expanded").await?.as_deref(),
                    Some("false")
                );
                // Nothing beyond the loader is fetched before the shopper shows intent.
                assert!(client.find(Locator::Css("#tandem-frame")).await.is_err());
                let fetched = client
                    .execute(
                        "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)",
                        vec![],
                    )
                    .await?;
                let widget_files: Vec<&str> = fetched
                    .as_array()
                    .map(|a| a.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>())
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|path| path.starts_with("/widget/") || path.starts_with("/api/"))
                    .collect();
                assert_eq!(widget_files, ["/widget/embed.js"], "only the loader before intent");
                bubble.click().await?;
                let frame = visible(&client, "#tandem-frame").await?;
                assert_eq!(bubble.attr("aria-expanded").await?.as_deref(), Some("true"));
                frame.enter_frame().await?;
                let title = visible(&client, "#tandem-title").await?;
                assert_eq!(title.text().await?, "Nordlys Outdoor");
                visible(&client, "#tandem-input").await?;
                // The demo page runs under a strict CSP: nothing was blocked.
                client.enter_parent_frame().await?;
                let root = visible(&client, "html").await?;
                assert_eq!(
                    root.attr("data-csp-violations").await?,
                    None,
                    "CSP blocked: {:?}",
                    root.attr("data-csp-last").await?
                );
                Ok(())
            },
        )
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_routine_question_is_answered_in_the_browser() -> anyhow::Result<()> {
    let harness = Harness::start().await?;
    let line = harness.line();
    harness
        .run(
            "a_routine_question_is_answered_in_the_browser",
            |client, base| async move {
                open_widget(&client, &base).await?;
                engine_loaded(&client).await?;
                // The line is down: the answer needs no network.
                line.cut();
                ask(&client, "How can I send back the shoes I bought?").await?;
                wait_for_text(
                    &client,
                    ".line.answer",
                    "within 30 days of delivery, and returns are free",
                )
                .await?;
                visible(&client, ".feedback button").await?;
                // Thanks are not a question: the bot says so, and nobody is
                // called in (this once handed the shopper to the queue).
                ask(&client, "thanks, that helped!").await?;
                wait_for_text(&client, ".line.bot", "Glad to help").await?;
                let log = text_of(&client, ".log").await?;
                anyhow::ensure!(
                    !log.contains("connecting you now"),
                    "thanks started a handoff:\n{log}"
                );
                line.restore();
                Ok(())
            },
        )
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sensitive_question_goes_to_people_and_nobody_online_means_a_message()
-> anyhow::Result<()> {
    let harness = Harness::start().await?;
    let (line, store) = (harness.line(), harness.store.clone());
    harness
        .run(
            "a_sensitive_question_goes_to_people",
            |client, base| async move {
                open_widget(&client, &base).await?;
                ask(
                    &client,
                    "Someone used my card 4111 1111 1111 1111 for a purchase I never made",
                )
                .await?;
                wait_for_text(
                    &client,
                    ".line.shopper",
                    "Someone used my card [card number]",
                )
                .await?;
                wait_for_text(&client, ".status", "Nobody is available right now").await?;
                // The phone loses its network while the shopper writes: the
                // message waits in the widget and goes once it is back.
                line.cut();
                visible(&client, "#tandem-email")
                    .await?
                    .send_keys("anna@example.com")
                    .await?;
                visible(&client, "#tandem-leave")
                    .await?
                    .send_keys("Please call me about the charge")
                    .await?;
                visible(&client, ".leave-message button")
                    .await?
                    .click()
                    .await?;
                wait_for_text(&client, ".status", "Sending your message").await?;
                tokio::time::sleep(std::time::Duration::from_millis(800)).await;
                line.restore();
                wait_for_text(&client, ".status", "We'll reply by email within 24 hours").await?;
                let tickets = store.tickets().await?;
                assert_eq!(tickets.len(), 1, "stored once");
                assert_eq!(tickets[0].message, "Please call me about the charge");
                Ok(())
            },
        )
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shopper_who_may_harm_themselves_hears_where_help_is_at_once() -> anyhow::Result<()> {
    let harness = Harness::start().await?;
    harness
        .run("crisis_lines", |client, base| async move {
            open_widget(&client, &base).await?;
            ask(
                &client,
                "I can't pay any of this, I just want to end my life",
            )
            .await?;
            // Before any person is free, not after.
            wait_for_text(&client, ".line.bot.urgent", "Samaritans on 116 123").await?;
            wait_for_text(&client, ".status", "Nobody is available right now").await?;
            Ok(())
        })
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_agent_takes_over_with_the_whole_story_and_the_shopper_rates() -> anyhow::Result<()> {
    let harness = Harness::start().await?;
    let line = harness.line();
    let mut anna = harness.agent("anna@demo.tandem.dev").await?;
    anna.until("ready").await?;
    harness
        .run("an_agent_takes_over", |client, base| async move {
            open_widget(&client, &base).await?;
            ask(&client, "How can I send back the shoes I bought?").await?;
            wait_for_text(&client, ".line.answer", "returns are free").await?;
            visible(&client, ".feedback button").await?.click().await?; // "Yes"
            ask(&client, "I never authorised the second charge on my invoice").await?;
            wait_for_text(&client, ".status", "You're chatting with Anna").await?;

            let assigned = anna.until("assigned").await?;
            let detail = &assigned["detail"];
            assert_eq!(detail["packet"]["reason_kind"], "sensitive");
            assert_eq!(detail["packet"]["priority"], 1);
            assert_eq!(detail["packet"]["topic"], "fraud", "the console reads the topic");
            assert_eq!(
                detail["packet"]["context"]["order_id"], "NO-1042",
                "the page's context travels with the handoff"
            );
            assert_eq!(detail["packet"]["context"]["cart_total"], "2 497,00 kr");
            let texts: Vec<&str> = detail["messages"].as_array().expect("messages").iter().filter_map(|m| m["text"].as_str()).collect();
            assert!(texts.contains(&"How can I send back the shoes I bought?"), "{texts:?}");
            assert!(texts.contains(&"I never authorised the second charge on my invoice"), "{texts:?}");
            let transcript = detail["packet"]["transcript"].as_array().expect("transcript");
            assert!(
                transcript.iter().any(|l| l["author"] == "bot" && l["helpful"] == true),
                "the shopper's feedback on the bot's answer travels with the handoff: {transcript:?}"
            );
            let conversation = detail["conversation"].as_str().expect("id").to_owned();

            anna.send(json!({"type": "message", "id": "a1", "conversation": conversation, "text": "<script>alert(1)</script>I've blocked that charge."})).await?;
            wait_for_text(&client, ".line.agent", "<script>alert(1)</script>I've blocked that charge.").await?;
            assert!(client.find(fantoccini::Locator::Css(".line.agent script")).await.is_err(), "text stays text");
            drop_the_line(&line, &client).await?;
            assert_eq!(client.find_all(Locator::Css(".line.agent")).await?.len(), 1, "nothing shown twice after the resume");

            ask(&client, "Thank you!").await?;
            // The agent's own line comes back first (for their other tabs).
            anna.until_shopper_line("Thank you!").await?;

            anna.send(json!({"type": "close", "conversation": conversation, "resolution": "charge_blocked"})).await?;
            wait_for_text(&client, ".status", "How was your conversation?").await?;
            // The rating is given with the line down: it is kept and sent
            // once the line is back.
            line.cut();
            visible(&client, ".rating button[aria-label='5 out of 5']").await?.click().await?;
            wait_for_text(&client, ".status", "Thank you for your rating").await?;
            tokio::time::sleep(std::time::Duration::from_millis(800)).await;
            line.restore();
            assert_eq!(anna.until("rated").await?["score"], 5);
            Ok(())
        })
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reload_keeps_the_conversation_and_the_person() -> anyhow::Result<()> {
    let harness = Harness::start().await?;
    let line = harness.line();
    let mut anna = harness.agent("anna@demo.tandem.dev").await?;
    anna.until("ready").await?;
    harness
        .run("a_reload_keeps_the_conversation", |client, base| async move {
            open_widget(&client, &base).await?;
            ask(&client, "How can I send back the shoes I bought?").await?;
            wait_for_text(&client, ".line.answer", "returns are free").await?;
            ask(&client, "I want to talk to a real person").await?;
            wait_for_text(&client, ".status", "You're chatting with Anna").await?;
            let assigned = anna.until("assigned").await?;
            let conversation = assigned["detail"]["conversation"].as_str().expect("id").to_owned();
            anna.send(json!({"type": "message", "id": "a1", "conversation": conversation, "text": "Hello, Anna here."})).await?;
            wait_for_text(&client, ".line.agent", "Hello, Anna here.").await?;
            drop_the_line(&line, &client).await?;

            client.refresh().await?;
            open_widget_on_this_page(&client).await?;
            // The history is back before anything new arrives...
            wait_for_text(&client, ".line.answer", "returns are free").await?;
            wait_for_text(&client, ".line.agent", "Hello, Anna here.").await?;
            wait_for_text(&client, ".status", "You're chatting with Anna").await?;
            // ...and the channel resumed: both directions still work, once.
            anna.send(json!({"type": "message", "id": "a2", "conversation": conversation, "text": "Still here."})).await?;
            wait_for_text(&client, ".line.agent", "Still here.").await?;
            ask(&client, "Great, thanks").await?;
            anna.until_shopper_line("Great, thanks").await?;
            let agent_lines = client.find_all(Locator::Css(".line.agent")).await?.len();
            assert_eq!(agent_lines, 2, "nothing shown twice after the resume");
            let joined = client.find_all(Locator::XPath("//*[contains(@class,'line') and contains(., 'joined the conversation')]")).await?.len();
            assert_eq!(joined, 1, "the resume does not announce Anna again");
            Ok(())
        })
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn start_over_forgets_the_conversation() -> anyhow::Result<()> {
    Harness::start()
        .await?
        .run("start_over_forgets", |client, base| async move {
            open_widget(&client, &base).await?;
            ask(&client, "How can I send back the shoes I bought?").await?;
            wait_for_text(&client, ".line.answer", "returns are free").await?;
            client.refresh().await?;
            open_widget_on_this_page(&client).await?;
            wait_for_text(&client, ".line.answer", "returns are free").await?;
            visible(&client, ".start-over").await?.click().await?;
            client.refresh().await?;
            open_widget_on_this_page(&client).await?;
            // The suggestions greet a fresh conversation.
            visible(&client, ".chips button").await?;
            assert!(client.find(Locator::Css(".line.answer")).await.is_err());
            Ok(())
        })
        .await
}

/// Opens the bubble on the page the browser is on (after a reload).
async fn open_widget_on_this_page(client: &Client) -> anyhow::Result<()> {
    client.enter_parent_frame().await?;
    visible(client, "#tandem-launcher").await?.click().await?;
    visible(client, "#tandem-frame")
        .await?
        .enter_frame()
        .await?;
    visible(client, "#tandem-input").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn two_tabs_of_the_shop_share_one_conversation() -> anyhow::Result<()> {
    Harness::start()
        .await?
        .run(
            "two_tabs_share_one_conversation",
            |client, base| async move {
                open_widget(&client, &base).await?;
                let first_tab = client.window().await?;
                ask(&client, "How can I send back the shoes I bought?").await?;
                wait_for_text(&client, ".line.answer", "returns are free").await?;

                let second = client.new_window(true).await?;
                client.switch_to_window(second.handle).await?;
                open_widget(&client, &base).await?;
                wait_for_text(&client, ".line.answer", "returns are free").await?;
                ask(&client, "When will my order arrive?").await?;
                wait_for_text(&client, ".line.shopper", "When will my order arrive?").await?;

                client.switch_to_window(first_tab).await?;
                visible(&client, "#tandem-frame")
                    .await?
                    .enter_frame()
                    .await?;
                wait_for_text(&client, ".line.shopper", "When will my order arrive?").await?;
                let shopper_lines = client.find_all(Locator::Css(".line.shopper")).await?.len();
                assert_eq!(shopper_lines, 2, "each line once, in both tabs");
                Ok(())
            },
        )
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_widget_speaks_swedish_and_german() -> anyhow::Result<()> {
    Harness::start()
        .await?
        .run("the_widget_speaks_swedish", |client, base| async move {
            client
                .goto(&format!("{base}/widget/index.html?site=demo&locale=sv-SE"))
                .await?;
            wait_for_text(&client, ".log", "Hej! Fråga mig").await?;
            let panel = visible(&client, ".panel").await?;
            assert_eq!(panel.attr("lang").await?.as_deref(), Some("sv"));
            ask(&client, "Jag vill prata med en människa").await?;
            wait_for_text(&client, ".log", "Jag kopplar dig").await?;

            client
                .goto(&format!("{base}/widget/index.html?site=demo&locale=de"))
                .await?;
            wait_for_text(&client, ".log", "Hallo! Fragen Sie mich").await?;
            client
                .goto(&format!("{base}/widget/index.html?site=demo&locale=ar"))
                .await?;
            let panel = visible(&client, ".panel").await?;
            assert_eq!(panel.attr("dir").await?.as_deref(), Some("rtl"));
            Ok(())
        })
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cut_connection_loses_nothing_and_shows_nothing_twice() -> anyhow::Result<()> {
    let harness = Harness::start().await?;
    // The shopper's browser reaches the server through a line the test can cut.
    let proxy = harness.line();
    let store = harness.store.clone();
    let mut anna = harness.agent("anna@demo.tandem.dev").await?;
    anna.until("ready").await?;
    harness
        .run("a_cut_connection_loses_nothing", |client, shop| async move {
            open_widget(&client, &shop).await?;
            ask(&client, "I want to talk to a real person").await?;
            wait_for_text(&client, ".status", "You're chatting with Anna").await?;
            let assigned = anna.until("assigned").await?;
            let conversation = assigned["detail"]["conversation"].as_str().expect("id").to_owned();
            anna.send(json!({"type": "message", "id": "a1", "conversation": conversation, "text": "Hi, Anna here."})).await?;
            wait_for_text(&client, ".line.agent", "Hi, Anna here.").await?;

            proxy.cut();
            wait_for_text(&client, ".status", "Reconnecting").await?;
            // Both sides keep talking while the line is down.
            anna.send(json!({"type": "message", "id": "a2", "conversation": conversation, "text": "Take your time."})).await?;
            ask(&client, "Sorry, my train went into a tunnel").await?;
            wait_for_text(&client, ".line.shopper", "my train went into a tunnel").await?;
            tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
            proxy.restore();

            wait_for_text(&client, ".line.agent", "Take your time.").await?;
            anna.until_shopper_line("Sorry, my train went into a tunnel").await?;
            let status = text_of(&client, ".status").await?;
            assert!(!status.contains("Reconnecting"), "calm again: {status}");
            assert_eq!(client.find_all(Locator::Css(".line.agent")).await?.len(), 2, "each agent line once");
            let stored = store
                .messages_after(&tandem_protocol::ConversationId(conversation), tandem_protocol::Seq(0))
                .await?;
            let tunnel = stored.iter().filter(|m| m.text == "Sorry, my train went into a tunnel").count();
            assert_eq!(tunnel, 1, "the resent line is stored once");
            Ok(())
        })
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_killed_mid_conversation_comes_back_and_the_widget_resumes_by_itself()
-> anyhow::Result<()> {
    let harness = Harness::start_process().await?;
    let (server, desk, store) = (harness.server(), harness.desk(), harness.store.clone());
    let mut anna = harness.agent("anna@demo.tandem.dev").await?;
    anna.until("ready").await?;
    harness
        .run("a_server_killed_mid_conversation", |client, base| async move {
            open_widget(&client, &base).await?;
            ask(&client, "Someone used my card for a purchase I never made").await?;
            wait_for_text(&client, ".status", "You're chatting with Anna").await?;
            let assigned = anna.until("assigned").await?;
            let conversation = assigned["detail"]["conversation"].as_str().expect("id").to_owned();
            anna.send(json!({"type": "message", "id": "a1", "conversation": conversation, "text": "I'm blocking the card now."})).await?;
            wait_for_text(&client, ".line.agent", "I'm blocking the card now.").await?;
            ask(&client, "Thank you, it was a Visa").await?;
            anna.until_shopper_line("Thank you, it was a Visa").await?;

            // The server dies without a word to anyone (SIGKILL).
            server.kill().await?;
            wait_for_text(&client, ".status", "Reconnecting").await?;
            // The shopper keeps writing; the line waits in the outbox.
            ask(&client, "Are you still there?").await?;
            server.restart().await?;

            // The widget comes back by itself; Anna signs in again and finds
            // the conversation still hers, with the line written while the
            // server was down.
            super::harness::wait_for_no_text(&client, ".status", "Reconnecting").await?;
            let mut anna = desk.sign_in("anna@demo.tandem.dev").await?;
            let assigned = anna.until("assigned").await?;
            assert_eq!(assigned["detail"]["conversation"], conversation.as_str());
            let id = tandem_protocol::ConversationId(conversation.clone());
            let deadline = tokio::time::Instant::now() + super::harness::WAIT;
            loop {
                let stored = store.messages_after(&id, tandem_protocol::Seq(0)).await?;
                let count = |text: &str| stored.iter().filter(|m| m.text == text).count();
                if count("Are you still there?") == 1 {
                    assert_eq!(count("Thank you, it was a Visa"), 1, "acknowledged before the kill, stored once");
                    assert_eq!(count("I'm blocking the card now."), 1);
                    break;
                }
                anyhow::ensure!(tokio::time::Instant::now() < deadline, "the outbox line never arrived: {stored:?}");
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            anna.send(json!({"type": "message", "id": "a2", "conversation": conversation, "text": "Yes, still here."})).await?;
            wait_for_text(&client, ".line.agent", "Yes, still here.").await?;
            assert_eq!(client.find_all(Locator::Css(".line.agent")).await?.len(), 2, "each agent line once");
            assert_eq!(
                client.find_all(Locator::XPath("//*[contains(@class,'line') and contains(@class,'shopper') and contains(., 'Are you still there?')]")).await?.len(),
                1,
                "the resent line shown once"
            );
            Ok(())
        })
        .await
}

/// Questions for the Enter-to-paint report: answers, clarifications and
/// handoff notices all count, as each paints a bot line.
const REPORT_QUESTIONS: &[&str] = &[
    "How can I send back the shoes I bought?",
    "When will my parcel arrive?",
    "Can I split the payment into instalments?",
    "When is my invoice due?",
    "Why was my payment declined?",
    "How do I use a promo code?",
    "Do you deliver to pickup points?",
    "Can I change my delivery address?",
];

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark report, not a test: `cargo xtask bench` runs it"]
async fn enter_to_paint_report() -> anyhow::Result<()> {
    Harness::start()
        .await?
        .run("enter_to_paint_report", |client, base| async move {
            open_widget(&client, &base).await?;
            let rounds = 100;
            for (i, question) in REPORT_QUESTIONS.iter().cycle().take(rounds).enumerate() {
                ask(&client, question).await?;
                // Wait until this round's measure exists before the next Enter.
                for _ in 0..200 {
                    let count = client
                        .execute("return performance.getEntriesByName('tandem:enter-to-paint').length", vec![])
                        .await?;
                    if count.as_u64().unwrap_or(0) > i as u64 {
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                }
                // Conversations of four questions: longer ones with the same
                // questions again would read as frustration and go to people.
                if i % 4 == 3 {
                    visible(&client, ".start-over").await?.click().await?;
                }
            }
            let mut report = json!({ "questions": rounds });
            for measure in ["triage", "enter-to-render", "enter-to-paint"] {
                let durations = client
                    .execute(
                        &format!("return performance.getEntriesByName('tandem:{measure}').map(e => e.duration)"),
                        vec![],
                    )
                    .await?;
                let mut ms: Vec<f64> = durations
                    .as_array()
                    .map(|a| a.iter().filter_map(serde_json::Value::as_f64).collect())
                    .unwrap_or_default();
                anyhow::ensure!(ms.len() >= rounds, "{} {measure} measures for {rounds} questions", ms.len());
                ms.sort_by(f64::total_cmp);
                let at = |q: f64| ms[((q * ms.len() as f64).ceil() as usize).clamp(1, ms.len()) - 1];
                report[measure] = json!({"median_ms": at(0.5), "p90_ms": at(0.9), "max_ms": at(1.0)});
                println!("widget {measure} over {rounds} questions: median {:.1} ms, p90 {:.1} ms, max {:.1} ms",
                    at(0.5), at(0.9), at(1.0));
            }
            let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
            std::fs::create_dir_all(&out)?;
            std::fs::write(out.join("widget.json"), serde_json::to_string_pretty(&report)?)?;
            Ok(())
        })
        .await
}

/// The `id` of the focused element in the current frame.
async fn focused_id(client: &Client) -> anyhow::Result<String> {
    Ok(client
        .active_element()
        .await?
        .attr("id")
        .await?
        .unwrap_or_default())
}

/// Polls until the focused element in the current frame has `id`.
async fn focus_reaches(client: &Client, id: &str) -> anyhow::Result<()> {
    for _ in 0..100 {
        if focused_id(client).await? == id {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    anyhow::bail!(
        "focus never reached #{id}; it is on #{}",
        focused_id(client).await?
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shopper_can_do_it_all_from_the_keyboard() -> anyhow::Result<()> {
    let harness = Harness::start().await?;
    let line = harness.line();
    harness
        .run("keyboard_only", |client, base| async move {
            client.goto(&format!("{base}/demo/")).await?;
            visible(&client, "#tandem-launcher").await?;
            // Tab through the checkout until the bubble has focus.
            for _ in 0..30 {
                if focused_id(&client).await? == "tandem-launcher" {
                    break;
                }
                client.active_element().await?.send_keys("\u{E004}").await?; // Tab
            }
            assert_eq!(
                focused_id(&client).await?,
                "tandem-launcher",
                "the bubble is in the tab order"
            );
            client.active_element().await?.send_keys("\u{E007}").await?; // Enter opens
            visible(&client, "#tandem-frame")
                .await?
                .enter_frame()
                .await?;
            focus_reaches(&client, "tandem-input").await?; // focus moved into the panel
            engine_loaded(&client).await?;
            line.cut(); // the answer needs no network
            client
                .active_element()
                .await?
                .send_keys("How can I send back the shoes I bought?\u{E007}")
                .await?;
            wait_for_text(&client, ".line.answer", "returns are free").await?;
            line.restore();
            client.active_element().await?.send_keys("\u{E00C}").await?; // Esc closes
            client.enter_parent_frame().await?;
            focus_reaches(&client, "tandem-launcher").await?; // and focus is back on the bubble
            let bubble = visible(&client, "#tandem-launcher").await?;
            assert_eq!(
                bubble.attr("aria-expanded").await?.as_deref(),
                Some("false")
            );
            Ok(())
        })
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_phone_the_panel_fills_the_screen_and_inputs_do_not_zoom() -> anyhow::Result<()> {
    let harness = Harness::start().await?;
    let line = harness.line();
    harness
        .run("phone_viewport", |client, base| async move {
            client.set_window_size(375, 667).await?;
            client.goto(&format!("{base}/demo/")).await?;
            let viewport = client
                // The layout viewport: the window less any scrollbar (phones
                // overlay theirs, desktop Chromium takes 15 px for it).
                .execute(
                    "return [document.documentElement.clientWidth, document.documentElement.clientHeight]",
                    vec![],
                )
                .await?;
            visible(&client, "#tandem-launcher").await?.click().await?;
            let frame = visible(&client, "#tandem-frame").await?;
            let rect = client
                .execute(
                    "const r = document.getElementById('tandem-frame').getBoundingClientRect(); return [r.width, r.height]",
                    vec![],
                )
                .await?;
            assert_eq!(rect, viewport, "full screen under 640 px");
            frame.enter_frame().await?;
            let input = visible(&client, "#tandem-input").await?;
            let font = client
                .execute(
                    "return parseFloat(getComputedStyle(document.getElementById('tandem-input')).fontSize)",
                    vec![],
                )
                .await?;
            assert!(font.as_f64().unwrap_or(0.0) >= 16.0, "font {font} would make iOS zoom");
            let inside = client
                .execute(
                    "const r = document.getElementById('tandem-input').getBoundingClientRect(); return r.bottom <= window.innerHeight && r.top >= 0",
                    vec![],
                )
                .await?;
            assert_eq!(inside, serde_json::Value::Bool(true), "the composer is on screen");
            // The chips come from the knowledge base: the engine is loaded,
            // so the answer needs no network from here on.
            engine_loaded(&client).await?;
            line.cut(); // a phone in a tunnel still gets its answer
            input.send_keys("When will my parcel arrive?\u{E007}").await?;
            wait_for_text(&client, ".line.shopper", "When will my parcel arrive?").await?;
            visible(&client, ".line.answer, .line.clarify").await?;
            line.restore();
            // The close button, since the panel covers the bubble.
            visible(&client, ".panel-header .close").await?.click().await?;
            client.enter_parent_frame().await?;
            let bubble = visible(&client, "#tandem-launcher").await?;
            assert_eq!(bubble.attr("aria-expanded").await?.as_deref(), Some("false"));
            Ok(())
        })
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_checkout_on_another_origin_embeds_tandem_and_its_context_reaches_the_agent()
-> anyhow::Result<()> {
    let merchant = super::merchant::MerchantSite::bind().await?;
    let shop = merchant.origin()?;
    let harness = Harness::start_for(std::slice::from_ref(&shop)).await?;
    merchant.serve(&harness.base);
    let line = harness.line();
    let mut anna = harness.agent("anna@demo.tandem.dev").await?;
    anna.until("ready").await?;
    harness
        .run("cross_origin_checkout", |client, base| async move {
            open_widget_at(&client, &format!("{shop}/")).await?;
            let accent = client
                .execute(
                    "return getComputedStyle(document.documentElement).getPropertyValue('--tandem-accent').trim()",
                    vec![],
                )
                .await?;
            assert_eq!(accent.as_str(), Some("#aa0011"), "the shop's data-color");
            client.enter_parent_frame().await?;
            let left = client
                .execute("return getComputedStyle(document.getElementById('tandem-launcher')).left", vec![])
                .await?;
            assert_eq!(left.as_str(), Some("20px"), "the shop's data-position");
            visible(&client, "#tandem-frame").await?.enter_frame().await?;
            // The iframe is Tandem's, not the shop's.
            let origin = client.execute("return location.origin", vec![]).await?;
            assert_eq!(origin.as_str(), Some(base.as_str()));
            ask(&client, "How can I send back the shoes I bought?").await?;
            wait_for_text(&client, ".line.answer", "returns are free").await?;
            ask(&client, "I want to talk to a real person").await?;
            let assigned = anna.until("assigned").await?;
            assert_eq!(
                assigned["detail"]["packet"]["context"]["order_id"], "XO-7",
                "the shop's context crossed the origin boundary"
            );
            wait_for_text(&client, ".status", "You're chatting with Anna").await?;
            let conversation = assigned["detail"]["conversation"].as_str().expect("id").to_owned();
            drop_the_line(&line, &client).await?;
            anna.send(json!({"type": "message", "id": "a1", "conversation": conversation, "text": "Back with you."})).await?;
            wait_for_text(&client, ".line.agent", "Back with you.").await?;
            // Escape in the widget reaches the shop's loader across origins.
            client.active_element().await?.send_keys("\u{E00C}").await?;
            client.enter_parent_frame().await?;
            focus_reaches(&client, "tandem-launcher").await?;
            Ok(())
        })
        .await
}

/// Opens `url`, clicks the bubble and enters the widget's iframe.
async fn open_widget_at(client: &Client, url: &str) -> anyhow::Result<()> {
    client.goto(url).await?;
    visible(client, "#tandem-launcher").await?.click().await?;
    visible(client, "#tandem-frame")
        .await?
        .enter_frame()
        .await?;
    visible(client, "#tandem-input").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tag_sets_the_colour_and_the_corner() -> anyhow::Result<()> {
    Harness::start()
        .await?
        .run("colour_and_corner", |client, base| async move {
            client.goto(&format!("{base}/demo/")).await?;
            visible(&client, "#tandem-launcher").await?;
            // The demo tag asks for nothing: the right corner and the site's colour.
            let right = client
                .execute("return getComputedStyle(document.getElementById('tandem-launcher')).right", vec![])
                .await?;
            assert_eq!(right.as_str(), Some("20px"));
            client
                .goto(&format!("{base}/widget/index.html?site=demo&color=%23aa0011"))
                .await?;
            visible(&client, "#tandem-input").await?;
            let accent = client
                .execute(
                    "return getComputedStyle(document.documentElement).getPropertyValue('--tandem-accent').trim()",
                    vec![],
                )
                .await?;
            assert_eq!(accent.as_str(), Some("#aa0011"), "the tag's colour wins");
            Ok(())
        })
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unsure_bot_asks_which_question_was_meant() -> anyhow::Result<()> {
    let harness = Harness::start().await?;
    let line = harness.line();
    harness
        .run("clarify", |client, base| async move {
            open_widget(&client, &base).await?;
            engine_loaded(&client).await?;
            line.cut(); // clarifying needs no network either
            ask(&client, "I need help").await?;
            wait_for_text(&client, ".line.clarify", "Which of these do you mean?").await?;
            wait_for_text(&client, ".line.clarify", "None of these: talk to a person").await?;
            // Choosing one answers it, as if the shopper had asked it.
            visible(&client, ".line.clarify .chip")
                .await?
                .click()
                .await?;
            visible(&client, ".line.answer").await?;
            assert_eq!(
                client.find_all(Locator::Css(".line.shopper")).await?.len(),
                2
            );
            line.restore();
            Ok(())
        })
        .await
}
