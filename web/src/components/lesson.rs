//! The lesson panel: pick a lesson, follow its steps; each step is ticked
//! when the lab shows it done.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LessonProps {
    pub titles: Vec<String>,
    /// The lesson in progress and its steps with their state.
    pub active: Option<usize>,
    pub steps: Vec<(String, bool)>,
    pub on_start: Callback<usize>,
    pub on_stop: Callback<()>,
}

#[function_component(LessonPanel)]
pub fn lesson_panel(props: &LessonProps) -> Html {
    let on_change = {
        let cb = props.on_start.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(i) = el.value().parse::<usize>() {
                cb.emit(i);
            }
        })
    };
    let current = props.steps.iter().position(|(_, done)| !done);
    let stop = props.on_stop.reform(|_| ());
    html! {
        <section class="lesson" aria-label="lesson">
            <h2>{ "Lesson " }
                <select aria-label="choose a lesson" onchange={on_change}>
                    <option value="" selected={props.active.is_none()}>{ "choose…" }</option>
                    { for props.titles.iter().enumerate().map(|(i, t)| html! {
                        <option value={i.to_string()} selected={props.active == Some(i)}>{ t }</option>
                    }) }
                </select>
                if props.active.is_some() {
                    <button aria-label="stop the lesson" onclick={stop}>{ "Stop" }</button>
                }
            </h2>
            if props.active.is_some() {
                <ol class="steps">
                    { for props.steps.iter().enumerate().map(|(i, (text, done))| {
                        let class = if *done { "done" } else if Some(i) == current { "current" } else { "todo" };
                        html! {
                            <li class={class} aria-current={(Some(i) == current).then_some("step")}>
                                <span class="mark">{ if *done { "✓ " } else { "○ " } }</span>{ text }
                            </li>
                        }
                    }) }
                </ol>
                if current.is_none() {
                    <p class="complete" role="status">{ "Lesson complete." }</p>
                }
            }
        </section>
    }
}
