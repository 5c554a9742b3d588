//! The rewind timeline: the lab's actions and takeovers along its virtual
//! time, a handle to drag to any earlier moment (the lab is replayed up to
//! it), "Undo last action", and "Back to …" while a rewound lab has not
//! taken a new branch.

use std::rc::Rc;

use asa_core::time::Instant;
use asa_core::view::Mark;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The earliest moment a rewind reaches (the lab's clock, ms).
    pub floor_ms: u64,
    /// The lab's clock now, ms.
    pub now_ms: u64,
    /// The end of the timeline: now, or the end of the journal kept aside
    /// by a rewind.
    pub end_ms: u64,
    pub marks: Rc<Vec<Mark>>,
    /// Where the handle is being dragged, if it is.
    pub scrub: Option<u64>,
    /// The lab is a rewound one the learner can go forward from again.
    pub ahead: bool,
    pub can_undo: bool,
    pub on_scrub: Callback<Option<u64>>,
    /// Go to this moment (the lab's clock, ms).
    pub on_seek: Callback<u64>,
    pub on_undo: Callback<()>,
}

fn clock(ms: u64) -> String {
    Instant::from_millis(ms).to_string()
}

#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let (lo, hi) = (props.floor_ms, props.end_ms.max(props.floor_ms));
    let span = (hi - lo).max(1) as f64;
    let x = |t: u64| (t.clamp(lo, hi) - lo) as f64 / span * 1000.0;
    let value = props.scrub.unwrap_or(props.now_ms).clamp(lo, hi);
    let on_input = {
        let on_scrub = props.on_scrub.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            on_scrub.emit(el.value().parse().ok());
        })
    };
    let on_change = {
        let on_seek = props.on_seek.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(t) = el.value().parse() {
                on_seek.emit(t);
            }
        })
    };
    let undo = props.on_undo.reform(|_| ());
    let back = {
        let on_seek = props.on_seek.clone();
        let end = props.end_ms;
        Callback::from(move |_| on_seek.emit(end))
    };
    let status = match props.scrub {
        Some(t) if t != props.now_ms => format!("Let go to see the lab at {}", clock(t)),
        _ if props.ahead => format!(
            "Viewing the lab at {} of {}. Look around freely; acting here continues from this moment and drops what came after.",
            clock(props.now_ms),
            clock(props.end_ms)
        ),
        _ => "Drag to any earlier moment to see the lab as it was then.".to_string(),
    };
    let now_x = x(props.now_ms);
    html! {
        <section class="timeline" aria-label="rewind timeline">
            <div class="timeline-head">
                <h2>{ "Timeline" }</h2>
                <button aria-label="undo last action" disabled={!props.can_undo} onclick={undo}
                    title="Go back to just before your last action">{ "Undo last action" }</button>
                if props.ahead {
                    <button aria-label="back to the latest moment" onclick={back}>
                        { if props.end_ms == props.now_ms { "Redo".to_string() } else { format!("Back to {}", clock(props.end_ms)) } }
                    </button>
                }
            </div>
            <svg class="timeline-strip" viewBox="0 0 1000 24" preserveAspectRatio="none" aria-hidden="true">
                if props.ahead {
                    <rect class="timeline-ahead" x={format!("{now_x:.1}")} y="9" width={format!("{:.1}", 1000.0 - now_x)} height="6" />
                }
                { for props.marks.iter().filter(|m| m.t_ms >= lo).map(|m| {
                    let mx = format!("{:.1}", x(m.t_ms));
                    html! {
                        <line class={m.kind.class()} x1={mx.clone()} x2={mx} y1="2" y2="22">
                            <title>{ format!("{} {}", clock(m.t_ms), m.label) }</title>
                        </line>
                    }
                }) }
            </svg>
            <input type="range" class="timeline-range" aria-label="lab time"
                min={lo.to_string()} max={hi.to_string()} step="100" value={value.to_string()}
                aria-valuetext={clock(value)}
                oninput={on_input} onchange={on_change} />
            <div class="timeline-scale"><span>{ clock(lo) }</span><span>{ clock(hi) }</span></div>
            <p class="timeline-status" aria-live="polite">{ status }</p>
            <ul class="timeline-legend">
                <li class="mark-command">{ "command" }</li>
                <li class="mark-cable">{ "cable" }</li>
                <li class="mark-power">{ "power" }</li>
                <li class="mark-traffic">{ "traffic" }</li>
                <li class="mark-takeover">{ "takeover" }</li>
            </ul>
        </section>
    }
}
