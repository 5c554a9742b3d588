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
    console_log!(
        "half-hour lab: script {} B, link fragment {} chars compressed, {} uncompressed",
        script.len(),
        new.len(),
        old.len()
    );
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

/// Pastes text into an input as the browser does (a `paste` event with the
/// text on its clipboard data); returns whether the page took it over.
async fn paste(el: &web_sys::HtmlInputElement, text: &str) -> bool {
    let data = web_sys::DataTransfer::new().unwrap();
    data.set_data("text/plain", text).unwrap();
    let init = web_sys::ClipboardEventInit::new();
    init.set_clipboard_data(Some(&data));
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).unwrap();
    let kept = el.dispatch_event(&ev).unwrap();
    yew::scheduler::flush().await;
    !kept
}

#[wasm_bindgen_test]
async fn a_pasted_configuration_runs_line_by_line() {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    let inp = common::input(&root, "primary");
    common::type_text(&inp, "conf").await;
    let config =
        " t\nhostname PASTED-FW\r\nobject network web\n host 10.10.0.80\nend\nshow running-config | include host 10";
    assert!(paste(&inp, config).await, "the console takes the paste");
    let out = common::scrollback(&root, "primary");
    assert!(out.contains("ASA-PERIM# conf t"), "{out}");
    assert!(
        out.contains("PASTED-FW(config)# object network web"),
        "{out}"
    );
    assert!(
        out.contains("PASTED-FW(config-network-object)#  host 10.10.0.80"),
        "{out}"
    );
    assert_eq!(
        inp.value(),
        "show running-config | include host 10",
        "the unfinished last line waits on the input line"
    );
    common::key(&inp, "Enter").await;
    let out = common::scrollback(&root, "primary");
    assert!(out.contains("include host 10\n host 10.10.0.80"), "{out}");
    // One line without a break is left to the browser.
    common::type_text(&inp, "").await;
    assert!(!paste(&inp, "show version").await);
    root.remove();
}

#[wasm_bindgen_test]
async fn a_paste_lands_at_the_cursor() {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    let inp = common::input(&root, "primary");
    // The learner typed the filter first and went back to fill in the
    // command: the first pasted line joins the text around the cursor.
    common::type_text(&inp, "show  | include hostname").await;
    inp.set_selection_range(5, 5).unwrap();
    assert!(
        paste(
            &inp,
            "running-config\nshow version | include Serial\nshow fail"
        )
        .await
    );
    let out = common::scrollback(&root, "primary");
    assert!(
        out.contains("ASA-PERIM# show running-config | include hostname\nhostname ASA-PERIM"),
        "{out}"
    );
    assert!(
        out.contains("ASA-PERIM# show version | include Serial\nSerial Number"),
        "{out}"
    );
    assert_eq!(inp.value(), "show fail", "the unfinished line waits");
    // A selection is replaced by the paste.
    common::type_text(&inp, "show clock nameif").await;
    inp.set_selection_range(5, 10).unwrap();
    assert!(paste(&inp, "\n").await);
    let out = common::scrollback(&root, "primary");
    assert!(out.contains("ASA-PERIM# show  nameif\n"), "{out}");
    root.remove();
}

