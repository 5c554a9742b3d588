//! The failover states in words: a glossary the unit and group states on
//! the topology open at their entry (click a state name).

use asa_core::view::GLOSSARY;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GlossaryProps {
    /// The state the learner asked about (its name as displayed).
    #[prop_or_default]
    pub focus: Option<AttrValue>,
}

/// The element id of a state's entry.
pub fn entry_id(name: &str) -> String {
    format!(
        "state-{}",
        name.to_ascii_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("-")
    )
}

#[function_component(Glossary)]
pub fn glossary(props: &GlossaryProps) -> Html {
    // Bring the entry asked about into view.
    use_effect_with(props.focus.clone(), |focus| {
        if let Some(name) = focus {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&entry_id(name)))
            {
                el.scroll_into_view();
            }
        }
    });
    html! {
        <details class="glossary" id="glossary" open={props.focus.is_some()}>
            <summary>{ "Failover states — what they mean" }</summary>
            <dl>
                { for GLOSSARY.iter().map(|(name, text)| {
                    let on = props.focus.as_deref() == Some(*name);
                    html! {
                        <>
                            <dt id={entry_id(name)} class={classes!(on.then_some("focus"))}>{ *name }</dt>
                            <dd class={classes!(on.then_some("focus"))}>{ *text }</dd>
                        </>
                    }
                }) }
            </dl>
        </details>
    }
}
