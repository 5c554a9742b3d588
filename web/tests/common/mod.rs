//! Shared by the web test files.

#![allow(dead_code)] // each test file uses some of these

use asa_web::components::app::App;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, KeyboardEvent, KeyboardEventInit};

/// Mounts the app in a fresh element, with no autosave and no share link.
pub async fn mount_fresh() -> web_sys::Element {
    let win = web_sys::window().unwrap();
    win.local_storage().unwrap().unwrap().clear().unwrap();
    let _ = win.location().set_hash("");
    mount().await
}

/// Mounts the app as a page load would: with whatever autosave and share
/// link the test has set up. The tests have no `dist/` to load the chart
/// module from: they draw with the chart code linked in.
pub async fn mount() -> web_sys::Element {
    mount_with_charts(true).await
}

/// [`mount`], with the chart code linked in or not (then the page tries to
/// load the chart module, which the test server does not have).
pub async fn mount_with_charts(linked: bool) -> web_sys::Element {
    let code: asa_web::chart_module::DrawFn = asa_charts::draw_charts;
    asa_web::chart_module::link_chart_code(linked.then_some(code));
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

/// The element with this accessible name.
pub fn by_label(root: &web_sys::Element, label: &str) -> web_sys::Element {
    root.query_selector(&format!("[aria-label='{label}']"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element named {label}"))
}

/// Chooses an option of the `<select>` with this accessible name.
pub async fn choose(root: &web_sys::Element, label: &str, value: &str) {
    let el: web_sys::HtmlSelectElement = by_label(root, label).dyn_into().unwrap();
    el.set_value(value);
    el.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

pub fn input(root: &web_sys::Element, unit: &str) -> HtmlInputElement {
    root.query_selector(&format!("#{unit}-console input"))
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap()
}

pub fn scrollback(root: &web_sys::Element, unit: &str) -> String {
    root.query_selector(&format!("#{unit}-console .scrollback"))
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap_or_default()
}

pub async fn key(el: &HtmlInputElement, k: &str) {
    key_on(el, k, false).await
}

/// The key with Ctrl held.
pub async fn ctrl_key(el: &HtmlInputElement, k: &str) {
    key_on(el, k, true).await
}

/// A keydown on any element (cables and power buttons take Enter / Space).
pub async fn key_on(el: &web_sys::EventTarget, k: &str, ctrl: bool) {
    let init = KeyboardEventInit::new();
    init.set_key(k);
    init.set_ctrl_key(ctrl);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&ev).unwrap();
    yew::scheduler::flush().await;
}

pub async fn type_text(el: &HtmlInputElement, text: &str) {
    el.set_value(text);
    let ev = web_sys::Event::new_with_event_init_dict("input", &{
        let i = web_sys::EventInit::new();
        i.set_bubbles(true);
        i
    })
    .unwrap();
    el.dispatch_event(&ev).unwrap();
    yew::scheduler::flush().await;
}

/// Clicks the element with this accessible name.
pub async fn click_label(root: &web_sys::Element, label: &str) {
    by_label(root, label)
        .dispatch_event(&web_sys::MouseEvent::new("click").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

pub fn text_of(root: &web_sys::Element, css: &str) -> String {
    root.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("{css} missing"))
        .text_content()
        .unwrap_or_default()
}

/// Adds the page's stylesheet (as the release bundle loads it) to the test
/// page, once: for tests of what CSS decides (sizes, halos, colours).
pub fn style_page() {
    let doc = web_sys::window().unwrap().document().unwrap();
    if doc.get_element_by_id("lab-styles").is_some() {
        return;
    }
    let style = doc.create_element("style").unwrap();
    style.set_id("lab-styles");
    style.set_text_content(Some(include_str!("../../../assets/styles.css")));
    doc.head().unwrap().append_child(&style).unwrap();
}

/// Runs `body` as a JavaScript function of `root` and returns its value.
pub fn js(root: &web_sys::Element, body: &str) -> wasm_bindgen::JsValue {
    js_sys::Function::new_with_args("root", body)
        .call1(&wasm_bindgen::JsValue::NULL, root)
        .unwrap()
}

/// Types a count into the traffic panel's "sessions or rate" field.
pub async fn set_count(root: &web_sys::Element, n: &str) {
    let el: HtmlInputElement = by_label(root, "sessions or rate").dyn_into().unwrap();
    el.set_value(n);
    el.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}