/// A click as a mouse makes it (it bubbles).
async fn click_on(el: &web_sys::Element) {
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    el.dispatch_event(&ev).unwrap();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn console_output_can_be_selected_and_copied() {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    let inp = common::input(&root, "primary");
    common::type_text(&inp, "show version").await;
    common::key(&inp, "Enter").await;
    let pre = root
        .query_selector("#primary-console .scrollback")
        .unwrap()
        .unwrap();
    let doc = web_sys::window().unwrap().document().unwrap();
    let sel = web_sys::window().unwrap().get_selection().unwrap().unwrap();
    sel.select_all_children(&pre).unwrap();
    let chosen = sel.to_string().as_string().unwrap_or_default();
    assert!(chosen.contains("show version"), "{chosen}");
    // The click that ends a drag-selection lands on the console.
    click_on(&pre).await;
    assert!(!sel.is_collapsed(), "the selection survives the click");
    assert_ne!(
        doc.active_element().map(|e| e.class_name()).as_deref(),
        Some("cmd"),
        "the input did not take the focus"
    );
    // A plain click (nothing selected) still puts the cursor on the input.
    sel.remove_all_ranges().unwrap();
    click_on(&pre).await;
    assert_eq!(
        doc.active_element().map(|e| e.class_name()).as_deref(),
        Some("cmd")
    );
    root.remove();
}

/// The cable element (if any) under a point of the page.
fn cable_at(x: f64, y: f64) -> Option<String> {
    let doc = web_sys::window().unwrap().document().unwrap();
    doc.element_from_point(x as f32, y as f32)?
        .closest("g.cable")
        .ok()??
        .get_attribute("aria-label")
}

#[wasm_bindgen_test]
async fn an_unplugged_cable_is_easy_to_click_and_shows_its_port() {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    let name = "cable primary GigabitEthernet0/1";
    let cable = by_label(&root, name);
    click_on(&cable).await;
    let cable = by_label(&root, name);
    assert_eq!(cable.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert!(cable
        .get_attribute("class")
        .unwrap_or_default()
        .contains("unplugged"));
    assert!(
        text_of(&root, &format!(".port-label[data-cable='{name}']")).contains("Gi0/1"),
        "the port is named on the cable"
    );
    cable.scroll_into_view();
    let svg = root
        .query_selector("section.topology svg")
        .unwrap()
        .unwrap();
    let scale = svg.get_bounding_client_rect().width() / 640.0;
    let wire = cable.query_selector("path.wire").unwrap().unwrap();
    let r = wire.get_bounding_client_rect();
    // A quarter of the way from the unit down to the inside switch, where
    // the unit's cables have fanned out.
    let (cx, cy) = (r.x() + r.width() / 4.0, r.y() + r.height() / 4.0);
    // 5 drawing units off the line: outside the 4-unit visible stroke, but
    // within the 14-unit hit stroke.
    assert_eq!(cable_at(cx, cy + 5.0 * scale).as_deref(), Some(name));
    assert_eq!(cable_at(cx, cy - 5.0 * scale).as_deref(), Some(name));
    root.remove();
}

#[wasm_bindgen_test]
async fn the_event_log_shows_the_newest_first_without_doubled_names() {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    for _ in 0..20 {
        click_label(&root, "step one second").await;
    }
    click_label(&root, "cable primary GigabitEthernet0/1").await;
    let first = root
        .query_selector("section.eventlog li")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap_or_default();
    // The newest events are on top: the pull's (the link down, and the
    // interface's health that follows from it at the same instant).
    assert!(
        first.contains("00:00:20.000 primary:"),
        "the newest event is on top: {first}"
    );
    let all = text_of(&root, "section.eventlog");
    let pulled = all
        .find("00:00:20.000 primary: GigabitEthernet0/1 link down")
        .expect("the link down is logged");
    let older = all.find("00:00:1").unwrap_or(usize::MAX);
    assert!(pulled < older, "newest first: {all}");
    assert!(!all.contains("primary: primary"), "{all}");
    assert!(!all.contains("secondary: secondary"), "{all}");
    root.remove();
}

#[wasm_bindgen_test]
async fn flows_contexts_groups_and_redirects_read_without_hover() {
    let script = "lab active-active\nwait 60s\ntraffic tcp 20 inside-a internet-server\n\
                  traffic udp 15 inside-b internet-server\nasymmetric on\nwait 3s\n";
    store().clear().unwrap();
    web_sys::window()
        .unwrap()
        .location()
        .set_hash(&share::fragment_for(script))
        .unwrap();
    let root = common::mount().await;
    click_label(&root, "pause").await;
    let flows = text_of(&root, "ol.flow-list");
    assert!(
        flows.contains(
            "20 sessions inside-a → internet-server through primary · context admin, group 1"
        ),
        "{flows}"
    );
    assert!(
        flows.contains("return via secondary: redirected by asr-group to primary"),
        "{flows}"
    );
    assert!(
        flows.contains(
            "15 sessions inside-b → internet-server through secondary · context ctx1, group 2"
        ),
        "{flows}"
    );
    let groups = text_of(&root, "section.topology .group-list");
    assert!(
        groups.contains("group 1: context admin · group 2: context ctx1"),
        "{groups}"
    );
    // The numbers on the drawing match the list.
    let badges = root.query_selector_all("g.flow .flow-no text").unwrap();
    assert_eq!(badges.length(), 2);
    assert_eq!(badges.item(1).unwrap().text_content().as_deref(), Some("2"));
    store().clear().unwrap();
    root.remove();
}

#[wasm_bindgen_test]
async fn the_page_explains_states_and_the_drawing() {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    for _ in 0..3 {
        click_label(&root, "step one second").await;
    }
    let legend = text_of(&root, "section.topology .legend");
    for words in [
        "failover LAN cable",
        "stateful link cable",
        "unplugged",
        "standby",
        "dropped sessions",
    ] {
        assert!(legend.contains(words), "{legend}");
    }
    let glossary = root.query_selector("details.glossary").unwrap().unwrap();
    assert!(!glossary.has_attribute("open"), "closed until asked");
    let state = root.query_selector("g.unit .unit-state").unwrap().unwrap();
    // The state's name (and its tooltip, "NAME: what it means").
    let name = state.text_content().unwrap();
    click_on(&state).await;
    assert!(
        glossary.has_attribute("open"),
        "a click on a state opens the glossary"
    );
    let focused = text_of(&root, "details.glossary dt.focus");
    assert!(
        !focused.is_empty() && name.contains(&focused),
        "{focused} / {name}"
    );
    let dd = text_of(&root, "details.glossary dd.focus");
    assert!(dd.len() > 20, "{dd}");
    // Every state the engine can show has an entry.
    let glossary_text = glossary.text_content().unwrap();
    for st in [
        "Cold Standby",
        "Sync Config",
        "Bulk Sync",
        "Standby Ready",
        "Just Active",
        "Failed",
        "Negotiation",
    ] {
        assert!(glossary_text.contains(st), "{st}");
    }
    root.remove();
}

#[wasm_bindgen_test]
async fn the_pager_says_how_to_go_on() {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    let inp = common::input(&root, "primary");
    assert!(root.query_selector(".pager-hint").unwrap().is_none());
    common::type_text(&inp, "show running-config").await;
    common::key(&inp, "Enter").await;
    let hint = text_of(&root, "#primary-console .pager-hint");
    for key in ["Space", "Enter", "q"] {
        assert!(hint.contains(key), "{hint}");
    }
    common::key(&inp, "q").await;
    assert!(root.query_selector(".pager-hint").unwrap().is_none());
    root.remove();
}

#[wasm_bindgen_test]
async fn small_things_a_new_learner_trips_over() {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    // An empty count says what is missing.
    let count: web_sys::HtmlInputElement = by_label(&root, "sessions or rate").dyn_into().unwrap();
    count.set_value("");
    count
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    click_label(&root, "open sessions").await;
    let err = text_of(&root, ".traffic .error");
    assert!(err.contains("whole number"), "{err}");

    // A powered-off console neither completes nor takes a line.
    click_label(&root, "power secondary").await;
    let inp = common::input(&root, "secondary");
    assert!(inp.disabled(), "a powered-off console takes no input");
    assert!(
        inp.placeholder().contains("powered off"),
        "{}",
        inp.placeholder()
    );
    click_label(&root, "power secondary").await;
    assert!(!common::input(&root, "secondary").disabled());

    // Tab lists several candidates in alphabetical order.
    for _ in 0..30 {
        click_label(&root, "step one second").await;
    }
    let inp = common::input(&root, "primary");
    common::type_text(&inp, "c").await;
    common::key(&inp, "Tab").await;
    let out = common::scrollback(&root, "primary");
    assert!(out.contains("clear  configure  copy"), "{out}");

    // Reset clears the old messages.
    click_label(&root, "copy share link").await;
    assert!(root.query_selector(".savebar .message").unwrap().is_some());
    click_label(&root, "reset lab").await;
    assert!(root.query_selector(".savebar .message").unwrap().is_none());
    assert!(root
        .query_selector(".savebar .share-link")
        .unwrap()
        .is_none());

    // Narrow screens: a tab per pane.
    click_label(&root, "topology pane").await;
    let grid = root.query_selector("main.grid").unwrap().unwrap();
    assert!(
        grid.class_name().contains("show-topology"),
        "{}",
        grid.class_name()
    );
    assert_eq!(
        by_label(&root, "topology pane")
            .get_attribute("aria-selected")
            .as_deref(),
        Some("true")
    );
    click_label(&root, "charts pane").await;
    assert!(grid.class_name().contains("show-charts"));
    root.remove();
}

#[wasm_bindgen_test]
fn the_state_timeline_names_each_state_and_marks_takeovers() {
    use asa_core::charts::{state_bands, timeline_rows};
    use asa_web::engine::Status;
    let mut e = Engine::new(Template::ActiveStandby).unwrap();
    e.tick(Duration::from_secs(60));
    e.toggle_power(UnitId::Primary);
    e.tick(Duration::from_secs(30));
    let s = e.samples();
    assert_eq!(timeline_rows(s), ["primary", "secondary"]);
    let bands = state_bands(s);
    let names = |row: usize| {
        bands
            .iter()
            .filter(|b| b.row == row)
            .map(|b| b.status.to_string())
            .collect::<Vec<_>>()
    };
    let primary = names(0);
    assert!(primary.contains(&"Active".to_string()), "{primary:?}");
    assert_eq!(primary.last().map(String::as_str), Some("Powered off"));
    let secondary = names(1);
    for st in ["Cold Standby", "Standby Ready", "Active"] {
        assert!(secondary.contains(&st.to_string()), "{st}: {secondary:?}");
    }
    // Bands of a row follow each other without gaps.
    for row in 0..2 {
        let r: Vec<_> = bands.iter().filter(|b| b.row == row).collect();
        assert!(r.windows(2).all(|w| w[0].to == w[1].from), "{r:?}");
    }
    // One takeover: the secondary's, when the primary lost power (start-up
    // activation is not one).
    let t = e.takeovers();
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0].unit, UnitId::Secondary);
    assert!(t[0].from != asa_core::failover::FoState::Negotiation);
    assert!(bands.iter().any(
        |b| b.row == 1 && b.status == Status::Failover(asa_core::failover::FoState::JustActive)
    ));
    // Active/Active: a row per group on each unit.
    let mut aa = Engine::new(Template::ActiveActive).unwrap();
    aa.tick(Duration::from_secs(60));
    assert_eq!(timeline_rows(aa.samples()).len(), 4);
}

