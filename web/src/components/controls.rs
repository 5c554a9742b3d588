//! The toolbar: starting lab, playback, speed, step, reset, display options,
//! the engine's version and the virtual clock.

use asa_core::labs::Template;
use yew::prelude::*;

use crate::state::SPEEDS;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub template: Template,
    pub playing: bool,
    pub speed: u32,
    pub clock: AttrValue,
    pub on_load: Callback<Template>,
    pub on_toggle_play: Callback<()>,
    pub on_speed: Callback<u32>,
    pub on_step: Callback<()>,
    pub on_large_font: Callback<()>,
    pub on_theme: Callback<()>,
    /// Presenter mode is on (shown on its button).
    #[prop_or_default]
    pub presenter: bool,
    /// The dark theme is on (shown on its button).
    #[prop_or(true)]
    pub dark: bool,
}

#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let on_change = {
        let on_load = props.on_load.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(t) = Template::parse(&el.value()) {
                on_load.emit(t);
            }
        })
    };
    let reset = {
        let on_load = props.on_load.clone();
        let t = props.template;
        Callback::from(move |_| on_load.emit(t))
    };
    let play = props.on_toggle_play.reform(|_| ());
    let step = props.on_step.reform(|_| ());
    let large = props.on_large_font.reform(|_| ());
    let theme = props.on_theme.reform(|_| ());
    html! {
        <header class="controls">
            <h1>{ "Failover Lab" }</h1>
            <label>{ "Lab " }
                <select aria-label="starting lab" onchange={on_change}>
                    { for Template::ALL.iter().map(|t| html! {
                        <option value={t.name()} selected={*t == props.template}>{ t.name() }</option>
                    }) }
                </select>
            </label>
            <button aria-label={if props.playing { "pause" } else { "play" }} onclick={play}>
                { if props.playing { "Pause" } else { "Play" } }
            </button>
            <span role="group" aria-label="speed">
                { for SPEEDS.iter().map(|s| {
                    let on_speed = props.on_speed.clone();
                    let s = *s;
                    html! {
                        <button class={classes!("speed", (s == props.speed).then_some("on"))}
                            aria-pressed={(s == props.speed).to_string()}
                            aria-label={format!("speed {s}x")}
                            onclick={Callback::from(move |_| on_speed.emit(s))}>{ format!("{s}×") }</button>
                    }
                }) }
            </span>
            <button aria-label="step one second" onclick={step}>{ "Step 1 s" }</button>
            <button aria-label="reset lab" onclick={reset}>{ "Reset" }</button>
            <button aria-label="presenter mode" aria-pressed={props.presenter.to_string()}
                class={classes!(props.presenter.then_some("on"))} onclick={large}
                title="Large text and charts for a projector (remembered)">
                { if props.presenter { "Presenter: on" } else { "Presenter: off" } }
            </button>
            <button aria-label="light or dark theme" aria-pressed={props.dark.to_string()} onclick={theme}
                title="Switch between the dark and the light theme (remembered)">
                { if props.dark { "Theme: dark" } else { "Theme: light" } }
            </button>
            <span class="clock" aria-label="virtual clock">{ props.clock.clone() }</span>
            <span class="version">{ format!("engine v{}", asa_core::VERSION) }</span>
        </header>
    }
}
