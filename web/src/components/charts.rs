//! The charts pane: a canvas the chart module draws on (the failover state
//! timeline, sessions by kind, stateful updates by object, the stateful
//! link; see the `asa-charts` crate), and the timeline in words under it.
//! The chart module is loaded after the app has started
//! ([`crate::chart_module`]); until it is there the words stand alone.

use std::rc::Rc;

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use asa_core::charts::{row_states, timeline_rows};

use crate::chart_module::{self, Drawer};
use crate::engine::{Sample, Takeover};

/// The canvas, in drawing units (scaled to the pane by CSS).
const CANVAS_W: u32 = 640;
const CANVAS_H: u32 = 760;

#[derive(Properties, PartialEq)]
pub struct ChartsProps {
    pub samples: Rc<Vec<Sample>>,
    pub dark: bool,
    /// Where units or groups took over (markers on the state timeline).
    #[prop_or_default]
    pub takeovers: Rc<Vec<Takeover>>,
    /// Presenter mode: larger chart text.
    #[prop_or_default]
    pub large: bool,
    /// Asks the glossary about a state (by its name).
    #[prop_or_default]
    pub on_explain: Callback<String>,
}

/// Where the chart module is: loading, ready to draw, or not to be had.
#[derive(Clone, Debug)]
enum Module {
    Loading,
    Ready(Drawer),
    Failed(String),
}

/// A takeover in words (the marker's text).
pub fn takeover_text(m: &Takeover) -> String {
    let who = match m.group {
        Some(g) => format!("{} group {g}", m.unit.name()),
        None => m.unit.name().to_string(),
    };
    let t = m.t_ms / 1000;
    format!(
        "{:02}:{:02}:{:02} {who}: {} → active ({})",
        t / 3600,
        t / 60 % 60,
        t % 60,
        m.from,
        m.reason
    )
}

#[function_component(Charts)]
pub fn charts(props: &ChartsProps) -> Html {
    let canvas_ref = use_node_ref();
    let module = use_state(|| chart_module::ready().map_or(Module::Loading, Module::Ready));
    // What the last drawing said went wrong (empty: drawn).
    let trouble = use_state(String::new);
    {
        let module = module.clone();
        use_effect_with((), move |_| {
            if matches!(*module, Module::Loading) {
                wasm_bindgen_futures::spawn_local(async move {
                    module.set(match chart_module::load().await {
                        Ok(d) => Module::Ready(d),
                        Err(e) => Module::Failed(e),
                    });
                });
            }
        });
    }
    {
        let canvas_ref = canvas_ref.clone();
        let samples = props.samples.clone();
        let takeovers = props.takeovers.clone();
        let drawer = match &*module {
            Module::Ready(d) => Some(d.clone()),
            _ => None,
        };
        let trouble = trouble.clone();
        use_effect_with(
            (
                samples,
                takeovers,
                props.dark,
                props.large,
                drawer.is_some(),
            ),
            move |(samples, takeovers, dark, large, _)| {
                if let (Some(d), Some(c)) = (drawer, canvas_ref.cast::<HtmlCanvasElement>()) {
                    let (numbers, reasons) = asa_core::charts::encode(samples, takeovers);
                    let scale = if *large { 1.4 } else { 1.0 };
                    let said = d.draw(c, &numbers, &reasons, *dark, scale);
                    if *trouble != said {
                        trouble.set(said);
                    }
                }
            },
        );
    }
    let status = match &*module {
        Module::Loading => Some("Loading the charts…".to_string()),
        Module::Failed(e) => Some(format!(
            "The charts could not be loaded ({e}). The lab works without them; reload the page to try again."
        )),
        Module::Ready(_) if !trouble.is_empty() => {
            Some(format!("The charts could not be drawn: {}.", *trouble))
        }
        Module::Ready(_) => None,
    };
    // The timeline in words too: each row's state now and the last takeover.
    let rows = timeline_rows(&props.samples);
    let now = props
        .samples
        .last()
        .map(|x| {
            rows.iter()
                .zip(row_states(x, rows.len()))
                .map(|(r, st)| format!("{r} {st}"))
                .collect::<Vec<_>>()
                .join(" · ")
        })
        .unwrap_or_default();
    let last = props.takeovers.last().map(takeover_text);
    let first_state = props
        .samples
        .last()
        .and_then(|x| row_states(x, rows.len()).first().copied())
        .unwrap_or_default()
        .to_string();
    let explain = props
        .on_explain
        .reform(move |_: MouseEvent| first_state.clone());
    html! {
        <section class="charts" aria-label="charts">
            <canvas ref={canvas_ref} width={CANVAS_W.to_string()} height={CANVAS_H.to_string()} role="img"
                aria-label="charts: failover state timeline, sessions by kind, stateful updates by object, stateful link"></canvas>
            if let Some(status) = status {
                <p class="charts-status" role="status">{ status }</p>
            }
            <p class="timeline-words">
                <span class="now">{ format!("Now: {now}") }</span>
                if let Some(l) = last {
                    <span class="takeover">{ format!(" · last takeover: {l}") }</span>
                }
                { " " }
                <button class="link" aria-label="what the states mean" onclick={explain}>{ "What do these states mean?" }</button>
            </p>
        </section>
    }
}