#[wasm_bindgen_test]
async fn the_timeline_reads_in_words_and_display_choices_are_remembered() {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    for _ in 0..40 {
        click_label(&root, "step one second").await;
    }
    click_label(&root, "power primary").await;
    for _ in 0..20 {
        click_label(&root, "step one second").await;
    }
    let words = text_of(&root, ".charts .timeline-words");
    assert!(
        words.contains("Now: primary Powered off · secondary Active"),
        "{words}"
    );
    assert!(words.contains("last takeover: 00:00:5"), "{words}");
    assert!(
        words.contains("secondary: Standby Ready → active ("),
        "{words}"
    );

    // Presenter and theme show their state and are remembered.
    let pressed = |l: &str| by_label(&root, l).get_attribute("aria-pressed");
    assert_eq!(pressed("presenter mode").as_deref(), Some("false"));
    assert_eq!(
        text_of(&root, "[aria-label='presenter mode']"),
        "Presenter: off"
    );
    click_label(&root, "presenter mode").await;
    click_label(&root, "light or dark theme").await;
    assert_eq!(pressed("presenter mode").as_deref(), Some("true"));
    assert_eq!(
        text_of(&root, "[aria-label='light or dark theme']"),
        "Theme: light"
    );
    root.remove();
    let again = common::mount().await;
    let app = again.query_selector(".app").unwrap().unwrap().class_name();
    assert!(app.contains("presenter") && app.contains("light"), "{app}");
    store().clear().unwrap();
    again.remove();
}

