//! Presenter playback: a demo script played statement by statement, its
//! notes shown as captions, its pauses stopping playback until the
//! presenter continues.

use wasm_bindgen_test::*;

mod common;

use common::{choose, click_label, text_of};

wasm_bindgen_test_configure!(run_in_browser);

fn caption(root: &web_sys::Element) -> Option<String> {
    root.query_selector("section.demo .caption")
        .unwrap()
        .and_then(|e| e.text_content())
}

fn progress(root: &web_sys::Element) -> String {
    text_of(root, "section.demo .progress")
}

#[wasm_bindgen_test]
async fn notes_are_captions_and_a_pause_stops_playback() {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    click_label(&root, "why did sessions drop").await;
    assert_eq!(
        text_of(&root, "[aria-label='why sessions dropped now']"),
        "no sessions dropped"
    );
    click_label(&root, "why did sessions drop").await;
    choose(&root, "choose a lesson", "1").await;
    assert!(root.query_selector("section.lesson ol").unwrap().is_some());
    choose(&root, "choose a demo", "0").await;
    assert!(
        root.query_selector("section.lesson ol").unwrap().is_none(),
        "a demo's lab ends the lesson in progress"
    );
    assert_eq!(caption(&root), None, "no caption before the first note");
    click_label(&root, "next statement").await;
    assert!(caption(&root).unwrap().starts_with("Two ASAs"));
    // Step to the first pause: the lab moves on (the wait ran).
    for _ in 0..6 {
        click_label(&root, "next statement").await;
    }
    assert!(progress(&root).starts_with("Paused"), "{}", progress(&root));
    assert!(text_of(&root, "[aria-label='virtual clock']").starts_with("00:01:02"));
    assert!(caption(&root).unwrap().contains("50 TCP sessions"));
    // Continue plays on by itself until the next pause.
    click_label(&root, "continue").await;
    for _ in 0..40 {
        gloo_timers::future::TimeoutFuture::new(250).await;
        yew::scheduler::flush().await;
        if progress(&root).starts_with("Paused") {
            break;
        }
    }
    assert!(progress(&root).starts_with("Paused"), "{}", progress(&root));
    assert!(
        caption(&root).unwrap().contains("stateful link fails"),
        "{:?}",
        caption(&root)
    );
    let at = progress(&root);
    gloo_timers::future::TimeoutFuture::new(1500).await;
    yew::scheduler::flush().await;
    assert_eq!(progress(&root), at, "a pause holds until continued");
    // Play to the end: the closing `why` explains the drops.
    click_label(&root, "continue").await;
    for _ in 0..40 {
        gloo_timers::future::TimeoutFuture::new(250).await;
        yew::scheduler::flush().await;
        if progress(&root) == "The demo is over." {
            break;
        }
    }
    assert_eq!(progress(&root), "The demo is over.");
    assert!(
        root.query_selector("section.demo .why-lines")
            .unwrap()
            .is_some(),
        "{}",
        text_of(&root, "section.demo")
    );
    let why = text_of(&root, "section.demo .why-lines");
    assert!(why.contains("50 tcp dropped: stale state"), "{why}");
    assert!(
        why.contains("10 http dropped: HTTP not replicated"),
        "{why}"
    );
    // Starting a lesson replaces the demo's lab: the demo closes.
    choose(&root, "choose a lesson", "1").await;
    assert!(root
        .query_selector("section.demo .demo-controls")
        .unwrap()
        .is_none());
    choose(&root, "choose a demo", "0").await;
    click_label(&root, "close demo").await;
    assert_eq!(caption(&root), None);
    root.remove();
}
