//! End-to-end: the release bundle served on 127.0.0.1, driven in headless
//! Chromium through chromedriver, as a learner would use it.

use std::time::Duration;

use e2e::{click, open_lab, screenshot_dir, set_field, text_of, type_at, wait_text};
use fantoccini::{Client, Locator};

#[tokio::test(flavor = "multi_thread")]
async fn a_learner_fails_the_active_unit_and_sessions_survive() {
    let (c, driver) = open_lab().await;

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
        "the failover cable is a control with an accessible name"
    );

    // The engine runs: the pair comes up and the topology shows it.
    wait_text(&c, "section.topology", "Standby Ready", 30).await;
    let topo = text_of(&c, "section.topology").await;
    assert!(topo.contains("Active"), "{topo}");

    // Type into the primary console like a learner.
    type_at(&c, "primary", "sh fail").await;
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
    set_field(&c, "sessions or rate", "40").await;
    click(&c, "[aria-label='open sessions']").await;
    wait_text(&c, "pre.sessions", "tcp total 40 alive 40", 10).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    click(&c, "[aria-label='cable primary GigabitEthernet0/1']").await;
    wait_text(&c, "section.topology", "Failed", 20).await;
    type_at(&c, "secondary", "show failover | include This host").await;
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

/// The charts are a module of their own: the page does not ask for it
/// before the app runs (it is not in the first load), fetches it after the
/// app's own module, and it draws on the canvas.
#[tokio::test(flavor = "multi_thread")]
async fn the_charts_arrive_as_a_module_of_their_own_after_the_first_load() {
    let dist = e2e::ensure_dist();
    let index = std::fs::read_to_string(dist.join("index.html")).expect("dist/index.html");
    assert!(
        !index.contains("asa-charts"),
        "the page itself does not load or preload the chart module: {index}"
    );
    for f in ["asa-charts.js", "asa-charts_bg.wasm"] {
        assert!(dist.join(f).is_file(), "dist/{f} missing");
    }
    let (c, driver) = open_lab().await;
    let bright = "const c = document.querySelector('section.charts canvas'); \
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; \
        for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] > 300) n++; \
        return n;";
    let mut drawn = 0;
    for _ in 0..100 {
        drawn = c
            .execute(bright, vec![])
            .await
            .expect("read the canvas")
            .as_u64()
            .unwrap_or(0);
        if drawn > 1000 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(
        drawn > 1000,
        "the charts were drawn ({drawn} bright pixels)"
    );
    let status = c
        .execute(
            "const s = document.querySelector('.charts-status'); return s ? s.textContent : '';",
            vec![],
        )
        .await
        .expect("status");
    assert_eq!(
        status.as_str(),
        Some(""),
        "no loading or error line is left"
    );
    let fetched = c
        .execute(
            "return performance.getEntriesByType('resource') \
                .filter(e => e.name.endsWith('.wasm')) \
                .map(e => [e.name.split('/').pop(), e.startTime, e.responseEnd]);",
            vec![],
        )
        .await
        .expect("resource timing");
    let fetched = fetched.as_array().expect("a list");
    let find = |prefix: &str| {
        fetched
            .iter()
            .find(|e| e[0].as_str().is_some_and(|n| n.starts_with(prefix)))
            .unwrap_or_else(|| panic!("{prefix}* was not fetched: {fetched:?}"))
            .clone()
    };
    let app = find("asa-web");
    let charts = find("asa-charts");
    assert!(
        charts[1].as_f64() >= app[2].as_f64(),
        "the chart module is fetched once the app's module is there: {fetched:?}"
    );
    c.close().await.expect("close");
    drop(driver);
}

/// Chooses an option of a `<select>` found by its accessible name.
async fn choose(c: &Client, label: &str, value: &str) {
    let js = format!(
        "const e = document.querySelector(\"[aria-label='{label}']\"); \
         e.value = '{value}'; e.dispatchEvent(new Event('change', {{ bubbles: true }}));"
    );
    c.execute(&js, vec![]).await.expect("choose an option");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_learner_watches_both_contexts_and_asymmetric_return_traffic() {
    let (c, driver) = open_lab().await;
    choose(&c, "starting lab", "active-active").await;
    click(&c, "[aria-label='speed 10x']").await;
    // Each group comes up on its own unit.
    wait_text(&c, "section.topology", "G2 Standby Ready", 30).await;
    wait_text(&c, "section.topology", "G1 Standby Ready", 30).await;
    let label = c
        .find(Locator::Css("g.unit[aria-label^='primary unit']"))
        .await
        .expect("primary unit")
        .attr("aria-label")
        .await
        .expect("label")
        .unwrap_or_default();
    assert!(
        label.contains("group 1 Active") && label.contains("group 2 Standby Ready"),
        "{label}"
    );
    // Traffic of both contexts at once, each through its own unit.
    set_field(&c, "sessions or rate", "20").await;
    choose(&c, "from host", "inside-a").await;
    choose(&c, "to host", "internet-server").await;
    click(&c, "[aria-label='open sessions']").await;
    choose(&c, "from host", "inside-b").await;
    click(&c, "[aria-label='open sessions']").await;
    wait_text(&c, "pre.sessions", "tcp total 40 alive 40", 10).await;
    let flows = c
        .execute(
            "return Array.from(document.querySelectorAll('g.flow')).map(e => e.getAttribute('aria-label')).join('\\n');",
            vec![],
        )
        .await
        .expect("flows")
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        flows.contains("inside-a → internet-server via context admin (group 1)"),
        "{flows}"
    );
    assert!(
        flows.contains("inside-b → internet-server via context ctx1 (group 2)"),
        "{flows}"
    );
    // Return traffic through the other ISP link is redirected by asr-group.
    click(&c, "[aria-label='asymmetric routing']").await;
    let topo = wait_text(&c, "section.topology", "redirected by asr-group", 10).await;
    assert!(topo.contains("return traffic"), "{topo}");
    tokio::time::sleep(Duration::from_secs(5)).await;
    let sessions = text_of(&c, "pre.sessions").await;
    assert!(
        sessions.contains("tcp total 40 alive 40 closed 0 dropped 0"),
        "{sessions}"
    );
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(screenshot_dir().join("active-active.png"), png).expect("save screenshot");
    c.close().await.expect("close");
    drop(driver);
}
