//! End-to-end: the release bundle served on 127.0.0.1, driven in headless
//! Chromium through chromedriver.

use std::time::Duration;

use e2e::{chromedriver, ensure_dist, screenshot_dir, serve, CHROME_ARGS};
use fantoccini::{key::Key, ClientBuilder, Locator};

async fn text_of(c: &fantoccini::Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .expect(css)
        .text()
        .await
        .expect("text")
}

/// Polls until the element's text contains `needle` (virtual time runs at
/// 1x, so failover takes real seconds).
async fn wait_text(c: &fantoccini::Client, css: &str, needle: &str, secs: u64) -> String {
    let mut last = String::new();
    for _ in 0..secs * 10 {
        last = text_of(c, css).await;
        if last.contains(needle) {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("'{needle}' did not appear in {css}; last text:\n{last}");
}

#[tokio::test(flavor = "multi_thread")]
async fn page_renders_consoles_topology_and_engine() {
    let base = serve(ensure_dist());
    let driver = chromedriver();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({ "args": CHROME_ARGS }),
    );
    let c = ClientBuilder::rustls()
        .expect("rustls")
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("connect to chromedriver");
    c.goto(&base).await.expect("open the lab");
    c.wait()
        .for_element(Locator::Css("#primary-console"))
        .await
        .expect("primary console rendered");

    // The layout: two consoles, the topology, the charts, the engine's version.
    let header = text_of(&c, "header.controls").await;
    assert!(header.contains("Failover Lab"), "{header}");
    assert!(
        header.contains(&format!("engine v{}", asa_core::VERSION)),
        "{header}"
    );
    for sel in [
        "#secondary-console",
        "section.topology svg",
        "section.charts canvas",
    ] {
        c.find(Locator::Css(sel))
            .await
            .unwrap_or_else(|_| panic!("{sel} missing"));
    }
    let cable = c
        .find(Locator::Css(
            "[aria-label='cable primary GigabitEthernet0/3']",
        ))
        .await;
    assert!(
        cable.is_ok(),
        "failover cable is a control with an accessible name"
    );

    // The engine runs: the pair comes up and the topology shows it.
    wait_text(&c, "section.topology", "Standby Ready", 30).await;
    let topo = text_of(&c, "section.topology").await;
    assert!(topo.contains("Active"), "{topo}");

    // Type into the primary console like a learner.
    let input = c
        .find(Locator::Css("#primary-console input"))
        .await
        .expect("input");
    input.send_keys("sh fail").await.expect("type");
    input
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("enter");
    let out = wait_text(
        &c,
        "#primary-console .scrollback",
        "This host: Primary - Active",
        10,
    )
    .await;
    assert!(out.contains("ASA-PERIM# sh fail"), "{out}");
    assert!(
        out.contains("Other host: Secondary - Standby Ready"),
        "{out}"
    );

    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(screenshot_dir().join("page.png"), png).expect("save screenshot");

    // Start replicated sessions from the UI, then fail the active unit by
    // pulling its inside cable.
    let set_count = "const e = document.querySelector(\"[aria-label='sessions or rate']\"); \
        e.value = '40'; e.dispatchEvent(new Event('input', { bubbles: true }));";
    c.execute(set_count, vec![])
        .await
        .expect("set the session count");
    c.find(Locator::Css("[aria-label='open sessions']"))
        .await
        .expect("button")
        .click()
        .await
        .expect("open");
    wait_text(&c, "pre.sessions", "tcp total 40 alive 40", 10).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    c.find(Locator::Css(
        "[aria-label='cable primary GigabitEthernet0/1']",
    ))
    .await
    .expect("inside cable")
    .click()
    .await
    .expect("pull the cable");
    wait_text(&c, "section.topology", "Failed", 20).await;
    let sec = c
        .find(Locator::Css("#secondary-console input"))
        .await
        .expect("secondary input");
    sec.send_keys("show failover | include This host")
        .await
        .expect("type");
    sec.send_keys(&Key::Enter.to_string()).await.expect("enter");
    let out = wait_text(
        &c,
        "#secondary-console .scrollback",
        "This host: Secondary - ",
        10,
    )
    .await;
    assert!(
        out.contains("This host: Secondary - Just Active")
            || out.contains("This host: Secondary - Active"),
        "{out}"
    );
    let sessions = wait_text(
        &c,
        "pre.sessions",
        "tcp total 40 alive 40 closed 0 dropped 0",
        10,
    )
    .await;
    assert!(sessions.contains("alive 40"), "{sessions}");
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(screenshot_dir().join("after-failover.png"), png).expect("save screenshot");
    c.close().await.expect("close");
    drop(driver);
}
