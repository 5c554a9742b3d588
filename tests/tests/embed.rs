//! End-to-end: the engine package embedded in a plain HTML + JavaScript
//! page (`examples/embed/`), in headless Chromium.

use std::time::Duration;

use e2e::{ensure_embed_site, open_page, serve};
use fantoccini::{Client, Locator};

async fn text(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .expect(css)
        .text()
        .await
        .expect("text")
}

async fn wait_for(c: &Client, css: &str, needle: &str) -> String {
    let mut last = String::new();
    for _ in 0..200 {
        last = text(c, css).await;
        if last.contains(needle) {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("'{needle}' did not appear in {css}; last text:\n{last}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_example_page_embeds_a_console_and_the_pair_state() {
    let base = serve(ensure_embed_site());
    let (c, _driver) = open_page(&base, "body[data-ready=true]").await;
    // The pair is up (the lab script waited a minute).
    wait_for(&c, "[data-unit=primary]", "primary: Active").await;
    wait_for(&c, "[data-unit=secondary]", "secondary: Standby Ready").await;
    // One console: the prefilled line runs on Enter.
    c.find(Locator::Css("#prompt button"))
        .await
        .expect("enter")
        .click()
        .await
        .expect("click");
    let out = wait_for(&c, "#out", "This host: Primary - Active").await;
    assert!(
        out.contains("Other host: Secondary - Standby Ready"),
        "{out}"
    );
    // Pull the inside cable: the secondary takes over (virtual time runs
    // ten times faster than real time, the hold time is 25 s).
    c.find(Locator::Css("#pull"))
        .await
        .expect("pull")
        .click()
        .await
        .expect("click");
    wait_for(&c, "[data-unit=secondary]", "secondary: Active").await;
    wait_for(&c, "[data-unit=primary]", "primary: Failed").await;
    c.close().await.expect("close");
}
