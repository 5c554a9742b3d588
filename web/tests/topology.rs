//! The topology as a learner watches it: sessions drawn through the active
//! unit, state updates crossing the stateful link, and at a failover the
//! sessions moving to the new active unit while HTTP (not replicated) is
//! shown as dropped with its reason.

use wasm_bindgen_test::*;

mod common;

use common::{choose, click_label, set_count, text_of};

wasm_bindgen_test_configure!(run_in_browser);

async fn step(root: &web_sys::Element, secs: u32) {
    for _ in 0..secs {
        click_label(root, "step one second").await;
    }
}

/// The tooltips of the flows drawn on the topology.
fn flow_titles(root: &web_sys::Element) -> Vec<String> {
    let list = root.query_selector_all("g.flow title").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.text_content())
        .collect()
}

#[wasm_bindgen_test]
async fn traffic_moves_to_the_new_active_unit_and_drops_are_named() {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    step(&root, 60).await;
    set_count(&root, "20").await;
    click_label(&root, "open sessions").await;
    choose(&root, "traffic kind", "http").await;
    set_count(&root, "5").await;
    click_label(&root, "open sessions").await;
    choose(&root, "traffic kind", "tcp").await;
    set_count(&root, "50").await;
    choose(&root, "to host", "dmz-server").await;
    click_label(&root, "set load per second").await;
    step(&root, 3).await;

    let flows = flow_titles(&root);
    assert!(!flows.is_empty());
    assert!(
        flows.iter().all(|t| t.ends_with("through primary")),
        "{flows:?}"
    );
    assert!(
        root.query_selector("g.replication[aria-label='state updates from primary']")
            .unwrap()
            .is_some(),
        "updates cross the stateful link"
    );
    assert!(root.query_selector("g.drops").unwrap().is_none());

    click_label(&root, "power primary").await;
    step(&root, 20).await;
    let flows = flow_titles(&root);
    assert!(
        flows.iter().all(|t| t.ends_with("through secondary")),
        "{flows:?}"
    );
    let drops = text_of(&root, "g.drops");
    assert!(
        drops.contains("http: 5 dropped (HTTP not replicated)"),
        "{drops}"
    );
    assert!(!drops.contains("tcp"), "replicated TCP survives: {drops}");
    let sessions = text_of(&root, "pre.sessions");
    assert!(sessions.contains("http total 5 alive 0"), "{sessions}");
    root.remove();
}

#[wasm_bindgen_test]
async fn counts_and_rates_the_lab_cannot_hold_are_refused_in_the_panel() {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    set_count(&root, "999999999999").await;
    click_label(&root, "open sessions").await;
    let alert = common::text_of(&root, "p.error[role=alert]");
    assert!(
        alert.contains("the lab holds at most 10000000 sessions at once; 0 are open"),
        "{alert}"
    );
    set_count(&root, "1000000000").await;
    click_label(&root, "set load per second").await;
    let alert = common::text_of(&root, "p.error[role=alert]");
    assert!(
        alert.contains("at most 1000000 new sessions a second"),
        "{alert}"
    );
    // Nothing was opened and the page still works.
    set_count(&root, "10").await;
    click_label(&root, "open sessions").await;
    assert!(root
        .query_selector("p.error[role=alert]")
        .unwrap()
        .is_none());
}
