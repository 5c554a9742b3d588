//! The replication benchmark workload, built for wasm32 and run in headless
//! Chromium, so the wasm/native ratio is known (figures in
//! docs/benchmarks.md). Asserts correctness only; timings are printed.

use asa_core::commands::Console;
use asa_core::lab::{Lab, LabConfig};
use asa_core::labs::{build, Template};
use asa_core::net::UnitId;
use asa_core::time::Duration;
use asa_core::traffic::Kind;
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
    lab.start_traffic(Kind::Tcp, n, 0, 2).unwrap();
    while !lab.deferred_is_empty() {
        lab.advance(Duration::from_millis(100));
    }
    assert_eq!(lab.unit(UnitId::Secondary).table.conns.len() as u64, n);
}

#[wasm_bindgen_test]
fn wasm_benchmarks() {
    // In the debug build CI runs, one repetition checks the workload works.
    let scale = if cfg!(debug_assertions) { 0 } else { 1 };
    // Warm-up, as criterion does natively: run every timed code path once
    // (V8 compiles a wasm function on its first call; web/webdriver.json has
    // it use the optimizing tier straight away, so no run races a background
    // tier-up) and grow the linear memory to the largest workload.
    if scale == 1 {
        for _ in 0..3 {
            let mut lab = pair();
            open_replicated(&mut lab, 100_000);
            lab.type_line(UnitId::Primary, "no failover active");
            lab.advance(Duration::from_secs(5));
            lab.set_load(Kind::Tcp, 100_000, 0, 2).unwrap();
            lab.advance(Duration::from_secs(1));
        }
        open_replicated(&mut pair(), 1_000_000);
    }
    // Medians of repeated runs, as criterion reports natively.
    for (n, reps) in [
        (10_000u64, 1 + 14 * scale),
        (100_000, 1 + 8 * scale),
        (1_000_000, 1 + 4 * scale),
    ] {
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..reps {
            let mut lab = pair();
            let t0 = now_ms();
            open_replicated(&mut lab, n);
            times.push(now_ms() - t0);
            last = Some(lab);
        }
        let ms = median(&mut times);
        console_log!(
            "wasm open_replicated/{n}: median {ms:.1} ms, fastest {:.1} ms, of {reps} ({:.2} M conn/s)",
            times[0],
            n as f64 / ms / 1000.0
        );
        if n == 1_000_000 {
            let mut lab = last.expect("ran");
            console_log!(
                "wasm memory: {:.1} bytes per connection per unit",
                lab.bytes_per_connection(UnitId::Primary)
            );
            // One switchover is shorter than the browser timer's 0.1 ms
            // resolution: time a series of them, back and forth, and give
            // the mean. Between them (untimed) the pair settles again.
            let rounds = 1 + 19 * scale;
            let mut total = 0.0;
            for _ in 0..rounds {
                let active = if lab.unit(UnitId::Primary).fo.unit.state.is_active() {
                    UnitId::Primary
                } else {
                    UnitId::Secondary
                };
                let t0 = now_ms();
                lab.type_line(active, "no failover active");
                total += now_ms() - t0;
                let st = &lab.traffic().stats[Kind::Tcp.index()];
                assert_eq!((st.alive, st.dropped_total()), (1_000_000, 0));
                lab.advance(Duration::from_secs(5));
                assert!(lab.unit(active.peer()).fo.unit.state.is_active());
            }
            console_log!(
                "wasm switchover/1m_connections: mean {:.3} ms of {rounds}",
                total / rounds as f64
            );
        }
    }
    let mut times = Vec::new();
    for _ in 0..1 + 6 * scale {
        let mut lab = pair();
        let t0 = now_ms();
        lab.set_load(Kind::Tcp, 100_000, 0, 2).unwrap();
        lab.advance(Duration::from_secs(1));
        times.push(now_ms() - t0);
    }
    let ms = median(&mut times);
    console_log!(
        "wasm churn/load_100k_per_s: median {ms:.1} ms, fastest {:.1} ms, of 7",
        times[0]
    );
}

/// Sorts the times and gives their median.
fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}
