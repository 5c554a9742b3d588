//! The timeline: every state change with its cause and virtual time, as
//! syslog-style lines, filtered by unit, the newest at the top (always in
//! view without scrolling).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    /// (virtual time, unit, what happened, syslog message), newest first.
    pub events: Vec<(String, String, String, String)>,
    pub filter: AttrValue,
    pub on_filter: Callback<String>,
}

#[function_component(EventLog)]
pub fn event_log(props: &EventLogProps) -> Html {
    let on_change = {
        let cb = props.on_filter.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            cb.emit(el.value());
        })
    };
    html! {
        <section class="eventlog" aria-label="event log">
            <h2>{ "Event log " }
                <select aria-label="event log filter" onchange={on_change}>
                    { for ["all", "primary", "secondary"].iter().map(|f| html! {
                        <option value={*f} selected={props.filter == *f}>{ *f }</option>
                    }) }
                </select>
            </h2>
            <p class="hint">{ "Newest first." }</p>
            <ol class="events" aria-label="events, newest first">
                { for props.events.iter().map(|(t, u, text, syslog)| html! {
                    <li><span class="t">{ t }</span>{ " " }<span class="u">{ u }</span>{ ": " }{ text }
                        if !syslog.is_empty() { <span class="syslog">{ format!("  {syslog}") }</span> }
                    </li>
                }) }
            </ol>
        </section>
    }
}
