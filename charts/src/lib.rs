//! Failover Lab's live charts, drawn with plotters on a canvas on one time
//! axis: the failover state timeline (each unit's — or each failover
//! group's — state as named coloured bands, with a marker where a unit took
//! over and why), sessions alive and dropped by kind, stateful updates sent
//! and received per object type, and the stateful link's use and queue
//! depth. A failover shows in all four.
//!
//! This crate is a WebAssembly module of its own (`dist/asa-charts.js`):
//! the page loads it after the consoles accept input, so the first load
//! carries neither plotters nor the drawing code. The page hands it the
//! samples in their plain form ([`asa_core::charts::encode`]) through
//! [`draw_charts`]; the web crate's wasm tests link it directly.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use asa_core::charts::{self, state_bands, timeline_rows};

use asa_core::traffic::Kind;
use asa_core::view::{Look, Sample, Takeover, CHART_OBJS};
/// The charts' colour type (the tests check contrasts with it).
pub use plotters::style::RGBColor;

/// Draws the charts of the samples and takeovers in their plain form
/// ([`asa_core::charts::encode`]) on the canvas, in the dark or light
/// theme, text at `scale` (1.4 in presenter mode). Returns what went wrong,
/// or an empty string once drawn.
#[wasm_bindgen]
pub fn draw_charts(
    canvas: HtmlCanvasElement,
    numbers: &[f64],
    reasons: &str,
    dark: bool,
    scale: f64,
) -> String {
    let Some((samples, takeovers)) = charts::decode(numbers, reasons) else {
        return "the chart module does not read this page's data (reload the page)".into();
    };
    match draw(canvas, &samples, &takeovers, dark, scale) {
        Some(()) => String::new(),
        None => "the canvas could not be drawn on".into(),
    }
}

/// The colour of a state family on the charts (the topology's colours).
/// Every band is at least 3:1 against the chart's background and its
/// state's name on it ([`band_ink`]) at least 4.5:1 (docs/benchmarks.md,
/// "Chart colours").
pub fn look_color(look: Look, dark: bool) -> RGBColor {
    match (look, dark) {
        (Look::Active, true) => RGBColor(63, 185, 80),
        (Look::Active, false) => RGBColor(26, 127, 55),
        (Look::Standby, true) => RGBColor(210, 153, 34),
        (Look::Standby, false) => RGBColor(154, 103, 0),
        (Look::Failed, true) => RGBColor(255, 107, 97),
        (Look::Failed, false) => RGBColor(207, 34, 46),
        (Look::Off | Look::Booting, true) => RGBColor(139, 148, 158),
        (Look::Off | Look::Booting, false) => RGBColor(110, 119, 129),
        (Look::Other, true) => RGBColor(88, 166, 255),
        (Look::Other, false) => RGBColor(9, 105, 218),
    }
}

/// The state names' colour on the bands: dark on the dark theme's light
/// bands, white on the light theme's dark ones.
pub fn band_ink(dark: bool) -> RGBColor {
    if dark {
        RGBColor(13, 17, 23)
    } else {
        WHITE
    }
}

/// The charts' background (the panels' colour of the theme).
pub fn chart_background(dark: bool) -> RGBColor {
    if dark {
        RGBColor(22, 27, 34)
    } else {
        WHITE
    }
}

/// Text sizes (title, labels) at a scale.
fn sizes(scale: f64) -> (u32, u32) {
    ((13.0 * scale) as u32, (10.0 * scale) as u32)
}

