//! Component tests of the browser lab, in headless Chromium: the consoles'
//! keys, the pager, cables, and keeping the learner's work.

use asa_core::labs::Template;
use asa_core::net::{Port, UnitId};
use asa_core::pager::MORE;
use asa_core::time::Duration;
use asa_web::engine::Engine;
use asa_web::share;
use wasm_bindgen_test::*;

mod common;

use common::{input, key, scrollback, type_text};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn console_enter_history_help_and_pager() {
    let root = common::mount_fresh().await;
    let inp = input(&root, "primary");
    type_text(&inp, "sh version | include Serial").await;
    key(&inp, "Enter").await;
    let out = scrollback(&root, "primary");
    assert!(
        out.contains("ASA-PERIM# sh version | include Serial"),
        "{out}"
    );
    assert!(out.contains("Serial Number: 9AGKQ2VHM1L"), "{out}");
    assert_eq!(inp.value(), "", "the line is cleared after Enter");

    key(&inp, "ArrowUp").await;
    assert_eq!(
        inp.value(),
        "sh version | include Serial",
        "Up recalls the last command"
    );
    key(&inp, "ArrowDown").await;
    assert_eq!(inp.value(), "");

    type_text(&inp, "show fail").await;
    key(&inp, "?").await;
    let out = scrollback(&root, "primary");
    assert!(out.contains("ASA-PERIM# show fail?"), "{out}");
    assert!(
        out.lines().any(|l| l.trim() == "failover"),
        "? lists the completions at once: {out}"
    );
    assert_eq!(inp.value(), "show fail", "the typed line is kept after ?");

    key(&inp, "Tab").await;
    assert_eq!(
        inp.value(),
        "show failover ",
        "Tab completes the unique word"
    );

    type_text(&inp, "show running-config").await;
    key(&inp, "Enter").await;
    let out = scrollback(&root, "primary");
    assert!(out.trim_end().ends_with(MORE), "long output pages: {out}");
    let before = out.lines().count();
    key(&inp, " ").await;
    let after = scrollback(&root, "primary").lines().count();
    assert!(
        after > before + 10,
        "Space shows another page ({before} -> {after})"
    );
    key(&inp, "q").await;
    assert!(
        !scrollback(&root, "primary").contains(MORE),
        "q leaves the pager"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn cable_toggle_and_power_are_controls() {
    let root = common::mount_fresh().await;
    let cable = root
        .query_selector("[aria-label='cable primary GigabitEthernet0/1']")
        .unwrap()
        .unwrap();
    let class = |el: &web_sys::Element| el.get_attribute("class").unwrap_or_default();
    assert!(class(&cable).contains("up"), "{}", class(&cable));
    let click = web_sys::MouseEvent::new("click").unwrap();
    cable.dispatch_event(&click).unwrap();
    yew::scheduler::flush().await;
    let cable = root
        .query_selector("[aria-label='cable primary GigabitEthernet0/1']")
        .unwrap()
        .unwrap();
    assert!(class(&cable).contains("unplugged"), "{}", class(&cable));
    assert_eq!(cable.get_attribute("aria-pressed").as_deref(), Some("true"));
    let power = root
        .query_selector("[aria-label='power secondary']")
        .unwrap()
        .unwrap();
    let ev = web_sys::MouseEvent::new("click").unwrap();
    power.dispatch_event(&ev).unwrap();
    yew::scheduler::flush().await;
    let topo = root
        .query_selector("section.topology")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(topo.contains("Powered off"), "{topo}");
    root.remove();
}

#[wasm_bindgen_test]
fn saved_lab_round_trips() {
    let mut e = Engine::new(Template::ActiveStandby).unwrap();
    e.tick(Duration::from_secs(40));
    e.type_line(UnitId::Primary, "configure terminal");
    e.type_line(UnitId::Primary, "hostname SAVED");
    e.toggle_cable(UnitId::Secondary, Port(2));
    e.traffic(
        asa_core::traffic::Kind::Tcp,
        25,
        "inside-host",
        "outside-server",
        false,
    )
    .unwrap();
    e.tick(Duration::from_millis(2500));
    let script = e.to_script();
    assert!(script.starts_with(asa_web::engine::SAVE_HEADER));
    let back = Engine::from_script(&script).unwrap();
    assert_eq!(back.clock(), e.clock());
    assert_eq!(back.console(UnitId::Primary), e.console(UnitId::Primary));
    assert_eq!(
        back.console(UnitId::Secondary),
        e.console(UnitId::Secondary)
    );
    assert_eq!(back.snapshot(), e.snapshot());
    assert_eq!(back.sessions(), e.sessions());
    assert_eq!(back.typed(UnitId::Primary), e.typed(UnitId::Primary));
    // Through a share link too.
    let frag = share::fragment_for(&script);
    let decoded = share::script_from_fragment(&frag).unwrap().unwrap();
    assert_eq!(decoded, script);
}

#[wasm_bindgen_test]
fn bad_imports_are_refused_with_a_clear_message() {
    let err = Engine::from_script("hello world\n").err().unwrap();
    assert!(err.contains("line 1"), "{err}");
    let err = Engine::from_script("lab active-standby\nwait 5s\nunplug primary gi0/77\n")
        .err()
        .unwrap();
    assert_eq!(err, "error: line 3: unknown interface 'gi0/77'");
    let err = Engine::from_script("# Failover Lab saved lab, format 9\nlab blank\n")
        .err()
        .unwrap();
    assert!(err.contains("newer Failover Lab"), "{err}");
    let err = Engine::from_script("").err().unwrap();
    assert!(err.contains("lab NAME"), "{err}");
    assert!(share::script_from_fragment("#lab=%%%").unwrap().is_err());
    assert!(share::script_from_fragment("#other").is_none());
    assert_eq!(
        share::decode(&share::encode(b"any bytes\x00\xff")).unwrap(),
        b"any bytes\x00\xff"
    );
}

#[wasm_bindgen_test]
async fn a_broken_autosave_never_breaks_the_page() {
    let win = web_sys::window().unwrap();
    let store = win.local_storage().unwrap().unwrap();
    store.clear().unwrap();
    store
        .set_item(share::STORAGE_KEY, "lab active-standby\nfrobnicate\n")
        .unwrap();
    let root = common::mount().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("could not be restored"), "{text}");
    assert!(
        root.query_selector("#primary-console input")
            .unwrap()
            .is_some(),
        "the lab still works"
    );
    let kept = store
        .get_item(&format!("{}-unrestorable", share::STORAGE_KEY))
        .unwrap();
    assert_eq!(
        kept.as_deref(),
        Some("lab active-standby\nfrobnicate\n"),
        "the learner's work is kept"
    );
    store.clear().unwrap();
    root.remove();
}
