//! The shipped lessons parse, and each can be completed by doing what its
//! steps say (and not before).

use asa_web::lessons;
use wasm_bindgen_test::*;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn shipped_lessons_parse() {
    let all = lessons::all();
    assert_eq!(
        all.len(),
        lessons::SOURCES.len(),
        "every shipped lesson parses"
    );
}

#[wasm_bindgen_test]
async fn the_panel_ticks_a_step_after_the_lab_changed() {
    let root = common::mount_fresh().await;
    common::click_label(&root, "pause").await;
    common::choose(&root, "choose a lesson", "0").await;
    let count = |css: &str| root.query_selector_all(css).unwrap().length();
    assert_eq!(
        count("section.lesson li"),
        lessons::all()[0].1.steps.len() as u32
    );
    assert_eq!(
        count("section.lesson li.done"),
        0,
        "not before the pair is up"
    );
    for _ in 0..60 {
        common::click_label(&root, "step one second").await;
    }
    assert_eq!(count("section.lesson li.done"), 1, "the pair is up");
    let current = common::text_of(&root, "section.lesson li.current");
    assert!(current.contains("100 tcp sessions"), "{current}");
    common::click_label(&root, "stop the lesson").await;
    assert_eq!(count("section.lesson li"), 0);
    root.remove();
}
