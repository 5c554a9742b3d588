//! Component tests of what the learner operates besides typing commands:
//! line editing keys, the pager's Enter, console messages arriving while a
//! line is being typed, output rendered as text, the toolbar (step, reset,
//! speed, presenter, theme), the event log's unit filter, cables by
//! keyboard, and a share link opening the same lab.

use asa_core::labs::Template;
use asa_core::net::UnitId;
use asa_core::pager::MORE;
use asa_core::time::Duration;
use asa_web::engine::Engine;
use asa_web::share;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;

use common::{
    by_label, choose, click_label, ctrl_key, input, key, key_on, scrollback, text_of, type_text,
};

wasm_bindgen_test_configure!(run_in_browser);

/// Pauses the clock so the test alone moves virtual time (with Step).
async fn paused() -> web_sys::Element {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    root
}

#[wasm_bindgen_test]
async fn line_editing_keys_and_the_pagers_enter() {
    let root = paused().await;
    let inp = input(&root, "primary");
    type_text(&inp, "show failover").await;
    ctrl_key(&inp, "a").await;
    assert_eq!(
        inp.selection_start().unwrap(),
        Some(0),
        "Ctrl-A: line start"
    );
    ctrl_key(&inp, "e").await;
    assert_eq!(inp.selection_start().unwrap(), Some(13), "Ctrl-E: line end");
    ctrl_key(&inp, "u").await;
    assert_eq!(inp.value(), "", "Ctrl-U erases the line");
    type_text(&inp, "show vers").await;
    ctrl_key(&inp, "c").await;
    assert_eq!(inp.value(), "", "Ctrl-C abandons the line");
    assert!(
        !scrollback(&root, "primary").contains("show vers"),
        "nothing was run"
    );

    type_text(&inp, "show running-config").await;
    key(&inp, "Enter").await;
    let paged = scrollback(&root, "primary");
    assert!(paged.trim_end().ends_with(MORE), "{paged}");
    let before = paged.lines().count();
    key(&inp, "Enter").await;
    let one = scrollback(&root, "primary");
    assert_eq!(
        one.lines().count(),
        before + 1,
        "Enter shows one more line:\n{one}"
    );
    assert!(one.trim_end().ends_with(MORE), "{one}");
    key(&inp, "q").await;
    root.remove();
}

#[wasm_bindgen_test]
async fn console_messages_arrive_while_a_line_is_typed() {
    let root = paused().await;
    let inp = input(&root, "primary");
    type_text(&inp, "show fail").await;
    for _ in 0..20 {
        click_label(&root, "step one second").await;
    }
    let out = scrollback(&root, "primary");
    assert!(out.contains("Switching to Active"), "{out}");
    assert_eq!(inp.value(), "show fail", "the typed line is kept");
    key(&inp, "Enter").await;
    assert!(scrollback(&root, "primary").contains("This host: Primary - Active"));
    root.remove();
}

#[wasm_bindgen_test]
async fn console_output_is_text_never_html() {
    let root = paused().await;
    let inp = input(&root, "primary");
    type_text(&inp, "show <b>bold</b><img src=x onerror=alert(1)>").await;
    key(&inp, "Enter").await;
    let back = root
        .query_selector("#primary-console .scrollback")
        .unwrap()
        .unwrap();
    assert!(
        back.text_content()
            .unwrap()
            .contains("show <b>bold</b><img src=x onerror=alert(1)>"),
        "the line is shown as typed"
    );
    assert!(back.query_selector("b, img").unwrap().is_none());
    assert!(back.text_content().unwrap().contains("Invalid input"));
    root.remove();
}

#[wasm_bindgen_test]
async fn toolbar_steps_resets_and_changes_display() {
    let root = paused().await;
    let clock = || text_of(&root, "[aria-label='virtual clock']");
    let start = clock();
    click_label(&root, "step one second").await;
    click_label(&root, "step one second").await;
    assert_ne!(clock(), start, "Step advances the virtual clock");
    assert!(clock().contains("00:00:02"), "{}", clock());
    click_label(&root, "reset lab").await;
    assert!(
        clock().contains("00:00:00"),
        "Reset starts over: {}",
        clock()
    );

    click_label(&root, "speed 100x").await;
    let pressed = |label: &str| by_label(&root, label).get_attribute("aria-pressed");
    assert_eq!(pressed("speed 100x").as_deref(), Some("true"));
    assert_eq!(pressed("speed 1x").as_deref(), Some("false"));

    let app = || {
        root.query_selector(".app")
            .unwrap()
            .unwrap()
            .get_attribute("class")
            .unwrap_or_default()
    };
    assert!(!app().contains("presenter"), "{}", app());
    click_label(&root, "presenter mode").await;
    assert!(app().contains("presenter"), "{}", app());
    let dark = app().contains("dark");
    click_label(&root, "light or dark theme").await;
    assert_eq!(app().contains("dark"), !dark, "{}", app());
    assert_eq!(app().contains("light"), dark, "{}", app());
    root.remove();
}