#[wasm_bindgen_test]
async fn a_first_visit_is_welcomed_once_and_offered_the_first_lesson() {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    let welcome = text_of(&root, "section.welcome");
    assert!(welcome.contains("failover pair"), "{welcome}");
    let start = text_of(&root, "[aria-label='start the first lesson']");
    assert!(start.starts_with("Start lesson: "), "{start}");
    click_label(&root, "start the first lesson").await;
    assert!(root.query_selector("section.welcome").unwrap().is_none());
    assert_eq!(select_value(&root, "choose a lesson"), "0", "lesson 1 runs");
    root.remove();
    // Remembered: the next visit goes straight to the lab.
    let again = common::mount().await;
    assert!(again.query_selector("section.welcome").unwrap().is_none());
    again.remove();
    // Closing it works the same way.
    store().clear().unwrap();
    let third = common::mount().await;
    click_label(&third, "close the welcome").await;
    assert!(third.query_selector("section.welcome").unwrap().is_none());
    assert!(store().get_item("failover-lab/welcomed").unwrap().is_some());
    store().clear().unwrap();
    third.remove();
}

#[wasm_bindgen_test]
async fn the_charts_lead_to_the_glossary_even_on_a_phone() {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    click_label(&root, "step one second").await;
    click_label(&root, "charts pane").await;
    click_label(&root, "what the states mean").await;
    let grid = root.query_selector("main.grid").unwrap().unwrap();
    assert!(
        grid.class_name().contains("show-topology"),
        "{}",
        grid.class_name()
    );
    let glossary = root.query_selector("details.glossary").unwrap().unwrap();
    assert!(glossary.has_attribute("open"));
    let focused = text_of(&root, "details.glossary dt.focus");
    let now = text_of(&root, ".charts .timeline-words .now");
    assert!(
        now.contains(&format!("primary {focused}")),
        "{focused} / {now}"
    );
    root.remove();
}

