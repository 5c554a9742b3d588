//! Presenter playback: a lab script played statement by statement, its
//! `note` lines shown as captions large enough for a projector, its `pause`
//! lines stopping playback until the presenter continues. Built-in demos
//! (`assets/demos/`) or the presenter's own `.lab` file.

use std::cell::RefCell;
use std::rc::Rc;

use asa_core::labs::Template;
use asa_core::script::{self, Stmt};
use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::components::lesson::EngineRef;
use crate::engine::Engine;

/// The shipped demos: (name, script).
pub const DEMOS: &[(&str, &str)] = &[(
    "Stale state after the stateful link fails",
    include_str!("../../../assets/demos/stale-state.lab"),
)];

/// Real milliseconds between statements while playing.
const PLAY_MS: u32 = 1200;

#[derive(Clone, Debug, PartialEq)]
pub struct Demo {
    pub stmts: Vec<Stmt>,
    /// The next statement to play.
    pub pos: usize,
    pub caption: Option<String>,
    /// The lines of the last `why` played.
    pub why: Vec<String>,
    pub playing: bool,
    /// Stopped at a `pause`.
    pub held: bool,
}

impl Demo {
    /// Parses a demo and builds its starting lab.
    pub fn load(text: &str) -> Result<(Engine, Demo), String> {
        let lines = script::parse(text).map_err(|e| e.to_string())?;
        let head: String = lines
            .iter()
            .take_while(|l| matches!(l.stmt, Stmt::Lab(_) | Stmt::Seed(_)))
            .map(|l| format!("{}\n", l.stmt))
            .collect();
        let skip = lines
            .iter()
            .take_while(|l| matches!(l.stmt, Stmt::Lab(_) | Stmt::Seed(_)))
            .count();
        let e = Engine::from_script(&head)?;
        Ok((
            e,
            Demo {
                stmts: lines[skip..].iter().map(|l| l.stmt.clone()).collect(),
                pos: 0,
                caption: None,
                why: Vec::new(),
                playing: false,
                held: false,
            },
        ))
    }

    /// Plays the next statement on the engine: a note becomes the caption,
    /// a pause stops playback.
    pub fn step(&mut self, e: &mut Engine) -> Result<(), String> {
        let Some(s) = self.stmts.get(self.pos).cloned() else {
            self.playing = false;
            return Ok(());
        };
        self.pos += 1;
        match s {
            Stmt::Note(text) => self.caption = Some(text),
            Stmt::Why(about) => self.why = e.why_about(about),
            Stmt::Pause => {
                self.playing = false;
                self.held = true;
            }
            other => e.play(&other)?,
        }
        if self.pos >= self.stmts.len() {
            self.playing = false;
        }
        Ok(())
    }

    pub fn finished(&self) -> bool {
        self.pos >= self.stmts.len()
    }
}

#[derive(Properties, PartialEq)]
pub struct DemoProps {
    pub engine: EngineRef,
    /// A demo started on a new lab.
    pub on_loaded: Callback<Template>,
    /// The demo moved the lab on.
    pub on_changed: Callback<()>,
    /// The lesson in progress (its id): starting one closes the demo,
    /// whose lab it replaced.
    #[prop_or_default]
    pub lesson: Option<String>,
}

