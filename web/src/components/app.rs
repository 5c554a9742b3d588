//! The page: toolbar, the two consoles, the topology, traffic, charts and
//! the event log. Side effects (the ticker, autosave, engine calls, storage)
//! live in effects and callbacks only.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use asa_core::labs::Template;
use asa_core::net::{Port, UnitId};
use asa_core::time::Duration;
use gloo_timers::callback::Interval;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::autosave::{self, Autosave};
use crate::components::charts::Charts;
use crate::components::console::Console;
use crate::components::controls::Controls;
use crate::components::demo::DemoPlayer;
use crate::components::eventlog::EventLog;
use crate::components::glossary::Glossary;
use crate::components::lesson::{EngineRef, LessonPanel};
use crate::components::progress::{percent, OpeningProgress};
use crate::components::savebar::SaveBar;
use crate::components::tabnotice::TabNotice;
use crate::components::timeline::Timeline;
use crate::components::topology::Topology;
use crate::components::traffic::{TrafficPanel, TrafficRequest};
use crate::components::welcome::Welcome;
use crate::components::why::WhyPanel;
use crate::engine::{Ahead, Engine, WhyAbout};
use crate::lessons::{self, Active};
use crate::share;
use crate::state::{Action, UiState};

/// Real milliseconds between ticks of the virtual clock.
const TICK_MS: u32 = 100;
/// Real milliseconds between autosaves.
const SAVE_MS: u32 = 1000;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Removes the share link from the address bar (without a new history
/// entry), so a reload opens the learner's own autosave, not the link again.
fn clear_fragment() -> Option<()> {
    let w = web_sys::window()?;
    let loc = w.location();
    let url = format!("{}{}", loc.pathname().ok()?, loc.search().ok()?);
    w.history()
        .ok()?
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .ok()
}

/// Work (the engine's work units) a lab may take to open at once; a larger
/// one is replayed across frames behind a progress bar.
pub const OPEN_AT_ONCE: u64 = 200_000;
/// Real milliseconds of replay before the page may draw again (a step runs
/// past it by one piece at most, and never begins a piece that would take
/// it past 2.5 × this: see [`crate::engine::Replaying::step`]).
pub const STEP_MS: f64 = 30.0;
/// Sessions the traffic panel opens in one step (about 20 ms of engine
/// time in the release build; more are opened across frames).
pub const SESSIONS_PER_STEP: u64 = 250_000;

/// Where a lab being opened came from: what is said and kept once it is
/// open, failed or was cancelled.
enum Source {
    /// A share link at page load (opened as a copy); `saved`: the autosave
    /// it replaces.
    Link { saved: Option<String> },
    /// The autosave at page load; `note`: about a share link that did not
    /// open.
    Autosave { text: String, note: Option<String> },
    /// A file the learner imported.
    Import,
    /// "Restore previous lab": the lab restored.
    Restore { prev: String },
    /// The timeline: the lab replayed up to an earlier moment (or without
    /// the last action); `ahead`: the whole journal it was cut from.
    Rewind { ahead: Rc<Ahead>, undo: bool },
    /// "Restore other tab's lab": the lab another tab kept under `key`.
    RestoreTab { key: String, text: String },
}

/// Where the timeline goes.
pub enum Travel {
    /// To this moment (the lab's clock, ms).
    At(u64),
    /// To just before the learner's last action.
    Undo,
}

/// A lab being opened across frames.
struct Job {
    opening: lessons::Opening,
    source: Source,
}

/// Milliseconds from the page's clock.
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// The page's handles on the lab, the job opening one, and what opening
/// one changes (used from callbacks and effects only).
#[derive(Clone)]
struct Page {
    engine: Rc<RefCell<Engine>>,
    job: Rc<RefCell<Option<Job>>>,
    lesson: UseStateHandle<Option<Active>>,
    message: UseStateHandle<Option<String>>,
    previous: UseStateHandle<bool>,
    dispatcher: UseReducerDispatcher<UiState>,
    /// What this tab knows of the shared autosave.
    autosave: Rc<RefCell<Autosave>>,
    /// Bumped by Cancel: sessions being opened across frames stop.
    work: Rc<Cell<u64>>,
}

impl Page {
    /// The lab to open at page load: a share link first (opened as a copy:
    /// the link leaves the address bar and the autosave it replaces is
    /// kept under [`share::PREVIOUS_KEY`]), then the autosave, else the
    /// fresh `active-standby` lab already open. A save that cannot be
    /// restored is kept aside (never lost) and the learner is told; a
    /// damaged link leaves the learner's own lab open and untouched.
    fn boot(&self) {
        let hash = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        let saved = storage().and_then(|s| s.get_item(share::STORAGE_KEY).ok().flatten());
        self.autosave.borrow_mut().found(saved.clone());
        self.kept_tab();
        match share::script_from_fragment(&hash) {
            Some(Ok(text)) => self.open(&text, Source::Link { saved }),
            Some(Err(err)) => {
                clear_fragment();
                self.open_saved(saved, Some(link_failed(&err)));
            }
            None => self.open_saved(saved, None),
        }
    }

    /// Whether a lab kept by another tab can be restored, for the page.
    fn kept_tab(&self) {
        let kept = storage()
            .is_some_and(|s| autosave::newest_kept(&s, self.autosave.borrow().slot()).is_some());
        self.dispatcher.dispatch(Action::KeptTab(kept));
    }

    fn open_saved(&self, saved: Option<String>, note: Option<String>) {
        match saved {
            Some(text) => self.open(&text.clone(), Source::Autosave { text, note }),
            None => self.message.set(note),
        }
    }

    /// Opens `text`: at once when it is small, else as a job the ticker of
    /// the opening continues every frame.
    fn open(&self, text: &str, source: Source) {
        match lessons::begin(text) {
            Err(err) => self.failed(source, err),
            Ok(o) if o.progress().1 <= OPEN_AT_ONCE => match o.finish() {
                Ok(lab) => self.opened(source, lab),
                Err(err) => self.failed(source, err),
            },
            Ok(opening) => {
                let (done, total) = opening.progress();
                *self.job.borrow_mut() = Some(Job { opening, source });
                self.dispatcher.dispatch(Action::Opening(done, total));
            }
        }
    }

    /// One step of the job opening a lab (about [`STEP_MS`]); whether a
    /// lab is still being opened after it.
    fn step(&self) -> bool {
        let mut slot = self.job.borrow_mut();
        let Some(job) = slot.as_mut() else {
            drop(slot);
            self.dispatcher.dispatch(Action::OpeningEnded);
            return false;
        };
        let before = job.opening.progress();
        let res = job.opening.job.step(STEP_MS, now_ms);
        if let Ok(false) = res {
            // The page is drawn again when the per cent shown changes.
            let (done, total) = job.opening.progress();
            if percent(done, total) != percent(before.0, before.1) {
                self.dispatcher.dispatch(Action::Opening(done, total));
            }
            return true;
        }
        let Some(Job { opening, source }) = slot.take() else {
            return false;
        };
        drop(slot);
        self.dispatcher.dispatch(Action::OpeningEnded);
        match res {
            Err(err) => self.failed(source, err),
            _ => self.opened(source, opening.done()),
        }
        self.job.borrow().is_some()
    }

    /// Rewinds (or undoes): the lab is replayed from its journal up to the
    /// moment asked. The journal it is cut from is the one a rewind kept
    /// aside while the lab is still on it, else the lab open now; it is
    /// kept in "Restore previous lab" too, so a reload cannot lose it.
    fn travel(&self, to: Travel, ahead: Option<Rc<Ahead>>) {
        let e = self.engine.borrow();
        let base = match ahead.filter(|a| e.behind(a)) {
            Some(a) => a,
            None => Rc::new(e.ahead()),
        };
        let undo = matches!(to, Travel::Undo);
        let text = match to {
            Travel::At(t) if t == e.now().total_millis() => return,
            Travel::At(t) => e.script_at(&base, t),
            Travel::Undo => match e.script_undone() {
                Some(text) => text,
                None => return,
            },
        };
        let whole = e.script_at(&base, base.end_ms);
        drop(e);
        if let Some(s) = storage() {
            if s.set_item(share::PREVIOUS_KEY, &whole).is_ok() {
                self.previous.set(true);
            }
        }
        self.open(&text, Source::Rewind { ahead: base, undo });
    }

    /// Cancel: the lab open now stays.
    fn cancel(&self) {
        self.work.set(self.work.get() + 1);
        let job = self.job.borrow_mut().take();
        self.dispatcher.dispatch(Action::OpeningEnded);
        if let Some(job) = job {
            self.cancelled(job.source);
        }
    }

    /// Opens sessions from the traffic panel. Many sessions (a datacenter
    /// table of ten million) open [`SESSIONS_PER_STEP`] at a time, a step a
    /// frame, behind the progress bar, so the page never freezes; Cancel
    /// keeps those opened so far. Each step is a `traffic` statement of its
    /// own in the journal.
    fn open_sessions(&self, r: TrafficRequest, error: UseStateHandle<Option<String>>) {
        if !r.load {
            let fits = self.engine.borrow().sessions_fit(r.n);
            if let Err(e) = fits {
                error.set(Some(e));
                return;
            }
        }
        if r.load || r.n <= SESSIONS_PER_STEP {
            let res = self
                .engine
                .borrow_mut()
                .traffic(r.kind, r.n, &r.from, &r.to, r.load);
            error.set(res.err());
            self.dispatcher.dispatch(Action::EngineChanged);
            return;
        }
        let gen = self.work.get();
        let page = self.clone();
        let total = r.n;
        page.dispatcher.dispatch(Action::OpeningSessions(0, total));
        wasm_bindgen_futures::spawn_local(async move {
            let mut done = 0;
            let mut failed = None;
            while done < total && page.work.get() == gen {
                let n = (total - done).min(SESSIONS_PER_STEP);
                let res = page
                    .engine
                    .borrow_mut()
                    .traffic(r.kind, n, &r.from, &r.to, false);
                if let Err(e) = res {
                    failed = Some(e);
                    break;
                }
                done += n;
                page.dispatcher
                    .dispatch(Action::OpeningSessions(done, total));
                TimeoutFuture::new(0).await;
            }
            page.dispatcher.dispatch(Action::OpeningEnded);
            if done < total && failed.is_none() {
                page.message.set(Some(format!(
                    "Stopped opening sessions: {done} of {total} are open."
                )));
            }
            error.set(failed.map(|e| {
                if done > 0 {
                    format!("{e} ({done} of {total} opened)")
                } else {
                    e
                }
            }));
        });
    }

    fn swap(&self, (e, a): (Engine, Option<Active>)) {
        let t = e.template;
        *self.engine.borrow_mut() = e;
        self.lesson.set(a);
        self.dispatcher.dispatch(Action::Loaded(t));
    }

    fn opened(&self, source: Source, lab: (Engine, Option<Active>)) {
        match source {
            Source::Link { saved } => {
                clear_fragment();
                let mut msg = "Opened the shared lab as a copy: your changes stay in this browser; the link is unchanged.".to_string();
                if let Some(prev) = saved.filter(|p| *p != lab.0.to_script()) {
                    if let Some(s) = storage() {
                        if s.set_item(share::PREVIOUS_KEY, &prev).is_ok() {
                            msg.push_str(" Your previous lab is kept: “Restore previous lab” brings it back.");
                            self.previous.set(true);
                        }
                    }
                }
                self.swap(lab);
                self.message.set(Some(msg));
            }
            Source::Autosave { note, .. } => {
                self.swap(lab);
                self.message.set(note);
            }
            Source::Import => {
                self.swap(lab);
                self.message.set(Some("Imported the lab.".into()));
            }
            Source::Rewind { ahead, undo } => {
                self.swap(lab);
                let now = self.engine.borrow().now();
                let back = self.engine.borrow().behind(&ahead).then_some(ahead);
                let what = if undo {
                    format!("Undid your last action: the lab is replayed without it, at {now}.")
                } else {
                    format!("Rewound to {now}: the lab as it was then, replayed from its journal.")
                };
                self.message.set(Some(match &back {
                    Some(_) => format!(
                        "{what} The clock is paused; the timeline's “Back to …” returns until you act."
                    ),
                    None if undo => what,
                    None => format!("The lab is at {now} again."),
                }));
                self.dispatcher.dispatch(Action::Rewound(back));
            }
            Source::Restore { prev } => {
                // The lab open now takes the previous one's place, so the
                // button swaps back and nothing is lost.
                if let Some(s) = storage() {
                    let now = self.engine.borrow().to_script();
                    let _ = s.set_item(share::PREVIOUS_KEY, &now);
                    if s.set_item(share::STORAGE_KEY, &prev).is_ok() {
                        self.autosave.borrow_mut().wrote(&prev);
                    }
                }
                self.swap(lab);
                self.message.set(Some(
                    "Restored your previous lab; the lab you had open is kept (Restore previous lab swaps back).".into(),
                ));
            }
            Source::RestoreTab { key, text } => {
                // The other tab's lab becomes this tab's autosave; the lab
                // open now is kept under a key of its own (not the other
                // tab's: that tab may still be open and saving there).
                if let Some(s) = storage() {
                    let now = self.engine.borrow().to_script();
                    let _ = s.remove_item(&key);
                    if now != text {
                        let mine =
                            format!("{}{}", autosave::TAB_PREFIX, js_sys::Date::now() as u64);
                        let _ = s.set_item(&mine, &now);
                    }
                    if !self.autosave.borrow().diverted()
                        && s.set_item(share::STORAGE_KEY, &text).is_ok()
                    {
                        self.autosave.borrow_mut().wrote(&text);
                    }
                }
                self.swap(lab);
                self.kept_tab();
                self.message.set(Some(
                    "Restored the lab another tab kept; the lab you had open is kept in its place (“Restore other tab's lab” swaps back).".into(),
                ));
            }
        }
    }

    fn failed(&self, source: Source, err: String) {
        match source {
            Source::Link { saved } => {
                clear_fragment();
                self.open_saved(saved, Some(link_failed(&err)));
            }
            Source::Autosave { text, .. } => {
                if let Some(s) = storage() {
                    let _ = s.set_item(&format!("{}-unrestorable", share::STORAGE_KEY), &text);
                }
                // The fresh lab of the page load is still open.
                self.message.set(Some(format!(
                    "Your saved lab could not be restored ({err}); it is kept in local storage as {}-unrestorable.",
                    share::STORAGE_KEY
                )));
            }
            Source::Import => self
                .message
                .set(Some(format!("Could not import that file: {err}"))),
            Source::Restore { .. } => self
                .message
                .set(Some(format!("Could not restore the previous lab: {err}"))),
            Source::Rewind { .. } => self
                .message
                .set(Some(format!("Could not rewind the lab: {err}"))),
            Source::RestoreTab { key, .. } => self.message.set(Some(format!(
                "Could not restore the other tab's lab: {err}; it stays in local storage as {key}."
            ))),
        }
    }

    fn cancelled(&self, source: Source) {
        match source {
            Source::Link { saved } => {
                clear_fragment();
                self.open_saved(
                    saved,
                    Some("Stopped opening the shared lab. Your own lab is open, unchanged.".into()),
                );
            }
            Source::Autosave { text, .. } => {
                // Kept where "Restore previous lab" finds it; the fresh lab
                // of the page load stays open.
                let kept = storage().is_some_and(|s| s.set_item(share::PREVIOUS_KEY, &text).is_ok());
                if kept {
                    self.previous.set(true);
                }
                self.message.set(Some(if kept {
                    "Stopped opening your saved lab: a fresh lab is open, and your saved lab is kept (“Restore previous lab” brings it back).".into()
                } else {
                    "Stopped opening your saved lab: a fresh lab is open.".into()
                }));
            }
            Source::Import => self.message.set(Some(
                "Stopped importing the file; your lab is unchanged.".into(),
            )),
            Source::Restore { .. } => self.message.set(Some(
                "Stopped restoring the previous lab; your lab is unchanged and the previous one still kept.".into(),
            )),
            Source::Rewind { .. } => self.message.set(Some(
                "Stopped rewinding; the lab is as it was.".into(),
            )),
            Source::RestoreTab { .. } => self.message.set(Some(
                "Stopped restoring the other tab's lab; your lab is unchanged and that lab still kept.".into(),
            )),
        }
    }
}

fn link_failed(err: &str) -> String {
    format!("Could not open the shared lab: {err}. Your own lab is open, unchanged.")
}

/// The journal a rewind kept aside, while the lab open now is still on it.
fn s_ahead(state: &UiState, e: &Engine) -> Option<Rc<Ahead>> {
    state.ahead.clone().filter(|a| e.behind(a))
}

/// The page's address without its fragment, for share links.
fn page_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// The local storage key that remembers the welcome was dismissed.
pub const WELCOMED_KEY: &str = "failover-lab/welcomed";

/// The local storage key of the display choices (presenter mode, theme).
pub const DISPLAY_KEY: &str = "failover-lab/display";

/// The remembered display choices: (presenter, dark); dark by default.
fn display_prefs() -> (bool, bool) {
    let saved = storage()
        .and_then(|s| s.get_item(DISPLAY_KEY).ok().flatten())
        .unwrap_or_default();
    let flag = |name: &str, default: bool| {
        saved
            .split_whitespace()
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
            .map_or(default, |v| v == "true")
    };
    (flag("presenter", false), flag("dark", true))
}

#[function_component(App)]
pub fn app() -> Html {
    // The lab open now: a fresh one until the page load opened the share
    // link or the autosave (see `Page::boot`).
    let engine: Rc<RefCell<Engine>> = (*use_state(|| {
        Rc::new(RefCell::new(
            Engine::new(Template::ActiveStandby).expect("the active-standby lab always builds"),
        ))
    }))
    .clone();
    // The lab being opened across frames, if any.
    let job = use_mut_ref(|| None::<Job>);
    let (large_font, dark) = display_prefs();
    let state = use_reducer(move || UiState {
        large_font,
        dark,
        ..UiState::default()
    });
    // Presenter mode and the theme are remembered in this browser.
    use_effect_with((state.large_font, state.dark), |(large, dark)| {
        if let Some(s) = storage() {
            let _ = s.set_item(DISPLAY_KEY, &format!("presenter={large} dark={dark}"));
        }
    });
    let message = use_state(|| None::<String>);
    let traffic_error = use_state(|| None::<String>);
    // The last share link made (shown so it can be selected and copied).
    let share_link = use_state(|| None::<String>);
    // An autosave replaced by a share link is kept and can be restored.
    let previous = use_state(|| {
        storage()
            .and_then(|s| s.get_item(share::PREVIOUS_KEY).ok().flatten())
            .is_some()
    });
    let filter = use_state(|| "all".to_string());
    // The first-visit welcome, until dismissed (remembered).
    let welcome =
        use_state(|| storage().is_some_and(|s| s.get_item(WELCOMED_KEY).ok().flatten().is_none()));
    // The pane shown on a narrow screen (consoles, topology or charts).
    let pane = use_state(|| "consoles");
    // The failover state the learner asked about in the glossary.
    let explained = use_state(|| None::<String>);
    // The lesson in progress (restored with the lab it was saved with).
    let lesson = use_state(|| None::<Active>);
    let autosave = use_mut_ref(Autosave::default);
    let work: Rc<Cell<u64>> = (*use_state(|| Rc::new(Cell::new(0u64)))).clone();
    let page = Page {
        engine: engine.clone(),
        job: job.clone(),
        lesson: lesson.clone(),
        message: message.clone(),
        previous: previous.clone(),
        dispatcher: state.dispatcher(),
        autosave: autosave.clone(),
        work: work.clone(),
    };
    // The page load opens the share link or the autosave.
    {
        let page = page.clone();
        use_effect_with((), move |_| page.boot());
    }
    // Opening a large lab: a step, then the page draws and takes input,
    // then the next step, until it is open.
    {
        let page = page.clone();
        use_effect_with(
            state.opening.is_some() && !state.opening_sessions,
            move |opening| {
                let alive = Rc::new(Cell::new(*opening));
                let going = alive.clone();
                if *opening {
                    wasm_bindgen_futures::spawn_local(async move {
                        while going.get() && page.step() {
                            TimeoutFuture::new(0).await;
                        }
                    });
                }
                move || alive.set(false)
            },
        );
    }

    // A rewound lab the learner acted on is a new branch, and one that
    // reached the end of the journal kept aside needs it no more: it is
    // dropped.
    {
        let engine = engine.clone();
        let dispatcher = state.dispatcher();
        let ahead = state.ahead.clone();
        use_effect_with((state.revision, ahead.is_some()), move |_| {
            if let Some(a) = ahead {
                let behind = engine.borrow().behind(&a);
                if !behind {
                    dispatcher.dispatch(Action::DropAhead);
                }
            }
        });
    }
    // The ticker: advances virtual time while playing.
    {
        let engine = engine.clone();
        let dispatcher = state.dispatcher();
        let playing = state.playing && state.opening.is_none();
        use_effect_with((playing, state.speed), move |(playing, speed)| {
            let speed = *speed as u64;
            let interval = playing.then(|| {
                Interval::new(TICK_MS, move || {
                    engine
                        .borrow_mut()
                        .tick(Duration::from_millis(TICK_MS as u64 * speed));
                    dispatcher.dispatch(Action::EngineChanged);
                })
            });
            move || drop(interval)
        });
    }
    // Autosave: the lab's script, whenever it changed — to the shared key
    // while no other tab wrote it, else under this tab's own key.
    {
        let engine = engine.clone();
        let job = job.clone();
        let autosave = autosave.clone();
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let interval = Interval::new(SAVE_MS, move || {
                // While a lab opens, the lab shown is not the learner's
                // (at page load, a fresh one): nothing is saved.
                if job.borrow().is_some() {
                    return;
                }
                let script = engine.borrow().to_script();
                if let Some(s) = storage() {
                    if autosave.borrow_mut().save(&s, &script, js_sys::Date::now()) {
                        dispatcher.dispatch(Action::OtherTab);
                    }
                }
            });
            move || drop(interval)
        });
    }
    // Another tab of the lab wrote local storage: the shared autosave (this
    // tab keeps its own lab apart from now on) or a lab it kept.
    {
        let engine = engine.clone();
        let job = job.clone();
        let page = page.clone();
        use_effect_with((), move |_| {
            let on_storage =
                Closure::<dyn Fn(web_sys::StorageEvent)>::new(move |e: web_sys::StorageEvent| {
                    let Some(key) = e.key() else { return };
                    if key.starts_with(autosave::TAB_PREFIX) {
                        page.kept_tab();
                        return;
                    }
                    if key != share::STORAGE_KEY || job.borrow().is_some() {
                        return;
                    }
                    let Some(s) = storage() else { return };
                    let script = engine.borrow().to_script();
                    let moved = page.autosave.borrow_mut().changed_elsewhere(
                        &s,
                        e.new_value(),
                        &script,
                        js_sys::Date::now(),
                    );
                    if moved {
                        page.dispatcher.dispatch(Action::OtherTab);
                    }
                });
            let win = web_sys::window();
            if let Some(w) = &win {
                let _ = w.add_event_listener_with_callback(
                    "storage",
                    on_storage.as_ref().unchecked_ref(),
                );
            }
            move || {
                if let Some(w) = win {
                    let _ = w.remove_event_listener_with_callback(
                        "storage",
                        on_storage.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }

    let changed = {
        let dispatcher = state.dispatcher();
        move || dispatcher.dispatch(Action::EngineChanged)
    };
    let with_engine = |f: Rc<dyn Fn(&mut Engine)>| {
        let engine = engine.clone();
        let changed = changed.clone();
        move || {
            f(&mut engine.borrow_mut());
            changed();
        }
    };
    let on_load = {
        let engine = engine.clone();
        let dispatcher = state.dispatcher();
        let (message, traffic_error, share_link) =
            (message.clone(), traffic_error.clone(), share_link.clone());
        let lesson = lesson.clone();
        Callback::from(move |t: Template| {
            // Reset restarts the lesson in progress from its first step (a
            // challenge with its fault); another lab ends it.
            if let Some(a) = lesson.as_ref().filter(|a| a.lesson.template == t) {
                if let Ok((e, fresh)) = Active::start(&a.id, &a.lesson, a.source.clone()) {
                    message.set(None);
                    traffic_error.set(None);
                    share_link.set(None);
                    *engine.borrow_mut() = e;
                    lesson.set(Some(fresh));
                    dispatcher.dispatch(Action::Loaded(t));
                }
                return;
            }
            if let Ok(e) = Engine::new(t) {
                lesson.set(None);
                // A fresh lab: messages about the old one go.
                message.set(None);
                traffic_error.set(None);
                share_link.set(None);
                *engine.borrow_mut() = e;
                dispatcher.dispatch(Action::Loaded(t));
            }
        })
    };
    let on_step = {
        let step = with_engine(Rc::new(|e: &mut Engine| e.tick(Duration::from_secs(1))));
        Callback::from(move |_| step())
    };
    let on_cable = {
        let engine = engine.clone();
        let changed = changed.clone();
        Callback::from(move |(u, p): (UnitId, Port)| {
            engine.borrow_mut().toggle_cable(u, p);
            changed();
        })
    };
    let on_power = {
        let engine = engine.clone();
        let changed = changed.clone();
        Callback::from(move |u: UnitId| {
            engine.borrow_mut().toggle_power(u);
            changed();
        })
    };
    let on_traffic = {
        let page = page.clone();
        let traffic_error = traffic_error.clone();
        Callback::from(move |r: TrafficRequest| page.open_sessions(r, traffic_error.clone()))
    };
    let on_asymmetric = {
        let engine = engine.clone();
        let changed = changed.clone();
        let traffic_error = traffic_error.clone();
        Callback::from(move |on: bool| {
            let res = engine.borrow_mut().set_asymmetric(on);
            traffic_error.set(res.err());
            changed();
        })
    };
    let on_export = {
        let engine = engine.clone();
        let message = message.clone();
        Callback::from(move |_| {
            let script = engine.borrow().to_script();
            message.set(Some(
                if crate::download::download("failover-lab.lab", "text/plain", &script).is_some() {
                    "Exported the lab as failover-lab.lab.".into()
                } else {
                    "The browser refused the download.".into()
                },
            ));
        })
    };
    let on_export_json = {
        let engine = engine.clone();
        let message = message.clone();
        Callback::from(move |_| {
            let json = {
                let e = engine.borrow();
                serde_json::to_string_pretty(&asa_core::record::export(
                    e.replay().lab(),
                    e.template.name(),
                ))
            };
            message.set(Some(
                match json.ok().and_then(|j| {
                    crate::download::download("failover-lab-events.json", "application/json", &j)
                }) {
                    Some(()) => {
                        "Exported the lab's state and events as failover-lab-events.json.".into()
                    }
                    None => "The browser refused the download.".into(),
                },
            ));
        })
    };
    let on_import = {
        let page = page.clone();
        Callback::from(move |text: String| page.open(&text, Source::Import))
    };
    let on_share = {
        let engine = engine.clone();
        let message = message.clone();
        let link = share_link.clone();
        Callback::from(move |_| {
            let url = format!(
                "{}{}",
                page_url(),
                share::fragment_for(&engine.borrow().to_script())
            );
            link.set(Some(url.clone()));
            message.set(Some(format!(
                "Share link ready ({} characters); copying it to the clipboard…",
                url.len()
            )));
            let Some(clip) = web_sys::window().map(|w| w.navigator().clipboard()) else {
                return;
            };
            let message = message.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let done = wasm_bindgen_futures::JsFuture::from(clip.write_text(&url)).await;
                message.set(Some(match done {
                    Ok(_) => format!(
                        "Share link copied to the clipboard ({} characters). It opens a copy of this lab.",
                        url.len()
                    ),
                    Err(_) => "The browser did not allow copying: select the link below and copy it.".into(),
                }));
            });
        })
    };
    let on_restore = {
        let page = page.clone();
        let previous = previous.clone();
        Callback::from(move |_| {
            let Some(prev) = storage().and_then(|s| s.get_item(share::PREVIOUS_KEY).ok().flatten())
            else {
                previous.set(false);
                return;
            };
            page.open(&prev.clone(), Source::Restore { prev });
        })
    };
    let on_restore_tab = {
        let page = page.clone();
        Callback::from(move |_| {
            let kept =
                storage().and_then(|s| autosave::newest_kept(&s, page.autosave.borrow().slot()));
            match kept {
                Some((key, text)) => page.open(&text.clone(), Source::RestoreTab { key, text }),
                None => page.dispatcher.dispatch(Action::KeptTab(false)),
            }
        })
    };
    let on_cancel_opening = {
        let page = page.clone();
        Callback::from(move |_| page.cancel())
    };
    let consoles = [UnitId::Primary, UnitId::Secondary].map(|u| {
        let e = engine.borrow();
        let lines = Rc::new(e.console(u).to_vec());
        let prompt: AttrValue = e.prompt(u).into();
        let paging = e.paging(u);
        let history = Rc::new(e.typed(u).to_vec());
        let powered = e.powered(u);
        drop(e);
        let mk = |f: fn(&mut Engine, UnitId, &str)| {
            let engine = engine.clone();
            let changed = changed.clone();
            Callback::from(move |line: String| {
                f(&mut engine.borrow_mut(), u, &line);
                changed();
            })
        };
        let on_command = mk(|e, u, l| e.type_line(u, l));
        let on_help = mk(|e, u, l| e.help(u, l));
        let on_pager = mk(|e, u, k| e.pager_key(u, k));
        let on_complete = {
            let engine = engine.clone();
            let changed = changed.clone();
            Callback::from(move |line: String| {
                let done = engine.borrow_mut().complete(u, &line);
                changed();
                done
            })
        };
        html! { <Console unit={u} {lines} {prompt} {on_command} {on_help} {on_complete} {paging} {on_pager} {history} {powered} /> }
    });

    let on_lesson_loaded = {
        let dispatcher = state.dispatcher();
        Callback::from(move |t: Template| dispatcher.dispatch(Action::Loaded(t)))
    };
    // A demo opens its own lab: the lesson in progress ends.
    let on_demo_loaded = {
        let dispatcher = state.dispatcher();
        let lesson = lesson.clone();
        Callback::from(move |t: Template| {
            lesson.set(None);
            dispatcher.dispatch(Action::Loaded(t));
        })
    };
    let on_demo_changed = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_| dispatcher.dispatch(Action::EngineChanged))
    };
    // The course's first lesson, for the welcome's offer (the lesson files
    // are parsed once, not at every frame).
    let first = (*use_memo((), |_| lessons::all().into_iter().next())).clone();
    let on_lesson = {
        let engine = engine.clone();
        let lesson = lesson.clone();
        let dispatcher = state.dispatcher();
        let first = first.clone();
        Callback::from(move |_: usize| {
            let Some((id, l)) = &first else { return };
            if let Ok((e, a)) = Active::start(id, l, None) {
                let t = e.template;
                *engine.borrow_mut() = e;
                lesson.set(Some(a));
                dispatcher.dispatch(Action::Loaded(t));
            }
        })
    };
    let close_welcome = {
        let welcome = welcome.clone();
        Callback::from(move |_| {
            if let Some(s) = storage() {
                let _ = s.set_item(WELCOMED_KEY, "yes");
            }
            welcome.set(false);
        })
    };
    let welcome_lesson = {
        let on_lesson = on_lesson.clone();
        let close = close_welcome.clone();
        Callback::from(move |_| {
            close.emit(());
            on_lesson.emit(0);
        })
    };
    let first_lesson = first.map(|(_, l)| AttrValue::from(l.title));

    let e = engine.borrow();
    // The rewind timeline: along the journal a rewind kept aside while the
    // lab is still on it, else along the lab open now.
    let ahead = s_ahead(&state, &e);
    let timeline = {
        let (marks, end_ms) = match &ahead {
            Some(a) => (Rc::new(a.marks.clone()), a.end_ms),
            None => {
                let now = e.ahead();
                (Rc::new(now.marks), now.end_ms)
            }
        };
        let travel = |to: fn(u64) -> Travel| {
            let page = page.clone();
            let ahead = ahead.clone();
            Callback::from(move |t: u64| page.travel(to(t), ahead.clone()))
        };
        let scrub = state.dispatcher();
        html! {
            <Timeline floor_ms={e.rewind_floor_ms()} now_ms={e.now().total_millis()} {end_ms} {marks}
                scrub={state.scrub} ahead={ahead.is_some()} can_undo={e.can_undo()}
                on_scrub={Callback::from(move |t| scrub.dispatch(Action::Scrub(t)))}
                on_seek={travel(Travel::At)} on_undo={travel(|_| Travel::Undo).reform(|_| 0)} />
        }
    };
    let snapshot = e.snapshot();
    // "Why?": each unit's state (each group's in Active/Active), each
    // takeover, the dropped sessions.
    let why = {
        let mut topics: Vec<(WhyAbout, String)> = Vec::new();
        for u in &snapshot.units {
            if !u.powered || u.groups.is_empty() {
                let st = if u.powered {
                    u.status.to_string()
                } else {
                    "Powered off".into()
                };
                topics.push((
                    WhyAbout::State(u.id, asa_core::failover::GroupId::Unit),
                    format!("{}: {st}", u.id.name()),
                ));
            } else {
                for g in &u.groups {
                    topics.push((
                        WhyAbout::State(u.id, g.id),
                        format!("{} group {}: {}", u.id.name(), g.id.number(), g.status),
                    ));
                }
            }
        }
        for (n, t) in e.takeovers().iter().enumerate() {
            topics.push((
                WhyAbout::Takeover(n),
                format!("takeover {}", crate::components::charts::takeover_text(t)),
            ));
        }
        topics.push((WhyAbout::Drops, "dropped sessions".into()));
        let asked = state.why.map(|t| (t, Rc::new(e.why_about(t))));
        let d = state.dispatcher();
        html! {
            <WhyPanel topics={Rc::new(topics)} {asked}
                on_ask={Callback::from(move |t| d.dispatch(Action::Why(t)))} />
        }
    };
    let samples = Rc::new(e.samples().to_vec());
    let takeovers = Rc::new(e.takeovers());
    let clock: AttrValue = e.clock().into();
    let hosts = e.host_names();
    let sessions = e.sessions();
    let loads = e.loads();
    let asymmetric = (e.template == Template::ActiveActive).then(|| e.asymmetric());
    let unit_filter = match filter.as_str() {
        "primary" => Some(UnitId::Primary),
        "secondary" => Some(UnitId::Secondary),
        _ => None,
    };
    let events = e.events(unit_filter, 200);
    drop(e);
    let s = &*state;
    let d1 = state.dispatcher();
    let d2 = state.dispatcher();
    let d3 = state.dispatcher();
    let d4 = state.dispatcher();
    // A state asked about: the glossary opens at it (on a phone, in the
    // topology pane where the glossary lives).
    let on_explain = {
        let explained = explained.clone();
        let pane = pane.clone();
        Callback::from(move |st: String| {
            pane.set("topology");
            explained.set(Some(st));
        })
    };
    // The dropped sessions on the topology: "Why?" about them (on a phone,
    // in the charts pane where the Why? panel lives).
    let on_why_drops = {
        let d = state.dispatcher();
        let pane = pane.clone();
        Callback::from(move |_| {
            pane.set("charts");
            d.dispatch(Action::Why(Some(WhyAbout::Drops)));
            // Once drawn, the answer is brought into view.
            wasm_bindgen_futures::spawn_local(async {
                TimeoutFuture::new(0).await;
                if let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.query_selector(".why").ok().flatten())
                {
                    el.scroll_into_view();
                }
            });
        })
    };
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |f: String| filter.set(f))
    };
    html! {
        <div class={classes!("app", s.large_font.then_some("presenter"), if s.dark { "dark" } else { "light" })}>
            if let Some((done, total)) = s.opening {
                <OpeningProgress {done} {total} on_cancel={on_cancel_opening}
                    what={if s.opening_sessions { "Opening sessions" } else { "Opening the lab" }} />
            }
            // While a lab opens, the lab shown (at page load, a fresh one)
            // takes no input.
            <div class="behind" inert={s.opening.is_some()}>
            <Controls
                template={s.template}
                playing={s.playing}
                speed={s.speed}
                {clock}
                {on_load}
                on_toggle_play={Callback::from(move |_| d1.dispatch(Action::TogglePlay))}
                on_speed={Callback::from(move |x| d2.dispatch(Action::SetSpeed(x)))}
                {on_step}
                on_large_font={Callback::from(move |_| d3.dispatch(Action::ToggleLargeFont))}
                on_theme={Callback::from(move |_| d4.dispatch(Action::ToggleTheme))}
                presenter={s.large_font}
                dark={s.dark}
            />
            <SaveBar {on_export} {on_export_json} {on_import} {on_share} message={(*message).clone().map(AttrValue::from)}
                link={(*share_link).clone().map(AttrValue::from)} {on_restore} previous={*previous} />
            <TabNotice other_tab={s.other_tab} kept={s.kept_tab} on_restore={on_restore_tab} />
            if *welcome {
                <Welcome {first_lesson} on_lesson={welcome_lesson} on_close={close_welcome} />
            }
            <nav class="tabs" role="tablist" aria-label="panes">
                { for [("consoles", "Consoles"), ("topology", "Topology"), ("charts", "Charts & log")].map(|(id, text)| {
                    let pane = pane.clone();
                    let on = *pane == id;
                    html! {
                        <button role="tab" aria-selected={on.to_string()} aria-label={format!("{id} pane")}
                            class={classes!(on.then_some("on"))}
                            onclick={Callback::from(move |_| pane.set(id))}>{ text }</button>
                    }
                }) }
            </nav>
            <main class={classes!("grid", format!("show-{}", *pane))}>
                <div class="consoles">{ for consoles }</div>
                <div class="side">
                    <div class="pane-topology">
                        <LessonPanel engine={EngineRef(engine.clone())} revision={s.revision} active={lesson.clone()} on_loaded={on_lesson_loaded} />
                        <DemoPlayer engine={EngineRef(engine.clone())} on_loaded={on_demo_loaded} on_changed={on_demo_changed}
                            lesson={lesson.as_ref().map(|a| a.id.clone())} />
                        <Topology {snapshot} {on_cable} {on_power} on_explain={on_explain.clone()} {on_why_drops} large={s.large_font} />
                        <Glossary focus={(*explained).clone().map(AttrValue::from)} />
                        <TrafficPanel {hosts} {sessions} {loads} on_start={on_traffic} {asymmetric} {on_asymmetric}
                            error={(*traffic_error).clone().map(AttrValue::from)} />
                    </div>
                    <div class="pane-charts">
                        <Charts {samples} {takeovers} dark={s.dark} large={s.large_font} {on_explain} />
                        { timeline }
                        { why }
                        <EventLog {events} filter={AttrValue::from((*filter).clone())} {on_filter} />
                    </div>
                </div>
            </main>
            </div>
        </div>
    }
}