/// The state timeline panel: a row per unit (or group) of named coloured
/// bands, and a dashed marker with the reason where one took over.
#[allow(clippy::too_many_arguments)]
fn timeline(
    area: &Area,
    s: &[Sample],
    takeovers: &[Takeover],
    x: (f64, f64),
    fg: RGBColor,
    bg: RGBColor,
    dark: bool,
    scale: f64,
) -> Option<()> {
    let names = timeline_rows(s);
    let n = names.len();
    let (title, label) = sizes(scale);
    let mut chart = ChartBuilder::on(area)
        .caption(
            "Failover state (named bands; ▼ takeover and why)",
            ("sans-serif", title).into_font().color(&fg),
        )
        .margin(6)
        .x_label_area_size((18.0 * scale) as u32)
        .y_label_area_size((LABEL_AREA * scale) as u32)
        // Headroom above the rows for the takeover markers' words.
        .build_cartesian_2d(x.0..x.1, -0.5f64..n as f64 + 0.2)
        .ok()?;
    let row_y = |row: usize| (n - 1 - row) as f64;
    let names_for_axis = names.clone();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n + 2)
        .y_label_formatter(&move |y: &f64| {
            let r = y.round();
            if (y - r).abs() > 0.01 || r < 0.0 || r as usize >= n {
                return String::new();
            }
            names_for_axis[n - 1 - r as usize].clone()
        })
        .x_labels(6)
        .label_style(("sans-serif", label).into_font().color(&fg))
        .axis_style(fg)
        .light_line_style(bg)
        .bold_line_style(RGBColor(60, 60, 60))
        .draw()
        .ok()?;
    let bands = state_bands(s);
    chart
        .draw_series(bands.iter().map(|b| {
            let y = row_y(b.row);
            let c = look_color(b.status.look(), dark);
            Rectangle::new(
                [(b.from, y - 0.38), (b.to.max(b.from + 1e-3), y + 0.38)],
                c.filled(),
            )
        }))
        .ok()?;
    // The state's name on each band wide enough to hold it.
    let width = x.1 - x.0;
    let px = area.dim_in_pixel().0 as f64 - LABEL_AREA * scale;
    let font = ("sans-serif", label).into_font().color(&band_ink(dark));
    chart
        .draw_series(bands.iter().filter_map(|b| {
            let name = b.status.to_string();
            let needed = name.len() as f64 * label as f64 * 0.6;
            ((b.to - b.from) / width * px >= needed).then(|| {
                Text::new(
                    name,
                    (b.from + width * 4.0 / px, row_y(b.row) + 0.22),
                    font.clone(),
                )
            })
        }))
        .ok()?;
    // Takeovers: a marker at the top, the reason beside it.
    let marks: Vec<&Takeover> = takeovers
        .iter()
        .filter(|m| {
            let t = m.t_ms as f64 / 1000.0;
            t >= x.0 && t <= x.1
        })
        .collect();
    let red = look_color(Look::Failed, dark);
    for (i, m) in marks.iter().enumerate() {
        let t = m.t_ms as f64 / 1000.0;
        chart
            .draw_series(DashedLineSeries::new(
                [(t, -0.5), (t, n as f64 + 0.2)],
                4,
                3,
                red.stroke_width(2),
            ))
            .ok()?;
        // Only the newest two carry their words (older ones stay marked).
        if i + 2 >= marks.len() {
            let who = match m.group {
                Some(g) => format!("{} G{g}", m.unit.name()),
                None => m.unit.name().to_string(),
            };
            let words = format!("{who}: {} → active ({})", m.from, m.reason);
            let right = (x.1 - t) / width * px > (words.len() + 2) as f64 * label as f64 * 0.55;
            // The arrow sits on the marker's side of the words.
            let text = if right {
                format!("▼ {words}")
            } else {
                format!("{words} ▼")
            };
            let pos = if right {
                t + width * 3.0 / px
            } else {
                t - width * (text.len() as f64 * label as f64 * 0.55) / px
            };
            let row = (marks.len() - 1 - i) as f64 * 0.3;
            let top = n as f64 + 0.15;
            chart
                .draw_series(std::iter::once(Text::new(
                    text,
                    (pos.max(x.0), top - row),
                    ("sans-serif", label).into_font().color(&red),
                )))
                .ok()?;
        }
    }
    Some(())
}

/// The state timeline's share of the canvas (the page's canvas is 640 by
/// 760 drawing units).
const TIMELINE_PX: u32 = 200;

