//! Shopper journeys through the widget on the demo checkout page.

use fantoccini::{Client, Locator};

use super::harness::{Harness, visible, wait_for_text};

/// Opens the bubble and switches into the widget's iframe.
async fn open_widget(client: &Client, base: &str) -> anyhow::Result<()> {
    client.goto(&format!("{base}/demo/")).await?;
    visible(client, "#tandem-launcher").await?.click().await?;
    visible(client, "#tandem-frame")
        .await?
        .enter_frame()
        .await?;
    visible(client, "#tandem-input").await?;
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
                bubble.click().await?;
                let frame = visible(&client, "#tandem-frame").await?;
                assert_eq!(bubble.attr("aria-expanded").await?.as_deref(), Some("true"));
                frame.enter_frame().await?;
                let title = visible(&client, "#tandem-title").await?;
                assert_eq!(title.text().await?, "Nordlys Outdoor");
                visible(&client, "#tandem-input").await?;
                Ok(())
            },
        )
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_routine_question_is_answered_in_the_browser() -> anyhow::Result<()> {
    Harness::start()
        .await?
        .run(
            "a_routine_question_is_answered_in_the_browser",
            |client, base| async move {
                open_widget(&client, &base).await?;
                ask(&client, "How can I send back the shoes I bought?").await?;
                wait_for_text(
                    &client,
                    ".line.answer",
                    "within 30 days of delivery, and returns are free",
                )
                .await?;
                visible(&client, ".feedback button").await?;
                Ok(())
            },
        )
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sensitive_question_goes_to_people_and_nobody_online_means_a_message()
-> anyhow::Result<()> {
    Harness::start()
        .await?
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
                wait_for_text(&client, ".status", "We'll reply by email within 24 hours").await?;
                Ok(())
            },
        )
        .await
}
