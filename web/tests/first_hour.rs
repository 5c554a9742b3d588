//! A learner's first hour in the browser (issue 14): the traffic panel
//! follows the lab, share links open as a copy, the console can be copied
//! and pasted into, the page explains itself.

use asa_core::labs::Template;
use asa_core::net::{Port, UnitId};
use asa_core::time::Duration;
use asa_web::engine::Engine;
use asa_web::share;
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

/// A lab a learner might share after half an hour: configuration typed,
/// show commands, traffic, cables pulled and plugged back, time passing.
fn half_hour_lab() -> Engine {
    let mut e = Engine::new(Template::ActiveStandby).unwrap();
    e.tick(Duration::from_secs(30));
    for line in [
        "configure terminal",
        "hostname HALF-HOUR",
        "failover polltime unit 1 holdtime 3",
        "object network web",
        "host 10.10.0.80",
        "end",
    ] {
        e.type_line(UnitId::Primary, line);
    }
    e.traffic(
        asa_core::traffic::Kind::Tcp,
        50,
        "inside-host",
        "outside-server",
        false,
    )
    .unwrap();
    for i in 0..30u64 {
        e.tick(Duration::from_secs(20 + i));
        e.type_line(UnitId::Primary, "show failover");
        e.type_line(UnitId::Secondary, "show conn count");
        if i % 5 == 0 {
            e.toggle_cable(UnitId::Primary, Port::parse("gi0/1").unwrap());
            e.tick(Duration::from_secs(16));
            e.toggle_cable(UnitId::Primary, Port::parse("gi0/1").unwrap());
        }
    }
    e
}

#[wasm_bindgen_test]
fn share_links_are_compressed_and_old_links_still_open() {
    let script = half_hour_lab().to_script();
    let new = share::fragment_for(&script);
    let old = share::plain_fragment_for(&script);
    assert!(new.starts_with("#lab2="), "{new}");
    assert!(
        new.len() * 3 <= old.len(),
        "a compressed link is at most a third of the old one: {} vs {}",
        new.len(),
        old.len()
    );
    assert_eq!(share::script_from_fragment(&new).unwrap().unwrap(), script);
    assert_eq!(
        share::script_from_fragment(&old).unwrap().unwrap(),
        script,
        "links made before compression still open"
    );
    // Damaged links are refused, never a panic.
    for bad in [
        "#lab2=",
        "#lab2=AAAA",
        "#lab2=%%%",
        "#lab2=_-_-_-_-",
        "#lab=%%%",
    ] {
        assert!(share::script_from_fragment(bad).unwrap().is_err(), "{bad}");
    }
    assert!(share::script_from_fragment("#somewhere").is_none());
}

fn store() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn hash() -> String {
    web_sys::window().unwrap().location().hash().unwrap()
}

#[wasm_bindgen_test]
async fn a_share_link_opens_as_a_copy_and_the_previous_lab_is_kept() {
    let mut mine = Engine::new(Template::ActiveActive).unwrap();
    mine.tick(Duration::from_secs(5));
    let mine = mine.to_script();
    let mut shared = Engine::new(Template::ActiveStandby).unwrap();
    shared.tick(Duration::from_secs(30));
    for line in ["configure terminal", "hostname SHARED-FW", "end"] {
        shared.type_line(UnitId::Primary, line);
    }
    store().clear().unwrap();
    store().set_item(share::STORAGE_KEY, &mine).unwrap();
    web_sys::window()
        .unwrap()
        .location()
        .set_hash(&share::fragment_for(&shared.to_script()))
        .unwrap();
    let root = common::mount().await;
    click_label(&root, "pause").await;
    assert_eq!(hash(), "", "the link left the address bar");
    assert_eq!(select_value(&root, "starting lab"), "active-standby");
    assert_eq!(text_of(&root, "#primary-console .prompt"), "SHARED-FW# ");
    let status = text_of(&root, ".savebar .message");
    assert!(status.contains("as a copy"), "{status}");
    assert_eq!(
        store().get_item(share::PREVIOUS_KEY).unwrap().as_deref(),
        Some(mine.as_str()),
        "the learner's own lab is kept"
    );
    click_label(&root, "restore previous lab").await;
    assert_eq!(select_value(&root, "starting lab"), "active-active");
    assert!(
        store()
            .get_item(share::PREVIOUS_KEY)
            .unwrap()
            .unwrap_or_default()
            .contains("hostname SHARED-FW"),
        "the shared copy is kept in turn"
    );
    assert_eq!(
        store().get_item(share::STORAGE_KEY).unwrap().as_deref(),
        Some(mine.as_str())
    );
    store().clear().unwrap();
    root.remove();
}

#[wasm_bindgen_test]
async fn a_damaged_share_link_leaves_the_learners_lab_alone() {
    let mut mine = Engine::new(Template::ActiveActive).unwrap();
    mine.tick(Duration::from_secs(5));
    let mine = mine.to_script();
    store().clear().unwrap();
    store().set_item(share::STORAGE_KEY, &mine).unwrap();
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("#lab2=AAAAAA")
        .unwrap();
    let root = common::mount().await;
    click_label(&root, "pause").await;
    assert_eq!(hash(), "");
    assert_eq!(select_value(&root, "starting lab"), "active-active");
    let status = text_of(&root, ".savebar .message");
    assert!(status.contains("Could not open the shared lab"), "{status}");
    assert!(status.contains("Your own lab is open"), "{status}");
    assert_eq!(
        store().get_item(share::STORAGE_KEY).unwrap().as_deref(),
        Some(mine.as_str())
    );
    assert!(store().get_item(share::PREVIOUS_KEY).unwrap().is_none());
    store().clear().unwrap();
    root.remove();
}

#[wasm_bindgen_test]
async fn share_link_is_offered_without_touching_the_address_bar() {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    click_label(&root, "step one second").await;
    click_label(&root, "copy share link").await;
    assert_eq!(hash(), "", "the address bar is left alone");
    let link = by_label(&root, "share link")
        .dyn_into::<web_sys::HtmlInputElement>()
        .unwrap()
        .value();
    let frag = &link[link.find('#').expect("a fragment")..];
    let script = share::script_from_fragment(frag).unwrap().unwrap();
    assert!(script.contains("lab active-standby"), "{script}");
    assert!(script.contains("wait 1s"), "{script}");
    let status = text_of(&root, ".savebar .message");
    assert!(status.contains("Share link"), "{status}");
    assert!(status.contains(&link.len().to_string()), "{status}");
    root.remove();
}