/// Width of the y-label area of every panel, so their time axes line up.
const LABEL_AREA: f64 = 84.0;

type Area = DrawingArea<CanvasBackend, Shift>;
/// A coloured line; named lines are solid and in the legend, unnamed ones
/// dashed (the second measure of a pair, in the same colour).
pub type Series = (Option<String>, RGBColor, Vec<(f64, f64)>);

/// One colour per kind or object type, per theme: each at least 3:1
/// against its theme's chart background (docs/benchmarks.md, "Chart
/// colours"). The dark theme's colours are too light for the white chart.
const PALETTE_DARK: [RGBColor; 7] = [
    RGBColor(88, 166, 255),
    RGBColor(63, 185, 80),
    RGBColor(240, 160, 60),
    RGBColor(188, 140, 255),
    RGBColor(248, 81, 73),
    RGBColor(57, 197, 207),
    RGBColor(219, 109, 170),
];
const PALETTE_LIGHT: [RGBColor; 7] = [
    RGBColor(9, 105, 218),
    RGBColor(26, 127, 55),
    RGBColor(188, 76, 0),
    RGBColor(130, 80, 223),
    RGBColor(207, 34, 46),
    RGBColor(27, 124, 131),
    RGBColor(191, 57, 137),
];

/// The series colours of a theme.
pub fn palette(dark: bool) -> [RGBColor; 7] {
    if dark {
        PALETTE_DARK
    } else {
        PALETTE_LIGHT
    }
}

#[allow(clippy::too_many_arguments)]
fn panel(
    area: &Area,
    title: &str,
    x: (f64, f64),
    y_max: f64,
    series: &[Series],
    fg: RGBColor,
    bg: RGBColor,
    scale: f64,
) -> Option<()> {
    let (title_px, label_px) = sizes(scale);
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", title_px).into_font().color(&fg))
        .margin(6)
        .x_label_area_size((18.0 * scale) as u32)
        .y_label_area_size((LABEL_AREA * scale) as u32)
        .build_cartesian_2d(x.0..x.1, 0f64..y_max.max(1.0) * 1.1)
        .ok()?;
    chart
        .configure_mesh()
        .y_labels(4)
        .x_labels(6)
        .label_style(("sans-serif", label_px).into_font().color(&fg))
        .axis_style(fg)
        .light_line_style(bg)
        .bold_line_style(RGBColor(60, 60, 60))
        .draw()
        .ok()?;
    for (name, color, pts) in series {
        let color = *color;
        match name {
            Some(name) => {
                chart
                    .draw_series(LineSeries::new(pts.iter().copied(), color.stroke_width(2)))
                    .ok()?
                    .label(name.as_str())
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], color));
            }
            None => {
                chart
                    .draw_series(DashedLineSeries::new(
                        pts.iter().copied(),
                        5,
                        4,
                        color.stroke_width(2),
                    ))
                    .ok()?;
            }
        }
    }
    // No named series yet (no sessions, nothing replicated): no legend,
    // rather than an empty box.
    if series.iter().all(|(name, ..)| name.is_none()) {
        return Some(());
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font(("sans-serif", label_px).into_font().color(&fg))
        .background_style(bg.mix(0.8))
        .border_style(fg)
        .draw()
        .ok()
}