/// Each port name on the drawing with what is wrong with it: no halo, no
/// tag behind it, another cable crossing it, another name overlapping it,
/// or drawn below the cables and flows.
const PORT_LABEL_PROBLEMS: &str = r#"
const out = [];
const wires = [...root.querySelectorAll('.topology .cable:not(.twin)')];
const boxes = [];
const svg = root.querySelector('.topology svg');
for (const g of wires) {
  const name = g.getAttribute('aria-label');
  const label = root.querySelector(`.port-label[data-cable="${name}"]`);
  if (!label) { out.push(name + ': no port name'); continue; }
  const t = label.querySelector('text.port');
  const cs = getComputedStyle(t);
  if (!cs.paintOrder.startsWith('stroke') || parseFloat(cs.strokeWidth) < 2 || cs.stroke === 'none')
    out.push(name + ': no halo (' + cs.paintOrder + ' ' + cs.stroke + ' ' + cs.strokeWidth + ')');
  const tag = label.querySelector('rect.port-tag');
  const b = t.getBBox();
  if (!tag) { out.push(name + ': no tag'); }
  else {
    const r = tag.getBBox();
    if (b.x < r.x - 1 || b.y < r.y - 1 || b.x + b.width > r.x + r.width + 1 || b.y + b.height > r.y + r.height + 1)
      out.push(name + ': text outside its tag');
    for (const [n, o] of boxes)
      if (r.x < o.x + o.width && o.x < r.x + r.width && r.y < o.y + o.height && o.y < r.y + r.height)
        out.push(name + ' overlaps the name of ' + n);
    boxes.push([name, r]);
  }
  // Above every cable and flow: later in the drawing's order.
  for (const w of svg.querySelectorAll('.cable, .flow'))
    if (label.compareDocumentPosition(w) & Node.DOCUMENT_POSITION_FOLLOWING)
      { out.push(name + ': drawn below ' + (w.getAttribute('aria-label') || w.className.baseVal)); break; }
  for (const o of wires) {
    if (o === g) continue;
    const p = o.querySelector('path.wire');
    const n = p.getTotalLength();
    for (let l = 0; l <= n; l += 1) {
      const q = p.getPointAtLength(l);
      if (q.x > b.x - 1 && q.x < b.x + b.width + 1 && q.y > b.y - 1 && q.y < b.y + b.height + 1) {
        out.push(name + ' crossed by ' + o.getAttribute('aria-label'));
        break;
      }
    }
  }
}
return out.join('\n');
"#;

