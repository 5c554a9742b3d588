//! A lab opened from a share link or a file is untrusted: a hostile one is
//! refused before it runs, with the line that goes over, and the learner's
//! own lab stays open.

use asa_web::engine::Engine;
use asa_web::share;
use wasm_bindgen_test::*;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

const HOSTILE: &str =
    "lab active-standby\nwait 60s\nload tcp 1000000 inside-host outside-server\nwait 24h\n";

#[wasm_bindgen_test]
fn a_hostile_lab_is_refused_before_it_runs() {
    let t0 = js_sys::Date::now();
    let err = Engine::from_script(HOSTILE).err().expect("refused");
    assert!(
        err.starts_with(
            "error: line 4: by this line the lab would open more than 20,000,000 sessions"
        ),
        "{err}"
    );
    // Checked, not run: far below a second.
    assert!(js_sys::Date::now() - t0 < 1000.0);
    let big = format!("lab active-standby\n{}", "wait 1ms\n".repeat(50_001));
    assert!(Engine::from_script(&big)
        .err()
        .expect("refused")
        .contains("more than 50000 statements"));
}

#[wasm_bindgen_test]
async fn a_hostile_share_link_leaves_the_learners_lab_open() {
    let win = web_sys::window().unwrap();
    win.local_storage().unwrap().unwrap().clear().unwrap();
    win.location()
        .set_hash(&share::fragment_for(HOSTILE))
        .unwrap();
    let root = common::mount().await;
    let text = root.text_content().unwrap();
    assert!(
        text.contains("Could not open the shared lab: error: line 4"),
        "{text}"
    );
    assert!(text.contains("Your own lab is open, unchanged."), "{text}");
    win.location().set_hash("").unwrap();
    win.local_storage().unwrap().unwrap().clear().unwrap();
    root.remove();
}