fn draw(
    canvas: HtmlCanvasElement,
    s: &[Sample],
    takeovers: &[Takeover],
    dark: bool,
    scale: f64,
) -> Option<()> {
    let backend = CanvasBackend::with_canvas_object(canvas)?;
    let root = backend.into_drawing_area();
    let bg = chart_background(dark);
    let fg = if dark { RGBColor(220, 220, 220) } else { BLACK };
    root.fill(&bg).ok()?;
    let t1 = s.last().map(|x| x.t).unwrap_or(1.0).max(1.0);
    let t0 = s.first().map(|x| x.t).unwrap_or(0.0).min(t1 - 1.0);
    // The timeline gets a little more height than the line charts.
    let (top, rest) = root.split_vertically(TIMELINE_PX);
    let rows = rest.split_evenly((3, 1));
    let [_, green, _, _, red, ..] = palette(dark);
    timeline(&top, s, takeovers, (t0, t1), fg, bg, dark, scale)?;
    let (series, ymax) = sessions_by_kind(s, dark);
    panel(
        &rows[0],
        "Sessions by kind: alive (solid), dropped (dashed)",
        (t0, t1),
        ymax,
        &series,
        fg,
        bg,
        scale,
    )?;
    let (series, ymax) = updates_by_object(s, dark);
    panel(
        &rows[1],
        "Stateful updates/s by object: xmit (solid), rcv (dashed)",
        (t0, t1),
        ymax.max(10.0),
        &series,
        fg,
        bg,
        scale,
    )?;
    let link: Vec<_> = s.iter().map(|x| (x.t, x.link_pct)).collect();
    let queue: Vec<_> = s.iter().map(|x| (x.t, x.queue as f64 / 20.0)).collect();
    panel(
        &rows[2],
        "Stateful link: use %, transmit queue (/20)",
        (t0, t1),
        100.0,
        &[
            (Some("link %".into()), green, link),
            (Some("queue".into()), red, queue),
        ],
        fg,
        bg,
        scale,
    )?;
    root.present().ok()
}

/// Alive (named) and dropped (dashed) per kind, for the kinds that had
/// sessions in the window; and the largest value.
pub fn sessions_by_kind(s: &[Sample], dark: bool) -> (Vec<Series>, f64) {
    let palette = palette(dark);
    let mut out = Vec::new();
    let mut ymax = 1.0f64;
    for (i, k) in Kind::ALL.iter().enumerate() {
        if s.iter().all(|x| x.alive[i] == 0 && x.dropped[i] == 0) {
            continue;
        }
        let color = palette[i % palette.len()];
        let alive: Vec<_> = s.iter().map(|x| (x.t, x.alive[i] as f64)).collect();
        let dropped: Vec<_> = s.iter().map(|x| (x.t, x.dropped[i] as f64)).collect();
        ymax = alive
            .iter()
            .chain(&dropped)
            .map(|p| p.1)
            .fold(ymax, f64::max);
        out.push((Some(k.name().to_string()), color, alive));
        if dropped.iter().any(|p| p.1 > 0.0) {
            out.push((None, color, dropped));
        }
    }
    (out, ymax)
}

/// Updates per second sent (named) and received (dashed) per object type,
/// from the cumulative counters, for the types that moved in the window.
pub fn updates_by_object(s: &[Sample], dark: bool) -> (Vec<Series>, f64) {
    let palette = palette(dark);
    // Per unit, so a unit that reboots (its counters start again from
    // zero) does not hide what the other sends.
    let rate = |f: &dyn Fn(&Sample, usize) -> u64| -> Vec<(f64, f64)> {
        s.windows(2)
            .map(|w| {
                let dt = (w[1].t - w[0].t).max(1e-3);
                let n: u64 = (0..2)
                    .map(|u| {
                        let (a, b) = (f(&w[0], u), f(&w[1], u));
                        if b >= a {
                            b - a
                        } else {
                            b
                        }
                    })
                    .sum();
                (w[1].t, n as f64 / dt)
            })
            .collect()
    };
    let mut out = Vec::new();
    let mut ymax = 0.0f64;
    for (i, (name, _)) in CHART_OBJS.iter().enumerate() {
        let xmit = rate(&|x: &Sample, u| x.xmit[u][i]);
        let rcv = rate(&|x: &Sample, u| x.rcv[u][i]);
        if xmit.iter().chain(&rcv).all(|p| p.1 == 0.0) {
            continue;
        }
        ymax = xmit.iter().chain(&rcv).map(|p| p.1).fold(ymax, f64::max);
        let color = palette[i % palette.len()];
        out.push((Some((*name).to_string()), color, xmit));
        out.push((None, color, rcv));
    }
    (out, ymax)
}
