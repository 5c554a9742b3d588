//! Console lines at both units of a running pair: no input may panic.
#![no_main]

use asa_core::labs::Template;
use asa_core::net::UnitId;
use asa_core::script::{Replay, Stmt};
use asa_core::time::Duration;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let template = if data.first().is_some_and(|b| b & 1 == 1) {
        Template::ActiveActive
    } else {
        Template::ActiveStandby
    };
    let mut r = Replay::new(template, Some(1)).expect("starting lab");
    let _ = r.apply(&Stmt::Wait(Duration::from_secs(60)));
    for (i, line) in text.lines().take(64).enumerate() {
        let u = UnitId::BOTH[i % 2];
        let _ = r.apply(&Stmt::Type(u, line.trim_end().to_string()));
        let _ = r.apply(&Stmt::Wait(Duration::from_millis(500)));
    }
    let _ = r.take_output();
});
