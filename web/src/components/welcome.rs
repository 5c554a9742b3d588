//! The first-visit welcome: what the lab is, how to start, and the first
//! lesson one click away. Dismissed once, it stays away (remembered in this
//! browser); it never blocks the page.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WelcomeProps {
    /// The first lesson's title, if lessons are available.
    pub first_lesson: Option<AttrValue>,
    pub on_lesson: Callback<()>,
    pub on_close: Callback<()>,
}

#[function_component(Welcome)]
pub fn welcome(props: &WelcomeProps) -> Html {
    let close = props.on_close.reform(|_| ());
    let lesson = props.on_lesson.reform(|_| ());
    html! {
        <section class="welcome" role="region" aria-label="welcome">
            <h2>{ "Welcome to Failover Lab" }</h2>
            <p>
                { "Two Cisco ASA firewalls run in this page as a failover pair: one active, one standby. \
                   Type real ASA commands in their consoles, pull cables and cut the power on the topology, \
                   open traffic, and watch the standby take over — with the connections it was sent." }
            </p>
            <ul>
                <li>{ "In a console: " }<kbd>{ "?" }</kbd>{ " lists what you can type, " }<kbd>{ "Tab" }</kbd>{ " completes, try " }<code>{ "show failover" }</code>{ "." }</li>
                <li>{ "Click a cable to unplug it, a unit's round power button to switch it off; click a state name to learn what it means." }</li>
                <li>{ "Your lab is saved in this browser as you go; Export and Share link take it elsewhere." }</li>
            </ul>
            <p class="welcome-actions">
                if let Some(title) = &props.first_lesson {
                    <button class="primary" aria-label="start the first lesson" onclick={lesson}>
                        { format!("Start lesson: {title}") }
                    </button>
                }
                <button aria-label="close the welcome" onclick={close}>{ "Explore on my own" }</button>
            </p>
        </section>
    }
}
