//! The page: toolbar, the two consoles, the topology, traffic, charts and
//! the event log. Side effects (the ticker, autosave, engine calls, storage)
//! live in effects and callbacks only.

use std::cell::RefCell;
use std::rc::Rc;

use asa_core::labs::Template;
use asa_core::net::{Port, UnitId};
use asa_core::time::Duration;
use gloo_timers::callback::Interval;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::charts::Charts;
use crate::components::console::Console;
use crate::components::controls::Controls;
use crate::components::demo::DemoPlayer;
use crate::components::eventlog::EventLog;
use crate::components::lesson::{EngineRef, LessonPanel};
use crate::components::savebar::SaveBar;
use crate::components::topology::Topology;
use crate::components::traffic::{TrafficPanel, TrafficRequest};
use crate::engine::Engine;
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

/// The lab to open: a share link first, then the autosave, else a fresh
/// `active-standby` lab. A save that cannot be restored is kept aside
/// (never lost) and the learner is told.
pub fn initial_engine() -> (Engine, Option<String>) {
    let (e, _, msg) = initial_lab();
    (e, msg)
}

/// [`initial_engine`] with the lesson in progress the save carries.
pub fn initial_lab() -> (Engine, Option<Active>, Option<String>) {
    let fresh =
        || Engine::new(Template::ActiveStandby).expect("the active-standby lab always builds");
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    if let Some(shared) = share::script_from_fragment(&hash) {
        return match shared.and_then(|s| lessons::open(&s)) {
            Ok((e, a)) => (e, a, Some("Opened the shared lab.".into())),
            Err(err) => (
                fresh(),
                None,
                Some(format!("Could not open the shared lab: {err}")),
            ),
        };
    }
    if let Some(saved) = storage().and_then(|s| s.get_item(share::STORAGE_KEY).ok().flatten()) {
        return match lessons::open(&saved) {
            Ok((e, a)) => (e, a, None),
            Err(err) => {
                if let Some(s) = storage() {
                    let _ = s.set_item(&format!("{}-unrestorable", share::STORAGE_KEY), &saved);
                }
                (
                    fresh(),
                    None,
                    Some(format!(
                        "Your saved lab could not be restored ({err}); it is kept in local storage as {}-unrestorable.",
                        share::STORAGE_KEY
                    )),
                )
            }
        };
    }
    (fresh(), None, None)
}

fn download(name: &str, text: &str) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("text/plain");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    web_sys::Url::revoke_object_url(&url).ok()
}

