//! Live charts drawn with plotters on a canvas: each unit's failover role,
//! sessions alive and dropped by kind, stateful updates sent and received
//! per object type, and the stateful link's use and queue depth. A failover
//! shows in all four.

use std::rc::Rc;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use asa_core::traffic::Kind;

use crate::engine::{Sample, CHART_OBJS};

#[derive(Properties, PartialEq)]
pub struct ChartsProps {
    pub samples: Rc<Vec<Sample>>,
    pub dark: bool,
}

type Area = DrawingArea<CanvasBackend, Shift>;
/// A coloured line; named lines are solid and in the legend, unnamed ones
/// dashed (the second measure of a pair, in the same colour).
pub type Series = (Option<String>, RGBColor, Vec<(f64, f64)>);

/// One colour per kind or object type.
const PALETTE: [RGBColor; 7] = [
    RGBColor(88, 166, 255),
    RGBColor(63, 185, 80),
    RGBColor(240, 160, 60),
    RGBColor(188, 140, 255),
    RGBColor(248, 81, 73),
    RGBColor(57, 197, 207),
    RGBColor(219, 109, 170),
];

fn panel(
    area: &Area,
    title: &str,
    x: (f64, f64),
    y_max: f64,
    series: &[Series],
    fg: RGBColor,
    bg: RGBColor,
) -> Option<()> {
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 13).into_font().color(&fg))
        .margin(6)
        .x_label_area_size(18)
        .y_label_area_size(44)
        .build_cartesian_2d(x.0..x.1, 0f64..y_max.max(1.0) * 1.1)
        .ok()?;
    chart
        .configure_mesh()
        .y_labels(4)
        .x_labels(6)
        .label_style(("sans-serif", 10).into_font().color(&fg))
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
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font(("sans-serif", 10).into_font().color(&fg))
        .background_style(bg.mix(0.8))
        .border_style(fg)
        .draw()
        .ok()
}

fn draw(canvas: HtmlCanvasElement, s: &[Sample], dark: bool) -> Option<()> {
    let backend = CanvasBackend::with_canvas_object(canvas)?;
    let root = backend.into_drawing_area();
    let (bg, fg) = if dark {
        (RGBColor(22, 27, 34), RGBColor(220, 220, 220))
    } else {
        (WHITE, BLACK)
    };
    root.fill(&bg).ok()?;
    let t1 = s.last().map(|x| x.t).unwrap_or(1.0).max(1.0);
    let t0 = s.first().map(|x| x.t).unwrap_or(0.0).min(t1 - 1.0);
    let rows = root.split_evenly((4, 1));
    let [blue, green, orange, _, red, ..] = PALETTE;
    let role = |i: usize, off: f64| {
        s.iter()
            .map(|x| (x.t, x.level[i] as f64 + off))
            .collect::<Vec<_>>()
    };
    panel(
        &rows[0],
        "Failover role (2 active, 1 standby, 0 down)",
        (t0, t1),
        2.0,
        &[
            (Some("primary".into()), blue, role(0, 0.0)),
            (Some("secondary".into()), orange, role(1, 0.05)),
        ],
        fg,
        bg,
    )?;
    let (series, ymax) = sessions_by_kind(s);
    panel(
        &rows[1],
        "Sessions by kind: alive (solid), dropped (dashed)",
        (t0, t1),
        ymax,
        &series,
        fg,
        bg,
    )?;
    let (series, ymax) = updates_by_object(s);
    panel(
        &rows[2],
        "Stateful updates/s by object: xmit (solid), rcv (dashed)",
        (t0, t1),
        ymax.max(10.0),
        &series,
        fg,
        bg,
    )?;
    let link: Vec<_> = s.iter().map(|x| (x.t, x.link_pct)).collect();
    let queue: Vec<_> = s.iter().map(|x| (x.t, x.queue as f64 / 20.0)).collect();
    panel(
        &rows[3],
        "Stateful link: use %, transmit queue (/20)",
        (t0, t1),
        100.0,
        &[
            (Some("link %".into()), green, link),
            (Some("queue".into()), red, queue),
        ],
        fg,
        bg,
    )?;
    root.present().ok()
}

/// Alive (named) and dropped (dashed) per kind, for the kinds that had
/// sessions in the window; and the largest value.
pub fn sessions_by_kind(s: &[Sample]) -> (Vec<Series>, f64) {
    let mut out = Vec::new();
    let mut ymax = 1.0f64;
    for (i, k) in Kind::ALL.iter().enumerate() {
        if s.iter().all(|x| x.alive[i] == 0 && x.dropped[i] == 0) {
            continue;
        }
        let color = PALETTE[i % PALETTE.len()];
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
pub fn updates_by_object(s: &[Sample]) -> (Vec<Series>, f64) {
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
        let color = PALETTE[i % PALETTE.len()];
        out.push((Some((*name).to_string()), color, xmit));
        out.push((None, color, rcv));
    }
    (out, ymax)
}

#[function_component(Charts)]
pub fn charts(props: &ChartsProps) -> Html {
    let canvas_ref = use_node_ref();
    {
        let canvas_ref = canvas_ref.clone();
        let samples = props.samples.clone();
        let dark = props.dark;
        use_effect_with((samples, dark), move |(samples, dark)| {
            if let Some(c) = canvas_ref.cast::<HtmlCanvasElement>() {
                let _ = draw(c, samples, *dark);
            }
        });
    }
    html! {
        <section class="charts" aria-label="charts">
            <canvas ref={canvas_ref} width="640" height="640" role="img"
                aria-label="charts: failover role, sessions by kind, stateful updates by object, stateful link"></canvas>
        </section>
    }
}
