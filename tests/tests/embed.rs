//! End-to-end: the engine package embedded in a plain HTML + JavaScript
//! page (`examples/embed/`), in headless Chromium.

use e2e::{click, ensure_embed_site, open_page, serve, wait_text};

#[tokio::test(flavor = "multi_thread")]
async fn the_example_page_embeds_a_console_and_the_pair_state() {
    let base = serve(ensure_embed_site());
    let (c, _driver) = open_page(&base, "body[data-ready=true]").await;
    // The pair is up (the lab script waited a minute).
    wait_text(&c, "[data-unit=primary]", "primary: Active", 20).await;
    wait_text(&c, "[data-unit=secondary]", "secondary: Standby Ready", 20).await;
    // One console: the prefilled line runs on Enter.
    click(&c, "#prompt button").await;
    let out = wait_text(&c, "#out", "This host: Primary - Active", 20).await;
    assert!(
        out.contains("Other host: Secondary - Standby Ready"),
        "{out}"
    );
    // Pull the inside cable: the secondary takes over (virtual time runs
    // ten times faster than real time, the hold time is 25 s).
    click(&c, "#pull").await;
    wait_text(&c, "[data-unit=secondary]", "secondary: Active", 20).await;
    wait_text(&c, "[data-unit=primary]", "primary: Failed", 20).await;
    c.close().await.expect("close");
}
