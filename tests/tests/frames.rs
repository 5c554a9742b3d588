//! Smoothness at scale, measured (not asserted: speed targets live in
//! benchmarks): the served release bundle carries 100k sessions and a load
//! of 2000 new sessions a second while a requestAnimationFrame loop records
//! the longest frame. Run with
//! `cargo test -p e2e --test frames -- --ignored --nocapture`;
//! figures in docs/benchmarks.md.

use std::time::Duration;

use e2e::{open_lab, set_field};
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: run explicitly, see docs/benchmarks.md"]
async fn frame_times_under_load() {
    let (c, _driver) = open_lab().await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    set_field(&c, "sessions or rate", "100000").await;
    c.find(Locator::Css("[aria-label='open sessions']"))
        .await
        .expect("b")
        .click()
        .await
        .expect("open");
    set_field(&c, "sessions or rate", "2000").await;
    c.find(Locator::Css("[aria-label='set load per second']"))
        .await
        .expect("b")
        .click()
        .await
        .expect("load");
    tokio::time::sleep(Duration::from_secs(3)).await;
    let js = "const done = arguments[0]; let last = performance.now(); let worst = 0; let n = 0; \
              const start = last; \
              function f(t) { worst = Math.max(worst, t - last); last = t; n++; \
                if (t - start < 10000) requestAnimationFrame(f); else done([worst, n]); } \
              requestAnimationFrame(f);";
    let r = c.execute_async(js, vec![]).await.expect("measure");
    let worst = r[0].as_f64().unwrap_or(-1.0);
    let frames = r[1].as_u64().unwrap_or(0);
    let sessions = c
        .execute(
            "return document.querySelector('pre.sessions').textContent",
            vec![],
        )
        .await
        .expect("sessions");
    println!(
        "frames in 10 s: {frames}, longest frame: {worst:.1} ms; {}",
        sessions.as_str().unwrap_or("")
    );
    c.close().await.expect("close");
}