#[wasm_bindgen_test]
async fn port_names_stay_legible_over_the_cables() {
    common::style_page();
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    for lab in ["active-standby", "active-active"] {
        choose(&root, "starting lab", lab).await;
        // With the pair up and sessions flowing (flows drawn too).
        for _ in 0..40 {
            click_label(&root, "step one second").await;
        }
        click_label(&root, "open sessions").await;
        let n = root
            .query_selector_all(".topology text.port")
            .unwrap()
            .length();
        assert!(n >= 6, "{lab}: port names drawn ({n})");
        let problems = common::js(&root, PORT_LABEL_PROBLEMS).as_string().unwrap();
        assert_eq!(problems, "", "{lab}");
        click_label(&root, "presenter mode").await;
        let problems = common::js(&root, PORT_LABEL_PROBLEMS).as_string().unwrap();
        assert_eq!(problems, "", "{lab}, presenter mode");
        click_label(&root, "presenter mode").await;
    }
    root.remove();
}

/// The font size (px, computed) of the first element matching `css`.
fn font_px(root: &web_sys::Element, css: &str) -> f64 {
    common::js(
        root,
        &format!("return parseFloat(getComputedStyle(root.querySelector({css:?})).fontSize);"),
    )
    .as_f64()
    .unwrap()
}

#[wasm_bindgen_test]
async fn the_drawings_text_follows_presenter_mode() {
    common::style_page();
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    let texts = [
        ".topology .unit-name",
        ".topology .unit-state",
        ".topology .switch text",
        ".topology .host text",
        ".topology .host .ip",
        ".topology text.port",
    ];
    let before: Vec<f64> = texts.iter().map(|t| font_px(&root, t)).collect();
    click_label(&root, "presenter mode").await;
    for (t, b) in texts.iter().zip(&before) {
        let after = font_px(&root, t);
        assert!(
            after >= b * 1.3,
            "{t}: {b}px -> {after}px in presenter mode"
        );
    }
    // The larger text still fits its boxes (squeezed when it must be), in
    // both labs.
    for lab in ["active-standby", "active-active"] {
        choose(&root, "starting lab", lab).await;
        for _ in 0..40 {
            click_label(&root, "step one second").await;
        }
        let overflow = common::js(
            &root,
            r#"
const out = [];
for (const g of root.querySelectorAll('.topology .unit, .topology .switch, .topology .host')) {
  const r = g.querySelector('rect').getBBox();
  for (const t of g.querySelectorAll(':scope > text')) {
    const b = t.getBBox();
    if (b.x < r.x || b.x + b.width > r.x + r.width || b.y < r.y || b.y + b.height > r.y + r.height)
      out.push(t.textContent + ' [' + [b.x, b.y, b.width, b.height].map(Math.round) + '] outside [' + [r.x, r.y, r.width, r.height].map(Math.round) + ']');
  }
}
return out.join('\n');
"#,
        )
        .as_string()
        .unwrap();
        assert_eq!(overflow, "", "{lab}");
    }
    click_label(&root, "presenter mode").await;
    root.remove();
}

/// The lab of another tab: the active-standby lab with its hostname set.
fn other_tabs_lab(hostname: &str) -> String {
    let mut e = Engine::new(Template::ActiveStandby).unwrap();
    e.type_line(UnitId::Primary, "configure terminal");
    e.type_line(UnitId::Primary, &format!("hostname {hostname}"));
    e.to_script()
}

/// Types a command line into the primary console.
async fn enter(root: &web_sys::Element, line: &str) {
    let inp = common::input(root, "primary");
    common::type_text(&inp, line).await;
    common::key(&inp, "Enter").await;
}

