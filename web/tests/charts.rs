//! The charts' data: a failover shows in the roles, the sessions by kind
//! (HTTP dropped without `failover replication http`) and the stateful
//! updates per object type, sent by the active and received by the standby.

use asa_charts::{sessions_by_kind, updates_by_object};
use asa_core::labs::Template;
use asa_core::net::UnitId;
use asa_core::time::Duration;
use asa_core::traffic::Kind;
use asa_web::engine::{Engine, CHART_OBJS};
use wasm_bindgen_test::*;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

fn names(series: &[asa_charts::Series]) -> Vec<String> {
    series.iter().filter_map(|s| s.0.clone()).collect()
}

#[wasm_bindgen_test]
fn a_failover_shows_in_the_chart_data() {
    let mut e = Engine::new(Template::ActiveStandby).unwrap();
    e.tick(Duration::from_secs(60));
    e.traffic(Kind::Tcp, 20, "inside-host", "outside-server", false)
        .unwrap();
    e.traffic(Kind::Http, 5, "inside-host", "outside-server", false)
        .unwrap();
    e.tick(Duration::from_secs(5));
    let last = *e.samples().last().unwrap();
    assert_eq!(last.level, [2, 1], "primary active, secondary standby");
    let tcp = Kind::Tcp.index();
    assert_eq!(last.alive[tcp], 20);
    let conn = CHART_OBJS.iter().position(|o| o.0 == "TCP conn").unwrap();
    assert!(
        last.xmit[0][conn] >= 20,
        "the active sent them: {:?}",
        last.xmit
    );
    assert!(
        last.rcv[1][conn] >= 20,
        "the standby received them: {:?}",
        last.rcv
    );
    assert!(
        e.samples().windows(2).all(|w| w[1].t - w[0].t <= 1.0),
        "sampled every virtual second"
    );
    let (updates, _) = updates_by_object(e.samples(), true);
    let shown = names(&updates);
    assert!(shown.contains(&"TCP conn".to_string()), "{shown:?}");
    assert!(!shown.contains(&"SIP Session".to_string()), "{shown:?}");
    assert!(
        updates.iter().any(|s| s.0.is_none()),
        "received updates are drawn (dashed)"
    );

    e.toggle_power(UnitId::Primary);
    e.tick(Duration::from_secs(20));
    let last = *e.samples().last().unwrap();
    assert_eq!(last.level, [0, 2], "the secondary took over");
    assert_eq!(last.alive[tcp], 20, "replicated TCP survives");
    assert_eq!(
        last.dropped[Kind::Http.index()],
        5,
        "HTTP was not replicated"
    );
    let (sessions, ymax) = sessions_by_kind(e.samples(), true);
    assert_eq!(names(&sessions), ["tcp", "http"]);
    assert_eq!(
        sessions.iter().filter(|s| s.0.is_none()).count(),
        1,
        "one dropped line, for http"
    );
    assert!(ymax >= 20.0);
}

#[wasm_bindgen_test]
async fn the_canvas_redraws_as_the_lab_runs() {
    let root = common::mount_fresh().await;
    common::click_label(&root, "pause").await;
    let canvas: web_sys::HtmlCanvasElement = wasm_bindgen::JsCast::dyn_into(
        root.query_selector("section.charts canvas")
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    let before = canvas.to_data_url().unwrap();
    for _ in 0..15 {
        common::click_label(&root, "step one second").await;
    }
    let after = canvas.to_data_url().unwrap();
    assert_ne!(before, after, "the charts follow the lab");
    root.remove();
}

/// Pixels of the canvas in the rectangle (x, y, w, h) brighter than the
/// dark theme's grid lines (r + g + b above 300): text, axes, frames.
fn bright_pixels(canvas: &web_sys::HtmlCanvasElement, rect: [u32; 4]) -> u32 {
    let f = js_sys::Function::new_with_args(
        "c, x, y, w, h",
        "const d = c.getContext('2d').getImageData(x, y, w, h).data; let n = 0;
         for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] > 300) n++;
         return n;",
    );
    let args = js_sys::Array::new();
    args.push(canvas);
    for v in rect {
        args.push(&v.into());
    }
    f.apply(&wasm_bindgen::JsValue::NULL, &args)
        .unwrap()
        .as_f64()
        .unwrap() as u32
}

