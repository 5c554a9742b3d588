//! Live charts drawn with plotters on a canvas: each unit's failover role,
//! sessions alive and dropped, and the stateful update stream (updates per
//! second, link use, queue depth). A failover shows in all three.

use std::rc::Rc;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::engine::Sample;

#[derive(Properties, PartialEq)]
pub struct ChartsProps {
    pub samples: Rc<Vec<Sample>>,
    pub dark: bool,
}

type Area = DrawingArea<CanvasBackend, Shift>;
/// A named, coloured line.
type Series<'a> = (&'a str, RGBColor, Vec<(f64, f64)>);

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
        chart
            .draw_series(LineSeries::new(pts.iter().copied(), color.stroke_width(2)))
            .ok()?
            .label(*name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], color));
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
    let rows = root.split_evenly((3, 1));
    let blue = RGBColor(88, 166, 255);
    let orange = RGBColor(240, 160, 60);
    let green = RGBColor(63, 185, 80);
    let red = RGBColor(248, 81, 73);
    let purple = RGBColor(188, 140, 255);
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
            ("primary", blue, role(0, 0.0)),
            ("secondary", orange, role(1, 0.05)),
        ],
        fg,
        bg,
    )?;
    let alive: Vec<_> = s.iter().map(|x| (x.t, x.alive as f64)).collect();
    let dropped: Vec<_> = s.iter().map(|x| (x.t, x.dropped as f64)).collect();
    let ymax = s.iter().map(|x| x.alive.max(x.dropped)).max().unwrap_or(1) as f64;
    panel(
        &rows[1],
        "Sessions",
        (t0, t1),
        ymax,
        &[("alive", green, alive), ("dropped", red, dropped)],
        fg,
        bg,
    )?;
    // Updates per second from the cumulative counters.
    let rate = |f: &dyn Fn(&Sample) -> u64| -> Vec<(f64, f64)> {
        s.windows(2)
            .map(|w| {
                let dt = (w[1].t - w[0].t).max(1e-3);
                (w[1].t, f(&w[1]).saturating_sub(f(&w[0])) as f64 / dt)
            })
            .collect()
    };
    let upd = rate(&|x: &Sample| x.xmit[0] + x.xmit[1]);
    let conn = rate(&|x: &Sample| x.conn_xmit);
    let link: Vec<_> = s.iter().map(|x| (x.t, x.link_pct)).collect();
    let queue: Vec<_> = s.iter().map(|x| (x.t, x.queue as f64 / 20.0)).collect();
    let ymax = upd.iter().map(|p| p.1).fold(100.0f64, f64::max);
    panel(
        &rows[2],
        "Stateful updates /s, link use %, queue (/20)",
        (t0, t1),
        ymax,
        &[
            ("updates/s", purple, upd),
            ("conn updates/s", blue, conn),
            ("link %", orange, link),
            ("queue", red, queue),
        ],
        fg,
        bg,
    )?;
    root.present().ok()
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
            <canvas ref={canvas_ref} width="640" height="480" role="img"
                aria-label="charts: failover role, sessions, stateful updates"></canvas>
        </section>
    }
}
