//! Export the lab as a file, import one, copy a share link. A lab is its
//! journal: a lab script that replays to the same state.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SaveBarProps {
    pub on_export: Callback<()>,
    /// The lab's state and event timeline as JSON, for an instructor.
    #[prop_or_default]
    pub on_export_json: Callback<()>,
    pub on_import: Callback<String>,
    pub on_share: Callback<()>,
    pub message: Option<AttrValue>,
    /// The last share link made, shown so it can also be copied by hand.
    #[prop_or_default]
    pub link: Option<AttrValue>,
    /// An earlier lab replaced by a share link can be restored.
    #[prop_or_default]
    pub previous: bool,
    #[prop_or_default]
    pub on_restore: Callback<()>,
}

#[function_component(SaveBar)]
pub fn save_bar(props: &SaveBarProps) -> Html {
    let on_file = {
        let cb = props.on_import.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let cb = cb.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
                match text.ok().and_then(|v| v.as_string()) {
                    Some(t) => cb.emit(t),
                    None => cb.emit(String::from("\u{0}unreadable")),
                }
            });
            input.set_value("");
        })
    };
    let export = props.on_export.reform(|_| ());
    let export_json = props.on_export_json.reform(|_| ());
    let share = props.on_share.reform(|_| ());
    let restore = props.on_restore.reform(|_| ());
    let select_all = Callback::from(|e: FocusEvent| {
        let el: HtmlInputElement = e.target_unchecked_into();
        el.select();
    });
    html! {
        <div class="savebar" role="group" aria-label="save and share">
            <button aria-label="export lab" onclick={export}>{ "Export" }</button>
            <button aria-label="export events as json" onclick={export_json}
                title="The units, cables, sessions by kind with drop reasons, and every event, as JSON">{ "Events (JSON)" }</button>
            <label class="import">{ "Import " }
                <input type="file" accept=".lab,.txt,text/plain" aria-label="import lab" onchange={on_file} />
            </label>
            <button aria-label="copy share link" onclick={share}>{ "Share link" }</button>
            if props.previous {
                <button aria-label="restore previous lab" onclick={restore}
                    title="The lab you had before opening a share link">{ "Restore previous lab" }</button>
            }
            if let Some(l) = &props.link {
                <input class="share-link" type="text" readonly=true value={l.clone()}
                    aria-label="share link" onfocus={select_all} />
            }
            if let Some(m) = &props.message {
                <span class="message" role="status">{ m.clone() }</span>
            }
        </div>
    }
}
