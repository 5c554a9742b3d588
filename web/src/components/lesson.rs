//! The lesson panel: pick a lesson or a challenge (or import one), follow
//! its steps. Expect steps tick themselves when the lab shows them done
//! (checked after the lab changed, never while drawing); a question is
//! answered with radio buttons before the learner can go on; an explanation
//! is read and continued; every step can show its hint, and the current one
//! why it has not ticked yet. Progress travels with the lab's save, and
//! exports as a JSON record.

use std::cell::RefCell;
use std::rc::Rc;

use asa_core::labs::Template;
use yew::prelude::*;

use crate::engine::Engine;
use crate::lessons::{self, Active, Lesson, LessonKind, StepKind};

/// The engine, compared by identity (the panel re-checks on `revision`).
#[derive(Clone)]
pub struct EngineRef(pub Rc<RefCell<Engine>>);

impl PartialEq for EngineRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct LessonProps {
    pub engine: EngineRef,
    /// Bumped whenever the lab changed.
    pub revision: u64,
    /// The lesson in progress (kept by the page: Reset and a lab switch
    /// change it too).
    pub active: UseStateHandle<Option<Active>>,
    /// A lesson started on a new lab.
    pub on_loaded: Callback<Template>,
}

type Why = Vec<(String, Result<(), String>)>;

