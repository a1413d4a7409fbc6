//! Agent journeys through the console.

use fantoccini::{Client, Locator};

use super::harness::{Harness, text_of, visible, wait_for_text};

async fn sign_in(client: &Client, base: &str, email: &str) -> anyhow::Result<()> {
    client.goto(&format!("{base}/console/")).await?;
    visible(client, "#email").await?.send_keys(email).await?;
    visible(client, "#password")
        .await?
        .send_keys("tandem-demo")
        .await?;
    visible(client, "form.login button").await?.click().await?;
    wait_for_text(client, ".connection", "Connected").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_agent_signs_in_goes_online_and_answers_a_handed_off_shopper() -> anyhow::Result<()> {
    let harness = Harness::start().await?;
    let mut shopper = harness
        .shopper_handoff("I want to dispute a charge on order NO-1042")
        .await?;
    harness
        .run("an_agent_answers_from_the_console", |client, base| async move {
            sign_in(&client, &base, "anna@demo.tandem.dev").await?;
            // Offline, the queue is still visible, so people can join when needed.
            wait_for_text(&client, "#queue-title", "1 shopper waiting").await?;
            wait_for_text(&client, ".queue-item", "I want to dispute a charge").await?;
            let status = visible(&client, "#presence").await?;
            status.select_by_value("online").await?;
            wait_for_text(&client, ".handoff-card", "Sensitive: dispute or chargeback.").await?;
            wait_for_text(&client, ".handoff-card", "NO-1042").await?;
            wait_for_text(&client, ".transcript", "Connecting you to a person.").await?;
            wait_for_text(&client, "#queue-title", "0 shoppers waiting").await?;
            assert_eq!(shopper.until("agent_joined").await?["name"], "Anna");

            let reply = visible(&client, "#reply").await?;
            reply.send_keys("Hi, I'm Anna. I've opened a dispute for you.").await?;
            reply.send_keys("\u{E007}").await?;
            let message = shopper.until("message").await?;
            assert_eq!(message["text"], "Hi, I'm Anna. I've opened a dispute for you.");
            assert_eq!(message["name"], "Anna");

            // A canned reply, found by searching and inserted with Enter.
            let canned = visible(&client, "#canned").await?;
            canned.send_keys("order number").await?;
            wait_for_text(&client, ".canned-list", "Need order number").await?;
            canned.send_keys("\u{E007}").await?;
            let reply = visible(&client, "#reply").await?;
            assert!(reply.prop("value").await?.unwrap_or_default().contains("Could you tell me your order number?"));
            reply.send_keys("\u{E007}").await?;
            let message = shopper.until("message").await?;
            assert!(message["text"].as_str().unwrap_or_default().starts_with("Could you tell me your order number?"));

            shopper.send(serde_json::json!({"type": "message", "id": "s1", "text": "<img src=x onerror=alert(1)> thanks"})).await?;
            wait_for_text(&client, ".transcript", "<img src=x onerror=alert(1)> thanks").await?;
            assert!(client.find(Locator::Css(".transcript img")).await.is_err(), "text stays text");

            visible(&client, ".actions button").await?.click().await?; // Close conversation
            let mut status = shopper.until("status").await?;
            while status["status"] != "closed" {
                status = shopper.until("status").await?;
            }
            Ok(())
        })
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_agent_answers_tickets_and_tries_the_knowledge_base() -> anyhow::Result<()> {
    let harness = Harness::start().await?;
    // Nobody is online: the shopper leaves a message for later.
    let mut shopper = harness
        .shopper_handoff("My payment plan is wrong, please email me")
        .await?;
    shopper.until("no_agents").await?;
    shopper
        .send(serde_json::json!({"type": "leave_message", "id": "t1", "email": "sam@example.com", "text": "Please call me about <b>plan</b> NO-1042"}))
        .await?;
    shopper.until("ack").await?;
    harness
        .run("tickets_and_knowledge_base", |client, base| async move {
            sign_in(&client, &base, "anna@demo.tandem.dev").await?;
            visible(&client, "nav.pages button:nth-child(2)")
                .await?
                .click()
                .await?;
            wait_for_text(&client, "#tickets-title", "(1 open)").await?;
            wait_for_text(&client, ".ticket", "sam@example.com").await?;
            wait_for_text(
                &client,
                ".ticket-message",
                "Please call me about <b>plan</b> NO-1042",
            )
            .await?;
            assert!(
                client
                    .find(Locator::Css(".ticket-message b"))
                    .await
                    .is_err(),
                "text stays text"
            );
            visible(&client, ".ticket button").await?.click().await?;
            wait_for_text(&client, "#tickets-title", "(0 open)").await?;
            wait_for_text(&client, "details summary", "Done (1)").await?;

            visible(&client, "nav.pages button:nth-child(3)")
                .await?
                .click()
                .await?;
            wait_for_text(&client, ".intents caption", "intents").await?;
            let question = visible(&client, "#kb-question").await?;
            question
                .send_keys("How can I send back the shoes I bought?")
                .await?;
            visible(&client, ".tester button").await?.click().await?;
            wait_for_text(&client, ".verdict .decision", "Answer with").await?;
            question.clear().await?;
            question
                .send_keys("Someone stole my card and used it, card 4111 1111 1111 1111")
                .await?;
            visible(&client, ".tester button").await?.click().await?;
            wait_for_text(&client, ".verdict .decision", "Hand off to a person").await?;
            wait_for_text(&client, ".verdict", "[card number]").await?;

            // The live workspace kept its connection while other pages showed.
            visible(&client, "nav.pages button:nth-child(1)")
                .await?
                .click()
                .await?;
            wait_for_text(&client, ".connection", "Connected").await?;
            Ok(())
        })
        .await
}

/// Reloads the insights page until `css` says `text` (the rating lands a
/// moment after the shopper clicks).
async fn insights_show(client: &Client, css: &str, text: &str) -> anyhow::Result<()> {
    for _ in 0..20 {
        visible(client, ".period button:nth-child(2)")
            .await?
            .click()
            .await?;
        if wait_for_text(client, css, text).await.is_ok() {
            return Ok(());
        }
    }
    wait_for_text(client, css, text).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shopper_escalates_on_the_checkout_and_the_insights_count_it() -> anyhow::Result<()> {
    Harness::start()
        .await?
        .run(
            "escalation_counted_in_insights",
            |client, base| async move {
                // The agent's window: signed in and online.
                sign_in(&client, &base, "anna@demo.tandem.dev").await?;
                visible(&client, "#presence")
                    .await?
                    .select_by_value("online")
                    .await?;
                let console = client.window().await?;

                // The shopper's window: the demo checkout with the bubble.
                let shop = client.new_window(true).await?.handle;
                client.switch_to_window(shop.clone()).await?;
                client.goto(&format!("{base}/demo/")).await?;
                visible(&client, "#tandem-launcher").await?.click().await?;
                visible(&client, "#tandem-frame")
                    .await?
                    .enter_frame()
                    .await?;
                let input = visible(&client, "#tandem-input").await?;
                input
                    .send_keys("How can I send back the shoes I bought?\u{E007}")
                    .await?;
                wait_for_text(&client, ".line.answer", "returns are free").await?;
                visible(&client, ".feedback button").await?.click().await?; // "Yes"
                let input = visible(&client, "#tandem-input").await?;
                input
                    .send_keys("I never authorised the second charge on my invoice\u{E007}")
                    .await?;
                wait_for_text(&client, ".status", "You're chatting with Anna").await?;

                // The agent sees the card and replies.
                client.switch_to_window(console.clone()).await?;
                wait_for_text(&client, ".handoff-card", "NO-1042").await?;
                wait_for_text(
                    &client,
                    ".transcript",
                    "I never authorised the second charge",
                )
                .await?;
                // The shopper's "yes" on the bot's answer is on the agent's screen.
                wait_for_text(&client, ".transcript", "Shopper: this helped").await?;
                let reply = visible(&client, "#reply").await?;
                reply
                    .send_keys("I've blocked that charge for you.\u{E007}")
                    .await?;

                client.switch_to_window(shop.clone()).await?;
                visible(&client, "#tandem-frame")
                    .await?
                    .enter_frame()
                    .await?;
                wait_for_text(&client, ".line.agent", "I've blocked that charge for you.").await?;

                client.switch_to_window(console.clone()).await?;
                visible(&client, ".actions button").await?.click().await?; // Close

                client.switch_to_window(shop).await?;
                visible(&client, "#tandem-frame")
                    .await?
                    .enter_frame()
                    .await?;
                visible(&client, ".rating button[aria-label='5 out of 5']")
                    .await?
                    .click()
                    .await?;
                wait_for_text(&client, ".status", "Thank you for your rating").await?;

                client.switch_to_window(console).await?;
                visible(&client, "nav.pages button:nth-child(4)")
                    .await?
                    .click()
                    .await?;
                insights_show(&client, ".insights", "(1 ratings)").await?;
                wait_for_text(&client, "#handoffs", "1").await?;
                // The shopper found an answer helpful but still needed a person:
                // not resolved by the bot.
                wait_for_text(&client, ".tiles", "0 of 1 conversations").await?;
                wait_for_text(&client, ".insights", "Sensitive topic").await?;
                // And which topic, for the shop's count of shoppers in difficulty.
                wait_for_text(&client, ".insights", "Fraud or unrecognised charge").await?;
                Ok(())
            },
        )
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_agent_switches_conversations_by_keyboard_and_hands_one_to_a_colleague()
-> anyhow::Result<()> {
    let harness = Harness::start().await?;
    // Jonas is signed in but offline until Anna has both conversations.
    let mut jonas = harness.agent("jonas@demo.tandem.dev").await?;
    jonas.until("ready").await?;
    jonas
        .send(serde_json::json!({"type": "presence", "status": "offline", "capacity": 3}))
        .await?;
    // Wait until the server has him offline, or he would get the shoppers.
    while jonas.until("queue").await?["agents_online"] != 0 {}
    let mut first = harness
        .shopper_handoff("First shopper: my refund is late")
        .await?;
    let mut second = harness
        .shopper_handoff("Second shopper: payment declined")
        .await?;
    harness
        .run("keyboard_and_transfer", |client, base| async move {
            sign_in(&client, &base, "anna@demo.tandem.dev").await?;
            visible(&client, "#presence")
                .await?
                .select_by_value("online")
                .await?;
            first.until("agent_joined").await?;
            second.until("agent_joined").await?;
            wait_for_text(&client, ".tabs", "Second shopper").await?;
            let before = text_of(&client, ".tab.current").await?;
            // Alt+↓ moves to the other conversation.
            visible(&client, "body")
                .await?
                .send_keys("\u{E00A}\u{E015}\u{E00A}")
                .await?;
            let mut after = text_of(&client, ".tab.current").await?;
            for _ in 0..40 {
                if after != before {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                after = text_of(&client, ".tab.current").await?;
            }
            assert_ne!(before, after, "Alt+Down selects the next conversation");

            // Jonas comes online and Anna hands him the one on screen.
            jonas
                .send(serde_json::json!({"type": "presence", "status": "online", "capacity": 3}))
                .await?;
            let transfer = visible(&client, "#transfer").await?;
            transfer.select_by_value("jonas@demo.tandem.dev").await?;
            visible(&client, ".actions button:last-of-type")
                .await?
                .click()
                .await?;
            let assigned = jonas.until("assigned").await?;
            assert!(
                assigned["detail"]["messages"]
                    .as_array()
                    .is_some_and(|m| !m.is_empty())
            );
            Ok(())
        })
        .await
}
