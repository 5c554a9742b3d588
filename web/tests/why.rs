//! "Why?" in the browser (issue 15): a takeover, a unit's state and the
//! dropped sessions each explained by the chain of events behind them and
//! the failover rule.

use asa_web::share;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;

use common::{click_label, text_of};

wasm_bindgen_test_configure!(run_in_browser);

/// Clicks the "Why?" topic button whose text starts with `start`.
async fn ask(root: &web_sys::Element, start: &str) {
    let buttons = root.query_selector_all(".why-topics button").unwrap();
    let b = (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .find(|b| b.text_content().unwrap_or_default().starts_with(start))
        .unwrap_or_else(|| panic!("no topic {start}: {}", text_of(root, ".why-topics")));
    b.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn a_takeover_a_state_and_the_drops_are_explained() {
    let win = web_sys::window().unwrap();
    let store = win.local_storage().unwrap().unwrap();
    store.clear().unwrap();
    let _ = win.location().set_hash("");
    store
        .set_item(
            share::STORAGE_KEY,
            "lab active-standby\nwait 60s\ntraffic http 20 inside-host outside-server\npower off primary\nwait 30s\n",
        )
        .unwrap();
    let root = common::mount().await;
    click_label(&root, "pause").await;
    assert!(
        root.query_selector(".why-lines").unwrap().is_none(),
        "nothing asked yet"
    );

    ask(&root, "takeover").await;
    let why = text_of(&root, ".why-lines");
    assert!(
        why.contains("Standby Ready -> Just Active (HELLO not heard from mate)"),
        "{why}"
    );
    assert!(
        why.contains("the rule: a unit that hears nothing from its mate"),
        "{why}"
    );
    assert!(why.contains("primary: power off"), "{why}");

    ask(&root, "secondary: Active").await;
    let why = text_of(&root, ".why-lines");
    assert!(why.contains("secondary is Active since"), "{why}");

    ask(&root, "primary: Powered off").await;
    let why = text_of(&root, ".why-lines");
    assert!(
        why.contains("primary is powered off since 00:01:00"),
        "{why}"
    );

    ask(&root, "dropped sessions").await;
    let why = text_of(&root, ".why-lines");
    assert!(why.contains("20 http dropped"), "{why}");
    assert!(why.contains("failover replication http"), "{why}");

    // The dropped sessions on the topology ask the same.
    ask(&root, "dropped sessions").await;
    assert!(root.query_selector(".why-lines").unwrap().is_none());
    click_label(&root, "why did these sessions drop").await;
    let why = text_of(&root, ".why-lines");
    assert!(why.contains("20 http dropped"), "{why}");

    // Asking again closes it.
    ask(&root, "dropped sessions").await;
    assert!(root.query_selector(".why-lines").unwrap().is_none());
    root.remove();
}