#[function_component(LessonPanel)]
pub fn lesson_panel(props: &LessonProps) -> Html {
    let list: Rc<Vec<(String, Lesson)>> = use_memo((), |_| lessons::all());
    let why = use_state(Why::new);
    let show_why = use_state(|| false);
    let message = use_state(|| None::<String>);
    let exported = use_state(|| None::<String>);

    // After the lab changed: tick the current step if it holds, refresh
    // "why not yet", and keep the save's lesson line current.
    {
        let engine = props.engine.0.clone();
        let active = props.active.clone();
        let why = why.clone();
        let key = (
            props.revision,
            active.as_ref().map(|a| (a.id.clone(), a.progress.clone())),
        );
        use_effect_with(key, move |_| {
            if let Some(a) = &*active {
                let mut next = a.clone();
                let mut e = engine.borrow_mut();
                e.lesson_advance(&next.lesson, &mut next.progress);
                next.note_completion();
                let w = e.lesson_why_not(&next.lesson, &next.progress);
                let line = next.save_line(&e);
                e.set_attachment(line);
                drop(e);
                if *why != w {
                    why.set(w);
                }
                if next != *a {
                    active.set(Some(next));
                }
            } else {
                engine.borrow_mut().set_attachment(String::new());
            }
        });
    }

    let start = {
        let engine = props.engine.0.clone();
        let active = props.active.clone();
        let on_loaded = props.on_loaded.clone();
        let message = message.clone();
        let show_why = show_why.clone();
        move |id: &str, l: &Lesson, source: Option<String>| match Active::start(id, l, source) {
            Ok((e, a)) => {
                let t = e.template;
                *engine.borrow_mut() = e;
                active.set(Some(a));
                message.set(None);
                show_why.set(false);
                on_loaded.emit(t);
            }
            Err(err) => message.set(Some(format!("Could not start the lesson: {err}"))),
        }
    };
    let on_choose = {
        let list = list.clone();
        let start = start.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some((id, l)) = el.value().parse::<usize>().ok().and_then(|i| list.get(i)) {
                start(id, l, None);
            }
        })
    };
    let on_import = {
        let start = start.clone();
        let message = message.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let start = start.clone();
            let message = message.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
                match text.ok().and_then(|v| v.as_string()) {
                    Some(t) => match lessons::parse(&t) {
                        Ok(l) => start(lessons::IMPORTED, &l, Some(t)),
                        Err(err) => {
                            message.set(Some(format!("Could not import that lesson: {err}")))
                        }
                    },
                    None => message.set(Some("Could not read that file.".into())),
                }
            });
            input.set_value("");
        })
    };
    let stop = {
        let active = props.active.clone();
        Callback::from(move |_| active.set(None))
    };
    let export = {
        let engine = props.engine.0.clone();
        let active = props.active.clone();
        let exported = exported.clone();
        Callback::from(move |_| {
            if let Some(a) = &*active {
                let rec = a.record(&engine.borrow());
                if let Ok(json) = serde_json::to_string_pretty(&rec) {
                    let name = format!("progress-{}.json", a.id);
                    let ok = crate::download::download(&name, "application/json", &json).is_some();
                    exported.set(Some(if ok {
                        format!("Exported {name}.")
                    } else {
                        "The browser refused the download.".into()
                    }));
                }
            }
        })
    };

    let active = &*props.active;
    let current = active.as_ref().and_then(|a| a.progress.current());
    let selected = active
        .as_ref()
        .and_then(|a| list.iter().position(|(id, _)| *id == a.id));
    let option = |i: usize, (_, l): &(String, Lesson)| {
        html! { <option value={i.to_string()} selected={selected == Some(i)}>{ l.title.clone() }</option> }
    };
    let course: Html = list
        .iter()
        .enumerate()
        .filter(|(_, (_, l))| l.kind == LessonKind::Lesson)
        .map(|(i, x)| option(i, x))
        .collect();
    let challenges: Html = list
        .iter()
        .enumerate()
        .filter(|(_, (_, l))| l.kind == LessonKind::Challenge)
        .map(|(i, x)| option(i, x))
        .collect();

    let step_view = |a: &Active, k: usize| -> Html {
        let step = &a.lesson.steps[k];
        let done = a.progress.done.get(k).copied().unwrap_or(false);
        let is_current = current == Some(k);
        let class = if done {
            "done"
        } else if is_current {
            "current"
        } else {
            "todo"
        };
        let kind = match step.kind {
            StepKind::Expect(_) => "expect",
            StepKind::Predict { .. } => "predict",
            StepKind::Explain => "explain",
        };
        let more = step
            .more
            .iter()
            .map(|m| html! { <p class="more">{ m.clone() }</p> })
            .collect::<Html>();
        let body = match &step.kind {
            StepKind::Predict { choices, correct } => {
                let answered = a.progress.answers.get(k).copied().flatten();
                let late = a.progress.late.get(k).copied().unwrap_or(false);
                let name = format!("predict-{k}");
                html! {
                    <fieldset class="predict" disabled={!is_current}>
                        <legend class="sr-only">{ "your prediction" }</legend>
                        { for choices.iter().enumerate().map(|(c, text)| {
                            let active = props.active.clone();
                            let engine = props.engine.0.clone();
                            let pick = Callback::from(move |_| {
                                if let Some(a) = &*active {
                                    let mut next = a.clone();
                                    let e = engine.borrow();
                                    if next.progress.answer(&next.lesson, k, c, e.replay()).is_ok() {
                                        next.note_completion();
                                        active.set(Some(next));
                                    }
                                }
                            });
                            let mark = match answered {
                                Some(x) if x == c && c == *correct => " ✓ right",
                                Some(x) if x == c => " ✗ not quite",
                                Some(_) if c == *correct => " ← the answer",
                                _ => "",
                            };
                            let mark = if late && answered == Some(c) {
                                format!("{mark} (answered after the lab had changed: hindsight, not a prediction)")
                            } else {
                                mark.to_string()
                            };
                            html! {
                                <label class="choice">
                                    <input type="radio" name={name.clone()} checked={answered == Some(c)}
                                        onchange={pick} />
                                    { text.clone() }<span class="verdict">{ mark }</span>
                                </label>
                            }
                        }) }
                    </fieldset>
                }
            }
            StepKind::Explain if is_current => {
                let active = props.active.clone();
                let engine = props.engine.0.clone();
                let read = Callback::from(move |_| {
                    if let Some(a) = &*active {
                        let mut next = a.clone();
                        let e = engine.borrow();
                        if next.progress.read(&next.lesson, k, e.replay()) {
                            next.note_completion();
                            active.set(Some(next));
                        }
                    }
                });
                html! { <button class="continue" aria-label="continue" onclick={read}>{ "Continue" }</button> }
            }
            _ => html! {},
        };
        let hint = step.hint.as_ref().filter(|_| !done).map(|h| {
            html! {
                <details class="hint"><summary>{ "Hint" }</summary><p>{ h.clone() }</p></details>
            }
        });
        let why_view = (is_current && matches!(step.kind, StepKind::Expect(_))).then(|| {
            let toggle = {
                let show_why = show_why.clone();
                Callback::from(move |_| show_why.set(!*show_why))
            };
            html! {
                <div class="why">
                    <button aria-label="why not yet" aria-expanded={show_why.to_string()} onclick={toggle}>{ "Why not yet?" }</button>
                    if *show_why {
                        <ul class="why-list" aria-label="what the step checks">
                            { for why.iter().map(|(check, r)| html! {
                                <li class={if r.is_ok() { "holds" } else { "fails" }}>
                                    <code>{ check.clone() }</code>
                                    { match r {
                                        Ok(()) => html! { <span>{ " — holds now" }</span> },
                                        Err(e) => html! { <span>{ format!(" — not yet: {e}") }</span> },
                                    } }
                                </li>
                            }) }
                        </ul>
                    }
                </div>
            }
        });
        html! {
            <li class={classes!(class, kind)} aria-current={is_current.then_some("step")}>
                <span class="mark">{ if done { "✓ " } else { "○ " } }</span>{ step.text.clone() }
                { more }
                { body }
                { for hint }
                { for why_view }
            </li>
        }
    };

    html! {
        <section class="lesson" aria-label="lesson">
            <h2>{ "Lesson " }
                <select aria-label="choose a lesson" onchange={on_choose}>
                    <option value="" selected={selected.is_none()}>{
                        if active.is_some() { "imported lesson" } else { "choose…" }
                    }</option>
                    <optgroup label="Course">{ course }</optgroup>
                    <optgroup label="Troubleshooting challenges">{ challenges }</optgroup>
                </select>
                if active.is_some() {
                    <button aria-label="stop the lesson" onclick={stop}>{ "Stop" }</button>
                    <button aria-label="export progress" onclick={export}>{ "Export progress" }</button>
                }
                <label class="import">{ "Import lesson " }
                    <input type="file" accept=".lesson,.txt,text/plain" aria-label="import lesson" onchange={on_import} />
                </label>
            </h2>
            if let Some(m) = &*message {
                <p class="error" role="alert">{ m.clone() }</p>
            }
            if let Some(m) = &*exported {
                <p class="message" role="status">{ m.clone() }</p>
            }
            if let Some(a) = active {
                if let Some(f) = &a.lesson.fault {
                    <p class="fault"><strong>{ "The problem: " }</strong>{ f.clone() }</p>
                }
                // Steps up to the current one: later ones would give away
                // the answers to the questions before them.
                <ol class="steps">
                    { for (0..current.map_or(a.lesson.steps.len(), |c| c + 1)).map(|k| step_view(a, k)) }
                </ol>
                <p class="progress">{ format!(
                    "Step {} of {}",
                    current.map_or(a.lesson.steps.len(), |c| c + 1),
                    a.lesson.steps.len()
                ) }</p>
                if current.is_none() {
                    <p class="complete" role="status">{
                        if a.lesson.kind == LessonKind::Challenge { "Challenge solved." } else { "Lesson complete." }
                    }</p>
                }
            }
        </section>
    }
}