#[function_component(App)]
pub fn app() -> Html {
    // The lab and the message about how it was opened, decided once.
    let boot = use_mut_ref(|| {
        let (e, lesson, msg) = initial_lab();
        (Rc::new(RefCell::new(e)), msg, lesson)
    });
    let engine: Rc<RefCell<Engine>> = boot.borrow().0.clone();
    // The toolbar names the lab that was opened (a share link or the
    // autosave may hold another lab than the default one).
    let opened = engine.borrow().template;
    let state = use_reducer(move || UiState {
        template: opened,
        ..UiState::default()
    });
    let message = use_state(|| boot.borrow().1.clone());
    let traffic_error = use_state(|| None::<String>);
    let filter = use_state(|| "all".to_string());
    // The lesson in progress (restored with the lab it was saved with).
    let lesson = use_state(|| boot.borrow().2.clone());

    // The ticker: advances virtual time while playing.
    {
        let engine = engine.clone();
        let dispatcher = state.dispatcher();
        use_effect_with((state.playing, state.speed), move |(playing, speed)| {
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
    // Autosave: the lab's script, whenever it changed.
    {
        let engine = engine.clone();
        use_effect_with((), move |_| {
            let last = Rc::new(RefCell::new(String::new()));
            let interval = Interval::new(SAVE_MS, move || {
                let script = engine.borrow().to_script();
                if *last.borrow() != script {
                    if let Some(s) = storage() {
                        if s.set_item(share::STORAGE_KEY, &script).is_ok() {
                            *last.borrow_mut() = script;
                        }
                    }
                }
            });
            move || drop(interval)
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
        let lesson = lesson.clone();
        Callback::from(move |t: Template| {
            // Reset restarts the lesson in progress from its first step (a
            // challenge with its fault); another lab ends it.
            if let Some(a) = lesson.as_ref().filter(|a| a.lesson.template == t) {
                if let Ok((e, fresh)) = Active::start(&a.id, &a.lesson, a.source.clone()) {
                    *engine.borrow_mut() = e;
                    lesson.set(Some(fresh));
                    dispatcher.dispatch(Action::Loaded(t));
                }
                return;
            }
            if let Ok(e) = Engine::new(t) {
                *engine.borrow_mut() = e;
                lesson.set(None);
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
        let engine = engine.clone();
        let changed = changed.clone();
        let traffic_error = traffic_error.clone();
        Callback::from(move |r: TrafficRequest| {
            let res = engine
                .borrow_mut()
                .traffic(r.kind, r.n, &r.from, &r.to, r.load);
            traffic_error.set(res.err());
            changed();
        })
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
            message.set(Some(if download("failover-lab.lab", &script).is_some() {
                "Exported the lab as failover-lab.lab.".into()
            } else {
                "The browser refused the download.".into()
            }));
        })
    };
    let on_import = {
        let engine = engine.clone();
        let message = message.clone();
        let dispatcher = state.dispatcher();
        let lesson = lesson.clone();
        Callback::from(move |text: String| match lessons::open(&text) {
            Ok((e, a)) => {
                let t = e.template;
                *engine.borrow_mut() = e;
                lesson.set(a);
                dispatcher.dispatch(Action::Loaded(t));
                message.set(Some("Imported the lab.".into()));
            }
            Err(err) => message.set(Some(format!("Could not import that file: {err}"))),
        })
    };
    let on_share = {
        let engine = engine.clone();
        let message = message.clone();
        Callback::from(move |_| {
            let frag = share::fragment_for(&engine.borrow().to_script());
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_hash(&frag);
            }
            message.set(Some(
                "The address bar now holds a link that opens this lab.".into(),
            ));
        })
    };

    let consoles = [UnitId::Primary, UnitId::Secondary].map(|u| {
        let e = engine.borrow();
        let lines = Rc::new(e.console(u).to_vec());
        let prompt: AttrValue = e.prompt(u).into();
        let paging = e.paging(u);
        let history = Rc::new(e.typed(u).to_vec());
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
        html! { <Console unit={u} {lines} {prompt} {on_command} {on_help} {on_complete} {paging} {on_pager} {history} /> }
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

    let e = engine.borrow();
    let snapshot = e.snapshot();
    let samples = Rc::new(e.samples().to_vec());
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
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |f: String| filter.set(f))
    };
    html! {
        <div class={classes!("app", s.large_font.then_some("presenter"), if s.dark { "dark" } else { "light" })}>
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
            />
            <SaveBar {on_export} {on_import} {on_share} message={(*message).clone().map(AttrValue::from)} />
            <main class="grid">
                <div class="consoles">{ for consoles }</div>
                <div class="side">
                    <LessonPanel engine={EngineRef(engine.clone())} revision={s.revision} active={lesson.clone()} on_loaded={on_lesson_loaded} />
                    <DemoPlayer engine={EngineRef(engine.clone())} on_loaded={on_demo_loaded} on_changed={on_demo_changed}
                        lesson={lesson.as_ref().map(|a| a.id.clone())} />
                    <Topology {snapshot} {on_cable} {on_power} />
                    <TrafficPanel {hosts} {sessions} {loads} on_start={on_traffic} {asymmetric} {on_asymmetric}
                        error={(*traffic_error).clone().map(AttrValue::from)} />
                    <Charts {samples} dark={s.dark} />
                    <EventLog {events} filter={AttrValue::from((*filter).clone())} {on_filter} />
                </div>
            </main>
        </div>
    }
}
