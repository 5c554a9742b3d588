//! A learner's first hour in the browser (issue 14): the traffic panel
//! follows the lab, share links open as a copy, the console can be copied
//! and pasted into, the page explains itself.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;

use common::{by_label, choose, click_label, text_of};

wasm_bindgen_test_configure!(run_in_browser);

fn select_value(root: &web_sys::Element, label: &str) -> String {
    by_label(root, label)
        .dyn_into::<web_sys::HtmlSelectElement>()
        .unwrap()
        .value()
}

#[wasm_bindgen_test]
async fn the_traffic_panel_follows_the_lab() {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    assert_eq!(select_value(&root, "from host"), "inside-host");
    choose(&root, "starting lab", "active-active").await;
    let (from, to) = (
        select_value(&root, "from host"),
        select_value(&root, "to host"),
    );
    assert_eq!(
        (from.as_str(), to.as_str()),
        ("inside-a", "inside-b"),
        "the hosts of the lab now open"
    );
    choose(&root, "to host", "internet-server").await;
    click_label(&root, "open sessions").await;
    let sessions = text_of(&root, "pre.sessions");
    assert!(sessions.contains("tcp total 100"), "{sessions}");
    assert!(
        root.query_selector(".traffic .error").unwrap().is_none(),
        "{}",
        text_of(&root, ".traffic")
    );
    // Back to active-standby: its own hosts again.
    choose(&root, "starting lab", "active-standby").await;
    assert_eq!(select_value(&root, "from host"), "inside-host");
    click_label(&root, "open sessions").await;
    assert!(text_of(&root, "pre.sessions").contains("tcp total 100"));
    root.remove();
}