#[wasm_bindgen_test]
async fn a_chart_without_series_draws_no_legend() {
    let root = common::mount_fresh().await;
    common::click_label(&root, "pause").await;
    for _ in 0..3 {
        common::click_label(&root, "step one second").await;
    }
    let canvas: web_sys::HtmlCanvasElement = wasm_bindgen::JsCast::dyn_into(
        root.query_selector("section.charts canvas")
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    // No sessions yet: the sessions panel's plot area (below its title,
    // right of its y axis) is empty; an empty legend box would show there
    // as a frame in the text colour (the dark theme is the default).
    let plot = [92, 232, 200, 60];
    assert_eq!(bright_pixels(&canvas, plot), 0, "no series, no legend box");
    // With sessions the legend names them.
    common::click_label(&root, "open sessions").await;
    for _ in 0..2 {
        common::click_label(&root, "step one second").await;
    }
    assert!(
        bright_pixels(&canvas, plot) > 50,
        "the legend of the tcp line"
    );
    root.remove();
}

/// WCAG contrast ratio of two colours.
fn contrast(a: asa_charts::RGBColor, b: asa_charts::RGBColor) -> f64 {
    let lum = |c: asa_charts::RGBColor| {
        let f = |v: u8| {
            let v = v as f64 / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * f(c.0) + 0.7152 * f(c.1) + 0.0722 * f(c.2)
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[wasm_bindgen_test]
async fn chart_colours_stand_out_in_both_themes() {
    use asa_charts::{band_ink, chart_background, look_color, palette};
    use asa_web::engine::Look;
    for dark in [true, false] {
        let bg = chart_background(dark);
        for (i, c) in palette(dark).into_iter().enumerate() {
            let r = contrast(c, bg);
            assert!(r >= 3.0, "series {i} {c:?} on {bg:?}: {r:.2}:1");
        }
        for look in [
            Look::Active,
            Look::Standby,
            Look::Failed,
            Look::Off,
            Look::Booting,
            Look::Other,
        ] {
            let c = look_color(look, dark);
            let r = contrast(c, bg);
            assert!(r >= 3.0, "band {look:?} {c:?} on {bg:?}: {r:.2}:1");
            let t = contrast(band_ink(dark), c);
            assert!(t >= 4.5, "state name on the {look:?} band: {t:.2}:1");
        }
    }
    // The canvas draws with them: in the light theme the sessions line is
    // the light theme's blue, not the dark theme's.
    let root = common::mount_fresh().await;
    common::click_label(&root, "pause").await;
    common::click_label(&root, "light or dark theme").await;
    common::click_label(&root, "open sessions").await;
    for _ in 0..4 {
        common::click_label(&root, "step one second").await;
    }
    let canvas: web_sys::HtmlCanvasElement = wasm_bindgen::JsCast::dyn_into(
        root.query_selector("section.charts canvas")
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    let near = |rgb: asa_charts::RGBColor| {
        let f = js_sys::Function::new_with_args(
            "c, r, g, b",
            "const d = c.getContext('2d').getImageData(0, 200, 640, 186).data; let n = 0;
             for (let i = 0; i < d.length; i += 4)
               if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 24) n++;
             return n;",
        );
        let args = js_sys::Array::of4(
            &canvas,
            &(rgb.0 as u32).into(),
            &(rgb.1 as u32).into(),
            &(rgb.2 as u32).into(),
        );
        f.apply(&wasm_bindgen::JsValue::NULL, &args)
            .unwrap()
            .as_f64()
            .unwrap()
    };
    assert!(near(palette(false)[0]) > 50.0, "the tcp line, light blue");
    assert_eq!(near(palette(true)[0]), 0.0, "no dark-theme blue on white");
    common::click_label(&root, "light or dark theme").await;
    root.remove();
}

/// Without the chart module (the test server has no `dist/`, and no chart
/// code is linked) the pane says so in words, the timeline's words go on
/// and the lab runs; nothing panics.
#[wasm_bindgen_test]
async fn without_the_chart_module_the_pane_says_so_and_the_lab_runs() {
    let win = web_sys::window().unwrap();
    win.local_storage().unwrap().unwrap().clear().unwrap();
    let root = common::mount_with_charts(false).await;
    assert!(
        common::text_of(&root, ".charts-status").contains("Loading the charts"),
        "{}",
        common::text_of(&root, ".charts")
    );
    let mut said = String::new();
    for _ in 0..100 {
        gloo_timers::future::TimeoutFuture::new(50).await;
        yew::scheduler::flush().await;
        said = common::text_of(&root, ".charts-status");
        if said.contains("could not be loaded") {
            break;
        }
    }
    assert!(said.contains("The charts could not be loaded"), "{said}");
    assert!(said.contains("reload the page"), "{said}");
    common::click_label(&root, "pause").await;
    for _ in 0..3 {
        common::click_label(&root, "step one second").await;
    }
    let now = common::text_of(&root, ".charts .timeline-words .now");
    assert!(
        now.contains("primary") && now.contains("secondary"),
        "{now}"
    );
    root.remove();
    // The other tests draw with the linked code again.
    asa_web::chart_module::link_chart_code(Some(asa_charts::draw_charts));
}

/// A chart module that fails (a trap throws in JavaScript) is caught: the
/// drawer says what went wrong and this module — the lab — goes on.
#[wasm_bindgen_test]
fn a_failing_chart_module_is_caught() {
    use asa_web::chart_module::Drawer;
    let module = |body: &str| -> Drawer {
        let f = js_sys::Function::new_no_args(&format!(
            "return {{ draw_charts: function () {{ {body} }} }};"
        ));
        Drawer::Module(f.call0(&wasm_bindgen::JsValue::NULL).unwrap())
    };
    let doc = web_sys::window().unwrap().document().unwrap();
    let canvas: web_sys::HtmlCanvasElement =
        wasm_bindgen::JsCast::dyn_into(doc.create_element("canvas").unwrap()).unwrap();
    let (numbers, reasons) = asa_core::charts::encode(&[], &[]);
    let said = module("throw new WebAssembly.RuntimeError('unreachable');").draw(
        canvas.clone(),
        &numbers,
        &reasons,
        true,
        1.0,
    );
    assert_eq!(said, "the chart module failed: unreachable");
    let said = module("return '';").draw(canvas.clone(), &numbers, &reasons, true, 1.0);
    assert_eq!(said, "");
    // The real drawing code refuses data it cannot read, in words.
    let said = asa_charts::draw_charts(canvas, &[9.0], "", true, 1.0);
    assert!(said.contains("reload the page"), "{said}");
}
