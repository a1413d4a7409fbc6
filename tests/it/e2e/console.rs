//! Agent journeys through the console.

use fantoccini::{Client, Locator};

use super::harness::{Harness, visible, wait_for_text};

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
