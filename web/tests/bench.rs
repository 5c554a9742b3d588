//! The replication benchmark workload, built for wasm32 and run in headless
//! Chromium, so the wasm/native ratio is known (figures in
//! docs/benchmarks.md). Asserts correctness only; timings are printed.

use asa_core::lab::{Lab, LabConfig};
use asa_core::labs::{build, Template};
use asa_core::net::UnitId;
use asa_core::script::Kind;
use asa_core::time::Duration;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

fn pair() -> Lab {
    let mut lab = build(Template::ActiveStandby, LabConfig::default()).unwrap();
    lab.advance(Duration::from_secs(60));
    lab
}

fn open_replicated(lab: &mut Lab, n: u64) {
    lab.start_traffic(Kind::Tcp, n, 0, 2);
    while !lab.deferred_is_empty() {
        lab.advance(Duration::from_millis(100));
    }
    assert_eq!(lab.unit(UnitId::Secondary).table.conns.len() as u64, n);
}

#[wasm_bindgen_test]
fn wasm_benchmarks() {
    // Warm-up, as criterion does natively: compile the hot code in the
    // browser's top tier and grow the linear memory to the largest workload.
    for _ in 0..3 {
        open_replicated(&mut pair(), 100_000);
    }
    open_replicated(&mut pair(), 1_000_000);
    for n in [10_000u64, 100_000, 1_000_000] {
        let mut lab = pair();
        let t0 = now_ms();
        open_replicated(&mut lab, n);
        let ms = now_ms() - t0;
        console_log!(
            "wasm open_replicated/{n}: {ms:.1} ms ({:.2} M conn/s)",
            n as f64 / ms / 1000.0
        );
        if n == 1_000_000 {
            console_log!(
                "wasm memory: {:.1} bytes per connection per unit",
                lab.bytes_per_connection(UnitId::Primary)
            );
            let t0 = now_ms();
            lab.type_line(UnitId::Primary, "no failover active");
            let ms = now_ms() - t0;
            let st = &lab.traffic.stats[Kind::Tcp.index()];
            assert_eq!((st.alive, st.dropped_total()), (1_000_000, 0));
            console_log!("wasm switchover/1m_connections: {ms:.1} ms");
        }
    }
    let mut lab = pair();
    let t0 = now_ms();
    lab.set_load(Kind::Tcp, 100_000, 0, 2);
    lab.advance(Duration::from_secs(1));
    console_log!("wasm churn/load_100k_per_s: {:.1} ms", now_ms() - t0);
}
