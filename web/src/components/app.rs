//! The page: toolbar, the two consoles, the topology and the charts. Side
//! effects (the ticker, engine calls) live in effects and callbacks only.

use std::cell::RefCell;
use std::rc::Rc;

use asa_core::labs::Template;
use asa_core::net::{Port, UnitId};
use asa_core::time::Duration;
use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::components::charts::Charts;
use crate::components::console::Console;
use crate::components::controls::Controls;
use crate::components::topology::Topology;
use crate::engine::Engine;
use crate::state::{Action, UiState};

/// Real milliseconds between ticks of the virtual clock.
const TICK_MS: u32 = 100;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(UiState::default);
    let engine: Rc<RefCell<Engine>> = use_mut_ref(|| {
        Engine::new(Template::ActiveStandby).expect("the active-standby lab always builds")
    });

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

    let changed = {
        let dispatcher = state.dispatcher();
        move || dispatcher.dispatch(Action::EngineChanged)
    };
    let on_load = {
        let engine = engine.clone();
        let dispatcher = state.dispatcher();
        Callback::from(move |t: Template| {
            if let Ok(e) = Engine::new(t) {
                *engine.borrow_mut() = e;
                dispatcher.dispatch(Action::Loaded(t));
            }
        })
    };
    let on_step = {
        let engine = engine.clone();
        let changed = changed.clone();
        Callback::from(move |_| {
            engine.borrow_mut().tick(Duration::from_secs(1));
            changed();
        })
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

    let consoles = [UnitId::Primary, UnitId::Secondary].map(|u| {
        let e = engine.borrow();
        let lines = Rc::new(e.console(u).to_vec());
        let prompt: AttrValue = e.prompt(u).into();
        drop(e);
        let on_command = {
            let engine = engine.clone();
            let changed = changed.clone();
            Callback::from(move |line: String| {
                engine.borrow_mut().type_line(u, &line);
                changed();
            })
        };
        let on_help = {
            let engine = engine.clone();
            let changed = changed.clone();
            Callback::from(move |line: String| {
                engine.borrow_mut().help(u, &line);
                changed();
            })
        };
        let on_complete = {
            let engine = engine.clone();
            let changed = changed.clone();
            Callback::from(move |line: String| {
                let done = engine.borrow_mut().complete(u, &line);
                changed();
                done
            })
        };
        html! { <Console unit={u} {lines} {prompt} {on_command} {on_help} {on_complete} /> }
    });

    let e = engine.borrow();
    let snapshot = e.snapshot();
    let samples = Rc::new(e.samples().to_vec());
    let clock: AttrValue = e.clock().into();
    drop(e);
    let s = &*state;
    let d1 = state.dispatcher();
    let d2 = state.dispatcher();
    let d3 = state.dispatcher();
    let d4 = state.dispatcher();
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
            <main class="grid">
                <div class="consoles">{ for consoles }</div>
                <Topology {snapshot} {on_cable} {on_power} />
                <Charts {samples} dark={s.dark} />
            </main>
        </div>
    }
}
