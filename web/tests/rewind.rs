//! Rewind / time travel (issue 15): the timeline takes the lab back to an
//! earlier moment (replayed from its journal), forward again along the
//! same journal while the learner only looks, to a new branch once they
//! act, and "Undo last action" takes back the last action.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;

use common::{by_label, click_label, input, key, text_of, type_text};

wasm_bindgen_test_configure!(run_in_browser);

/// Drags the timeline's handle to `ms` (the lab's clock) and lets go.
async fn seek(root: &web_sys::Element, ms: u64) {
    let range: web_sys::HtmlInputElement = by_label(root, "lab time").dyn_into().unwrap();
    range.set_value(&ms.to_string());
    for ev in ["input", "change"] {
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        range
            .dispatch_event(&web_sys::Event::new_with_event_init_dict(ev, &init).unwrap())
            .unwrap();
        yew::scheduler::flush().await;
    }
}

async fn type_line(root: &web_sys::Element, unit: &str, line: &str) {
    let el = input(root, unit);
    type_text(&el, line).await;
    key(&el, "Enter").await;
}

fn clock(root: &web_sys::Element) -> String {
    text_of(root, ".clock")
}

fn has_label(root: &web_sys::Element, label: &str) -> bool {
    root.query_selector(&format!("[aria-label='{label}']"))
        .unwrap()
        .is_some()
}

#[wasm_bindgen_test]
async fn the_timeline_rewinds_and_goes_forward_again_until_the_learner_acts() {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    let t0: u64 = by_label(&root, "lab time")
        .get_attribute("min")
        .unwrap()
        .parse()
        .unwrap();
    for _ in 0..3 {
        click_label(&root, "step one second").await;
    }
    click_label(&root, "open sessions").await;
    for _ in 0..2 {
        click_label(&root, "step one second").await;
    }
    let end = clock(&root);
    assert!(text_of(&root, "pre.sessions").contains("tcp total 100"));
    // The strip shows the traffic the learner opened.
    assert!(
        root.query_selector(".timeline-strip line.mark-traffic")
            .unwrap()
            .is_some(),
        "{}",
        text_of(&root, ".timeline")
    );
    assert!(!has_label(&root, "back to the latest moment"));

    // Back to before the sessions were opened.
    seek(&root, t0 + 2000).await;
    assert_ne!(clock(&root), end);
    assert!(clock(&root).ends_with(":02.000"), "{}", clock(&root));
    assert!(
        !text_of(&root, "pre.sessions").contains("tcp total 100"),
        "{}",
        text_of(&root, "pre.sessions")
    );
    assert!(has_label(&root, "play"), "the clock stops after a rewind");
    let back = text_of(&root, "[aria-label='back to the latest moment']");
    assert!(back.contains(&end), "{back} / {end}");

    // Looking around keeps the way forward.
    type_line(&root, "primary", "show failover").await;
    assert!(has_label(&root, "back to the latest moment"));
    click_label(&root, "back to the latest moment").await;
    assert_eq!(clock(&root), end);
    assert!(text_of(&root, "pre.sessions").contains("tcp total 100"));
    assert!(!has_label(&root, "back to the latest moment"));

    // Acting on a rewound lab takes a new branch: the way forward goes.
    seek(&root, t0 + 4000).await;
    assert!(text_of(&root, "pre.sessions").contains("tcp total 100"));
    assert!(has_label(&root, "back to the latest moment"));
    type_line(&root, "primary", "configure terminal").await;
    type_line(&root, "primary", "hostname NEWBRANCH").await;
    assert!(
        !has_label(&root, "back to the latest moment"),
        "{}",
        text_of(&root, ".timeline")
    );
    assert!(text_of(&root, "#primary-console").contains("NEWBRANCH(config)#"));

    // Undo: the hostname goes, the lab stays at the moment it was typed.
    let at = clock(&root);
    click_label(&root, "undo last action").await;
    assert_eq!(clock(&root), at);
    let prompt = text_of(&root, "#primary-console .prompt");
    assert!(!prompt.contains("NEWBRANCH"), "{prompt}");
    // Undo again: the sessions opened at 00:00:03 go (the configure
    // terminal line only moved between modes).
    click_label(&root, "undo last action").await;
    assert!(clock(&root).ends_with(":03.000"), "{}", clock(&root));
    assert!(!text_of(&root, "pre.sessions").contains("tcp total 100"));
    // And the way forward is kept: back to the newest moment of the branch.
    assert!(has_label(&root, "back to the latest moment"));
    click_label(&root, "back to the latest moment").await;
    assert!(text_of(&root, "#primary-console").contains("NEWBRANCH(config)#"));
    root.remove();
}

#[wasm_bindgen_test]
async fn nothing_to_undo_on_a_fresh_lab() {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    assert!(by_label(&root, "undo last action").has_attribute("disabled"));
    type_line(&root, "primary", "show version").await;
    assert!(
        by_label(&root, "undo last action").has_attribute("disabled"),
        "looking is not an action"
    );
    root.remove();
}

/// A challenge's hidden fault is not the learner's action: undo and
/// rewind stop where the learner's own part begins, and keep the fault.
#[wasm_bindgen_test]
fn a_challenge_fault_survives_undo_and_rewind() {
    use asa_core::net::UnitId;
    use asa_core::time::Duration;
    let (id, lesson) = asa_web::lessons::all()
        .into_iter()
        .find(|(_, l)| l.title.contains("standby's state is out of date"))
        .expect("challenge B");
    let (mut e, _) = asa_web::lessons::Active::start(&id, &lesson, None).unwrap();
    assert_eq!(e.script_undone(), None, "the fault is not undoable");
    e.tick(Duration::from_secs(5));
    e.type_line(UnitId::Primary, "configure terminal");
    e.type_line(UnitId::Primary, "hostname X");
    let ahead = e.ahead();
    let undone = e.script_undone().unwrap();
    assert!(
        undone.contains("unplug secondary GigabitEthernet0/4"),
        "{undone}"
    );
    assert!(!undone.contains("hostname X"), "{undone}");
    let back = e.script_at(&ahead, 0);
    assert!(
        back.contains("unplug secondary GigabitEthernet0/4"),
        "{back}"
    );
    assert!(!back.contains("wait"), "{back}");
    assert_eq!(e.rewind_floor_ms(), ahead.end_ms - 5000);
}
