//! The Active/Active lab in the browser: per-group state on the topology,
//! per-context flows, and the asymmetric-routing control.

use asa_core::labs::Template;
use asa_core::net::UnitId;
use asa_core::time::Duration;
use asa_web::engine::Engine;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn engine_shows_groups_contexts_and_the_return_path() {
    let mut e = Engine::new(Template::ActiveActive).unwrap();
    e.tick(Duration::from_secs(60));
    let snap = e.snapshot();
    let groups = |u: usize| {
        snap.units[u]
            .groups
            .iter()
            .map(|g| (g.id.number(), g.status.to_string(), g.contexts.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        groups(0),
        vec![
            (1, "Active".to_string(), vec!["admin".to_string()]),
            (2, "Standby Ready".to_string(), vec!["ctx1".to_string()]),
        ]
    );
    assert_eq!(
        groups(1)[1].1,
        "Active",
        "group 2 is active on the secondary"
    );
    assert!(snap.hosts.iter().any(|h| h.name == "internet-server"
        && h.switches == vec!["isp-a-sw".to_string(), "isp-b-sw".to_string()]));

    e.traffic(
        asa_core::traffic::Kind::Tcp,
        5,
        "inside-a",
        "internet-server",
        false,
    )
    .unwrap();
    e.traffic(
        asa_core::traffic::Kind::Tcp,
        3,
        "inside-b",
        "internet-server",
        false,
    )
    .unwrap();
    assert!(e.set_asymmetric(true).is_ok());
    e.tick(Duration::from_secs(1));
    let snap = e.snapshot();
    let a = snap.flows.iter().find(|f| f.from == "inside-a").unwrap();
    assert_eq!(a.forwarder, Some(UnitId::Primary));
    assert_eq!(
        a.context,
        Some(("admin".to_string(), asa_core::failover::GroupId::G1))
    );
    assert_eq!(
        a.switches,
        Some(("inside-a-sw".to_string(), "isp-a-sw".to_string()))
    );
    let ret = a.ret.as_ref().expect("asymmetric return path");
    assert_eq!(
        (ret.unit, ret.switch.as_str(), ret.redirected),
        (UnitId::Secondary, "isp-b-sw", true)
    );
    let b = snap.flows.iter().find(|f| f.from == "inside-b").unwrap();
    assert_eq!(b.forwarder, Some(UnitId::Secondary));
    assert!(snap.asymmetric);

    // The action is journaled and comes back with the saved lab.
    let script = e.to_script();
    assert!(script.contains("\nasymmetric on\n"), "{script}");
    let back = Engine::from_script(&script).unwrap();
    assert!(back.asymmetric());

    let mut plain = Engine::new(Template::ActiveStandby).unwrap();
    assert!(plain.set_asymmetric(true).is_err(), "only in active-active");
}

#[wasm_bindgen_test]
async fn picker_opens_active_active_with_group_states_and_the_toggle() {
    let root = common::mount_fresh().await;
    let select: web_sys::HtmlSelectElement =
        common::by_label(&root, "starting lab").dyn_into().unwrap();
    assert!(
        (0..select.length()).any(|i| select
            .item(i)
            .and_then(|o| o.get_attribute("value"))
            .as_deref()
            == Some("active-active")),
        "the picker offers active-active"
    );
    assert!(
        root.query_selector("[aria-label='asymmetric routing']")
            .unwrap()
            .is_none(),
        "no asymmetric control in active-standby"
    );
    common::choose(&root, "starting lab", "active-active").await;

    let unit = root
        .query_selector("g.unit[aria-label^='primary unit']")
        .unwrap()
        .unwrap();
    let label = unit.get_attribute("aria-label").unwrap();
    assert!(
        label.contains("group 1") && label.contains("group 2"),
        "{label}"
    );
    let text = common::text_of(&root, "section.topology");
    assert!(text.contains("G1 ") && text.contains("G2 "), "{text}");
    assert!(text.contains("isp-b-sw"), "all four switches drawn: {text}");
    for sel in [
        "[aria-label='cable primary GigabitEthernet0/4']",
        "[aria-label='cable secondary GigabitEthernet0/5']",
    ] {
        assert!(root.query_selector(sel).unwrap().is_some(), "{sel} missing");
    }

    let toggle: web_sys::HtmlElement = common::by_label(&root, "asymmetric routing")
        .dyn_into()
        .unwrap();
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    toggle.click();
    yew::scheduler::flush().await;
    let toggle = common::by_label(&root, "asymmetric routing");
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert!(toggle.text_content().unwrap_or_default().ends_with("on"));
    root.remove();
}