#[function_component(DemoPlayer)]
pub fn demo_player(props: &DemoProps) -> Html {
    let demo = use_state(|| None::<Demo>);
    let error = use_state(|| None::<String>);
    // "Why?" at any moment: the causes of the drops so far.
    let asked = use_state(|| None::<Vec<String>>);
    {
        let demo = demo.clone();
        use_effect_with(props.lesson.clone(), move |lesson| {
            if lesson.is_some() {
                demo.set(None);
            }
        });
    }

    let advance = {
        let engine = props.engine.0.clone();
        let demo = demo.clone();
        let error = error.clone();
        let on_changed = props.on_changed.clone();
        Rc::new(move |keep_playing: bool| {
            if let Some(d) = &*demo {
                let mut next = d.clone();
                next.held = false;
                if keep_playing {
                    next.playing = true;
                }
                if let Err(e) = next.step(&mut engine.borrow_mut()) {
                    error.set(Some(e));
                    next.playing = false;
                }
                demo.set(Some(next));
                on_changed.emit(());
            }
        })
    };
    // While playing: one statement every PLAY_MS.
    {
        let advance = advance.clone();
        let playing = demo.as_ref().is_some_and(|d| d.playing);
        let pos = demo.as_ref().map_or(0, |d| d.pos);
        let ticker = Rc::new(RefCell::new(None::<Interval>));
        use_effect_with((playing, pos), move |(playing, _)| {
            if *playing {
                let advance = advance.clone();
                *ticker.borrow_mut() = Some(Interval::new(PLAY_MS, move || advance(true)));
            }
            move || drop(ticker.borrow_mut().take())
        });
    }

    let start = {
        let engine = props.engine.0.clone();
        let demo = demo.clone();
        let error = error.clone();
        let on_loaded = props.on_loaded.clone();
        Rc::new(move |text: &str| match Demo::load(text) {
            Ok((e, d)) => {
                let t = e.template;
                *engine.borrow_mut() = e;
                demo.set(Some(d));
                error.set(None);
                on_loaded.emit(t);
            }
            Err(e) => error.set(Some(format!("Could not open that demo: {e}"))),
        })
    };
    let on_choose = {
        let start = start.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some((_, text)) = el.value().parse::<usize>().ok().and_then(|i| DEMOS.get(i)) {
                start(text);
            }
        })
    };
    let on_file = {
        let start = start.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let start = start.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
                if let Some(t) = text.ok().and_then(|v| v.as_string()) {
                    start(&t);
                }
            });
            input.set_value("");
        })
    };
    let next = {
        let advance = advance.clone();
        Callback::from(move |_| advance(false))
    };
    let play = {
        let demo = demo.clone();
        Callback::from(move |_| {
            if let Some(d) = &*demo {
                let mut n = d.clone();
                n.playing = !n.playing && !n.finished();
                n.held = false;
                demo.set(Some(n));
            }
        })
    };
    let ask = {
        let engine = props.engine.0.clone();
        let asked = asked.clone();
        Callback::from(move |_| {
            asked.set(if asked.is_some() {
                None
            } else {
                Some(engine.borrow().why_about(crate::engine::WhyAbout::Drops))
            })
        })
    };
    let close = {
        let demo = demo.clone();
        Callback::from(move |_| demo.set(None))
    };

    html! {
        <section class="demo" aria-label="demo playback">
            <h2>{ "Demo " }
                <select aria-label="choose a demo" onchange={on_choose}>
                    <option value="" selected={demo.is_none()}>{ "choose…" }</option>
                    { for DEMOS.iter().enumerate().map(|(i, (name, _))| html! {
                        <option value={i.to_string()}>{ *name }</option>
                    }) }
                </select>
                <label class="import">{ "Play a script " }
                    <input type="file" accept=".lab,.txt,text/plain" aria-label="play a demo script" onchange={on_file} />
                </label>
            </h2>
            <button aria-label="why did sessions drop" aria-expanded={asked.is_some().to_string()} onclick={ask}>
                { "Why did sessions drop?" }
            </button>
            if let Some(lines) = &*asked {
                <ul class="why-lines" aria-label="why sessions dropped now">
                    { for lines.iter().map(|l| html! { <li>{ l.clone() }</li> }) }
                </ul>
            }
            if let Some(e) = &*error {
                <p class="error" role="alert">{ e.clone() }</p>
            }
            if let Some(d) = &*demo {
                if let Some(c) = &d.caption {
                    <p class="caption" role="status" aria-live="polite">{ c.clone() }</p>
                }
                if !d.why.is_empty() {
                    <ul class="why-lines" aria-label="why sessions dropped">
                        { for d.why.iter().map(|l| html! { <li>{ l.clone() }</li> }) }
                    </ul>
                }
                <div class="demo-controls">
                    <button aria-label="next statement" onclick={next} disabled={d.finished()}>{ "Next" }</button>
                    <button aria-label={if d.playing { "stop playing" } else if d.held { "continue" } else { "play demo" }}
                        onclick={play} disabled={d.finished()}>
                        { if d.playing { "Stop" } else if d.held { "Continue" } else { "Play" } }
                    </button>
                    <button aria-label="close demo" onclick={close}>{ "Close" }</button>
                    <span class="progress">{
                        if d.held { format!("Paused at statement {} of {}", d.pos, d.stmts.len()) }
                        else if d.finished() { "The demo is over.".to_string() }
                        else { format!("Statement {} of {}: {}", d.pos + 1, d.stmts.len(), d.stmts[d.pos]) }
                    }</span>
                </div>
            }
        </section>
    }
}
