//! "Why?": pick a unit's (or group's) state, a takeover, or the dropped
//! sessions, and read the causal chain from the event timeline in plain
//! words, with the failover rule behind it.

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::WhyAbout;

#[derive(Properties, PartialEq)]
pub struct WhyProps {
    /// What can be asked about, with its button text.
    pub topics: Rc<Vec<(WhyAbout, String)>>,
    /// The topic asked about and its explanation.
    pub asked: Option<(WhyAbout, Rc<Vec<String>>)>,
    pub on_ask: Callback<Option<WhyAbout>>,
}

#[function_component(WhyPanel)]
pub fn why_panel(props: &WhyProps) -> Html {
    let current = props.asked.as_ref().map(|(t, _)| *t);
    html! {
        <section class="why" aria-label="why">
            <h2>{ "Why?" }</h2>
            <p class="hint">{ "Ask about a state, a takeover or the dropped sessions: the chain of events behind it and the failover rule." }</p>
            <div class="why-topics">
                { for props.topics.iter().map(|(t, text)| {
                    let on = current == Some(*t);
                    let t = *t;
                    let ask = props.on_ask.reform(move |_| if on { None } else { Some(t) });
                    html! {
                        <button aria-pressed={on.to_string()} aria-label={format!("why: {text}")}
                            class={classes!(on.then_some("on"))} onclick={ask}>{ text.clone() }</button>
                    }
                }) }
            </div>
            if let Some((_, lines)) = &props.asked {
                <ul class="why-lines" aria-label="why explained" aria-live="polite">
                    { for lines.iter().map(|l| html! {
                        <li class={classes!(l.starts_with("  ").then_some("cause"))}>{ l.trim_start().to_string() }</li>
                    }) }
                </ul>
            }
        </section>
    }
}
