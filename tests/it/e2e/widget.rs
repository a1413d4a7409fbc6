//! Shopper journeys through the widget on the demo checkout page.

use fantoccini::Locator;

use super::harness::{Harness, visible};

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
