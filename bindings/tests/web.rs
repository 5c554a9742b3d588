//! The package in a browser (`wasm-pack test --headless --chrome
//! bindings`): the JavaScript-facing API returns plain objects.

#![cfg(target_arch = "wasm32")]

use failover_lab_engine::Lab;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).expect(key)
}

#[wasm_bindgen_test]
fn a_snapshot_is_a_plain_object() {
    let mut lab = Lab::new("active-standby", Some(3)).unwrap();
    lab.advance(60_000.0).unwrap();
    let snap = lab.snapshot().unwrap();
    assert_eq!(get(&snap, "timeMs").as_f64(), Some(60_000.0));
    let units = js_sys::Array::from(&get(&snap, "units"));
    assert_eq!(units.length(), 2);
    assert_eq!(
        get(&units.get(0), "state").as_string().as_deref(),
        Some("Active")
    );
    assert_eq!(
        get(&units.get(1), "state").as_string().as_deref(),
        Some("Standby Ready")
    );
}

#[wasm_bindgen_test]
fn console_lines_come_back_once() {
    let mut lab = Lab::new("active-standby", None).unwrap();
    lab.advance(60_000.0).unwrap();
    lab.console().unwrap();
    lab.type_line("primary", "show failover | include host")
        .unwrap();
    let lines = js_sys::Array::from(&lab.console().unwrap());
    let text: Vec<String> = lines
        .iter()
        .filter_map(|l| get(&l, "text").as_string())
        .collect();
    assert!(
        text.iter()
            .any(|l| l.contains("This host: Primary - Active")),
        "{text:?}"
    );
    assert_eq!(js_sys::Array::from(&lab.console().unwrap()).length(), 0);
    assert!(lab.type_line("nobody", "show version").is_err());
}