/// The labs kept by tabs that gave up the shared autosave.
fn kept_by_tabs(s: &web_sys::Storage) -> Vec<String> {
    (0..s.length().unwrap())
        .filter_map(|i| s.key(i).unwrap())
        .filter(|k| k.starts_with(asa_web::autosave::TAB_PREFIX))
        .map(|k| s.get_item(&k).unwrap().unwrap())
        .collect()
}

/// Lets the autosave (every second) run.
async fn autosave_runs() {
    gloo_timers::future::TimeoutFuture::new(1300).await;
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn two_tabs_never_overwrite_each_others_work() {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    let s = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    enter(&root, "configure terminal").await;
    enter(&root, "hostname THIS-TAB").await;
    autosave_runs().await;
    let mine = s.get_item(share::STORAGE_KEY).unwrap().unwrap();
    assert!(mine.contains("THIS-TAB"), "{mine}");

    // Another tab of the lab autosaves its own lab: the browser tells
    // this tab with a `storage` event.
    let other = other_tabs_lab("OTHER-TAB");
    s.set_item(share::STORAGE_KEY, &other).unwrap();
    let init = web_sys::StorageEventInit::new();
    init.set_key(Some(share::STORAGE_KEY));
    init.set_new_value(Some(&other));
    init.set_old_value(Some(&mine));
    let ev = web_sys::StorageEvent::new_with_event_init_dict("storage", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&ev).unwrap();
    yew::scheduler::flush().await;
    let notice = text_of(&root, ".tab-notice");
    assert!(notice.contains("open in another tab"), "{notice}");
    assert!(notice.contains("Nothing of this tab is lost"), "{notice}");

    // This tab goes on working: its work is kept apart, the other tab's
    // autosave is left alone.
    enter(&root, "hostname THIS-TAB-2").await;
    autosave_runs().await;
    assert_eq!(
        s.get_item(share::STORAGE_KEY).unwrap().unwrap(),
        other,
        "the other tab's autosave is not overwritten"
    );
    let kept = kept_by_tabs(&s);
    assert!(
        kept.iter().any(|k| k.contains("THIS-TAB-2")),
        "this tab's work is kept: {kept:?}"
    );
    root.remove();

    // A reload opens the newest tab's lab and offers this tab's back.
    let root = common::mount().await;
    click_label(&root, "pause").await;
    assert!(text_of(&root, "#primary-console .prompt").starts_with("OTHER-TAB"));
    click_label(&root, "restore lab from another tab").await;
    assert!(
        text_of(&root, "#primary-console .prompt").starts_with("THIS-TAB-2"),
        "{}",
        text_of(&root, "#primary-console .prompt")
    );
    let now = s.get_item(share::STORAGE_KEY).unwrap().unwrap();
    assert!(now.contains("THIS-TAB-2"), "{now}");
    assert!(
        kept_by_tabs(&s).contains(&other),
        "the lab it replaced is kept in its place"
    );
    let status = text_of(&root, ".savebar .message");
    assert!(status.contains("another tab kept"), "{status}");
    root.remove();
    s.clear().unwrap();
}

#[wasm_bindgen_test]
async fn a_tab_that_missed_the_storage_event_still_keeps_its_work() {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    let s = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    enter(&root, "show clock").await;
    autosave_runs().await;
    // Another tab wrote the autosave and no event came (a tab asleep in
    // the background): this tab's next save finds it and keeps apart.
    let other = other_tabs_lab("OTHER-TAB");
    s.set_item(share::STORAGE_KEY, &other).unwrap();
    enter(&root, "show version").await;
    autosave_runs().await;
    assert_eq!(s.get_item(share::STORAGE_KEY).unwrap().unwrap(), other);
    assert!(
        kept_by_tabs(&s).iter().any(|k| k.contains("show version")),
        "{:?}",
        kept_by_tabs(&s)
    );
    assert!(text_of(&root, ".tab-notice").contains("open in another tab"));
    root.remove();
    s.clear().unwrap();
}
