//! Start traffic of each kind between the lab's hosts (the same semantics as
//! the lab-script `traffic` and `load` statements) and see what became of
//! the sessions.

use asa_core::traffic::Kind;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct TrafficRequest {
    pub kind: Kind,
    pub n: u64,
    pub from: String,
    pub to: String,
    pub load: bool,
}

#[derive(Properties, PartialEq)]
pub struct TrafficProps {
    pub hosts: Vec<String>,
    pub sessions: Vec<String>,
    pub loads: Vec<(Kind, u64, String, String)>,
    pub on_start: Callback<TrafficRequest>,
    pub error: Option<AttrValue>,
    /// The upstream router's return routing (`active-active` only; `None`
    /// where the lab has no second ISP link).
    #[prop_or_default]
    pub asymmetric: Option<bool>,
    #[prop_or_default]
    pub on_asymmetric: Callback<bool>,
}

#[function_component(TrafficPanel)]
pub fn traffic_panel(props: &TrafficProps) -> Html {
    let kind = use_state(|| Kind::Tcp);
    let count = use_state(|| "100".to_string());
    // The count field holds no whole number (said next to it).
    let count_error = use_state(|| false);
    let from = use_state(|| props.hosts.first().cloned().unwrap_or_default());
    let to = use_state(|| props.hosts.get(1).cloned().unwrap_or_default());
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            if let Some(k) = Kind::parse(&el.value()) {
                kind.set(k);
            }
        })
    };
    let on_count = {
        let count = count.clone();
        let count_error = count_error.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlInputElement = e.target_unchecked_into();
            count_error.set(false);
            count.set(el.value());
        })
    };
    let select = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            state.set(el.value());
        })
    };
    let (on_from, on_to) = (select(&from), select(&to));
    // The hosts shown and sent are always the current lab's: a choice made
    // in another lab (its host is not here) falls back to this lab's first
    // and second host.
    let current = |chosen: &str, default: usize| -> String {
        if props.hosts.iter().any(|h| h == chosen) {
            chosen.to_string()
        } else {
            props.hosts.get(default).cloned().unwrap_or_default()
        }
    };
    let (from, to) = (current(&from, 0), current(&to, 1));
    let request = {
        let (kind, count, from, to) = (kind.clone(), count.clone(), from.clone(), to.clone());
        let count_error = count_error.clone();
        move |load: bool| -> Option<TrafficRequest> {
            let n = count.trim().parse().ok();
            count_error.set(n.is_none());
            Some(TrafficRequest {
                kind: *kind,
                n: n?,
                from: from.clone(),
                to: to.clone(),
                load,
            })
        }
    };
    let open = {
        let request = request.clone();
        let cb = props.on_start.clone();
        Callback::from(move |_| {
            if let Some(r) = request(false) {
                cb.emit(r)
            }
        })
    };
    let load = {
        let cb = props.on_start.clone();
        Callback::from(move |_| {
            if let Some(r) = request(true) {
                cb.emit(r)
            }
        })
    };
    let host_options = |selected: &str| {
        props
            .hosts
            .iter()
            .map(|h| html! { <option value={h.clone()} selected={h == selected}>{ h }</option> })
            .collect::<Html>()
    };
    html! {
        <section class="traffic" aria-label="traffic">
            <h2>{ "Traffic" }</h2>
            <div class="traffic-form">
                <select aria-label="traffic kind" onchange={on_kind}>
                    { for Kind::ALL.iter().map(|k| html! { <option value={k.name()} selected={*k == *kind}>{ k.name() }</option> }) }
                </select>
                <input type="number" min="0" value={(*count).clone()} oninput={on_count} aria-label="sessions or rate" />
                <select aria-label="from host" onchange={on_from}>{ host_options(&from) }</select>
                <span>{ "→" }</span>
                <select aria-label="to host" onchange={on_to}>{ host_options(&to) }</select>
                <button onclick={open} aria-label="open sessions">{ "Open sessions" }</button>
                <button onclick={load} aria-label="set load per second">{ "Load /s" }</button>
            </div>
            if let Some(on) = props.asymmetric {
                <p class="asymmetric">
                    <button class="asymmetric-toggle" aria-pressed={on.to_string()}
                        aria-label="asymmetric routing"
                        title="The upstream router sends return traffic back through the other ISP link (needs asr-group on the outside interfaces)"
                        onclick={props.on_asymmetric.reform(move |_| !on)}>
                        { if on { "Asymmetric return routing: on" } else { "Asymmetric return routing: off" } }
                    </button>
                </p>
            }
            if *count_error {
                <p class="error" role="alert">{ "Enter how many sessions to open (or how many per second for Load /s): a whole number, 0 or more." }</p>
            }
            if let Some(e) = &props.error {
                <p class="error" role="alert">{ e.clone() }</p>
            }
            <ul class="loads">
                { for props.loads.iter().map(|(k, r, f, t)| {
                    let cb = props.on_start.clone();
                    let req = TrafficRequest { kind: *k, n: 0, from: f.clone(), to: t.clone(), load: true };
                    html! {
                        <li>{ format!("load {k} {r}/s {f} → {t} ") }
                            <button aria-label={format!("stop load {k} {f} {t}")} onclick={Callback::from(move |_| cb.emit(req.clone()))}>{ "Stop" }</button>
                        </li>
                    }
                }) }
            </ul>
            <pre class="sessions" aria-label="sessions">{
                if props.sessions.is_empty() { "no sessions yet".to_string() } else { props.sessions.join("\n") }
            }</pre>
        </section>
    }
}
