//! Live charts drawn with plotters on a canvas: each unit's failover role
//! over virtual time.

use std::rc::Rc;

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

fn draw(canvas: HtmlCanvasElement, samples: &[Sample], dark: bool) -> Option<()> {
    let backend = CanvasBackend::with_canvas_object(canvas)?;
    let root = backend.into_drawing_area();
    let (bg, fg) = if dark {
        (RGBColor(24, 26, 31), RGBColor(220, 220, 220))
    } else {
        (WHITE, BLACK)
    };
    root.fill(&bg).ok()?;
    let t_end = samples.last().map(|s| s.t).unwrap_or(1.0).max(1.0);
    let t_start = samples.first().map(|s| s.t).unwrap_or(0.0).min(t_end - 1.0);
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Failover role over virtual time (2 active, 1 standby, 0 down)",
            ("sans-serif", 14).into_font().color(&fg),
        )
        .margin(8)
        .x_label_area_size(24)
        .y_label_area_size(28)
        .build_cartesian_2d(t_start..t_end, -0.2f64..2.4f64)
        .ok()?;
    chart
        .configure_mesh()
        .x_desc("seconds")
        .y_labels(3)
        .label_style(("sans-serif", 11).into_font().color(&fg))
        .axis_style(fg)
        .light_line_style(bg)
        .draw()
        .ok()?;
    let colors = [RGBColor(80, 170, 255), RGBColor(255, 170, 60)];
    for (i, name) in ["primary", "secondary"].iter().enumerate() {
        let offset = i as f64 * 0.06;
        let pts = samples.iter().map(|s| (s.t, s.level[i] as f64 + offset));
        chart
            .draw_series(LineSeries::new(pts, colors[i].stroke_width(2)))
            .ok()?
            .label(*name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], colors[i]));
    }
    chart
        .configure_series_labels()
        .label_font(("sans-serif", 12).into_font().color(&fg))
        .background_style(bg)
        .border_style(fg)
        .draw()
        .ok()?;
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
            <canvas ref={canvas_ref} width="640" height="220" role="img" aria-label="failover role chart"></canvas>
        </section>
    }
}