#[wasm_bindgen_test]
async fn event_log_filters_by_unit() {
    let root = paused().await;
    for _ in 0..20 {
        click_label(&root, "step one second").await;
    }
    let units = |root: &web_sys::Element| -> Vec<String> {
        let list = root.query_selector_all("section.eventlog li .u").unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i)?.text_content())
            .collect()
    };
    let all = units(&root);
    assert!(all.iter().any(|u| u == "primary"), "{all:?}");
    assert!(all.iter().any(|u| u == "secondary"), "{all:?}");
    choose(&root, "event log filter", "secondary").await;
    let only = units(&root);
    assert!(!only.is_empty());
    assert!(only.iter().all(|u| u == "secondary"), "{only:?}");
    root.remove();
}

#[wasm_bindgen_test]
async fn cables_and_power_answer_the_keyboard() {
    let root = paused().await;
    let label = "cable secondary GigabitEthernet0/2";
    let cable = by_label(&root, label);
    assert_eq!(cable.get_attribute("tabindex").as_deref(), Some("0"));
    key_on(&cable, "Enter", false).await;
    let cable = by_label(&root, label);
    assert_eq!(cable.get_attribute("aria-pressed").as_deref(), Some("true"));
    key_on(&cable, " ", false).await;
    let cable = by_label(&root, label);
    assert_eq!(
        cable.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    let power = by_label(&root, "power primary");
    key_on(&power, "Enter", false).await;
    assert!(text_of(&root, "section.topology").contains("Powered off"));
    root.remove();
}

#[wasm_bindgen_test]
async fn a_share_link_opens_the_same_lab() {
    let mut e = Engine::new(Template::ActiveStandby).unwrap();
    e.tick(Duration::from_secs(30));
    for line in ["configure terminal", "hostname SHARED-FW", "end"] {
        e.type_line(UnitId::Primary, line);
    }
    let frag = share::fragment_for(&e.to_script());
    let win = web_sys::window().unwrap();
    win.local_storage().unwrap().unwrap().clear().unwrap();
    win.location().set_hash(&frag).unwrap();
    let root = common::mount().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("Opened the shared lab"), "{text}");
    assert_eq!(
        text_of(&root, "#primary-console .prompt"),
        "SHARED-FW# ",
        "the shared configuration is there"
    );
    assert!(scrollback(&root, "primary").contains("hostname SHARED-FW"));
    win.location().set_hash("").unwrap();
    win.local_storage().unwrap().unwrap().clear().unwrap();
    root.remove();
}

#[wasm_bindgen_test]
async fn a_shared_active_active_lab_is_named_in_the_toolbar() {
    let mut e = Engine::new(Template::ActiveActive).unwrap();
    e.tick(Duration::from_secs(5));
    let frag = share::fragment_for(&e.to_script());
    let win = web_sys::window().unwrap();
    win.local_storage().unwrap().unwrap().clear().unwrap();
    win.location().set_hash(&frag).unwrap();
    let root = common::mount().await;
    let picker: web_sys::HtmlSelectElement =
        common::by_label(&root, "starting lab").dyn_into().unwrap();
    assert_eq!(
        picker.value(),
        "active-active",
        "the toolbar names the opened lab"
    );
    win.location().set_hash("").unwrap();
    win.local_storage().unwrap().unwrap().clear().unwrap();
    root.remove();
}

/// A keydown on the console input; returns whether the console kept it
/// (default prevented: Tab completed) or let the browser move the focus.
async fn tab_kept(el: &web_sys::HtmlInputElement, shift: bool) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Tab");
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&ev).unwrap();
    yew::scheduler::flush().await;
    ev.default_prevented()
}

#[wasm_bindgen_test]
async fn the_keyboard_can_leave_a_console() {
    let root = common::mount_fresh().await;
    let el = input(&root, "primary");
    // Tab on an empty line leaves the console; with text it completes.
    assert!(!tab_kept(&el, false).await, "Tab on an empty line moves on");
    common::type_text(&el, "sh").await;
    assert!(tab_kept(&el, false).await, "Tab completes a word");
    assert_eq!(el.value(), "show ");
    // Shift+Tab, and Escape then Tab, leave even with text typed.
    assert!(!tab_kept(&el, true).await, "Shift+Tab moves back");
    key(&el, "Escape").await;
    assert!(!tab_kept(&el, false).await, "Esc then Tab moves on");
    assert!(tab_kept(&el, false).await, "the next Tab completes again");
    // The way out is said on the page and to screen readers.
    let hint = el.get_attribute("aria-describedby").unwrap();
    let text = root
        .query_selector(&format!("#{hint}"))
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(text.contains("Esc then Tab leaves the console"), "{text}");
    root.remove();
}
