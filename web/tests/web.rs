//! Web tests, run in headless Chromium by wasm-bindgen-test.

use std::rc::Rc;
use std::time::Duration;

use asa_core::labs::Template;
use asa_core::net::{Port, UnitId};
use asa_web::engine::Engine;
use asa_web::state::{Action, UiState};
use wasm_bindgen_test::*;
use yew::Reducible;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn reducer_actions() {
    let s = Rc::new(UiState::default());
    let s = s.reduce(Action::SetSpeed(10));
    assert_eq!(s.speed, 10);
    let s = s.reduce(Action::SetSpeed(7));
    assert_eq!(s.speed, 10, "only the offered speeds");
    let s = s.reduce(Action::TogglePlay);
    assert!(!s.playing);
    let r = s.revision;
    let s = s.reduce(Action::EngineChanged);
    assert_eq!(s.revision, r + 1);
    let s = s.reduce(Action::Loaded(Template::Blank));
    assert_eq!(s.template, Template::Blank);
}

#[wasm_bindgen_test]
async fn page_has_the_real_layout() {
    let root = common::mount_fresh().await;
    let text = root.text_content().unwrap_or_default();
    assert!(
        text.contains(&format!("engine v{}", asa_core::VERSION)),
        "{text}"
    );
    for sel in [
        "[aria-label='primary console']",
        "[aria-label='secondary console']",
        "[aria-label='cable primary GigabitEthernet0/3']",
        "[aria-label='power secondary']",
        "section.charts canvas",
    ] {
        assert!(root.query_selector(sel).unwrap().is_some(), "{sel} missing");
    }
    let prompt = root
        .query_selector("#primary-console .prompt")
        .unwrap()
        .unwrap();
    assert_eq!(prompt.text_content().unwrap(), "ASA-PERIM# ");
    root.remove();
}

#[wasm_bindgen_test]
fn engine_handle_runs_commands_and_cables() {
    let mut e = Engine::new(Template::ActiveStandby).unwrap();
    e.tick(asa_core::time::Duration::from_secs(30));
    e.type_line(UnitId::Primary, "show failover | include host");
    let out = e.console(UnitId::Primary).join("\n");
    assert!(out.contains("This host: Primary - Active"), "{out}");
    e.help(UnitId::Secondary, "show fail");
    assert!(e
        .console(UnitId::Secondary)
        .iter()
        .any(|l| l.trim() == "failover"));
    assert_eq!(e.complete(UnitId::Primary, "sh"), "show ");
    e.toggle_cable(UnitId::Primary, Port(1));
    let snap = e.snapshot();
    let c = snap
        .cables
        .iter()
        .find(|c| c.unit == UnitId::Primary && c.port == Port(1))
        .unwrap();
    assert!(!c.plugged && !c.link);
    e.tick(asa_core::time::Duration::from_secs(30));
    assert!(
        e.snapshot().units[1].active,
        "secondary took over after the inside cable was pulled"
    );
    let _ = Duration::from_millis(1);
}
