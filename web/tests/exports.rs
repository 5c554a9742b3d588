//! What the learner or instructor takes away: the lab as a script and the
//! lab's state and events as JSON (downloads; the page says it made them).

use wasm_bindgen_test::*;

mod common;

use common::{click_label, text_of};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_events_export_is_offered_as_json() {
    let root = common::mount_fresh().await;
    click_label(&root, "export events as json").await;
    assert_eq!(
        text_of(&root, ".savebar .message"),
        "Exported the lab's state and events as failover-lab-events.json."
    );
    click_label(&root, "export lab").await;
    assert_eq!(
        text_of(&root, ".savebar .message"),
        "Exported the lab as failover-lab.lab."
    );
    root.remove();
}
